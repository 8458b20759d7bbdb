//! After the sale, against the embedded sandbox over HTTP: a partial refund whose reply is
//! lost is found, not sent again; an over-refund is refused before anything is sent;
//! authorise then capture, and void; an authorisation expiring then expired; a refund queued
//! offline goes out when the network returns; Mona's refund is explained, not attempted.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use std::sync::Arc;

use common::{desk_on, onboard, onboarded};
use desk_core::host::TestHost;
use desk_core::views::after_sale::{AfterSaleAction, AfterSaleRequest};
use desk_core::views::checkout::{CheckoutRequest, Confirmation, NonceSubmission};
use desk_core::views::history::HistoryQuery;
use desk_core::{CoreError, Desk, Settings};
use desk_domain::{Currency, Money, Provider};
use desk_sandbox::faults::Faults;

const DAY: i64 = 86_400_000;

fn checkout(
    provider: Provider,
    amount: &str,
    currency: &str,
    authorize_only: bool,
) -> CheckoutRequest {
    CheckoutRequest {
        provider,
        amount: amount.into(),
        currency: currency.into(),
        description: "Boots".into(),
        customer_name: "Ana".into(),
        customer_email: String::new(),
        authorize_only,
        save_card: false,
    }
}

/// A MonEFlow Pay card payment (or authorisation) of `amount` USD, paid with the test card.
async fn card_payment(d: &Desk, amount: &str, authorize_only: bool) -> String {
    let session = d
        .create_checkout(
            checkout(Provider::Moneflow, amount, "USD", authorize_only),
            Confirmation::default(),
        )
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
    let result = d
        .submit_nonce(NonceSubmission {
            local_id: session.local_id.clone(),
            nonce: tok["nonce"].as_str().unwrap().into(),
            vault_consent: false,
        })
        .await
        .unwrap();
    let expected = if authorize_only {
        "authorized"
    } else {
        "succeeded"
    };
    assert_eq!(result.status, expected);
    session.local_id
}

fn ask(payment: &str, action: AfterSaleAction, amount: &str) -> AfterSaleRequest {
    AfterSaleRequest {
        payment_id: payment.into(),
        action,
        amount: amount.into(),
        reason: String::new(),
    }
}

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::USD)
}

// A partial refund of a MonEFlow payment whose reply is lost after MonEFlow made the credit:
// the desk looks its reference up and finds it (a blind resend would be a second refund in
// no-dedup mode); more than what remains is refused before anything is sent; the payment
// shows taken, refunded and remaining, and the CSV its net.
#[tokio::test]
async fn a_partial_refund_is_sent_once_and_the_payment_shows_its_net() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    let payment = card_payment(&d, "25.00", false).await;
    let review = d
        .review_after_sale(&ask(&payment, AfterSaleAction::Refund, "10.00"))
        .unwrap();
    assert_eq!(review.amount_text, "10.00 USD");
    assert_eq!(review.remaining_after_text, "15.00 USD");
    assert_eq!(
        review.confirmation, None,
        "the sandbox needs no confirmation"
    );
    sb.set_faults(
        Provider::Moneflow,
        Faults {
            drop_after_commit: 1,
            no_dedup: true,
            ..Faults::default()
        },
    );
    let refund = d
        .create_after_sale(
            ask(&payment, AfterSaleAction::Refund, "10.00"),
            Confirmation::default(),
        )
        .await
        .unwrap();
    assert_eq!(refund.state, "checking", "{:?}", refund.note);
    let now = d.after_sale_status(&refund.id).await.unwrap();
    assert_eq!(now.state, "done", "{:?}", now.note);
    assert_eq!(
        sb.resources_with_reference(Provider::Moneflow, &refund.reference),
        1
    );
    assert_eq!(
        sb.create_stats(Provider::Moneflow).resends_without_lookup,
        0
    );

    let creates = sb.create_stats(Provider::Moneflow).creates;
    match d
        .create_after_sale(
            ask(&payment, AfterSaleAction::Refund, "15.01"),
            Confirmation::default(),
        )
        .await
    {
        Err(CoreError::Invalid(f)) => {
            assert!(f[0].message.contains("15.00 USD"), "{}", f[0].message)
        }
        other => panic!("an over-refund must be refused: {other:?}"),
    }
    assert_eq!(
        sb.create_stats(Provider::Moneflow).creates,
        creates,
        "nothing was sent"
    );

    let actions = d.payment_actions(&payment).unwrap();
    assert_eq!(
        (actions.taken, actions.refunded, actions.remaining),
        (usd(2_500), usd(1_000), usd(1_500))
    );
    let detail = d.history_detail(&payment).unwrap();
    assert_eq!(detail.item.status, "partially_refunded");
    assert_eq!(detail.item.net, usd(1_500));
    assert_eq!(detail.operations.len(), 1);
    assert_eq!(detail.operations[0].status, "refunded");
    // The pull reads the provider's own figures and agrees; the credit is no row of its own.
    d.sync_pass().await.unwrap();
    let page = d.list_history(&HistoryQuery::default()).unwrap();
    let row = page.items.iter().find(|i| i.id == payment).unwrap();
    assert_eq!(row.status, "partially_refunded");
    assert!(!page.items.iter().any(|i| i.reference == refund.reference));
    let csv = d
        .export_history_csv(&HistoryQuery::default(), dir.path())
        .unwrap();
    let text = std::fs::read_to_string(csv).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(&detail.item.reference))
        .unwrap();
    assert!(line.ends_with(",10.00,15.00"), "{line}");

    // The rest, in full (an empty amount refunds what remains).
    let rest = d
        .create_after_sale(
            ask(&payment, AfterSaleAction::Refund, ""),
            Confirmation::default(),
        )
        .await
        .unwrap();
    assert_eq!((rest.state.as_str(), rest.amount), ("done", usd(1_500)));
    assert_eq!(d.history_detail(&payment).unwrap().item.status, "refunded");
    assert!(!d.payment_actions(&payment).unwrap().can_refund);
}

