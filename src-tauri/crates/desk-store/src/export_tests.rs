#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::{Currency, Environment, Money, Provider};
use jiff::civil::date;
use jiff::tz::TimeZone;

use super::*;
use crate::records::Record;

fn record(reference: &str, minor: i64, currency: &str, created_at: i64) -> Record {
    Record {
        provider: Provider::Monei,
        environment: Environment::Sandbox,
        kind: "payment".into(),
        reference: reference.into(),
        remote_id: Some(format!("pay_{reference}")),
        amount_minor: minor,
        currency: currency.into(),
        status: "succeeded".into(),
        counterparty: "Ana".into(),
        description: String::new(),
        details: serde_json::json!({}),
        created_at,
        updated_at: created_at,
        note: None,
    }
}

fn export(s: &Store, q: &HistoryQuery) -> String {
    let mut out = Vec::new();
    s.export_csv(q, &mut out).unwrap();
    assert!(out.starts_with(BOM), "UTF-8 with its byte-order mark");
    String::from_utf8(out[BOM.len()..].to_vec()).unwrap()
}

/// The CSV's rows as cells (the csv crate reads back what it wrote).
fn cells(csv: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column(name: &str) -> usize {
    HEADER.iter().position(|h| *h == name).unwrap()
}

#[test]
fn every_iso_currency_is_stored_listed_and_exported_with_its_own_exponent() {
    let s = Store::open_in_memory().unwrap();
    for (i, (minor, code)) in [
        (125_050, "CHF"),
        (1_500, "JPY"),
        (1_250_500, "KWD"),
        (123_456, "XQQ"),
    ]
    .into_iter()
    .enumerate()
    {
        s.upsert(&record(
            &format!("P-{code}"),
            minor,
            code,
            1_000 * (i as i64 + 1),
        ))
        .unwrap();
    }
    let page = s.history(&HistoryQuery::default()).unwrap();
    let shown: Vec<String> = page.items.iter().map(|i| i.amount.to_string()).collect();
    // newest first; an unknown code shows the raw minor units with the code as received
    assert_eq!(
        shown,
        ["123456 XQQ", "1250.500 KWD", "1500 JPY", "1250.50 CHF"]
    );
    assert!(!page.items[0].amount.currency.is_iso());
    let json = serde_json::to_value(page.items[2].amount).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "minor": 1_500, "currency": "JPY" })
    );

    let rows = cells(&export(&s, &HistoryQuery::default()));
    let exported: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r[column("amount")].as_str(),
                r[column("currency")].as_str(),
                r[column("amount_units")].as_str(),
                r[column("net")].as_str(),
            )
        })
        .collect();
    assert_eq!(
        exported,
        [
            ("123456", "XQQ", "minor", "123456"),
            ("1250.500", "KWD", "major", "1250.500"),
            ("1500", "JPY", "major", "1500"),
            ("1250.50", "CHF", "major", "1250.50"),
        ]
    );
    // the opened record too
    let id = crate::records::record_id(Provider::Monei, Environment::Sandbox, "payment", "P-KWD");
    assert_eq!(
        s.detail(&id).unwrap().item.amount.to_string(),
        "1250.500 KWD"
    );
}

