#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{AmountLocale, Environment, Provider};
use desk_store::records::Record;

use super::*;
use crate::host::TestHost;
use crate::paths::DeskPaths;
use crate::settings::Settings;

fn ms(rfc3339: &str) -> i64 {
    desk_store::local_time::day_ms(rfc3339, false, &TimeZone::UTC).unwrap()
}

fn record(kind: &str, reference: &str, minor: i64, status: &str, at: &str) -> Record {
    Record {
        provider: if kind == "payout" {
            Provider::Monnet
        } else {
            Provider::Moneflow
        },
        environment: Environment::Sandbox,
        kind: kind.into(),
        reference: reference.into(),
        remote_id: Some(format!("r-{reference}")),
        amount_minor: minor,
        currency: "MXN".into(),
        status: status.into(),
        counterparty: "Panadería Núñez".into(),
        description: String::new(),
        details: serde_json::json!({}),
        created_at: ms(at),
        updated_at: ms(at),
        note: None,
    }
}

/// A desk in Mexico City, writing amounts in English, with October's and November's records.
fn desk(dir: &Path) -> Desk {
    let d = Desk::open(
        DeskPaths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
            log_dir: dir.join("logs"),
        },
        Arc::new(TestHost::default()),
        Arc::new(desk_vault::MemoryStore::default()),
    )
    .unwrap();
    d.update_settings(Settings {
        time_zone: Some("America/Mexico_City".into()),
        merchant_name: Some("Panadería Núñez".into()),
        locale: Some(AmountLocale::En),
        ..d.settings()
    })
    .unwrap();
    let store = d.store().unwrap();
    store
        .upsert(&record(
            "checkout",
            "OCT-1",
            150_000,
            "succeeded",
            "2026-10-03T10:00:00-06:00",
        ))
        .unwrap();
    store
        .upsert(&record(
            "payout",
            "OCT-PO",
            80_000,
            "paid",
            "2026-10-09T10:00:00-06:00",
        ))
        .unwrap();
    let mut hostile = record(
        "checkout",
        "=cmd|' /C calc'!A0",
        1_000_000,
        "succeeded",
        "2026-11-01T00:00:00-06:00",
    );
    hostile.counterparty = "=HYPERLINK(\"http://evil\")".into();
    store.upsert(&hostile).unwrap();
    let mut returned = record(
        "payout",
        "NOV-PO",
        25_000,
        "paid",
        "2026-11-04T10:00:00-06:00",
    );
    store.upsert(&returned).unwrap();
    returned.status = "reversed".into();
    returned.updated_at = ms("2026-11-20T09:30:00-06:00");
    store.upsert(&returned).unwrap();
    store
        .upsert(&record(
            "checkout",
            "NOV-FAILED",
            9_999,
            "failed",
            "2026-11-05T10:00:00-06:00",
        ))
        .unwrap();
    drop(store);
    d
}

