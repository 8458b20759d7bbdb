//! Saved beneficiaries in the real app window on the embedded sandbox: one added by hand (the
//! bank read from its CLABE), found by a search in a list that masks the document and email,
//! picked in the payout form (every field filled and still editable) and paid.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_e2e::drive::{click, el, fill, onboard, shot, start, text_now, wait_for_text};
use desk_e2e::{Error, e2e_available};
use fantoccini::Locator;

/// The beneficiary the merchant adds: a Banamex CLABE, an RFC.
const FIRST: &str = "Ana";
const LAST: &str = "López";
const EMAIL: &str = "ana.lopez@example.com";
const RFC: &str = "LOAA8501019B2";
const CLABE: &str = "002123451234534517";

#[tokio::test(flavor = "multi_thread")]
async fn a_beneficiary_added_by_hand_is_found_picked_and_paid() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("beneficiaries").await?;
    onboard(&app).await?;

    // Payouts → Beneficiaries → add one by hand
    click(&app, "[data-testid=nav-payouts]").await?;
    click(&app, "[data-testid=payouts-tab-beneficiaries]").await?;
    wait_for_text(&app, "[data-testid=beneficiary-total]", "0 saved", 20).await?;
    click(&app, "[data-testid=add-beneficiary]").await?;
    fill(&app, "[data-testid=beneficiary-firstName]", FIRST).await?;
    fill(&app, "[data-testid=beneficiary-lastName]", LAST).await?;
    fill(&app, "[data-testid=beneficiary-email]", EMAIL).await?;
    fill(&app, "[data-testid=beneficiary-documentNumber]", RFC).await?;
    // a typo in the check digit is told beside the CLABE and nothing is saved
    fill(
        &app,
        "[data-testid=beneficiary-clabe]",
        "002123451234534510",
    )
    .await?;
    click(&app, "[data-testid=save-beneficiary]").await?;
    wait_for_text(
        &app,
        "[data-testid=problem-beneficiary-clabe]",
        "should be 7",
        20,
    )
    .await?;
    fill(&app, "[data-testid=beneficiary-clabe]", CLABE).await?;
    wait_for_text(&app, "[data-testid=beneficiary-bank]", "Banamex", 20).await?;
    click(&app, "[data-testid=save-beneficiary]").await?;
    wait_for_text(
        &app,
        "[data-testid=beneficiary-saved]",
        "Ana López is saved.",
        20,
    )
    .await?;

    // The search finds it; the list masks the document and the email
    fill(&app, "[data-testid=beneficiary-search]", "lopez").await?;
    wait_for_text(
        &app,
        "[data-testid=beneficiary-total]",
        "1 saved matching",
        20,
    )
    .await?;
    let row = wait_for_text(&app, "[data-testid=beneficiary-row]", "Ana López", 20).await?;
    assert!(row.contains("a•••@example.com"), "email masked: {row}");
    assert!(row.contains("RFC ••••19B2"), "document masked: {row}");
    assert!(
        row.contains("Banamex ••••4517"),
        "bank and last four: {row}"
    );
    for whole in [EMAIL, RFC, CLABE] {
        assert!(!row.contains(whole), "the list shows {whole} whole: {row}");
    }
    fill(&app, "[data-testid=beneficiary-search]", "nobody").await?;
    wait_for_text(
        &app,
        "[data-testid=beneficiary-total]",
        "0 saved matching",
        20,
    )
    .await?;
    fill(&app, "[data-testid=beneficiary-search]", "4517").await?;
    wait_for_text(&app, "[data-testid=beneficiary-row]", "Ana López", 20).await?;
    app.screenshot(&shot("beneficiaries.png")).await?;

    // One payout: pick the saved beneficiary; its fields fill and stay editable
    click(&app, "[data-testid=payouts-tab-one]").await?;
    fill(&app, "[data-testid=payout-amount]", "640.00").await?;
    fill(&app, "[data-testid=payout-description]", "Catering, March").await?;
    fill(&app, "[data-testid=pick-beneficiary]", "ana").await?;
    wait_for_text(&app, "[data-testid=pick-option]", "Ana López", 20).await?;
    click(&app, "[data-testid=pick-option]").await?;
    wait_for_text(&app, "[data-testid=payout-clabe]", CLABE, 20).await?;
    for (field, want) in [
        ("firstName", FIRST),
        ("lastName", LAST),
        ("email", EMAIL),
        ("documentNumber", RFC),
    ] {
        assert_eq!(
            text_now(&app, &format!("[data-testid=payout-{field}]")).await,
            want,
            "{field} is filled from the saved beneficiary"
        );
    }
    let document_type = app
        .client
        .find(Locator::Css("#p-documentType"))
        .await?
        .prop("value")
        .await?;
    assert_eq!(document_type.as_deref(), Some("Rfc"));
    wait_for_text(&app, "[data-testid=payout-bank]", "002 · Banamex", 20).await?;
    wait_for_text(
        &app,
        "[data-testid=picked-note]",
        "Filled from Ana López",
        20,
    )
    .await?;
    // edited for this payout only
    fill(&app, "[data-testid=payout-email]", "pagos@example.com").await?;
    wait_for_text(
        &app,
        "[data-testid=picked-note]",
        "Changed for this payout",
        20,
    )
    .await?;
    wait_for_text(
        &app,
        "[data-testid=payout-amount-reading]",
        "= 640.00 MXN",
        20,
    )
    .await?;
    app.screenshot(&shot("beneficiaries-picked.png")).await?;

    // Review and queue it
    click(&app, "[data-testid=review-payout]").await?;
    let review = wait_for_text(&app, "[data-testid=payout-review]", "640.00 MXN", 20).await?;
    assert!(review.contains("Ana López"), "{review}");
    assert!(review.contains("Banamex ••••4517"), "{review}");
    click(&app, "[data-testid=confirm-payout]").await?;
    let queued = wait_for_text(&app, "[data-testid=payout-queued]", "Ana López", 20).await?;
    assert!(queued.contains("••••4517"), "{queued}");
    el(&app, "[data-testid=queued-order-id]").await?;

    // the saved beneficiary kept its own email
    let saved = app
        .invoke(
            "beneficiaries",
            serde_json::json!({ "request": { "search_beneficiaries":
                { "text": "ana", "offset": 0, "limit": 10 } } }),
        )
        .await?
        .unwrap();
    let id = saved["items"][0]["id"].clone();
    let whole = app
        .invoke(
            "beneficiaries",
            serde_json::json!({ "request": { "get_beneficiary": { "id": id } } }),
        )
        .await?
        .unwrap();
    assert_eq!(whole["email"], EMAIL, "{whole}");
    app.close().await
}
