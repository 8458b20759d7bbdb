//! The desk in Spanish, as a merchant in Puebla finds it: the computer speaks Mexican Spanish
//! (`LANG=es_MX.UTF-8`), so the desk does from its first screen, with nothing set. Onboarding,
//! a Monei checkout, a payout and the history are gone through in Spanish; the amounts are
//! read and written as in Mexico; a refusal from Rust arrives in Spanish. Then Settings
//! switches to English without a restart.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_e2e::drive::{click, el, fill, monei_card_step, shot, wait_for_text};
use desk_e2e::{AppSession, Error, e2e_available};

/// The text of `css` once it shows, lower-cased.
async fn says(app: &AppSession, css: &str, want: &str) -> Result<String, Error> {
    wait_for_text(app, css, want, 20).await
}

#[tokio::test(flavor = "multi_thread")]
async fn onboarding_checkout_a_payout_and_history_in_spanish() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = AppSession::start_with_env(&[("LANG", "es_MX.UTF-8")]).await?;

    // Onboarding
    says(&app, "[data-testid=start-sandbox]", "sandbox").await?;
    let page = app.text_of("body").await?;
    assert!(
        page.contains("sandbox integrado"),
        "onboarding in Spanish: {page}"
    );
    click(&app, "[data-testid=start-sandbox]").await?;
    el(&app, "[data-testid=onboarding-done]").await?;
    click(&app, "[data-testid=open-desk]").await?;
    says(&app, "[data-testid=nav-history]", "Historial").await?;
    says(&app, "[data-testid=nav-checkout]", "Cobrar").await?;
    says(&app, "[data-testid=nav-payouts]", "Transferencias").await?;
    says(&app, "[data-testid=nav-settings]", "Configuración").await?;
    app.screenshot(&shot("history-es.png")).await?;

    // A Monei checkout: the amount read as in Mexico, the review and the receipt in Spanish.
    click(&app, "[data-testid=nav-checkout]").await?;
    click(&app, "[data-testid=provider-monei]").await?;
    fill(&app, "[data-testid=checkout-amount]", "1,234.50").await?;
    fill(
        &app,
        "[data-testid=checkout-description]",
        "Café de Veracruz",
    )
    .await?;
    says(
        &app,
        "[data-testid=checkout-amount-reading]",
        "1,234.50 EUR",
    )
    .await?;
    click(&app, "[data-testid=review-checkout]").await?;
    let review = says(&app, "[data-testid=checkout-review]", "1,234.50 EUR").await?;
    assert!(review.contains("SANDBOX — dinero de prueba"), "{review}");
    app.screenshot(&shot("checkout-review-es.png")).await?;
    click(&app, "[data-testid=confirm-checkout]").await?;
    monei_card_step(&app, "4242 4242 4242 4242").await?;
    says(&app, "[data-testid=checkout-status]", "completado").await?;

    // A payout: a CLABE typo refused in Spanish (a sentence from Rust), then queued.
    click(&app, "[data-testid=nav-payouts]").await?;
    fill(&app, "[data-testid=payout-amount]", "1,250.50").await?;
    fill(&app, "[data-testid=payout-description]", "Factura 77").await?;
    fill(&app, "[data-testid=payout-firstName]", "María").await?;
    fill(&app, "[data-testid=payout-lastName]", "Pérez").await?;
    fill(&app, "[data-testid=payout-email]", "maria@example.com").await?;
    fill(&app, "[data-testid=payout-documentNumber]", "PEGM9007151H0").await?;
    fill(&app, "[data-testid=payout-clabe]", "002123451234534510").await?;
    el(&app, "[data-testid=payout-amount]")
        .await?
        .click()
        .await?;
    let typo = says(&app, "[data-testid=problem-clabe]", "CLABE").await?;
    assert!(
        !typo.contains("should be") && !typo.contains("typo"),
        "the CLABE refusal is in Spanish: {typo}"
    );
    fill(&app, "[data-testid=payout-clabe]", "646180110400000007").await?;
    says(&app, "[data-testid=payout-amount-reading]", "1,250.50 MXN").await?;
    click(&app, "[data-testid=review-payout]").await?;
    says(&app, "[data-testid=payout-review]", "1,250.50 MXN").await?;
    click(&app, "[data-testid=confirm-payout]").await?;
    let queued = says(&app, "[data-testid=payout-queued]", "Transferencia en cola").await?;
    assert!(queued.contains("María Pérez"), "{queued}");
    app.screenshot(&shot("payout-es.png")).await?;

    // History: the payout and the payment, with their statuses in Spanish.
    click(&app, "[data-testid=nav-history]").await?;
    fill(&app, "[data-testid=history-search]", "Factura 77").await?;
    let row = says(&app, "[data-testid=history-row]", "María Pérez").await?;
    assert!(
        ["en cola", "pendiente", "enviando", "pagado", "enviado"]
            .iter()
            .any(|w| row.contains(w)),
        "a Spanish status on the payout's row: {row}"
    );

    // Settings: English at once, no restart.
    click(&app, "[data-testid=nav-settings]").await?;
    let select = el(&app, "[data-testid=settings-language-select]").await?;
    select
        .select_by_value("en")
        .await
        .map_err(|e| format!("language select: {e}"))?;
    says(&app, "[data-testid=nav-history]", "History").await?;
    says(&app, "[data-testid=nav-settings]", "Settings").await?;
    app.close().await
}
