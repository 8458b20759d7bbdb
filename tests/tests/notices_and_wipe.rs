//! Nothing money-shaped is dropped without a word, in the real app window on the embedded
//! sandbox: Lock and wipe with a payout still waiting in the outbox names it (count and
//! total), offers to export the history first, and wipes only after "Wipe anyway".

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::path::PathBuf;
use std::time::{Duration, Instant};

use desk_e2e::drive::{
    click, el, fill, fill_payout, onboard, shot, start, text_now, wait_for_text,
};
use desk_e2e::{Error, e2e_available};
use fantoccini::Locator;

// A payout entered offline waits in the outbox; the wipe names it and needs a second yes.
#[tokio::test(flavor = "multi_thread")]
async fn a_wipe_with_a_queued_payout_names_it_and_needs_wipe_anyway() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("wipe-unsettled").await?;
    onboard(&app).await?;
    click(&app, "[data-testid=nav-settings]").await?;
    click(&app, "[data-testid=sandbox-network]").await?;
    wait_for_text(&app, "[data-testid=connectivity]", "Offline", 20).await?;

    fill_payout(&app, "1,250.50", "Supplier invoice 78", "= 1,250.50 MXN").await?;
    click(&app, "[data-testid=review-payout]").await?;
    wait_for_text(&app, "[data-testid=payout-review]", "1,250.50 MXN", 20).await?;
    click(&app, "[data-testid=confirm-payout]").await?;
    el(&app, "[data-testid=payout-queued]").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let pending = text_now(&app, "[data-testid=sync-queue]").await;
        if pending.starts_with("1 queued") || pending.contains("1 in flight") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the payout waits in the outbox: {pending}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    click(&app, "[data-testid=nav-settings]").await?;
    fill(&app, "[data-testid=wipe-confirm]", "WIPE").await?;
    click(&app, "[data-testid=wipe]").await?;
    let sentence =
        wait_for_text(&app, "[data-testid=wipe-unsettled]", "money movement", 20).await?;
    assert!(
        sentence.contains("1 money movement"),
        "names the count: {sentence}"
    );
    assert!(
        sentence.contains("1,250.50 MXN"),
        "names the total: {sentence}"
    );
    app.screenshot(&shot("wipe-unsettled.png")).await?;
    // nothing was wiped yet: the desk is still there, keys and all
    assert!(
        app.client
            .find(Locator::Css("[data-testid=start-sandbox]"))
            .await
            .is_err(),
        "the first click wipes nothing"
    );
    el(&app, "[data-testid=cred-monnet]").await?;

    click(&app, "[data-testid=wipe-export]").await?;
    let exported = wait_for_text(&app, "[data-testid=wipe-export-path]", ".csv", 20).await?;
    let csv = PathBuf::from(
        exported
            .trim()
            .trim_start_matches("History saved to ")
            .trim(),
    );
    let rows = std::fs::read_to_string(&csv).map_err(|e| format!("{}: {e}", csv.display()))?;
    assert!(
        rows.contains("1250.50") || rows.contains("1,250.50") || rows.contains("125050"),
        "the export holds the queued payout"
    );

    click(&app, "[data-testid=wipe-anyway]").await?;
    el(&app, "[data-testid=start-sandbox]").await?;
    app.close().await
}
