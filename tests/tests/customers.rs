//! Returning customers in the real app window on the embedded sandbox: a MonEFlow Pay checkout
//! names a customer and the customer ticks "Save this card" in the card page; their page in
//! Customers then charges the saved card with no card page; a monthly collection is consented
//! in Mona's page (SCA with the window's device key), the sandbox's clock moves two months and
//! the charges reach the customer's history through sync; the collection is cancelled; and the
//! customer verifies their identity in Mona's page.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_e2e::drive::{click, el, fill, onboard, shot, start, text_now, wait_for_text};
use desk_e2e::{AppSession, Error, e2e_available};

const DAY_MS: i64 = 86_400_000;

/// Checkout → MonEFlow Pay for 25.00 USD to Ana, offering to save her card; she ticks the box
/// in the card page and pays.
async fn checkout_saving_the_card(app: &AppSession) -> Result<(), Error> {
    click(app, "[data-testid=nav-checkout]").await?;
    click(app, "[data-testid=provider-moneflow]").await?;
    fill(app, "[data-testid=checkout-amount]", "25.00").await?;
    fill(app, "[data-testid=checkout-description]", "Tote bag").await?;
    fill(app, "[data-testid=checkout-customer-name]", "Ana Gómez").await?;
    fill(
        app,
        "[data-testid=checkout-customer-email]",
        "ana@example.com",
    )
    .await?;
    wait_for_text(
        app,
        "[data-testid=checkout-amount-reading]",
        "25.00 USD",
        20,
    )
    .await?;
    click(app, "[data-testid=checkout-save-card]").await?;
    click(app, "[data-testid=review-checkout]").await?;
    wait_for_text(
        app,
        "[data-testid=checkout-review-save-card]",
        "save it for next time",
        20,
    )
    .await?;
    click(app, "[data-testid=confirm-checkout]").await?;
    let frame = el(app, "[data-testid=sdk-frame]").await?;
    let src = frame.attr("src").await?.unwrap_or_default();
    assert!(
        src.contains("vault=offer"),
        "the card page offers to save: {src}"
    );
    frame.enter_frame().await?;
    fill(app, "[data-testid=mf-number]", "4242 4242 4242 4242").await?;
    fill(app, "[data-testid=mf-exp]", "12/30").await?;
    fill(app, "[data-testid=mf-cvv]", "123").await?;
    fill(app, "[data-testid=mf-holder]", "Ana Gómez").await?;
    let save = el(app, "[data-testid=mf-save-card]").await?;
    assert_eq!(
        save.prop("checked").await?.as_deref(),
        Some("false"),
        "the box is unticked until the customer ticks it"
    );
    save.click().await?;
    click(app, "[data-testid=mf-pay]").await?;
    app.client.enter_parent_frame().await?;
    wait_for_text(app, "[data-testid=checkout-result]", "succeeded", 30).await?;
    Ok(())
}

/// Brings the frame `testid` into the window's view before its page is driven: a click inside a
/// frame lands where the frame is drawn, so a frame below the fold would not be clicked.
async fn into_view(app: &AppSession, testid: &str) -> Result<(), Error> {
    let script = format!(
        "document.querySelector('[data-testid={testid}]').scrollIntoView({{block: 'center'}});"
    );
    app.client.execute(&script, vec![]).await?;
    Ok(())
}

/// The sandbox's control address, read from a frame's page address (`http://127.0.0.1:P/…`).
fn sandbox_origin(src: &str) -> String {
    let url: Vec<&str> = src.splitn(4, '/').collect();
    format!("{}//{}", url[0], url[2])
}

/// Moves the embedded sandbox's clock `ms` ahead (its control endpoint, on every port).
async fn advance_sandbox_clock(origin: &str, ms: i64) -> Result<(), Error> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let answer = reqwest::Client::new()
        .post(format!("{origin}/__sandbox/clock"))
        .json(&serde_json::json!({ "advanceMs": ms }))
        .send()
        .await?;
    assert!(answer.status().is_success(), "{}", answer.status());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_saves_a_card_is_charged_again_collected_monthly_and_verified()
-> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("customers").await?;
    onboard(&app).await?;
    checkout_saving_the_card(&app).await?;

    // The checkout recorded Ana; her page holds the saved card.
    click(&app, "[data-testid=nav-customers]").await?;
    let row = wait_for_text(&app, "[data-testid=customer-row]", "Ana Gómez", 20).await?;
    assert!(
        row.contains("a•••@example.com"),
        "the list masks emails: {row}"
    );
    assert!(!row.contains("ana@example.com"), "{row}");
    click(&app, "[data-testid=customer-row]").await?;
    let card = wait_for_text(&app, "[data-testid=saved-card]", "Visa •••• 4242", 30).await?;
    assert!(!card.contains("pm_"), "no token in the page: {card}");

    // Charge the saved card: reviewed, then charged with no card page.
    click(&app, "[data-testid=charge-card]").await?;
    fill(&app, "[data-testid=card-charge-amount]", "40.00").await?;
    fill(&app, "[data-testid=card-charge-description]", "Refill").await?;
    wait_for_text(
        &app,
        "[data-testid=card-charge-amount-reading]",
        "40.00 USD",
        20,
    )
    .await?;
    click(&app, "[data-testid=review-card-charge]").await?;
    wait_for_text(
        &app,
        "[data-testid=card-charge-review]",
        "Visa •••• 4242",
        20,
    )
    .await?;
    click(&app, "[data-testid=confirm-card-charge]").await?;
    wait_for_text(&app, "[data-testid=card-charge-status]", "succeeded", 30).await?;
    wait_for_text(&app, "[data-testid=customer-history]", "40.00", 30).await?;
    click(&app, "[data-testid=close-card-charge]").await?;

    // A monthly collection, consented in Mona's page with the window's device key.
    click(&app, "[data-testid=new-collection-button]").await?;
    fill(&app, "[data-testid=collection-amount]", "5,000.00").await?;
    click(&app, "[data-testid=collection-monthly]").await?;
    fill(&app, "[data-testid=collection-description]", "Veg box").await?;
    wait_for_text(
        &app,
        "[data-testid=collection-amount-reading]",
        "5,000.00 NGN",
        20,
    )
    .await?;
    click(&app, "[data-testid=review-collection]").await?;
    wait_for_text(&app, "[data-testid=collection-review]", "Every month", 20).await?;
    click(&app, "[data-testid=confirm-collection]").await?;
    let frame = el(&app, "[data-testid=collection-frame]").await?;
    let src = frame.attr("src").await?.unwrap_or_default();
    assert!(
        src.contains("collectionId=") && src.contains("key=mona_pub_"),
        "Mona's page with public values only: {src}"
    );
    frame.enter_frame().await?;
    wait_for_text(&app, "#amount", "NGN", 20).await?;
    app.client.enter_parent_frame().await?;
    into_view(&app, "collection-frame").await?;
    app.screenshot(&shot("collection.png")).await?;
    el(&app, "[data-testid=collection-frame]")
        .await?
        .enter_frame()
        .await?;
    // Once Mona's page says the customer answered, the desk reads the collection back and
    // closes the page: the outcome is read in the desk, not in the frame.
    click(&app, "[data-testid=mona-approve]").await?;
    app.client.enter_parent_frame().await?;
    wait_for_text(&app, "[data-testid=new-collection-status]", "active", 30).await?;
    click(&app, "[data-testid=close-collection]").await?;
    wait_for_text(&app, "[data-testid=collection-status]", "active", 20).await?;

    // Two months on the sandbox's clock: the charges reach the history through sync.
    advance_sandbox_clock(&sandbox_origin(&src), 2 * 31 * DAY_MS).await?;
    click(&app, "[data-testid=sync-now]").await?;
    let charges = wait_for_text(&app, "[data-testid=collection-charges]", "3 charges", 60).await?;
    assert!(!charges.contains("failed"), "{charges}");
    let history = text_now(&app, "[data-testid=customer-history]").await;
    let reference = text_now(&app, "[data-testid=collection-row]").await;
    let reference = reference
        .split_whitespace()
        .find(|w| w.starts_with("CL-"))
        .unwrap()
        .to_string();
    for n in 1..=3 {
        assert!(
            history.contains(&format!("{reference}-{n}")),
            "charge {n} of {reference} is in the customer's history: {history}"
        );
    }
    app.client
        .execute("document.querySelector('main').scrollTo(0, 0);", vec![])
        .await?;
    app.screenshot(&shot("customers.png")).await?;

    // Cancelled: nothing more falls due.
    click(&app, "[data-testid=cancel-collection]").await?;
    click(&app, "[data-testid=confirm-cancel-collection]").await?;
    wait_for_text(&app, "[data-testid=collection-status]", "cancelled", 30).await?;
    advance_sandbox_clock(&sandbox_origin(&src), 31 * DAY_MS).await?;
    click(&app, "[data-testid=sync-now]").await?;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    wait_for_text(&app, "[data-testid=collection-charges]", "3 charges", 20).await?;

    // A verification on the same device.
    click(&app, "[data-testid=verify-identity]").await?;
    el(&app, "[data-testid=verification-frame]").await?;
    into_view(&app, "verification-frame").await?;
    el(&app, "[data-testid=verification-frame]")
        .await?
        .enter_frame()
        .await?;
    wait_for_text(&app, "#merchant", "confirm it is you", 20).await?;
    click(&app, "[data-testid=mona-approve]").await?;
    app.client.enter_parent_frame().await?;
    wait_for_text(&app, "[data-testid=verification-status]", "verified", 30).await?;
    app.close().await
}
