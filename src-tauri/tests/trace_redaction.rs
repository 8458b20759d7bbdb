//! A TRACE-level capture through the app's own log layer ([`merchant_desk::logging::layer`],
//! the one the app writes its log file with): a whole session of the core against the
//! embedded sandbox (onboarding with all four providers, a sync, a Monnet payout, a MonEFlow
//! Pay card page with its client token, a Mona checkout), plus lines that print each kind of
//! secret the way a careless log line would. None of the secrets reaches the output.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::io::Write;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use desk_core::host::TestHost;
use desk_core::views::checkout::{CheckoutRequest, Confirmation};
use desk_core::{Desk, DeskPaths};
use desk_domain::{PayoutDraft, Provider};
use desk_vault::{MemoryStore, SecretStore};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::prelude::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn payout(order: &str) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: "99.90".into(),
        currency: "MXN".into(),
        order_id: order.into(),
        description: "Invoice".into(),
        first_name: "Ana".into(),
        last_name: "López".into(),
        email: "a@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: "646".into(),
    }
}

fn checkout(provider: Provider, amount: &str, currency: &str) -> CheckoutRequest {
    CheckoutRequest {
        provider,
        amount: amount.into(),
        currency: currency.into(),
        description: "Tote bag".into(),
        customer_name: String::new(),
        customer_email: String::new(),
        authorize_only: false,
        save_card: false,
    }
}

#[tokio::test]
async fn a_trace_log_through_the_apps_layer_holds_no_secret() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::registry().with(
        merchant_desk::logging::layer(move || writer.clone()).with_filter(LevelFilter::TRACE),
    );
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemoryStore::default());
    let paths = DeskPaths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
        log_dir: dir.path().join("logs"),
    };
    let d = Desk::open(paths, Arc::new(TestHost::default()), secrets.clone()).unwrap();
    d.start_sandbox_onboarding().await.unwrap();
    d.sync_pass().await.unwrap();
    d.create_payout(&payout("PO-TRACE-1"), Confirmation::default())
        .unwrap();
    d.sync_pass().await.unwrap();
    let card_page = d
        .create_checkout(
            checkout(Provider::Moneflow, "25.00", "USD"),
            Confirmation::default(),
        )
        .await
        .unwrap();
    d.create_checkout(
        checkout(Provider::Mona, "100.00", "NGN"),
        Confirmation::default(),
    )
    .await
    .unwrap();

    let m = d.sandbox().await.unwrap().demo_merchant();
    let card_url = url::Url::parse(card_page.sdk_url.as_deref().unwrap()).unwrap();
    let client_token = card_url
        .query_pairs()
        .find(|(k, _)| k == "clientToken")
        .unwrap()
        .1
        .to_string();
    let basic = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", m.moneflow.client_id, m.moneflow.secret));
    let db_key = secrets.get("db/key").unwrap().unwrap().expose().to_string();
    assert_eq!(db_key.len(), 64, "the database key is 32 bytes in hex");

    // What a careless line would print, in the shapes the secrets travel in.
    tracing::trace!("monnet-api-key: {}", m.monnet.api_key);
    tracing::trace!(key = %m.monnet.api_key, secret = %m.monnet.api_secret, "monnet keys");
    tracing::trace!("signing with {}", m.monnet.api_secret);
    tracing::trace!(authorization = %format!("Basic {basic}"), "moneflow request");
    tracing::trace!("headers: {{\"authorization\": \"Basic {basic}\"}}");
    tracing::trace!("card fields at {card_url}");
    tracing::trace!(token = %client_token, "client token issued");
    tracing::debug!("PRAGMA key = \"x'{db_key}'\"");
    tracing::debug!(db_key = %db_key, "database opened");
    tracing::trace!("x-api-key: {} {}", m.mona.private_key, m.monei.api_key);
    tracing::trace!("moneflow secret {}", m.moneflow.secret);

    let logs = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("TRACE") && logs.contains("monnet keys"),
        "the capture is at TRACE level"
    );
    assert!(
        logs.contains("[redacted]"),
        "the careless lines went through the redaction"
    );
    let secrets = [
        ("Monnet key", m.monnet.api_key.as_str()),
        ("Monnet secret", m.monnet.api_secret.as_str()),
        ("MonEFlow secret", m.moneflow.secret.as_str()),
        ("MonEFlow Basic credentials", basic.as_str()),
        ("MonEFlow client token", client_token.as_str()),
        ("database key", db_key.as_str()),
        ("Mona private key", m.mona.private_key.as_str()),
        ("Monei key", m.monei.api_key.as_str()),
        ("CLABE", "646180110400000007"),
    ];
    for (what, secret) in secrets {
        assert!(
            !logs.contains(secret),
            "the {what} reached the TRACE log:\n{}",
            logs.lines()
                .filter(|l| l.contains(secret))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    assert!(
        !has_hex64(&logs),
        "no signature, key or other run of 64 hex digits reaches the log"
    );
}

/// Whether `text` holds a run of 64 hexadecimal digits (an HMAC-SHA256 signature, a key).
fn has_hex64(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_hexdigit())
        .any(|run| run.len() >= 64)
}
