//! The day at a glance, in the real app window on the embedded sandbox: Today opens in one
//! click, its totals for today, 7 and 30 days equal the sums of the records the history holds
//! for the same local days (read through `list_history` and `history_detail`, as the UI reads
//! them), axe-core finds nothing wrong on it, and a rejected payout is in what needs attention
//! and leads to its record. The summary with its chart is saved as
//! target/screenshots/day-summary.png and day-summary-chart.png (the latter also in
//! docs/screenshots for the README).

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use desk_e2e::drive::{click, el, onboard, shot, start, wait_for_text};
use desk_e2e::{AppSession, Error, e2e_available};
use fantoccini::Locator;
use fantoccini::wd::TimeoutConfiguration;
use serde_json::{Value, json};

/// Taken, refunded and paid out per currency, in minor units.
type Sums = BTreeMap<String, [i64; 3]>;

fn docs_shot(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/screenshots")
        .join(name)
}

async fn call(app: &AppSession, cmd: &str, args: Value) -> Result<Value, Error> {
    app.invoke(cmd, args)
        .await?
        .map_err(|e| format!("{cmd} refused: {e}").into())
}

fn payout(order: &str, last_name: &str) -> Value {
    json!({
        "country": "MEX", "amount": "980", "currency": "MXN", "orderId": order,
        "description": "Supplier invoice", "firstName": "María", "lastName": last_name,
        "email": "maria@example.com", "documentType": "Rfc", "documentNumber": "PEGM9007151H0",
        "clabe": "646180110400000007", "bankCode": ""
    })
}

fn unconfirmed() -> Value {
    json!({ "confirmed": false, "aboveLimit": false, "amountShown": null })
}

/// Every record of the history between the local days `from` and `to` (inclusive), page by page.
async fn records(app: &AppSession, from: &str, to: &str) -> Result<Vec<Value>, Error> {
    let mut out = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let page = call(
            app,
            "list_history",
            json!({ "query": { "from": from, "to": to, "limit": 500, "cursor": cursor } }),
        )
        .await?;
        out.extend(page["items"].as_array().cloned().unwrap_or_default());
        match &page["nextCursor"] {
            Value::String(c) => cursor = Value::String(c.clone()),
            _ => return Ok(out),
        }
    }
}

fn minor(v: &Value) -> i64 {
    v["minor"].as_i64().unwrap()
}

/// The sums of the records as the summary's rules say (taken: a payment whose money came in;
/// refunded: a confirmed refund; paid out: a paid payout), each on its own local day.
async fn sums_of_records(app: &AppSession, from: &str, to: &str) -> Result<Sums, Error> {
    let mut sums = Sums::new();
    let in_days = |at: &str| (from..=to).contains(&&at[..10]);
    for r in records(app, from, to).await? {
        let currency = r["amount"]["currency"].as_str().unwrap().to_string();
        let kind = r["kind"].as_str().unwrap();
        let status = r["status"].as_str().unwrap();
        let payment = !["payout", "refund", "capture", "void"].contains(&kind);
        let taken = ["succeeded", "captured", "partially_refunded", "refunded"].contains(&status);
        if payment && taken {
            let amount = if r["captured"].is_null() {
                &r["amount"]
            } else {
                &r["captured"]
            };
            sums.entry(currency.clone()).or_default()[0] += minor(amount);
        }
        if kind == "payout" && status == "paid" {
            sums.entry(currency.clone()).or_default()[2] += minor(&r["amount"]);
        }
    }
    // Refunds are the payments' operations, not rows of the list: every payment that has
    // refunds, whatever its day, is opened for them.
    for r in records(app, "2000-01-01", to).await? {
        if minor(&r["refunded"]) == 0 {
            continue;
        }
        let detail = call(
            app,
            "history_detail",
            json!({ "id": r["id"].as_str().unwrap() }),
        )
        .await?;
        for op in detail["operations"].as_array().cloned().unwrap_or_default() {
            let at = op["createdAt"].as_str().unwrap();
            if op["kind"] == "refund" && op["status"] == "refunded" && in_days(at) {
                let currency = op["amount"]["currency"].as_str().unwrap().to_string();
                sums.entry(currency).or_default()[1] += minor(&op["amount"]);
            }
        }
    }
    sums.retain(|_, s| s.iter().any(|v| *v != 0));
    Ok(sums)
}

