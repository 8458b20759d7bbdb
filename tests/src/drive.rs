//! What the end-to-end tests do in the window, written once: start an app with its own
//! keychain service, find, click and fill elements, wait for a text, onboard on the sandbox.
//! A step that fails leaves `target/screenshots/failure.png`.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::{AppSession, Error};

/// Where a screenshot named `name` goes (target/screenshots).
pub fn shot(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/screenshots")
        .join(name)
}

/// Starts the app with its own keychain service, so tests never see each other's keys.
pub async fn start(name: &str) -> Result<AppSession, Error> {
    let service = format!("merchant-desk-e2e-{name}-{}", std::process::id());
    AppSession::start_with_env(&[("DESK_KEYCHAIN_SERVICE", &service)]).await
}

/// The element once it appears (within 30 s), or an error naming it and a screenshot.
pub async fn el(app: &AppSession, css: &str) -> Result<fantoccini::elements::Element, Error> {
    let found = app
        .client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await;
    match found {
        Ok(e) => Ok(e),
        Err(e) => {
            let _ = app.screenshot(&shot("failure.png")).await;
            Err(format!("{css} did not appear: {e}").into())
        }
    }
}

/// Clicks the element once it appears (a screenshot is kept when it cannot be clicked).
pub async fn click(app: &AppSession, css: &str) -> Result<(), Error> {
    if let Err(e) = el(app, css).await?.click().await {
        let _ = app.screenshot(&shot("failure.png")).await;
        return Err(format!("could not click {css}: {e}").into());
    }
    Ok(())
}

/// Types `text` into the field, replacing what it held.
pub async fn fill(app: &AppSession, css: &str, text: &str) -> Result<(), Error> {
    let e = el(app, css).await?;
    if !e.prop("value").await?.unwrap_or_default().is_empty() {
        e.clear().await?;
    }
    e.click().await?;
    e.send_keys(text).await?;
    Ok(())
}

/// The element's DOM text (an input's value when it has none), or "" when it is not there.
pub async fn text_now(app: &AppSession, css: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => match e
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
        {
            t if t.is_empty() => e.prop("value").await.ok().flatten().unwrap_or_default(),
            t => t,
        },
        Err(_) => String::new(),
    }
}

/// Waits until the element's text contains `want` (ignoring case).
pub async fn wait_for_text(
    app: &AppSession,
    css: &str,
    want: &str,
    secs: u64,
) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let text = text_now(app, css).await;
        if text.to_lowercase().contains(&want.to_lowercase()) {
            return Ok(text);
        }
        if Instant::now() > deadline {
            let _ = app.screenshot(&shot("failure.png")).await;
            return Err(format!("{css} never showed {want:?}; last text: {text:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Onboards on the embedded sandbox through the UI and opens the desk.
pub async fn onboard(app: &AppSession) -> Result<(), Error> {
    click(app, "[data-testid=start-sandbox]").await?;
    el(app, "[data-testid=onboarding-done]").await?;
    click(app, "[data-testid=open-desk]").await?;
    el(app, "[data-testid=nav-history]").await?;
    Ok(())
}

/// Payouts → fills the form for María Pérez (CLABE `646180110400000007`) with `amount` and
/// `description`, and waits until the desk shows it read `reading` (e.g. "= 980.00 MXN").
pub async fn fill_payout(
    app: &AppSession,
    amount: &str,
    description: &str,
    reading: &str,
) -> Result<(), Error> {
    click(app, "[data-testid=nav-payouts]").await?;
    fill(app, "[data-testid=payout-amount]", amount).await?;
    fill(app, "[data-testid=payout-description]", description).await?;
    fill(app, "[data-testid=payout-firstName]", "María").await?;
    fill(app, "[data-testid=payout-lastName]", "Pérez").await?;
    fill(app, "[data-testid=payout-email]", "maria@example.com").await?;
    fill(app, "[data-testid=payout-documentNumber]", "PEGM9007151H0").await?;
    fill(app, "[data-testid=payout-clabe]", "646180110400000007").await?;
    wait_for_text(app, "[data-testid=payout-amount-reading]", reading, 20).await?;
    Ok(())
}

/// In Monei's payment page (the checkout's frame): pays with the test card `number`, then
/// returns to the app's page.
pub async fn monei_card_step(app: &AppSession, number: &str) -> Result<(), Error> {
    el(app, "[data-testid=sdk-frame]")
        .await?
        .enter_frame()
        .await?;
    fill(app, "[data-testid=monei-number]", number).await?;
    fill(app, "[data-testid=monei-exp]", "12/30").await?;
    fill(app, "[data-testid=monei-cvc]", "123").await?;
    fill(app, "[data-testid=monei-holder]", "Ana López").await?;
    click(app, "[data-testid=monei-pay]").await?;
    app.client.enter_parent_frame().await?;
    Ok(())
}
