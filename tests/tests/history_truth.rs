//! The history tells what happened, in the real app window on the embedded sandbox: Settings
//! shows each provider's own sync state (and says which providers' records made outside the
//! desk cannot appear), and a payout the bank returns after "paid" is shown as reversed, on its
//! timeline, with a notice.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::time::{Duration, Instant};

use desk_e2e::drive::{
    click, el, fill, fill_payout, onboard, shot, start, text_now, wait_for_text,
};
use desk_e2e::{Error, e2e_available};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn each_provider_has_its_sync_state_and_a_returned_payout_shows_as_reversed()
-> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("history-truth").await?;
    onboard(&app).await?;

    // A payout the sandbox's bank pays, then returns (its description asks for it).
    fill_payout(&app, "980.00", "Supplier invoice REVERSE", "= 980.00 MXN").await?;
    click(&app, "[data-testid=review-payout]").await?;
    wait_for_text(&app, "[data-testid=payout-review]", "980.00 MXN", 20).await?;
    click(&app, "[data-testid=confirm-payout]").await?;
    el(&app, "[data-testid=queued-order-id]").await?;
    let reference = text_now(&app, "[data-testid=queued-order-id]")
        .await
        .trim()
        .to_string();
    assert!(!reference.is_empty());
    let started = Instant::now();

    // Settings: each provider's own state; Monei and Monnet say what cannot appear.
    click(&app, "[data-testid=nav-settings]").await?;
    for provider in ["mona", "monei", "moneflow", "monnet"] {
        wait_for_text(
            &app,
            &format!("[data-testid=sync-{provider}]"),
            "Up to date",
            40,
        )
        .await?;
    }
    let monei = text_now(&app, "[data-testid=sync-outside-monei]").await;
    assert!(monei.contains("will not appear"), "{monei}");
    let monnet = text_now(&app, "[data-testid=sync-outside-monnet]").await;
    assert!(monnet.contains("will not appear"), "{monnet}");
    el(&app, "[data-testid=sync-state]").await?;
    app.client
        .execute(
            "document.querySelector('[data-testid=sync-state]').scrollIntoView({block: 'center'})",
            vec![],
        )
        .await?;
    app.screenshot(&shot("settings-sync.png")).await?;

    // The bank returns the payout 90 s after it was made (sandbox time runs with the clock).
    click(&app, "[data-testid=nav-history]").await?;
    fill(&app, "[data-testid=history-search]", &reference).await?;
    let deadline = started + Duration::from_secs(180);
    loop {
        if Instant::now() > started + Duration::from_secs(92) {
            click(&app, "[data-testid=sync-now]").await.ok();
        }
        // The list re-renders as sync passes land: a row read mid-render is read again.
        let rows = app
            .client
            .find_all(Locator::Css("[data-testid=history-row]"))
            .await
            .unwrap_or_default();
        let mut opened = false;
        for row in rows {
            let text = row
                .prop("textContent")
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            if text.contains(&reference)
                && text.contains("reversed by the bank")
                && row.click().await.is_ok()
            {
                opened = true;
                break;
            }
        }
        if opened {
            break;
        }
        if Instant::now() > deadline {
            let _ = app.screenshot(&shot("failure-reversed.png")).await;
            return Err(format!("{reference} never showed as reversed").into());
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    wait_for_text(
        &app,
        "[data-testid=detail-status]",
        "reversed by the bank",
        20,
    )
    .await?;
    let timeline = wait_for_text(
        &app,
        "[data-testid=status-timeline]",
        "reversed by the bank",
        20,
    )
    .await?;
    let paid = timeline.find("paid").expect("paid is on the timeline");
    let reversed = timeline.rfind("reversed by the bank").unwrap();
    assert!(paid < reversed, "paid, then reversed: {timeline}");
    app.screenshot(&shot("reversed-timeline.png")).await?;
    app.close().await
}
