//! Every merchant can use the desk: axe-core, the standard accessibility checker, runs in the
//! real window on each screen (onboarding, History, Checkout's form and review, Payouts' form
//! and review, Settings) and any violation fails the test, listed with its rule, impact and
//! the elements it found; and a payout is entered, reviewed and queued with the keyboard
//! alone. Screenshots go to target/screenshots.
//!
//! axe-core comes from the UI's devDependencies (`ui/node_modules/axe-core/axe.min.js`, put
//! there by `npm ci` in ui/); the test reads it from disk and injects it into the window.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::time::Duration;

use desk_e2e::drive::{click, el, fill, shot, text_now, wait_for_text};
use desk_e2e::{AppSession, Error, e2e_available};
use fantoccini::wd::TimeoutConfiguration;

const TAB: &str = "\u{e004}";
const SHIFT: &str = "\u{e008}";
const ENTER: &str = "\u{e007}";
const SPACE: &str = "\u{e00d}";

/// Starts the app with its own keychain service, so tests never see each other's keys.
async fn start(name: &str) -> Result<AppSession, Error> {
    let app = desk_e2e::drive::start(name).await?;
    // axe-core takes a few seconds on a long page in a software-drawn window
    app.client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(0)),
        ))
        .await?;
    Ok(app)
}

/// Runs axe-core on the whole window and returns one line per violation and element, or an
/// empty list. axe-core is injected on the first call (each screen is the same page).
async fn axe_violations(app: &AppSession) -> Result<Vec<String>, Error> {
    let loaded = app
        .client
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != serde_json::Value::Bool(true) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "axe-core is not installed at {} ({e}); run `npm ci` in ui/",
                path.display()
            )
        })?;
        app.client.execute(&source, vec![]).await?;
    }
    let script = r#"
        const done = arguments[0];
        // let the screen settle (two frames) before it is checked
        requestAnimationFrame(() => requestAnimationFrame(() => {
          window.axe.run(document, { resultTypes: ['violations'] }).then(
            (r) => done({ violations: r.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => ({
                target: n.target.join(' '),
                summary: (n.failureSummary || '').replace(/\s+/g, ' '),
              })),
            })) }),
            (e) => done({ error: String(e) }),
          );
        }));
    "#;
    let out = app.client.execute_async(script, vec![]).await?;
    if let Some(e) = out.get("error") {
        return Err(format!("axe-core failed to run: {e}").into());
    }
    let mut lines = Vec::new();
    for v in out["violations"].as_array().cloned().unwrap_or_default() {
        let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
        lines.push(format!(
            "{} ({}, {} node(s)): {}",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            nodes.len(),
            v["help"].as_str().unwrap_or("")
        ));
        for n in nodes {
            lines.push(format!(
                "    {}: {}",
                n["target"].as_str().unwrap_or("?"),
                n["summary"].as_str().unwrap_or("")
            ));
        }
    }
    Ok(lines)
}

/// Checks the screen now in the window, keeps its screenshot and adds what axe-core found
/// to `found` under the screen's name.
async fn check(app: &AppSession, screen: &str, found: &mut Vec<String>) -> Result<(), Error> {
    let file = format!(
        "a11y-{}.png",
        screen.to_lowercase().replace([' ', '(', ')'], "-")
    );
    app.screenshot(&shot(&file)).await?;
    let lines = axe_violations(app).await?;
    eprintln!("axe-core on {screen}: {} line(s)", lines.len());
    if !lines.is_empty() {
        found.push(format!("{screen}:"));
        found.extend(lines.into_iter().map(|l| format!("  {l}")));
    }
    Ok(())
}

