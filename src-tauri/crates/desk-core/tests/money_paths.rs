//! Money moves exactly as the merchant meant: amounts read in the desk's locale, reviews and
//! confirmations before anything is sent, and each provider's create survives a reply lost
//! after the provider committed it: one payment or payout at the provider, one history row.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use std::sync::Arc;

use common::{desk_on, draft, onboard, onboarded, set_locale};
use desk_core::host::TestHost;
use desk_core::views::checkout::{CheckoutRequest, Confirmation, NonceSubmission};
use desk_core::views::history::HistoryQuery;
use desk_core::{CoreError, Settings};
use desk_domain::{AmountLocale, Currency, Environment, Money, Provider};
use desk_sandbox::faults::Faults;

fn monei(amount: &str) -> CheckoutRequest {
    CheckoutRequest {
        provider: Provider::Monei,
        amount: amount.into(),
        currency: "EUR".into(),
        description: "Two coffees".into(),
        customer_name: "Lucía".into(),
        customer_email: String::new(),
        authorize_only: false,
        save_card: false,
    }
}

fn rows_with(d: &desk_core::Desk, reference: &str) -> u64 {
    let q = HistoryQuery {
        text: Some(reference.into()),
        ..Default::default()
    };
    d.list_history(&q).unwrap().total
}

// The bug this issue was filed for: `12,50` in English was charged as 1,250.00 EUR.
#[tokio::test]
async fn twelve_fifty_with_a_decimal_comma_is_refused_in_english_and_read_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let read = d.read_amount("12,50", "EUR");
    assert_eq!(read.amount, None);
    let sentence = read.problem.unwrap();
    assert!(
        sentence.contains("12.50") && sentence.contains("1,250"),
        "{sentence}"
    );
    match d
        .create_checkout(monei("12,50"), Confirmation::default())
        .await
    {
        Err(CoreError::Invalid(f)) => assert_eq!(f[0].field, "amount"),
        other => panic!("12,50 must be refused in English: {other:?}"),
    }
    let sb = d.sandbox().await.unwrap();
    assert_eq!(
        sb.create_stats(Provider::Monei).creates,
        0,
        "nothing was sent"
    );

    set_locale(&d, AmountLocale::EsEs);
    let read = d.read_amount("12,50", "EUR");
    assert_eq!(read.amount, Some(Money::new(1250, Currency::EUR)));
    assert_eq!(read.text.as_deref(), Some("12,50 EUR"));
    let review = d.review_checkout(&monei("12,50")).unwrap();
    assert_eq!(review.amount, Money::new(1250, Currency::EUR));
    assert_eq!(review.environment, Environment::Sandbox);
    assert_eq!(
        review.confirmation, None,
        "the sandbox needs no confirmation"
    );
    let session = d
        .create_checkout(monei("12,50"), Confirmation::default())
        .await
        .unwrap();
    assert_eq!(session.amount.minor, 1250);
    assert_eq!(session.state, "ready");
}

// Production: nothing is created until the merchant confirms a sentence naming the amount and
// the environment; above the merchant's limit it asks once more; a changed amount is refused.
#[tokio::test]
async fn production_and_large_amounts_need_the_merchants_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    d.update_settings(Settings {
        confirm_above: vec![Money::new(10_000, Currency::EUR)],
        ..d.settings()
    })
    .unwrap();
    let review = d.review_checkout(&monei("150.00")).unwrap();
    assert!(review.above_limit.unwrap().contains("150.00 EUR"));
    match d
        .create_checkout(
            monei("150.00"),
            Confirmation {
                confirmed: true,
                ..Default::default()
            },
        )
        .await
    {
        Err(e) if e.code() == "errors.confirmation_required" => {
            let s = e.to_string();
            assert!(s.contains("100.00 EUR"), "{s}")
        }
        other => panic!("above the limit asks once more: {other:?}"),
    }
    let shown_other = Confirmation {
        confirmed: true,
        above_limit: true,
        amount_shown: Some(Money::new(1_500, Currency::EUR)),
    };
    assert!(
        d.create_checkout(monei("150.00"), shown_other)
            .await
            .is_err()
    );
    let sb = d.sandbox().await.unwrap();
    assert_eq!(sb.create_stats(Provider::Monei).creates, 0);
    let both = Confirmation {
        confirmed: false,
        above_limit: true,
        amount_shown: Some(Money::new(15_000, Currency::EUR)),
    };
    d.create_checkout(monei("150.00"), both).await.unwrap();
    assert_eq!(sb.create_stats(Provider::Monei).creates, 1);

    d.set_environment(Environment::Production, true).unwrap();
    let review = d.review_checkout(&monei("12.50")).unwrap();
    let sentence = review.confirmation.unwrap();
    assert!(
        sentence.contains("12.50 EUR") && sentence.contains("PRODUCTION"),
        "{sentence}"
    );
    match d
        .create_checkout(monei("12.50"), Confirmation::default())
        .await
    {
        Err(e) if e.code() == "errors.confirmation_required" => {
            assert_eq!(e.to_string(), sentence)
        }
        other => panic!("production needs the confirmation: {other:?}"),
    }
    match d.create_payout(&draft("PO-LIVE-1"), Confirmation::default()) {
        Err(e) if e.code() == "errors.confirmation_required" => {
            let s = e.to_string();
            assert!(s.contains("1,250.50 MXN"), "{s}")
        }
        other => panic!("a live payout needs the confirmation: {other:?}"),
    }
}

