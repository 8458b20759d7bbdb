//! What the core's integration tests share: a desk over a temporary directory, onboarded on
//! the embedded sandbox, reading amounts in English unless a test says otherwise.
#![allow(dead_code, clippy::unwrap_used)] // each test file uses its own part of it

use std::sync::Arc;

use desk_core::host::TestHost;
use desk_core::{Desk, DeskPaths, Settings};
use desk_domain::{AmountLocale, PayoutDraft};

pub fn desk(dir: &std::path::Path) -> Arc<Desk> {
    desk_with(dir, Arc::new(desk_vault::MemoryStore::default()))
}

/// A desk over `dir` keeping its secrets in `secrets` (shared to model a restart).
pub fn desk_with(dir: &std::path::Path, secrets: Arc<desk_vault::MemoryStore>) -> Arc<Desk> {
    desk_on(dir, secrets, Arc::new(TestHost::default()))
}

/// A desk over `dir` on `host` (whose clock the test moves).
pub fn desk_on(
    dir: &std::path::Path,
    secrets: Arc<desk_vault::MemoryStore>,
    host: Arc<TestHost>,
) -> Arc<Desk> {
    let paths = DeskPaths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
        log_dir: dir.join("logs"),
    };
    let d = Arc::new(Desk::open(paths, host, secrets).unwrap());
    set_locale(&d, AmountLocale::En);
    d
}

/// Reads amounts in `locale` from now on.
pub fn set_locale(d: &Desk, locale: AmountLocale) {
    d.update_settings(Settings {
        locale: Some(locale),
        ..d.settings()
    })
    .unwrap();
}

pub fn draft(order: &str) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: "1,250.50".into(),
        currency: "MXN".into(),
        order_id: order.into(),
        description: "Supplier invoice 77".into(),
        first_name: "María".into(),
        last_name: "Pérez".into(),
        email: "maria@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: "646".into(),
    }
}

pub async fn onboarded(dir: &std::path::Path) -> Arc<Desk> {
    onboard(desk(dir)).await
}

pub async fn onboard(d: Arc<Desk>) -> Arc<Desk> {
    assert!(
        d.onboarding_state().needs_onboarding,
        "a new merchant needs onboarding"
    );
    let creds = d.start_sandbox_onboarding().await.unwrap();
    assert_eq!(creds.len(), 4, "all four providers are provisioned");
    assert!(!d.onboarding_state().needs_onboarding);
    d
}

pub fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// The customer's card step on Monei's payment page, as the page does it with its public
/// calls: the card `number` → a payment token for this payment → the confirmation. Returns the
/// confirmation's answer.
pub async fn monei_customer_pays(
    session: &desk_core::views::checkout::CheckoutSession,
    number: &str,
) -> serde_json::Value {
    let page = url::Url::parse(session.sdk_url.as_deref().expect("Monei's page")).unwrap();
    let id = page.path().rsplit('/').next().unwrap().to_string();
    let card = serde_json::json!({"number": number, "expMonth": 12, "expYear": 2030, "cvc": "123"});
    let token: serde_json::Value = http()
        .post(page.join("/sdk/v1/tokens").unwrap())
        .json(&serde_json::json!({"paymentId": id, "card": card}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    http()
        .post(
            page.join(&format!("/sdk/v1/payments/{id}/confirm"))
                .unwrap(),
        )
        .json(&serde_json::json!({"paymentToken": token["paymentToken"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