/// The CSV's rows as cells, after its byte-order mark.
fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(BOM), "UTF-8 with its byte-order mark");
    csv::Reader::from_reader(&bytes[BOM.len()..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn col(name: &str) -> usize {
    HEADER.iter().position(|h| *h == name).unwrap()
}

#[test]
fn the_csv_opens_with_the_opening_total_runs_the_total_and_closes_with_the_closing_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    let path = d
        .save_statement(
            "2026-11",
            "MXN",
            StatementFormat::Csv,
            &dir.path().join("downloads"),
        )
        .unwrap();
    assert_eq!(
        path.file_name().unwrap(),
        "statement-2026-11-MXN-sandbox.csv"
    );
    let rows = rows(&std::fs::read(&path).unwrap());
    let cells = |i: usize, names: &[&str]| -> Vec<String> {
        names.iter().map(|n| rows[i][col(n)].clone()).collect()
    };
    let picked = [
        "date_time",
        "utc_offset",
        "kind",
        "reference",
        "amount",
        "total",
    ];
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(
        cells(0, &picked),
        ["2026-11-01 00:00:00", "-06:00", "opening", "", "", "700.00"]
    );
    assert_eq!(
        cells(1, &picked),
        [
            "2026-11-01 00:00:00",
            "-06:00",
            "payment",
            "'=cmd|' /C calc'!A0",
            "10000.00",
            "10700.00"
        ]
    );
    assert_eq!(rows[1][col("counterparty")], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(rows[1][col("provider")], "moneflow");
    assert_eq!(
        cells(2, &picked),
        [
            "2026-11-04 10:00:00",
            "-06:00",
            "payout",
            "NOV-PO",
            "-250.00",
            "10450.00"
        ]
    );
    assert_eq!(
        cells(3, &picked),
        [
            "2026-11-20 09:30:00",
            "-06:00",
            "payout_reversed",
            "NOV-PO",
            "250.00",
            "10700.00"
        ]
    );
    assert_eq!(
        cells(4, &picked),
        [
            "2026-11-30 23:59:59",
            "-06:00",
            "closing",
            "",
            "",
            "10700.00"
        ]
    );
    for r in &rows {
        assert_eq!(
            (r[col("currency")].as_str(), r[col("environment")].as_str()),
            ("MXN", "sandbox")
        );
    }
    // the amounts add up to the month's net
    let net: f64 = rows
        .iter()
        .filter_map(|r| r[col("amount")].parse::<f64>().ok())
        .sum();
    assert!((net - (10_700.00 - 700.00)).abs() < 1e-9, "{net}");
}

#[test]
fn choices_and_refusals_come_from_the_desks_environment() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    let c = d.statement_choices().unwrap();
    assert_eq!(c.months, ["2026-11", "2026-10"]);
    assert_eq!(c.currencies, ["MXN"]);
    for (month, currency) in [("2026-13", "MXN"), ("November", "MXN"), ("2026-11", " ")] {
        let e = d.statement(month, currency).unwrap_err();
        assert_eq!(e.code(), "errors.validation", "{month} {currency}");
    }
    d.set_environment(Environment::Production, true).unwrap();
    assert_eq!(d.statement_choices().unwrap(), StatementChoices::default());
    let st = d.statement("2026-11", "MXN").unwrap();
    assert_eq!(
        (st.opening_minor, st.closing_minor, st.movements.len()),
        (0, 0, 0)
    );
}

/// The text of a PDF, page by page, read back with `pdftotext` (poppler-utils,
/// scripts/bootstrap.sh).
fn pdf_pages(path: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, scripts/bootstrap.sh) reads the statement");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn assert_holds(text: &str, lines: &[&str]) {
    for l in lines {
        assert!(text.contains(l), "the statement lacks {l:?}:\n{text}");
    }
}

#[test]
fn the_pdf_says_who_what_and_when_with_both_totals_and_each_movement() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    let out = dir.path().join("downloads");
    let path = d
        .save_statement("2026-11", "MXN", StatementFormat::Pdf, &out)
        .unwrap();
    assert_eq!(
        path.file_name().unwrap(),
        "statement-2026-11-MXN-sandbox.pdf"
    );
    let pages = pdf_pages(&path);
    assert_eq!(pages.len(), 1);
    assert_holds(
        &pages[0],
        &[
            "Monthly statement",
            "Panadería Núñez",
            "November 2026 · MXN · Sandbox (test money)",
            "Times in America/Mexico_City (UTC-06:00 on the 1st)",
            "Opening total on 1 November 2026",
            "700.00",
            "2026-11-04 10:00",
            "MonEFlow Pay",
            "Payout reversed",
            "NOV-PO",
            "-250.00",
            "10,450.00",
            "Closing total on 30 November 2026",
            "10,700.00",
            "3 movements: 10,250.00 in, -250.00 out.",
            "Page 1 of 1",
            "SANDBOX: test records, no real money moved.",
        ],
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        d.statement_file("2026-11", "MXN", StatementFormat::Pdf)
            .unwrap(),
        "the same statement gives the same bytes"
    );
}

#[test]
fn a_long_month_takes_more_pages_each_with_the_column_titles() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    let store = d.store().unwrap();
    let many: Vec<Record> = (0..130)
        .map(|i| {
            let mut r = record(
                "checkout",
                &format!("DEC-{i:03}"),
                1_000,
                "succeeded",
                "2026-12-01T09:00:00-06:00",
            );
            r.created_at += i * 60_000;
            r
        })
        .collect();
    store.upsert_many(&many).unwrap();
    let path = d
        .save_statement("2026-12", "MXN", StatementFormat::Pdf, dir.path())
        .unwrap();
    let pages = pdf_pages(&path);
    assert_eq!(pages.len(), 3, "130 rows at about 50 a page");
    for (i, page) in pages.iter().enumerate() {
        assert_holds(
            page,
            &[
                "Date and time",
                "Counterparty",
                &format!("Page {} of 3", i + 1),
            ],
        );
    }
    assert_holds(
        &pages[0],
        &["Opening total on 1 December 2026", "10,700.00", "DEC-000"],
    );
    assert_holds(&pages[1], &["December 2026 · MXN · continued"]);
    assert_holds(
        &pages[2],
        &[
            "DEC-129",
            "Closing total on 31 December 2026",
            "12,000.00",
            "130 movements",
        ],
    );
    let all = pages.concat();
    for i in 0..130 {
        assert_eq!(
            all.matches(&format!("DEC-{i:03}")).count(),
            1,
            "DEC-{i:03} once"
        );
    }
}
