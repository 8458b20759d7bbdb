//! A payout batch in the real app window on the embedded sandbox: a file with three bad rows is
//! imported, its report read (row, column, sentence), one row fixed in place and two dropped,
//! the batch approved and sent by the one engine, its progress followed until every payout has
//! an outcome (paid, or rejected by the bank), and the result file saved and read back.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::time::{Duration, Instant};

use desk_e2e::drive::{click, el, fill, onboard, shot, start, text_now, wait_for_text};
use desk_e2e::{AppSession, Error, e2e_available};

const HEADER: &str = "orderId,firstName,lastName,email,documentType,documentNumber,clabe,amount,currency,description";

/// Six payouts: rows 3, 4 and 5 are wrong (a CLABE check digit, an amount, an email); row 6
/// pays someone the bank refuses (the sandbox's `REJECT`).
fn file(run: &str) -> String {
    let row = |n: u32, last: &str, email: &str, clabe: &str, amount: &str| {
        format!(
            "E{run}-{n},María,{last},{email},Rfc,PEGM9007151H0,{clabe},\"{amount}\",MXN,Invoice {n}"
        )
    };
    [
        HEADER.to_string(),
        row(
            2,
            "Pérez",
            "maria@example.com",
            "646180110400000007",
            "1,250.50",
        ),
        row(
            3,
            "Pérez",
            "maria@example.com",
            "646180110400000008",
            "300.00",
        ),
        row(
            4,
            "Pérez",
            "maria@example.com",
            "002123451234534517",
            "12,5,0",
        ),
        row(5, "Pérez", "not-an-email", "002123451234534517", "45.00"),
        row(
            6,
            "REJECT",
            "maria@example.com",
            "002123451234534517",
            "80.00",
        ),
        row(
            7,
            "Gómez",
            "maria@example.com",
            "002123451234534517",
            "10.00",
        ),
    ]
    .join("\r\n")
}

/// Hands `text` to the file input as the merchant's file chooser would.
async fn choose_file(app: &AppSession, name: &str, text: &str) -> Result<(), Error> {
    el(app, "#batch-file").await?;
    app.client
        .execute(
            "const [name, text] = arguments; \
             const input = document.querySelector('#batch-file'); \
             const dt = new DataTransfer(); \
             dt.items.add(new File([text], name, { type: 'text/csv' })); \
             input.files = dt.files; \
             input.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![name.into(), text.into()],
        )
        .await?;
    Ok(())
}

async fn progress(app: &AppSession, attr: &str) -> u32 {
    let Ok(bar) = el(app, "#batch-progress").await else {
        return u32::MAX;
    };
    bar.attr(&format!("data-{attr}"))
        .await
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .unwrap_or(u32::MAX)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_with_bad_rows_is_fixed_approved_sent_and_reported() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("batch-payouts").await?;
    onboard(&app).await?;
    click(&app, "[data-testid=nav-batches]").await?;

    // The template is saved where the merchant can open it.
    click(&app, "#batch-template").await?;
    wait_for_text(&app, "[data-testid=batch-template-path]", ".csv", 20).await?;

    let run = format!("{}", std::process::id() % 10_000);
    choose_file(&app, "friday.csv", &file(&run)).await?;
    wait_for_text(&app, "[data-testid=batch-file-name]", "friday.csv", 30).await?;
    let clabe = wait_for_text(&app, "[data-row='3']", "clabe", 20).await?;
    assert!(
        clabe.contains("should be 7"),
        "row 3 says what is wrong: {clabe}"
    );
    let amount = text_now(&app, "[data-row='4']").await;
    assert!(amount.to_lowercase().contains("amount"), "row 4: {amount}");
    let email = text_now(&app, "[data-row='5']").await;
    assert!(email.to_lowercase().contains("email"), "row 5: {email}");
    assert_eq!(text_now(&app, "[data-testid=batch-rows]").await.trim(), "6");
    app.screenshot(&shot("batch-report.png")).await?;

    // Fix row 3 in place (its CLABE), drop rows 4 and 5.
    click(&app, "[data-row='3'] .fix").await?;
    fill(&app, "#fix-clabe", "002123451234534517").await?;
    click(&app, "#fix-save").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while text_now(&app, "[data-row='3']")
        .await
        .contains("should be 7")
    {
        assert!(Instant::now() < deadline, "row 3 was never fixed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    click(&app, "[data-row='4'] .drop").await?;
    wait_for_text(&app, "[data-testid=batch-rows]", "5", 20).await?;
    click(&app, "[data-row='5'] .drop").await?;
    wait_for_text(&app, "[data-testid=batch-rows]", "4", 20).await?;
    let totals = wait_for_text(
        &app,
        "[data-testid=batch-approve-totals]",
        "1,640.50 MXN",
        20,
    )
    .await?;
    assert!(totals.contains("1,640.50"), "{totals}");

    // One approval; the engine sends each payout once.
    click(&app, "#batch-approve").await?;
    let started = Instant::now();
    let mut synced = false;
    loop {
        let (queued, sent, doubt) = (
            progress(&app, "queued").await,
            progress(&app, "sent").await,
            progress(&app, "in-doubt").await,
        );
        if queued == 0 && sent == 0 && doubt == 0 {
            break;
        }
        // Monnet pays after 35 s of sandbox time; a sync then learns each outcome.
        if started.elapsed() > Duration::from_secs(36) && !synced {
            click(&app, "[data-testid=sync-now]").await.ok();
            synced = true;
        }
        if started.elapsed() > Duration::from_secs(50) {
            synced = false;
        }
        if started.elapsed() > Duration::from_secs(150) {
            let _ = app.screenshot(&shot("failure-batch.png")).await;
            return Err(format!(
                "the batch never finished: queued {queued}, sent {sent}, in doubt {doubt}"
            )
            .into());
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    assert_eq!(
        (
            progress(&app, "paid").await,
            progress(&app, "rejected").await
        ),
        (3, 1),
        "three paid, the REJECT row rejected by the bank"
    );
    app.screenshot(&shot("batch-progress.png")).await?;

    // The result file: one line per row, with its outcome.
    click(&app, "#batch-result").await?;
    let saved = wait_for_text(&app, "#batch-result-path", ".csv", 20).await?;
    let path = saved.trim().trim_start_matches("Saved to ").trim();
    let result = std::fs::read_to_string(path)?;
    let lines: Vec<&str> = result.lines().collect();
    assert_eq!(lines.len(), 5, "a header and four rows: {result}");
    for (row, outcome) in [(2, "paid"), (3, "paid"), (6, "rejected"), (7, "paid")] {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("{row},")))
            .unwrap_or_else(|| panic!("row {row} in {result}"));
        assert!(line.contains(&format!(",{outcome},")), "row {row}: {line}");
    }
    app.close().await
}