// axe-core finds no violation on any screen of the desk.
#[tokio::test(flavor = "multi_thread")]
async fn axe_core_finds_no_violation_on_any_screen() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("a11y-axe").await?;
    let mut found = Vec::new();

    el(&app, "[data-testid=start-sandbox]").await?;
    check(&app, "Onboarding", &mut found).await?;
    click(&app, "[data-testid=start-sandbox]").await?;
    el(&app, "[data-testid=onboarding-done]").await?;
    click(&app, "[data-testid=open-desk]").await?;

    // History, with the sandbox's seeded records in it
    el(&app, "[data-testid=history-row]").await?;
    wait_for_text(&app, "[data-testid=history-total]", "transactions", 30).await?;
    check(&app, "History", &mut found).await?;

    // Settings, with amounts read in English for the screens below
    click(&app, "[data-testid=nav-settings]").await?;
    el(&app, "[data-testid=cred-monnet]").await?;
    el(&app, "[data-testid=settings-locale]")
        .await?
        .select_by_value("en")
        .await?;
    wait_for_text(&app, "[data-testid=amounts-message]", "English", 20).await?;
    check(&app, "Settings", &mut found).await?;

    // Checkout: the form, then its review
    click(&app, "[data-testid=nav-checkout]").await?;
    click(&app, "[data-testid=provider-monei]").await?;
    fill(&app, "[data-testid=checkout-description]", "Coffee beans").await?;
    fill(&app, "[data-testid=checkout-amount]", "12.50").await?;
    wait_for_text(
        &app,
        "[data-testid=checkout-amount-reading]",
        "= 12.50 EUR",
        20,
    )
    .await?;
    check(&app, "Checkout (form)", &mut found).await?;
    click(&app, "[data-testid=review-checkout]").await?;
    wait_for_text(&app, "[data-testid=checkout-review]", "12.50 EUR", 20).await?;
    check(&app, "Checkout (review)", &mut found).await?;

    // Payouts: the form (with a field problem shown), then its review
    click(&app, "[data-testid=nav-payouts]").await?;
    fill(&app, "[data-testid=payout-amount]", "1,250.50").await?;
    fill(
        &app,
        "[data-testid=payout-description]",
        "Supplier invoice 77",
    )
    .await?;
    fill(&app, "[data-testid=payout-firstName]", "María").await?;
    fill(&app, "[data-testid=payout-lastName]", "Pérez").await?;
    fill(&app, "[data-testid=payout-email]", "maria@example.com").await?;
    fill(&app, "[data-testid=payout-documentNumber]", "PEGM9007151H0").await?;
    fill(&app, "[data-testid=payout-clabe]", "002123451234534510").await?;
    click(&app, "[data-testid=payout-amount]").await?;
    wait_for_text(&app, "[data-testid=problem-clabe]", "should be 7", 10).await?;
    check(&app, "Payouts (form)", &mut found).await?;
    fill(&app, "[data-testid=payout-clabe]", "646180110400000007").await?;
    wait_for_text(&app, "[data-testid=payout-bank]", "STP", 10).await?;
    click(&app, "[data-testid=review-payout]").await?;
    wait_for_text(&app, "[data-testid=payout-review]", "1,250.50 MXN", 10).await?;
    check(&app, "Payouts (review)", &mut found).await?;

    app.close().await?;
    assert!(
        found.is_empty(),
        "axe-core found violations:\n{}",
        found.join("\n")
    );
    Ok(())
}

/// The `data-testid` (or, without one, the tag and text) of the focused element.
async fn focused(app: &AppSession) -> Result<String, Error> {
    let out = app
        .client
        .execute(
            "const e = document.activeElement; \
             return e ? (e.dataset.testid || (e.tagName.toLowerCase() + ':' + (e.id || (e.textContent || '').trim().slice(0, 30)))) : '';",
            vec![],
        )
        .await?;
    Ok(out.as_str().unwrap_or_default().to_string())
}

/// Sends keys to whatever has the focus, as a keyboard would.
async fn press(app: &AppSession, keys: &str) -> Result<(), Error> {
    app.client.active_element().await?.send_keys(keys).await?;
    Ok(())
}

