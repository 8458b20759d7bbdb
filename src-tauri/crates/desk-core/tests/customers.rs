//! Returning customers against the embedded sandbox over loopback: a checkout names a customer
//! and saves their card only with their consent; the saved card is charged with no card page,
//! exactly once even when the reply is lost; a removed card cannot be charged; a monthly
//! collection is consented with SCA, charges on the sandbox's clock (every tenth failing),
//! reaches the history linked to it and stops when cancelled; its create survives a lost
//! reply; and a verification is answered on the customer's device.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use common::{http, onboarded};
use desk_core::Desk;
use desk_core::views::checkout::{CheckoutRequest, Confirmation, NonceSubmission};
use desk_core::views::customers::{CardChargeRequest, CollectionRequest, CustomerDraft, Frequency};
use desk_domain::Provider;
use desk_sandbox::faults::Faults;
use serde_json::{Value, json};

const DAY_MS: i64 = 86_400_000;

fn moneflow_checkout(email: &str, save_card: bool) -> CheckoutRequest {
    CheckoutRequest {
        provider: Provider::Moneflow,
        amount: "25.00".into(),
        currency: "USD".into(),
        description: "Tote bag".into(),
        customer_name: "Ana Gómez".into(),
        customer_email: email.into(),
        authorize_only: false,
        save_card,
    }
}

/// A MonEFlow Pay checkout paid in the card page, the customer ticking "Save this card" or
/// not (`consent`); returns the customer's id.
async fn pay_in_card_page(d: &Desk, email: &str, offer: bool, consent: bool) -> String {
    let session = d
        .create_checkout(moneflow_checkout(email, offer), Confirmation::default())
        .await
        .unwrap();
    let url = url::Url::parse(session.sdk_url.as_deref().unwrap()).unwrap();
    assert_eq!(
        url.query_pairs().any(|(k, v)| k == "vault" && v == "offer"),
        offer,
        "the card page offers to save the card only when the merchant chose to: {url}"
    );
    let token = url
        .query_pairs()
        .find(|(k, _)| k == "clientToken")
        .unwrap()
        .1
        .to_string();
    let tok: Value = http().post(url.join("/v1/sdk/tokenize").unwrap()).bearer_auth(&token)
        .json(&json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123", "holderName": "Ana"}, "vaultConsent": consent}))
        .send().await.unwrap().json().await.unwrap();
    let result = d
        .submit_nonce(NonceSubmission {
            local_id: session.local_id.clone(),
            nonce: tok["nonce"].as_str().unwrap().into(),
            vault_consent: tok["vaultConsent"].as_bool().unwrap(),
        })
        .await
        .unwrap();
    assert_eq!(result.status, "succeeded");
    d.search_customers(email, 0, 10).unwrap().items[0]
        .id
        .clone()
}

// The card is saved only when the merchant offered it and the customer ticked the box; the
// checkout records the customer and their page lists the payment.
#[tokio::test]
async fn a_checkout_records_its_customer_and_saves_the_card_only_with_their_consent() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let ana = pay_in_card_page(&d, "ana@example.com", true, false).await;
    let page = d.customer(&ana).await.unwrap();
    assert!(page.cards.is_empty(), "the customer did not tick the box");
    assert_eq!(page.name, "Ana Gómez");
    assert_eq!(page.providers, [Provider::Moneflow]);
    assert_eq!(page.history.items.len(), 1);
    let again = pay_in_card_page(&d, "ANA@example.com", true, true).await;
    assert_eq!(again, ana, "the same email is the same customer");
    let page = d.customer(&ana).await.unwrap();
    assert_eq!(page.cards.len(), 1, "{:?}", page.cards);
    assert_eq!(page.cards[0].last4, "4242");
    assert!(page.cards[0].token_masked.starts_with("••••"));
    assert_eq!(page.history.items.len(), 2);
    assert_eq!(page.note, None);
    // a consent the merchant did not offer saves nothing
    let luis = pay_in_card_page(&d, "luis@example.com", false, false).await;
    assert!(d.customer(&luis).await.unwrap().cards.is_empty());
    assert!(
        d.create_checkout(
            CheckoutRequest {
                provider: Provider::Monei,
                currency: "EUR".into(),
                ..moneflow_checkout("ana@example.com", true)
            },
            Confirmation::default()
        )
        .await
        .is_err(),
        "only MonEFlow Pay saves cards"
    );
}