/// What a period's card shows: its days and, per currency, the three figures (their minor
/// units, checked against the digits of the text shown beside them).
async fn shown(app: &AppSession, period: &str) -> Result<(String, String, Sums), Error> {
    let card = el(app, &format!("[data-testid=summary-period-{period}]")).await?;
    let from = card.attr("data-from").await?.unwrap_or_default();
    let to = card.attr("data-to").await?.unwrap_or_default();
    let mut sums = Sums::new();
    for c in card
        .find_all(Locator::Css("[data-testid=summary-currency]"))
        .await?
    {
        let currency = c.attr("data-currency").await?.unwrap_or_default();
        let mut figures = [0; 3];
        for (i, what) in ["taken", "refunded", "paid-out"].iter().enumerate() {
            let f = c
                .find(Locator::Css(&format!("[data-testid=summary-{what}]")))
                .await?;
            let minor: i64 = f
                .attr("data-minor")
                .await?
                .unwrap_or_default()
                .parse()
                .map_err(|e| format!("{period} {currency} {what}: data-minor: {e}"))?;
            let text = f
                .find(Locator::Css(".amount"))
                .await?
                .prop("textContent")
                .await?
                .unwrap_or_default();
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(
                digits
                    .parse::<i64>()
                    .map_err(|e| format!("{period} {currency} {what}: {text:?}: {e}"))?,
                minor,
                "{period} {currency} {what}: the text {text:?} shows its figure"
            );
            assert!(text.ends_with(&currency), "{text}");
            figures[i] = minor;
        }
        sums.insert(currency, figures);
    }
    sums.retain(|_, s| s.iter().any(|v| *v != 0));
    Ok((from, to, sums))
}

/// Waits until the history holds `reference` with `status`.
async fn wait_for_status(app: &AppSession, reference: &str, status: &str) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(150);
    loop {
        let page = call(
            app,
            "list_history",
            json!({ "query": { "text": reference } }),
        )
        .await?;
        if let Some(r) = page["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["reference"] == reference && r["status"] == status)
        {
            return Ok(r["id"].as_str().unwrap().to_string());
        }
        if Instant::now() > deadline {
            return Err(format!("{reference} never became {status}: {page}").into());
        }
        // the sandbox decides a payout 30 s after it is made; sync brings it
        let _ = app.invoke("sync_now", json!({})).await?;
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
}

/// What axe-core, the accessibility checker the accessibility test uses (from the UI's
/// devDependencies), finds wrong in the window now: one line per rule and element.
async fn axe_violations(app: &AppSession) -> Result<Vec<String>, Error> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "axe-core is not installed at {} ({e}); run `npm ci` in ui/",
            path.display()
        )
    })?;
    app.client.execute(&source, vec![]).await?;
    let script = r#"
        const done = arguments[0];
        requestAnimationFrame(() => requestAnimationFrame(() => {
          window.axe.run(document, { resultTypes: ['violations'] }).then(
            (r) => done(r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ')}`))),
            (e) => done([`axe-core failed to run: ${e}`]),
          );
        }));
    "#;
    let out = app.client.execute_async(script, vec![]).await?;
    Ok(out
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| l.as_str().unwrap_or_default().to_string())
        .collect())
}