#[test]
fn the_export_opens_in_a_spreadsheet_as_it_is() {
    let s = Store::open_in_memory().unwrap();
    let mut formula = record("P-1", 1_250, "EUR", 1_000);
    formula.counterparty = "=HYPERLINK(\"http://x\",\"y\")".into();
    formula.description = "-5% off, +tip, @once".into();
    s.upsert(&formula).unwrap();
    let mut accents = record("P-2", 990, "EUR", 2_000);
    accents.counterparty = "Peña Café".into();
    accents.description = "\tpaid\r".into();
    s.upsert(&accents).unwrap();

    let csv = export(&s, &HistoryQuery::default());
    assert!(csv.contains("Peña Café"), "accents intact: {csv}");
    let rows = cells(&csv);
    let (c, d) = (column("counterparty"), column("description"));
    assert_eq!(rows[0][c], "Peña Café");
    assert_eq!(rows[0][d], "'\tpaid\r");
    assert_eq!(rows[1][c], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(rows[1][d], "'-5% off, +tip, @once");
    assert_eq!(rows[1][column("amount")], "12.50");
}

#[test]
fn a_negative_amount_stays_a_number_and_text_cells_are_escaped() {
    let eur = |minor| Money::new(minor, Currency::EUR);
    let item = HistoryItem {
        id: "x".into(),
        provider: Provider::Monei,
        environment: Environment::Sandbox,
        kind: "payment".into(),
        amount: eur(-1_250),
        status: "-".into(),
        counterparty: "+34 600".into(),
        reference: "@ref".into(),
        description: "=1+1".into(),
        remote_id: Some("-id".into()),
        created_at: "2026-11-26T05:30:00Z".into(),
        updated_at: "2026-11-26T05:30:00Z".into(),
        captured: None,
        refunded: eur(0),
        net: eur(-1_250),
        parent_id: None,
    };
    let r = row(&item, &TimeZone::get("America/Mexico_City").unwrap());
    assert_eq!(r[column("amount")], "-12.50");
    assert_eq!(r[column("net")], "-12.50");
    for (name, cell) in [
        ("status", "'-"),
        ("counterparty", "'+34 600"),
        ("reference", "'@ref"),
        ("description", "'=1+1"),
        ("provider_id", "'-id"),
    ] {
        assert_eq!(r[column(name)], cell, "{name}");
    }
    assert_eq!(
        (
            r[column("created_at")].as_str(),
            r[column("utc_offset")].as_str()
        ),
        ("2026-11-25 23:30:00", "-06:00")
    );
}

#[test]
fn a_beneficiarys_email_and_document_are_masked_in_lists_and_whole_when_opened() {
    let s = Store::open_in_memory().unwrap();
    let draft = desk_domain::PayoutDraft {
        country: "MEX".into(),
        amount: "1,250.50".into(),
        currency: "MXN".into(),
        order_id: "PO-1".into(),
        description: "Pago a maria@example.com RFC PEGM9007151H0".into(),
        first_name: "María".into(),
        last_name: "Pérez".into(),
        email: "maria@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    };
    let op = s
        .enqueue_payout(&draft, Environment::Sandbox, 1_000)
        .unwrap();
    let q = HistoryQuery::default();
    let listed = &s.history(&q).unwrap().items[0];
    assert_eq!(listed.description, "Pago a m•••@example.com RFC ••••51H0");
    assert_eq!(listed.counterparty, "María Pérez");
    let csv = export(&s, &q);
    for whole in ["maria@example.com", "PEGM9007151H0", "646180110400000007"] {
        assert!(!csv.contains(whole), "{whole} in {csv}");
    }
    assert!(csv.contains("m•••@example.com"), "{csv}");

    let opened = s.detail(&op.transaction_id).unwrap();
    assert_eq!(opened.item.description, draft.description);
    let fact = |k: &str| {
        opened
            .facts
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .unwrap()
    };
    assert_eq!(fact("email"), "maria@example.com");
    assert_eq!(fact("document"), "Rfc PEGM9007151H0");
    assert_eq!(
        fact("clabe"),
        "••••0007",
        "the CLABE stays masked even when opened"
    );
}

/// A payment at 23:30 on 25 November 2026 in `tz` is in that day's filter, not the next's,
/// and one at 00:30 the next day is in the next day's only (whichever side of UTC `tz` is);
/// both are listed and exported at their local clock time with the zone's offset.
fn a_payment_at_half_past_eleven_is_in_its_local_day(zone: Option<TimeZone>) {
    let tz = zone.clone().unwrap_or_else(TimeZone::system);
    let local = |d: jiff::civil::Date, h| d.at(h, 30, 0, 0).to_zoned_datetime(tz.clone()).unwrap();
    let late = local(date(2026, 11, 25), 23);
    let early = local(date(2026, 11, 26), 0);
    let s = Store::open_in_memory().unwrap();
    for (reference, at) in [("P-late", &late), ("P-early", &early)] {
        s.upsert(&record(
            reference,
            1_250,
            "MXN",
            at.timestamp().as_millisecond(),
        ))
        .unwrap();
    }
    let day = |d: &str| HistoryQuery {
        from: Some(d.into()),
        to: Some(d.into()),
        zone: zone.clone(),
        ..HistoryQuery::default()
    };
    let found = |d: &str| s.history(&day(d)).unwrap().items;
    let references = |d: &str| {
        found(d)
            .into_iter()
            .map(|i| i.reference)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        references("2026-11-25"),
        ["P-late"],
        "23:30 is in its own day only"
    );
    assert_eq!(
        references("2026-11-26"),
        ["P-early"],
        "00:30 is in the next day only"
    );
    assert!(found("2026-11-24").is_empty());
    let offset = late.strftime("%:z").to_string();
    assert_eq!(
        found("2026-11-25")[0].created_at,
        format!("2026-11-25T23:30:00{offset}")
    );
    let rows = cells(&export(&s, &day("2026-11-25")));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][column("created_at")], "2026-11-25 23:30:00");
    assert_eq!(rows[0][column("utc_offset")], offset);
}

#[test]
fn local_day_of_the_computers_zone() {
    // Run under TZ=America/Mexico_City and TZ=Europe/Madrid by scripts/test.sh.
    a_payment_at_half_past_eleven_is_in_its_local_day(None);
}

#[test]
fn local_day_in_mexico_city() {
    a_payment_at_half_past_eleven_is_in_its_local_day(Some(
        TimeZone::get("America/Mexico_City").unwrap(),
    ));
}

#[test]
fn local_day_in_madrid() {
    a_payment_at_half_past_eleven_is_in_its_local_day(Some(
        TimeZone::get("Europe/Madrid").unwrap(),
    ));
}