// The charge of a saved card whose reply is lost after MonEFlow Pay committed it (in the
// sandbox's mode without deduplication, where a blind resend would charge twice): the desk
// says it is checking, looks the orderId up, and finds the one charge.
#[tokio::test]
async fn a_saved_card_charge_whose_reply_is_lost_is_taken_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    let ana = pay_in_card_page(&d, "ana@example.com", true, true).await;
    let card = d.customer(&ana).await.unwrap().cards[0].clone();
    let req = CardChargeRequest {
        customer_id: ana.clone(),
        card_id: card.id,
        amount: "40.00".into(),
        currency: "USD".into(),
        description: "Refill".into(),
    };
    let review = d.review_card_charge(&req).unwrap();
    assert_eq!(review.card, "Visa •••• 4242");
    assert_eq!(
        review.confirmation, None,
        "the sandbox needs no confirmation"
    );
    let before = sb.create_stats(Provider::Moneflow);
    sb.set_faults(
        Provider::Moneflow,
        Faults {
            drop_after_commit: 1,
            no_dedup: true,
            ..Faults::default()
        },
    );
    let first = d
        .charge_saved_card(req, Confirmation::default())
        .await
        .unwrap();
    assert_eq!(first.status, "checking", "{first:?}");
    let settled = d.checkout_status(&first.local_id).await.unwrap();
    assert_eq!(settled.status, "succeeded");
    assert_eq!(settled.card.as_deref(), Some("Visa •••• 4242"));
    assert_eq!(
        sb.resources_with_reference(Provider::Moneflow, &first.reference),
        1,
        "one charge at MonEFlow Pay"
    );
    let after = sb.create_stats(Provider::Moneflow);
    assert_eq!(after.resends_without_lookup, before.resends_without_lookup);
    let page = d.customer(&ana).await.unwrap();
    let rows: Vec<_> = page
        .history
        .items
        .iter()
        .filter(|i| i.reference == first.reference)
        .collect();
    assert_eq!(rows.len(), 1, "one history row");
    assert_eq!(rows[0].status, "succeeded");
    assert_eq!(page.cards.len(), 1, "charging a card keeps it saved");
}

// Removed at MonEFlow Pay and here: the page no longer offers it, and the provider refuses
// its token.
#[tokio::test]
async fn a_removed_card_is_gone_at_the_provider_and_cannot_be_charged() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let ana = pay_in_card_page(&d, "ana@example.com", true, true).await;
    let card = d.customer(&ana).await.unwrap().cards[0].clone();
    d.remove_saved_card(&ana, card.id).await.unwrap();
    assert!(d.customer(&ana).await.unwrap().cards.is_empty());
    let req = CardChargeRequest {
        customer_id: ana.clone(),
        card_id: card.id,
        amount: "5.00".into(),
        currency: "USD".into(),
        description: String::new(),
    };
    assert!(d.review_card_charge(&req).is_err());
    assert!(
        d.charge_saved_card(req, Confirmation::default())
            .await
            .is_err()
    );
    let sb = d.sandbox().await.unwrap();
    let m = sb.demo_merchant();
    let listed: Value = http()
        .get(format!(
            "{}/v1/merchants/{}/payment_methods?customerId={ana}",
            sb.url(Provider::Moneflow).trim_end_matches('/'),
            m.moneflow.merchant_id
        ))
        .basic_auth(&m.moneflow.client_id, Some(&m.moneflow.secret))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["data"], json!([]), "{listed}");
}

fn monthly(customer: &str) -> CollectionRequest {
    CollectionRequest {
        customer_id: customer.into(),
        amount: "5,000.00".into(),
        currency: "NGN".into(),
        frequency: Frequency::Monthly,
        description: "Veg box".into(),
    }
}

