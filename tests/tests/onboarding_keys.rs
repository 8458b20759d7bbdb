//! Onboarding with the merchant's own keys, in the window: the "I have keys" path in the
//! sandbox with the embedded sandbox's keys (one provider, then another), the environment read
//! from each key shown before anything is stored, a key of the other environment refused; and
//! after "Switch to production", a welcome screen that offers the keys path and a way back.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_e2e::drive::{click, el, fill, start, text_now, wait_for_text};
use desk_e2e::{AppSession, e2e_available};
use desk_sandbox::{MerchantCredentials, SandboxConfig};

/// The embedded sandbox's demo merchant: its world is seeded, so a fresh app's sandbox issues
/// these keys.
fn demo_merchant() -> MerchantCredentials {
    desk_sandbox::seed::world(SandboxConfig::default().seed, 0)
        .merchants
        .into_iter()
        .next()
        .unwrap()
}

async fn store_disabled(app: &AppSession) -> Result<bool, desk_e2e::Error> {
    Ok(el(app, "[data-testid=keys-store]")
        .await?
        .attr("disabled")
        .await?
        .is_some())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_merchant_with_keys_onboards_and_production_offers_keys_and_a_way_back()
-> Result<(), desk_e2e::Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let m = demo_merchant();
    let app = start("keys").await?;
    click(&app, "[data-testid=have-keys]").await?;

    // Monei: a live key is read as production and cannot be sent from the sandbox
    click(&app, "[data-testid=keys-provider-monei]").await?;
    fill(
        &app,
        "[data-testid=key-apiKey]",
        concat!("sk_live_", "abcdefgh12345678"),
    )
    .await?;
    wait_for_text(
        &app,
        "[data-testid=key-reading-apiKey]",
        "but the desk is in the sandbox",
        15,
    )
    .await?;
    assert!(
        store_disabled(&app).await?,
        "a production key cannot be sent"
    );
    fill(&app, "[data-testid=key-apiKey]", &m.monei.api_key).await?;
    wait_for_text(&app, "[data-testid=key-reading-apiKey]", "sandbox key", 15).await?;
    assert!(!store_disabled(&app).await?);
    click(&app, "[data-testid=keys-store]").await?;
    wait_for_text(&app, "[data-testid=keys-added]", "Monei", 30).await?;

    // Monnet too: its keys carry no mark
    click(&app, "[data-testid=keys-provider-monnet]").await?;
    wait_for_text(
        &app,
        "[data-testid=key-reading-note]",
        "no environment mark",
        15,
    )
    .await?;
    fill(&app, "[data-testid=key-merchantId]", &m.monnet.merchant_id).await?;
    fill(&app, "[data-testid=key-apiKey]", &m.monnet.api_key).await?;
    fill(&app, "[data-testid=key-apiSecret]", &m.monnet.api_secret).await?;
    click(&app, "[data-testid=keys-store]").await?;
    wait_for_text(&app, "[data-testid=keys-added]", "Monnet", 30).await?;
    let added = text_now(&app, "[data-testid=keys-added]").await;
    assert!(
        !added.contains(&m.monei.api_key),
        "no key comes back to the window"
    );
    click(&app, "[data-testid=open-desk]").await?;
    el(&app, "[data-testid=nav-history]").await?;
    let stored = app
        .invoke("list_credentials", serde_json::json!({}))
        .await?
        .unwrap();
    assert_eq!(stored.as_array().unwrap().len(), 2, "{stored}");

    // Switch to production: the welcome screen offers the keys path, Settings and a way back
    click(&app, "[data-testid=nav-settings]").await?;
    click(&app, "[data-testid=switch-production]").await?;
    click(&app, "[data-testid=confirm-production]").await?;
    wait_for_text(&app, "[data-testid=onboarding-lede]", "production", 30).await?;
    el(&app, "[data-testid=onboarding-settings]").await?;
    click(&app, "[data-testid=have-keys]").await?;
    click(&app, "[data-testid=keys-provider-monei]").await?;
    fill(&app, "[data-testid=key-apiKey]", &m.monei.api_key).await?;
    wait_for_text(
        &app,
        "[data-testid=key-reading-apiKey]",
        "but the desk is in production",
        15,
    )
    .await?;
    assert!(store_disabled(&app).await?, "a sandbox key cannot be sent");
    click(&app, "[data-testid=keys-back]").await?;
    click(&app, "[data-testid=back-to-sandbox]").await?;
    wait_for_text(&app, "[data-testid=environment]", "Sandbox", 30).await?;
    el(&app, "[data-testid=nav-history]").await?;
    app.close().await
}