// Authorise now, capture later (less than authorised), and void another; an authorisation
// shows as expiring on its last day, then expired, and can no longer be captured.
#[tokio::test]
async fn authorise_then_capture_or_void_and_an_authorisation_expires() {
    let dir = tempfile::tempdir().unwrap();
    let host = Arc::new(TestHost::default());
    let d = onboard(desk_on(dir.path(), Arc::default(), host.clone())).await;
    let held = card_payment(&d, "50.00", true).await;
    let actions = d.payment_actions(&held).unwrap();
    assert!(actions.can_capture && actions.can_void && !actions.can_refund);
    assert_eq!(actions.authorization.as_deref(), Some("active"));
    assert_eq!(actions.taken, usd(0));
    assert!(
        d.review_after_sale(&ask(&held, AfterSaleAction::Capture, "50.01"))
            .is_err(),
        "no capture above what was authorised"
    );
    let capture = d
        .create_after_sale(
            ask(&held, AfterSaleAction::Capture, "40.00"),
            Confirmation::default(),
        )
        .await
        .unwrap();
    assert_eq!(capture.state, "done", "{:?}", capture.note);
    let item = d.history_detail(&held).unwrap().item;
    assert_eq!(
        (item.status.as_str(), item.captured, item.net),
        ("captured", Some(usd(4_000)), usd(4_000))
    );
    assert!(
        d.review_after_sale(&ask(&held, AfterSaleAction::Refund, "40.01"))
            .is_err()
    );
    assert!(
        d.review_after_sale(&ask(&held, AfterSaleAction::Void, ""))
            .is_err()
    );

    let other = card_payment(&d, "30.00", true).await;
    let void = d
        .create_after_sale(
            ask(&other, AfterSaleAction::Void, ""),
            Confirmation::default(),
        )
        .await
        .unwrap();
    assert_eq!((void.state.as_str(), void.amount), ("done", usd(3_000)));
    let item = d.history_detail(&other).unwrap().item;
    assert_eq!((item.status.as_str(), item.net), ("voided", usd(0)));

    let late = card_payment(&d, "20.00", true).await;
    host.advance(6 * DAY + DAY / 2);
    assert_eq!(
        d.payment_actions(&late).unwrap().authorization.as_deref(),
        Some("expiring")
    );
    host.advance(DAY);
    let actions = d.payment_actions(&late).unwrap();
    assert_eq!(actions.authorization.as_deref(), Some("expired"));
    assert!(!actions.can_capture);
    assert!(
        d.review_after_sale(&ask(&late, AfterSaleAction::Capture, ""))
            .is_err()
    );
}

// A Monei refund asked for while offline is queued (the status bar counts it) and sent when
// the network returns; above the merchant's limit the desk asks once more; Mona's refund is
// explained, never attempted.
#[tokio::test]
async fn a_refund_queued_offline_goes_out_when_the_network_returns() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    let session = d
        .create_checkout(
            checkout(Provider::Monei, "40.00", "EUR", false),
            Confirmation::default(),
        )
        .await
        .unwrap();
    common::monei_customer_pays(&session, "4242424242424242").await;
    d.sync_pass().await.unwrap();
    assert_eq!(
        d.history_detail(&session.local_id).unwrap().item.status,
        "succeeded"
    );
    d.update_settings(Settings {
        confirm_above: vec![Money::new(1_000, Currency::EUR)],
        ..d.settings()
    })
    .unwrap();
    let req = ask(&session.local_id, AfterSaleAction::Refund, "15.00");
    assert!(d.review_after_sale(&req).unwrap().above_limit.is_some());
    assert_eq!(
        d.create_after_sale(req.clone(), Confirmation::default())
            .await
            .err()
            .map(|e| e.code()),
        Some("errors.confirmation_required")
    );
    sb.set_online(false);
    let confirmed = Confirmation {
        above_limit: true,
        ..Confirmation::default()
    };
    let refund = d.create_after_sale(req, confirmed).await.unwrap();
    // The sandbox's network drops the connection: the desk cannot tell whether it arrived.
    assert!(
        matches!(refund.state.as_str(), "queued" | "checking"),
        "{:?}",
        refund.note
    );
    let bar = d.sync_status();
    assert_eq!(bar.queued + bar.in_flight, 1, "the status bar counts it");
    assert!(!bar.online);
    sb.set_online(true);
    let status = d.sync_pass().await.unwrap();
    assert_eq!((status.queued, status.in_flight), (0, 0));
    assert_eq!(d.after_sale_status(&refund.id).await.unwrap().state, "done");
    assert_eq!(
        sb.resources_with_reference(Provider::Monei, &refund.reference),
        1
    );
    let item = d.history_detail(&session.local_id).unwrap().item;
    assert_eq!(
        (item.status.as_str(), item.net.minor),
        ("partially_refunded", 2_500)
    );

    let mona = d
        .create_checkout(
            checkout(Provider::Mona, "5,000.00", "NGN", false),
            Confirmation::default(),
        )
        .await
        .unwrap();
    match d.review_after_sale(&ask(&mona.local_id, AfterSaleAction::Refund, "1.00")) {
        Err(CoreError::Invalid(f)) => {
            assert!(f[0].message.contains("Mona dashboard"), "{}", f[0].message)
        }
        other => panic!("Mona has no refund API: {other:?}"),
    }
    assert_eq!(
        sb.create_stats(Provider::Mona).creates,
        1,
        "only the checkout"
    );
}
