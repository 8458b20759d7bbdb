//! A production rehearsal in the real window (docs/rehearsal.md): the sandbox plays the
//! providers' production as its own process (`desk-sandbox --production`: production-format
//! keys, HTTPS from a test authority), and the debug build of the desk is pointed at it with
//! `DESK_REHEARSAL`. The merchant switches to production and onboards with production keys,
//! sees the production badge, and confirms — each time with the sentence naming the amount — a
//! Mona SCA checkout, a MonEFlow Pay card checkout, a Monei checkout and a Monnet payout. At
//! the end the rehearsal provider has been shown no sandbox key.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use desk_e2e::drive::{
    click, el, fill, fill_payout, monei_card_step, onboard, shot, wait_for_text,
};
use desk_e2e::process_tree::OwnedTree;
use desk_e2e::{AppSession, Error, app_binary, e2e_available};
use serde_json::Value;

/// The rehearsal sandbox, a process of its own, ended when dropped.
struct Rehearsal {
    _process: OwnedTree,
    dir: tempfile::TempDir,
    /// What it printed: URLs, frame URLs and the demo merchant's production keys.
    out: Value,
}

impl Rehearsal {
    /// Starts `desk-sandbox --production --rehearsal-dir <dir>/rehearsal` and waits for it.
    fn start() -> Result<Self, Error> {
        let binary = app_binary().with_file_name("desk-sandbox");
        let dir = tempfile::tempdir()?;
        let out_path = dir.path().join("out.json");
        let process = OwnedTree::spawn(
            Command::new(&binary)
                .arg("--production")
                .arg("--rehearsal-dir")
                .arg(dir.path().join("rehearsal"))
                .stdout(std::fs::File::create(&out_path)?)
                .stderr(Stdio::inherit()),
        )
        .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = std::fs::read_to_string(&out_path).unwrap_or_default();
            if let Ok(out) = serde_json::from_str::<Value>(text.trim()) {
                return Ok(Self {
                    _process: process,
                    dir,
                    out,
                });
            }
            if Instant::now() > deadline {
                return Err("the rehearsal sandbox did not start".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What the desk's `DESK_REHEARSAL` names.
    fn endpoints_dir(&self) -> PathBuf {
        self.dir.path().join("rehearsal")
    }

    fn key(&self, provider: &str, field: &str) -> String {
        self.out["demoMerchant"][provider][field]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// `GET <control path>` on the rehearsal's Monnet listener, over its HTTPS with the test
    /// authority trusted.
    async fn control(&self, path: &str) -> Result<Value, Error> {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::from_pem_file(
            self.endpoints_dir().join("ca.pem"),
        )?)?;
        let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let base = self.out["urls"]["monnet"].as_str().unwrap();
        Ok(reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .build()?
            .get(format!("{base}{path}"))
            .send()
            .await?
            .json()
            .await?)
    }
}

/// In the keys form: chooses `provider`, fills `fields` (field name, value) and stores them.
async fn add_keys(
    app: &AppSession,
    provider: &str,
    name: &str,
    fields: &[(&str, String)],
) -> Result<(), Error> {
    click(app, &format!("[data-testid=keys-provider-{provider}]")).await?;
    for (field, value) in fields {
        fill(app, &format!("[data-testid=key-{field}]"), value).await?;
    }
    // Monnet's keys carry no environment mark: only the prefixed keys are read as production.
    if provider != "monnet"
        && let Some((field, _)) = fields.iter().find(|(f, _)| *f != "merchantId")
    {
        wait_for_text(
            app,
            &format!("[data-testid=key-reading-{field}]"),
            "production",
            15,
        )
        .await?;
    }
    click(app, "[data-testid=keys-store]").await?;
    wait_for_text(app, "[data-testid=keys-added]", name, 30).await?;
    Ok(())
}

/// Checkout → `provider` for `amount` (`shown` as the review reads it): the production review
/// and its sentence naming the amount, then confirmed; the provider's page in the frame, from
/// the rehearsal's loopback frame listener.
async fn production_checkout(
    app: &AppSession,
    provider: &str,
    amount: &str,
    shown: &str,
    screenshot: Option<&Path>,
) -> Result<(), Error> {
    click(app, "[data-testid=nav-checkout]").await?;
    click(app, &format!("[data-testid=provider-{provider}]")).await?;
    fill(app, "[data-testid=checkout-amount]", amount).await?;
    fill(app, "[data-testid=checkout-description]", "Rehearsal").await?;
    wait_for_text(app, "[data-testid=checkout-amount-reading]", shown, 20).await?;
    click(app, "[data-testid=review-checkout]").await?;
    let review = wait_for_text(app, "[data-testid=checkout-review]", shown, 20).await?;
    assert!(review.contains("PRODUCTION"), "{review}");
    let sentence = wait_for_text(app, "[data-testid=checkout-confirmation]", shown, 10).await?;
    assert!(sentence.contains("real money"), "{sentence}");
    if let Some(path) = screenshot {
        app.screenshot(path).await?;
    }
    click(app, "[data-testid=confirm-checkout]").await?;
    let src = el(app, "[data-testid=sdk-frame]")
        .await?
        .attr("src")
        .await?
        .unwrap_or_default();
    assert!(src.starts_with("http://127.0.0.1:"), "{src}");
    Ok(())
}

/// From a checkout's receipt back to a new checkout.
async fn new_checkout(app: &AppSession) -> Result<(), Error> {
    app.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(fantoccini::Locator::XPath(
            "//button[normalize-space()='New checkout']",
        ))
        .await?
        .click()
        .await?;
    Ok(())
}

async fn in_frame(app: &AppSession) -> Result<(), Error> {
    el(app, "[data-testid=sdk-frame]")
        .await?
        .enter_frame()
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_production_rehearsal_onboards_checks_out_and_pays_out_without_a_sandbox_key()
-> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let rehearsal = Rehearsal::start()?;
    let service = format!("merchant-desk-e2e-rehearsal-{}", std::process::id());
    let endpoints = rehearsal.endpoints_dir();
    let app = AppSession::start_with_env(&[
        ("DESK_KEYCHAIN_SERVICE", &service),
        ("DESK_REHEARSAL", endpoints.to_str().unwrap()),
    ])
    .await?;

    // The sandbox first (the embedded one), then production with the merchant's own keys.
    onboard(&app).await?;
    click(&app, "[data-testid=nav-settings]").await?;
    click(&app, "[data-testid=switch-production]").await?;
    click(&app, "[data-testid=confirm-production]").await?;
    wait_for_text(&app, "[data-testid=onboarding-lede]", "production", 30).await?;
    click(&app, "[data-testid=have-keys]").await?;
    let r = &rehearsal;
    add_keys(
        &app,
        "mona",
        "Mona",
        &[
            ("privateKey", r.key("mona", "privateKey")),
            ("publicKey", r.key("mona", "publicKey")),
        ],
    )
    .await?;
    add_keys(
        &app,
        "monei",
        "Monei",
        &[("apiKey", r.key("monei", "apiKey"))],
    )
    .await?;
    add_keys(
        &app,
        "moneflow",
        "MonEFlow",
        &[
            ("merchantId", r.key("moneflow", "merchantId")),
            ("clientId", r.key("moneflow", "clientId")),
            ("secret", r.key("moneflow", "secret")),
        ],
    )
    .await?;
    add_keys(
        &app,
        "monnet",
        "Monnet",
        &[
            ("merchantId", r.key("monnet", "merchantId")),
            ("apiKey", r.key("monnet", "apiKey")),
            ("apiSecret", r.key("monnet", "apiSecret")),
        ],
    )
    .await?;
    click(&app, "[data-testid=open-desk]").await?;
    el(&app, "[data-testid=nav-history]").await?;
    wait_for_text(
        &app,
        "[data-testid=environment]",
        "Production — real money",
        20,
    )
    .await?;

    // Mona: the SCA step in the frame (a WebCrypto P-256 signature the provider verifies).
    let docs_shot =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots/production-checkout.png");
    production_checkout(&app, "mona", "2,500.00", "2,500.00 NGN", Some(&docs_shot)).await?;
    in_frame(&app).await?;
    wait_for_text(&app, "#amount", "2500.00 NGN", 20).await?;
    fill(&app, "[data-testid=mona-card]", "4242 4242 4242 4242").await?;
    click(&app, "[data-testid=mona-approve]").await?;
    app.client.enter_parent_frame().await?;
    let receipt = wait_for_text(&app, "[data-testid=checkout-result]", "succeeded", 30).await?;
    assert!(receipt.contains("2,500.00 NGN"), "{receipt}");
    app.screenshot(&shot("production-mona-receipt.png")).await?;
    new_checkout(&app).await?;

    // MonEFlow Pay: the card in the hosted fields, a one-time nonce charged by the desk.
    production_checkout(&app, "moneflow", "25.00", "25.00 USD", None).await?;
    in_frame(&app).await?;
    fill(&app, "[data-testid=mf-number]", "4242 4242 4242 4242").await?;
    fill(&app, "[data-testid=mf-exp]", "12/30").await?;
    fill(&app, "[data-testid=mf-cvv]", "123").await?;
    fill(&app, "[data-testid=mf-holder]", "Ana López").await?;
    click(&app, "[data-testid=mf-pay]").await?;
    app.client.enter_parent_frame().await?;
    let receipt = wait_for_text(&app, "[data-testid=checkout-result]", "succeeded", 30).await?;
    assert!(receipt.contains("25.00 USD"), "{receipt}");
    new_checkout(&app).await?;

    // Monei: the card step on Monei's payment page.
    production_checkout(&app, "monei", "12.50", "12.50 EUR", None).await?;
    monei_card_step(&app, "4242 4242 4242 4242").await?;
    wait_for_text(&app, "[data-testid=checkout-status]", "succeeded", 30).await?;
    wait_for_text(&app, "[data-testid=checkout-result]", "12.50 EUR", 10).await?;

    // Monnet: a payout, confirmed with the production sentence, delivered by the outbox.
    fill_payout(&app, "1,250.50", "Supplier invoice 78", "1,250.50 MXN").await?;
    click(&app, "[data-testid=review-payout]").await?;
    let review = wait_for_text(&app, "[data-testid=payout-review]", "1,250.50 MXN", 10).await?;
    assert!(review.contains("PRODUCTION"), "{review}");
    let sentence = wait_for_text(
        &app,
        "[data-testid=payout-confirmation]",
        "1,250.50 MXN",
        10,
    )
    .await?;
    assert!(sentence.contains("real money"), "{sentence}");
    click(&app, "[data-testid=confirm-payout]").await?;
    el(&app, "[data-testid=payout-queued]").await?;
    let order_id = el(&app, "[data-testid=queued-order-id]")
        .await?
        .text()
        .await?;
    // The outbox delivers it: the rehearsal counts Monnet's create (and the three checkouts').
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let creates = rehearsal.control("__sandbox/creates").await?;
        if creates["monnet"]["creates"].as_u64() >= Some(1) {
            for provider in ["mona", "monei", "moneflow"] {
                assert!(
                    creates[provider]["creates"].as_u64() >= Some(1),
                    "the desk's {provider} create reached the rehearsal: {creates}"
                );
            }
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the payout never reached the rehearsal: {creates}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    wait_for_text(
        &app,
        "[data-testid=sync-queue]",
        "0 queued · 0 in flight",
        60,
    )
    .await?;
    click(&app, "[data-testid=nav-history]").await?;
    fill(&app, "[data-testid=history-search]", &order_id).await?;
    wait_for_text(&app, "[data-testid=history-row]", &order_id, 30).await?;

    let seen = rehearsal.control("__sandbox/sandbox-keys-seen").await?;
    assert_eq!(seen["count"], 0, "the rehearsal provider saw a sandbox key");
    app.close().await
}