// A reply lost after Monei committed the payment: the desk says it is checking, looks the
// payment up by its orderId, and never creates a second one. The sandbox runs without
// deduplication, so a blind resend would show as a second payment.
#[tokio::test]
async fn a_checkout_whose_reply_is_lost_is_looked_up_not_created_twice() {
    for provider in [Provider::Mona, Provider::Monei] {
        let dir = tempfile::tempdir().unwrap();
        let d = onboarded(dir.path()).await;
        let sb = d.sandbox().await.unwrap();
        sb.set_no_dedup(provider, true);
        sb.set_faults(
            provider,
            Faults {
                drop_after_commit: 1,
                no_dedup: true,
                ..Faults::default()
            },
        );
        let req = CheckoutRequest {
            provider,
            currency: if provider == Provider::Mona {
                "NGN"
            } else {
                "EUR"
            }
            .into(),
            ..monei("40.00")
        };
        let session = d
            .create_checkout(req, Confirmation::default())
            .await
            .unwrap();
        assert_eq!(session.state, "checking", "{provider}: {:?}", session.note);
        assert!(session.sdk_url.is_none());
        let resumed = d.session(&session.local_id).await.unwrap();
        assert_eq!(resumed.state, "ready", "{provider}");
        assert_eq!(
            sb.resources_with_reference(provider, &session.reference),
            1,
            "{provider}"
        );
        let stats = sb.create_stats(provider);
        assert_eq!((stats.creates, stats.duplicates), (1, 0), "{provider}");
        assert_eq!(rows_with(&d, &session.reference), 1);
        assert!(resumed.resource_id.is_some());
    }
}

// MonEFlow Pay: the charge is created from the card nonce; its reply is lost; a second
// submission of the same checkout (a second click) finds it instead of charging again.
#[tokio::test]
async fn a_card_charge_whose_reply_is_lost_is_found_on_the_second_click() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    let req = CheckoutRequest {
        provider: Provider::Moneflow,
        currency: "USD".into(),
        ..monei("25.00")
    };
    let session = d
        .create_checkout(req, Confirmation::default())
        .await
        .unwrap();
    let url = url::Url::parse(session.sdk_url.as_deref().unwrap()).unwrap();
    let token = url
        .query_pairs()
        .find(|(k, _)| k == "clientToken")
        .unwrap()
        .1
        .to_string();
    let tok: serde_json::Value = common::http()
        .post(url.join("/v1/sdk/tokenize").unwrap())
        .bearer_auth(&token)
        .json(&serde_json::json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123", "holderName": "Ana"}}))
        .send().await.unwrap().json().await.unwrap();
    let nonce = tok["nonce"].as_str().unwrap().to_string();
    sb.set_faults(
        Provider::Moneflow,
        Faults {
            drop_after_commit: 1,
            no_dedup: true,
            ..Faults::default()
        },
    );
    let sub = NonceSubmission {
        local_id: session.local_id.clone(),
        nonce,
        vault_consent: false,
    };
    let first = d.submit_nonce(sub.clone()).await.unwrap();
    assert_eq!(first.status, "checking");
    let second = d.submit_nonce(sub).await.unwrap();
    assert_eq!(second.status, "succeeded");
    assert_eq!(
        sb.resources_with_reference(Provider::Moneflow, &session.reference),
        1
    );
    assert_eq!(
        sb.create_stats(Provider::Moneflow).resends_without_lookup,
        0
    );
    assert_eq!(rows_with(&d, &session.reference), 1);
}