// A paid and a rejected payout and a refund join the seeded history; the summary's numbers are
// the records' own, and the rejected payout leads to its record.
#[tokio::test(flavor = "multi_thread")]
async fn the_summary_sums_the_records_and_leads_to_what_needs_attention() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("day-summary").await?;
    onboard(&app).await?;

    let stamp = std::process::id() % 100_000;
    let paid = format!("DS-{stamp}-P");
    let rejected = format!("DS-{stamp}-R");
    call(
        &app,
        "create_payout",
        json!({ "draft": payout(&paid, "Pérez"), "confirmation": unconfirmed() }),
    )
    .await?;
    call(
        &app,
        "create_payout",
        json!({ "draft": payout(&rejected, "REJECT"), "confirmation": unconfirmed() }),
    )
    .await?;
    // 5 USD back from a seeded MonEFlow Pay payment
    let sold = call(
        &app,
        "list_history",
        json!({ "query": { "provider": "moneflow", "status": "succeeded", "limit": 1 } }),
    )
    .await?;
    let payment = sold["items"][0]["id"].as_str().unwrap().to_string();
    let refund = call(
        &app,
        "create_after_sale",
        json!({
            "request": { "paymentId": payment, "action": "refund", "amount": "5", "reason": "requested_by_customer" },
            "confirmation": unconfirmed()
        }),
    )
    .await?;
    assert_eq!(refund["state"], "done", "the refund went through: {refund}");
    wait_for_status(&app, &paid, "paid").await?;
    let rejected_id = wait_for_status(&app, &rejected, "failed").await?;

    // Today, in one click from the history.
    click(&app, "[data-testid=nav-summary]").await?;
    el(&app, "[data-testid=summary-period-last30Days]").await?;
    for period in ["today", "last7Days", "last30Days"] {
        let (from, to, on_screen) = shown(&app, period).await?;
        let records = sums_of_records(&app, &from, &to).await?;
        assert_eq!(
            on_screen, records,
            "{period} ({from} to {to}): the summary's totals are the records' sums"
        );
        if period == "today" {
            assert_eq!(
                on_screen["MXN"][2], 98_000,
                "the paid payout: {on_screen:?}"
            );
            assert_eq!(on_screen["USD"][1], 500, "the refund: {on_screen:?}");
        } else {
            assert!(
                on_screen.len() >= 3,
                "seeded NGN, USD and MXN: {on_screen:?}"
            );
        }
    }
    // the chart is drawn (uPlot's canvas), and the rejected payout waits for the merchant
    if el(&app, "[data-testid=daily-plot] canvas").await.is_err() {
        let html = app
            .client
            .execute(
                "return document.querySelector('[data-testid=daily-chart]').outerHTML",
                vec![],
            )
            .await?;
        return Err(format!("the daily chart was not drawn: {html}").into());
    }
    let item = "[data-testid=attention-item][data-kind=payoutRejected]";
    let text = wait_for_text(&app, item, &rejected, 20).await?;
    assert!(
        text.contains("980.00 MXN") || text.contains("980,00 MXN"),
        "{text}"
    );
    app.screenshot(&shot("day-summary.png")).await?;
    app.client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(0)),
        ))
        .await?;
    let violations = axe_violations(&app).await?;
    assert!(
        violations.is_empty(),
        "axe-core on the summary: {violations:#?}"
    );
    // the chart whole, the attention list beside it
    app.client
        .execute(
            "document.querySelector('[data-testid=daily-chart]').scrollIntoView({block: 'end'})",
            vec![],
        )
        .await?;
    app.screenshot(&shot("day-summary-chart.png")).await?;
    app.screenshot(&docs_shot("day-summary.png")).await?;

    // The item leads to its record: History, its details open.
    for candidate in app.client.find_all(Locator::Css(item)).await? {
        if candidate.text().await?.contains(&rejected) {
            candidate.click().await?;
            break;
        }
    }
    let detail = wait_for_text(&app, "[data-testid=history-detail]", &rejected, 20).await?;
    assert!(detail.contains("María"), "{detail}");
    let current = el(&app, "[data-testid=nav-history]")
        .await?
        .attr("aria-current")
        .await?;
    assert_eq!(
        current.as_deref(),
        Some("page"),
        "History is the screen now"
    );
    app.screenshot(&shot("day-summary-record.png")).await?;
    assert!(!rejected_id.is_empty());
    app.close().await
}
