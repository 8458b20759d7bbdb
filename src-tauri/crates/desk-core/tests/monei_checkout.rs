//! Monei's checkout has its customer step: the desk creates the payment, the UI frames the
//! page the payment points at (Monei's origin, public values only), the payment stays pending
//! until the customer pays there, and the desk reads the outcome back from Monei.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use common::{monei_customer_pays, onboarded};
use desk_core::Desk;
use desk_core::views::checkout::{CheckoutRequest, CheckoutSession, Confirmation};
use desk_domain::Provider;

async fn monei_checkout(d: &Desk, amount: &str) -> CheckoutSession {
    let req = CheckoutRequest {
        provider: Provider::Monei,
        amount: amount.into(),
        currency: "EUR".into(),
        description: "Coffee beans".into(),
        customer_name: String::new(),
        customer_email: String::new(),
        authorize_only: false,
        save_card: false,
    };
    d.create_checkout(req, Confirmation::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_monei_checkout_succeeds_only_after_the_customer_pays_on_moneis_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    let monei = sb.url(Provider::Monei);
    let session = monei_checkout(&d, "12.50").await;
    let id = session.resource_id.clone().unwrap();
    let page = session.sdk_url.clone().expect("Monei's page is framed");
    assert!(
        page.starts_with(&format!("{monei}payments/{id}?parentOrigin=")),
        "{page}"
    );
    assert_eq!(
        session.sdk_origin.as_deref(),
        Some(monei.trim_end_matches('/')),
        "messages are accepted from Monei's origin only"
    );
    let key = sb.demo_merchant().monei.api_key;
    assert!(!page.contains(&key), "no key reaches the UI");

    sb.clock().advance(60_000);
    let waiting = d.checkout_status(&session.local_id).await.unwrap();
    assert_eq!(waiting.status, "pending", "nobody paid yet");

    let said = monei_customer_pays(&session, "4242424242424242").await;
    assert_eq!(said["status"], "SUCCEEDED");
    let paid = d.checkout_status(&session.local_id).await.unwrap();
    assert_eq!(paid.status, "succeeded");
    assert_eq!(paid.card.as_deref(), Some("Visa •••• 4242"));
    assert_eq!(
        d.history_detail(&session.local_id).unwrap().item.status,
        "succeeded"
    );
    let again = d.session(&session.local_id).await.unwrap();
    assert_eq!(again.sdk_url, None, "a paid payment has no page left");
}

#[tokio::test]
async fn a_declined_or_underfunded_card_fails_the_monei_checkout_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    for (card, sentence) in [
        ("4000000000000002", "The card was declined."),
        ("4000000000009995", "The card has insufficient funds."),
    ] {
        let session = monei_checkout(&d, "20.00").await;
        monei_customer_pays(&session, card).await;
        let out = d.checkout_status(&session.local_id).await.unwrap();
        assert_eq!(
            (out.status.as_str(), out.failure.as_deref()),
            ("failed", Some(sentence)),
            "{card}"
        );
    }
}