/// Presses Tab (or Shift-Tab when `back`) until the element with `testid` has the focus.
async fn tab_to(app: &AppSession, testid: &str, back: bool) -> Result<(), Error> {
    let mut path = Vec::new();
    for _ in 0..60 {
        let now = focused(app).await?;
        if now == testid {
            return Ok(());
        }
        path.push(now);
        if back {
            press(app, &format!("{SHIFT}{TAB}")).await?;
        } else {
            press(app, TAB).await?;
        }
    }
    let _ = app.screenshot(&shot("failure-accessibility.png")).await;
    Err(format!("Tab never reached {testid}; it went {}", path.join(" → ")).into())
}

/// Tabs to the field and types into it.
async fn type_into(app: &AppSession, testid: &str, text: &str) -> Result<(), Error> {
    tab_to(app, testid, false).await?;
    press(app, text).await
}

// A merchant who cannot use a pointer starts the sandbox, opens Payouts, fills in the payout
// (going back with Shift-Tab to mend a mistyped CLABE), reviews it and queues it with Tab,
// Shift-Tab, typing, Enter and Space alone.
#[tokio::test(flavor = "multi_thread")]
async fn a_payout_is_queued_with_the_keyboard_alone() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("a11y-keyboard").await?;
    el(&app, "[data-testid=start-sandbox]").await?;
    tab_to(&app, "start-sandbox", false).await?;
    press(&app, ENTER).await?;
    el(&app, "[data-testid=onboarding-done]").await?;
    tab_to(&app, "open-desk", false).await?;
    press(&app, ENTER).await?;
    el(&app, "[data-testid=history-row]").await?;

    tab_to(&app, "nav-payouts", false).await?;
    press(&app, SPACE).await?;
    el(&app, "[data-testid=payout-amount]").await?;
    type_into(&app, "payout-amount", "1,250.50").await?;
    type_into(&app, "payout-description", "Supplier invoice 77").await?;
    type_into(&app, "payout-firstName", "María").await?;
    type_into(&app, "payout-lastName", "Pérez").await?;
    type_into(&app, "payout-email", "maria@example.com").await?;
    type_into(&app, "payout-documentNumber", "PEGM9007151H0").await?;
    type_into(&app, "payout-clabe", "002123451234534510").await?;
    // leaving the field shows the CLABE's problem; Shift-Tab goes back to mend it
    tab_to(&app, "review-payout", false).await?;
    wait_for_text(&app, "[data-testid=problem-clabe]", "should be 7", 10).await?;
    tab_to(&app, "payout-clabe", true).await?;
    press(&app, &"\u{e003}".repeat(18)).await?; // Backspace
    press(&app, "646180110400000007").await?;
    wait_for_text(&app, "[data-testid=payout-bank]", "STP", 10).await?;
    wait_for_text(
        &app,
        "[data-testid=payout-amount-reading]",
        "= 1,250.50 MXN",
        10,
    )
    .await?;
    app.screenshot(&shot("a11y-keyboard-payout-form.png"))
        .await?;
    // Enter in a field submits the form to its review
    press(&app, ENTER).await?;
    let review = wait_for_text(&app, "[data-testid=payout-review]", "1,250.50 MXN", 10).await?;
    assert!(review.contains("María Pérez"), "{review}");
    assert!(review.contains("SANDBOX"), "{review}");
    tab_to(&app, "confirm-payout", false).await?;
    app.screenshot(&shot("a11y-keyboard-payout-review.png"))
        .await?;
    press(&app, ENTER).await?;
    el(&app, "[data-testid=payout-queued]").await?;
    let order_id = text_now(&app, "[data-testid=queued-order-id]").await;
    assert!(order_id.starts_with("PO-"), "queued as {order_id:?}");
    app.screenshot(&shot("a11y-keyboard-payout-queued.png"))
        .await?;
    app.close().await
}