async fn collections_at_mona(d: &Desk, reference: &str) -> usize {
    let sb = d.sandbox().await.unwrap();
    let list: Value = http()
        .get(format!(
            "{}/collections?reference={reference}",
            sb.url(Provider::Mona).trim_end_matches('/')
        ))
        .header("x-api-key", &sb.demo_merchant().mona.private_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["data"].as_array().unwrap().len()
}

// The whole life of a monthly collection: consented on the customer's device, charged on the
// sandbox's clock (the first at the consent; the tenth fails), every charge in the history
// linked to it, and nothing more after it is cancelled.
#[tokio::test]
async fn a_monthly_collection_is_consented_charged_on_the_clock_and_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    let ana = d
        .add_customer(&CustomerDraft {
            name: "Ana Gómez".into(),
            email: "ana@example.com".into(),
        })
        .unwrap()
        .id;
    let review = d.review_collection(&monthly(&ana)).unwrap();
    assert_eq!(review.amount_text, "5,000.00 NGN");
    assert!(
        d.review_collection(&CollectionRequest {
            currency: "USD".into(),
            ..monthly(&ana)
        })
        .is_err(),
        "Mona collects in naira"
    );
    let session = d
        .create_collection(monthly(&ana), Confirmation::default())
        .await
        .unwrap();
    assert_eq!(session.status, "pending_consent");
    let url = url::Url::parse(session.sdk_url.as_deref().unwrap()).unwrap();
    let remote = url
        .query_pairs()
        .find(|(k, _)| k == "collectionId")
        .unwrap()
        .1
        .to_string();
    assert!(
        url.query_pairs()
            .any(|(k, v)| k == "key" && v.starts_with("mona_pub_")),
        "the page gets the public key only"
    );
    let (status, answer) = sb.mona_customer_consent(&remote, true).await;
    assert_eq!(status, 200, "{answer}");
    let active = d.collection_status(&session.id).await.unwrap();
    assert_eq!(active.status, "active");
    assert_eq!(active.sdk_url, None, "nothing left to consent to");

    d.sync_pass().await.unwrap();
    let page = d.customer(&ana).await.unwrap();
    assert_eq!(page.collections.len(), 1);
    assert_eq!(
        page.collections[0].charges, 1,
        "the first charge at the consent"
    );
    assert!(page.collections[0].can_cancel);
    // Ten months on: charges 2 to 11 fall due; the tenth fails.
    sb.clock().advance(10 * 31 * DAY_MS);
    d.sync_pass().await.unwrap();
    let page = d.customer(&ana).await.unwrap();
    let c = &page.collections[0];
    assert_eq!((c.charges, c.failed_charges), (11, 1), "{c:?}");
    let linked = page
        .history
        .items
        .iter()
        .filter(|i| i.reference.starts_with(&format!("{}-", session.reference)))
        .count();
    assert_eq!(linked, 11, "every charge is in the customer's history");
    assert!(page.providers.contains(&Provider::Mona));

    let cancelled = d.cancel_collection(&session.id).await.unwrap();
    assert_eq!(cancelled.state, "done", "{cancelled:?}");
    assert!(
        d.cancel_collection(&session.id).await.is_err(),
        "a cancelled collection cannot be cancelled again"
    );
    sb.clock().advance(3 * 31 * DAY_MS);
    d.sync_pass().await.unwrap();
    let page = d.customer(&ana).await.unwrap();
    let c = &page.collections[0];
    assert_eq!(c.status, "cancelled");
    assert_eq!(c.charges, 11, "no charge falls due after the cancellation");
    assert!(!c.can_cancel);
    assert_eq!(collections_at_mona(&d, &session.reference).await, 1);
}

// The create's reply is lost after Mona committed it (without deduplication, a resend would
// make a second collection and charge the customer twice a month): the desk looks the
// reference up and finds the one collection.
#[tokio::test]
async fn a_collection_whose_reply_is_lost_is_created_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    let ana = d
        .add_customer(&CustomerDraft {
            name: "Ana".into(),
            email: "ana@example.com".into(),
        })
        .unwrap()
        .id;
    sb.set_faults(
        Provider::Mona,
        Faults {
            drop_after_commit: 1,
            no_dedup: true,
            ..Faults::default()
        },
    );
    let first = d
        .create_collection(monthly(&ana), Confirmation::default())
        .await
        .unwrap();
    assert_eq!(first.status, "checking", "{first:?}");
    assert!(first.sdk_url.is_none());
    let found = d.collection_status(&first.id).await.unwrap();
    assert_eq!(found.status, "pending_consent", "{found:?}");
    assert!(found.sdk_url.is_some());
    assert_eq!(collections_at_mona(&d, &first.reference).await, 1);
    assert_eq!(d.customer(&ana).await.unwrap().collections.len(), 1);
}

// A verification is answered on the customer's device in Mona's page; asking again while it
// waits takes the same one up rather than making a second.
#[tokio::test]
async fn a_verification_is_answered_on_the_customers_device() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    let ana = d
        .add_customer(&CustomerDraft {
            name: "Ana".into(),
            email: "ana@example.com".into(),
        })
        .unwrap()
        .id;
    let started = d.start_verification(&ana).await.unwrap();
    assert_eq!(started.status, "pending");
    let again = d.start_verification(&ana).await.unwrap();
    assert_eq!(again.reference, started.reference, "the same verification");
    let url = url::Url::parse(started.sdk_url.as_deref().unwrap()).unwrap();
    let remote = url
        .query_pairs()
        .find(|(k, _)| k == "verificationId")
        .unwrap()
        .1
        .to_string();
    let (status, answer) = sb.mona_customer_consent(&remote, true).await;
    assert_eq!(status, 200, "{answer}");
    let done = d.verification_status(&ana).await.unwrap();
    assert_eq!(done.status, "verified");
    assert_eq!(done.sdk_url, None);
    let page = d.customer(&ana).await.unwrap();
    assert_eq!(page.verification.unwrap().status, "verified");
    assert!(page.providers.contains(&Provider::Mona));
}
