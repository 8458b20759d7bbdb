//! Monei's checkout in the real app window on the embedded sandbox: the desk creates the
//! payment, Monei's payment page opens in the frame (from Monei's origin, with the payment id
//! only), the customer pays there with a test card, and the receipt shows what Monei says:
//! succeeded for the approved card, failed with the reason for the declined one.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_e2e::drive::{click, el, fill, monei_card_step, onboard, shot, start, wait_for_text};
use desk_e2e::{AppSession, Error, e2e_available};

/// Checkout → Monei for `amount` EUR, reviewed and confirmed: Monei's page in the frame.
async fn monei_checkout(app: &AppSession, amount: &str) -> Result<(), Error> {
    click(app, "[data-testid=nav-checkout]").await?;
    click(app, "[data-testid=provider-monei]").await?;
    fill(app, "[data-testid=checkout-amount]", amount).await?;
    fill(app, "[data-testid=checkout-description]", "Coffee beans").await?;
    wait_for_text(app, "[data-testid=checkout-amount-reading]", "EUR", 20).await?;
    click(app, "[data-testid=review-checkout]").await?;
    wait_for_text(app, "[data-testid=checkout-review]", "EUR", 20).await?;
    click(app, "[data-testid=confirm-checkout]").await?;
    let frame = el(app, "[data-testid=sdk-frame]").await?;
    let src = frame.attr("src").await?.unwrap_or_default();
    assert!(
        src.starts_with("http://127.0.0.1:") && src.contains("/payments/pay_"),
        "Monei's page from the sandbox's Monei origin: {src}"
    );
    assert!(!src.contains("sk_"), "no key in the page's address: {src}");
    frame.enter_frame().await?;
    wait_for_text(app, "#amount", "EUR", 20).await?;
    app.client.enter_parent_frame().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_monei_checkout_succeeds_once_the_customer_pays_on_moneis_page() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("monei-approved").await?;
    onboard(&app).await?;
    monei_checkout(&app, "12.50").await?;
    // nobody has paid yet: no receipt, however long the desk waits
    tokio::time::sleep(std::time::Duration::from_secs(12)).await;
    assert!(
        app.client
            .find(fantoccini::Locator::Css("[data-testid=checkout-result]"))
            .await
            .is_err(),
        "no Monei payment succeeds without the customer's card"
    );
    app.screenshot(&shot("checkout-monei.png")).await?;
    monei_card_step(&app, "4242 4242 4242 4242").await?;
    let receipt = wait_for_text(&app, "[data-testid=checkout-status]", "succeeded", 30).await?;
    assert_eq!(receipt.trim(), "succeeded");
    let receipt = wait_for_text(&app, "[data-testid=checkout-result]", "12.50 EUR", 10).await?;
    assert!(receipt.contains("Visa •••• 4242"), "{receipt}");
    app.screenshot(&shot("checkout-monei-receipt.png")).await?;
    app.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declined_card_fails_the_monei_checkout_with_its_reason() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("monei-declined").await?;
    onboard(&app).await?;
    monei_checkout(&app, "20.00").await?;
    monei_card_step(&app, "4000 0000 0000 0002").await?;
    wait_for_text(&app, "[data-testid=checkout-status]", "failed", 30).await?;
    let receipt = wait_for_text(&app, "[data-testid=checkout-result]", "declined", 10).await?;
    assert!(receipt.contains("20.00 EUR"), "{receipt}");
    app.close().await
}