// A payout whose reply is lost: Monnet documents no lookup, so the desk waits the documented
// 30 s, resends under the same orderId, and reads Monnet's 2005 as "sent earlier": one payout,
// never called lost, never sent under a new orderId.
#[tokio::test]
async fn a_payout_whose_reply_is_lost_is_learned_by_the_documented_resend() {
    let dir = tempfile::tempdir().unwrap();
    let host = Arc::new(TestHost::default());
    let d = onboard(desk_on(dir.path(), Arc::default(), host.clone())).await;
    let sb = d.sandbox().await.unwrap();
    sb.set_faults(
        Provider::Monnet,
        Faults {
            drop_after_commit: 1,
            ..Faults::default()
        },
    );
    let q = d
        .create_payout(&draft("PO-LOST-1"), Confirmation::default())
        .unwrap();
    let s = d.sync_pass().await.unwrap();
    assert_eq!(s.in_flight, 1, "the outcome is being checked");
    assert_eq!(d.history_detail(&q.id).unwrap().item.status, "checking");
    d.sync_pass().await.unwrap();
    assert_eq!(
        sb.create_stats(Provider::Monnet).creates,
        1,
        "no resend before 30 s"
    );
    host.advance(31_000);
    let s = d.sync_pass().await.unwrap();
    assert_eq!((s.queued, s.in_flight, s.attention), (0, 0, 0));
    assert_eq!(d.history_detail(&q.id).unwrap().item.status, "sent");
    assert_eq!(sb.monnet_payouts_with_order_id("PO-LOST-1"), 1);
    assert_eq!(
        sb.create_stats(Provider::Monnet).duplicates,
        1,
        "the one documented resend"
    );
}

// An orderId Monnet already holds (another desk, the portal, a restored backup) is a
// conflict in front of the merchant, never "sent", and the next pass does not hide it.
#[tokio::test]
async fn a_payout_under_an_order_id_the_provider_holds_needs_attention() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    // The same merchant's other desk sent PO-TWIN-1 for another amount first.
    let m = sb.demo_merchant().monnet;
    let other_desk = desk_providers::monnet::MonnetClient::new(
        sb.url(Provider::Monnet).parse().unwrap(),
        Environment::Sandbox,
        desk_providers::monnet::MonnetCredentials {
            merchant_id: m.merchant_id,
            api_key: desk_domain::Secret::new(m.api_key),
            api_secret: desk_domain::Secret::new(m.api_secret),
        },
        Arc::default(),
    )
    .unwrap();
    let twin = desk_domain::PayoutDraft {
        amount: "99.00".into(),
        ..draft("PO-TWIN-1")
    };
    other_desk
        .create_payout(&twin.validate().unwrap())
        .await
        .unwrap();
    let q = d
        .create_payout(&draft("PO-TWIN-1"), Confirmation::default())
        .unwrap();
    let s = d.sync_pass().await.unwrap();
    assert_eq!(s.attention, 1);
    let item = d.history_detail(&q.id).unwrap();
    assert_eq!(item.item.status, "attention");
    d.sync_pass().await.unwrap();
    assert_eq!(
        d.history_detail(&q.id).unwrap().item.status,
        "attention",
        "the next pass keeps it"
    );
    assert_eq!(
        sb.monnet_payouts_with_order_id("PO-TWIN-1"),
        1,
        "nothing sent over it"
    );
}

// Bad input at the command boundary: a sentence per field, and nothing stored or sent.
#[tokio::test]
async fn bad_input_gets_a_sentence_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let before = d.list_history(&HistoryQuery::default()).unwrap().total;
    let huge = "x".repeat(10 * 1024 * 1024);
    let refused = |e: CoreError, field: &str| match e {
        CoreError::Invalid(f) => {
            assert_eq!(f[0].field, field);
            assert!(f[0].message.ends_with('.'), "a sentence: {}", f[0].message);
        }
        other => panic!("{field}: expected a field error, got {other:?}"),
    };
    let req = CheckoutRequest {
        description: huge.clone(),
        ..monei("10.00")
    };
    refused(
        d.create_checkout(req, Confirmation::default())
            .await
            .unwrap_err(),
        "description",
    );
    let req = CheckoutRequest {
        amount: huge.clone(),
        ..monei("10.00")
    };
    refused(
        d.create_checkout(req, Confirmation::default())
            .await
            .unwrap_err(),
        "amount",
    );
    let bad = desk_domain::PayoutDraft {
        first_name: "Ana\u{0}".into(),
        ..draft("PO-BAD-IN")
    };
    refused(
        d.create_payout(&bad, Confirmation::default()).unwrap_err(),
        "firstName",
    );
    let bad = desk_domain::PayoutDraft {
        description: huge.clone(),
        ..draft("PO-BAD-IN")
    };
    assert!(!d.review_payout(&bad).valid);
    let q = HistoryQuery {
        min_minor: Some(-5),
        ..Default::default()
    };
    refused(d.list_history(&q).unwrap_err(), "minMinor");
    let q = HistoryQuery {
        text: Some(huge),
        ..Default::default()
    };
    refused(d.list_history(&q).unwrap_err(), "text");
    assert!(d.read_amount("NaN", "EUR").problem.is_some());
    assert!(d.read_amount("-5", "EUR").problem.is_some());
    assert!(
        d.read_amount("99999999999999999999", "EUR")
            .problem
            .is_some()
    );
    assert_eq!(
        d.list_history(&HistoryQuery::default()).unwrap().total,
        before
    );
    let sb = d.sandbox().await.unwrap();
    assert_eq!(sb.create_stats(Provider::Monei).creates, 0);
}
