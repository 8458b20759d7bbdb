#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::{Currency, Environment, Provider};
use jiff::tz::TimeZone;
use rusqlite::params;

use super::*;
use crate::records::{Record, record_id};

fn at(rfc3339: &str) -> i64 {
    rfc3339.parse::<Timestamp>().unwrap().as_millisecond()
}

fn zone(name: &str) -> TimeZone {
    crate::local_time::zone(name).unwrap()
}

fn record(kind: &str, reference: &str, minor: i64, status: &str, created: &str) -> Record {
    Record {
        provider: if kind == "payout" {
            Provider::Monnet
        } else {
            Provider::Monei
        },
        environment: Environment::Sandbox,
        kind: kind.into(),
        reference: reference.into(),
        remote_id: Some(format!("r-{reference}")),
        amount_minor: minor,
        currency: "MXN".into(),
        status: status.into(),
        counterparty: format!("Ana {reference} ana@example.com"),
        description: String::new(),
        details: serde_json::json!({}),
        created_at: at(created),
        updated_at: at(created),
        note: None,
    }
}

fn add(s: &Store, r: &Record) -> String {
    s.upsert(r).unwrap().0
}

/// A refund of `payment`, attached to it as the desk attaches its refunds.
fn refund(s: &Store, payment: &str, reference: &str, minor: i64, status: &str, created: &str) {
    let id = add(s, &record("refund", reference, minor, status, created));
    s.write(|tx| {
        tx.execute(
            "UPDATE transactions SET parent_id = ?2 WHERE id = ?1",
            params![id, payment],
        )?;
        Ok(())
    })
    .unwrap();
}

/// The crafted history: October and November 2026, with what must not count beside what must.
fn history() -> Store {
    let s = Store::open_in_memory().unwrap();
    let p1 = add(
        &s,
        &record(
            "payment",
            "P1",
            100_000,
            "partially_refunded",
            "2026-10-15T12:00:00-06:00",
        ),
    );
    add(
        &s,
        &record("payout", "PO1", 30_000, "paid", "2026-10-20T09:00:00-06:00"),
    );
    add(
        &s,
        &record(
            "payment",
            "P2",
            50_000,
            "failed",
            "2026-10-25T09:00:00-06:00",
        ),
    );
    add(
        &s,
        &record(
            "payout",
            "PO2",
            5_000,
            "pending",
            "2026-10-28T09:00:00-06:00",
        ),
    );
    // the last millisecond of October in Mexico City (already November in Madrid)
    add(
        &s,
        &record(
            "payment",
            "P3",
            100,
            "succeeded",
            "2026-10-31T23:59:59.999-06:00",
        ),
    );
    // midnight in Mexico City
    add(
        &s,
        &record(
            "payment",
            "P4",
            20_000,
            "succeeded",
            "2026-11-01T00:00:00-06:00",
        ),
    );
    // midnight in Madrid: still October in Mexico City
    add(
        &s,
        &record(
            "payment",
            "P5",
            700,
            "succeeded",
            "2026-11-01T00:00:00+01:00",
        ),
    );
    refund(
        &s,
        &p1,
        "R1",
        10_000,
        "refunded",
        "2026-11-05T10:00:00-06:00",
    );
    refund(&s, &p1, "R2", 5_000, "queued", "2026-11-06T10:00:00-06:00");
    // paid in October, returned by the bank, learnt on 10 November
    let mut po3 = record("payout", "PO3", 40_000, "paid", "2026-10-22T09:00:00-06:00");
    add(&s, &po3);
    po3.status = "reversed".into();
    po3.updated_at = at("2026-11-10T08:00:00-06:00");
    add(&s, &po3);
    let mut usd = record(
        "payment",
        "P6",
        9_900,
        "succeeded",
        "2026-11-03T10:00:00-06:00",
    );
    usd.currency = "USD".into();
    add(&s, &usd);
    let mut live = record(
        "payment",
        "P7",
        12_300,
        "succeeded",
        "2026-11-03T10:00:00-06:00",
    );
    live.environment = Environment::Production;
    add(&s, &live);
    // in the quarter hour in which November starts at UTC+05:20
    let mut early = record("payment", "P9", 500, "succeeded", "2026-10-31T18:35:00Z");
    early.environment = Environment::Production;
    add(&s, &early);
    // authorised for 500.00, 450.00 captured
    let a1 = add(
        &s,
        &record(
            "payment",
            "A1",
            50_000,
            "captured",
            "2026-11-12T10:00:00-06:00",
        ),
    );
    s.write(|tx| {
        tx.execute(
            "UPDATE transactions SET captured_minor = 45000 WHERE id = ?1",
            [&a1],
        )?;
        Ok(())
    })
    .unwrap();
    add(
        &s,
        &record(
            "payment",
            "A2",
            8_000,
            "authorized",
            "2026-11-13T10:00:00-06:00",
        ),
    );
    add(
        &s,
        &record(
            "payment",
            "P8",
            3_000,
            "succeeded",
            "2026-12-02T10:00:00-06:00",
        ),
    );
    s
}

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn statement(s: &Store, m: &str, tz: &str) -> Statement {
    s.statement(Environment::Sandbox, Currency::MXN, month(m), &zone(tz))
        .unwrap()
}

fn lines(st: &Statement) -> Vec<(String, &'static str, i64)> {
    st.movements
        .iter()
        .map(|m| (m.reference.clone(), m.kind.as_str(), m.amount_minor))
        .collect()
}

fn line(reference: &str, kind: &'static str, minor: i64) -> (String, &'static str, i64) {
    (reference.into(), kind, minor)
}

#[test]
fn november_in_mexico_city_opens_with_octobers_net_and_lists_each_movement_once() {
    let s = history();
    let oct = statement(&s, "2026-10", "America/Mexico_City");
    assert_eq!(oct.opening_minor, 0);
    assert_eq!(
        lines(&oct),
        [
            line("P1", "payment", 100_000),
            line("PO1", "payout", -30_000),
            line("PO3", "payout", -40_000),
            line("P5", "payment", 700),
            line("P3", "payment", 100),
        ]
    );
    assert_eq!(oct.closing_minor, 30_800);

    let nov = statement(&s, "2026-11", "America/Mexico_City");
    assert_eq!(nov.opening_minor, 30_800, "October's closing");
    assert_eq!(
        lines(&nov),
        [
            line("P4", "payment", 20_000),
            line("R1", "refund", -10_000),
            line("PO3", "payout_reversed", 40_000),
            line("A1", "payment", 45_000),
        ]
    );
    assert_eq!(nov.closing_minor, 125_800);
    assert_eq!(
        nov.movements[0].at_ms, nov.starts_ms,
        "midnight opens the month"
    );
    assert_eq!(nov.movements[2].at_ms, at("2026-11-10T08:00:00-06:00"));
    assert_eq!(nov.starts_ms, at("2026-11-01T00:00:00-06:00"));
    assert_eq!(nov.ends_ms, at("2026-12-01T00:00:00-06:00"));
    assert_eq!(
        nov.movements[1].counterparty, "Ana R1 a•••@example.com",
        "emails masked as in every list"
    );
    assert_eq!(
        nov.movements[1].record_id,
        record_id(Provider::Monei, Environment::Sandbox, "refund", "R1")
    );

    let dec = statement(&s, "2026-12", "America/Mexico_City");
    assert_eq!((dec.opening_minor, dec.closing_minor), (125_800, 128_800));
}

#[test]
fn the_same_records_in_madrid_move_the_midnights() {
    let s = history();
    let oct = statement(&s, "2026-10", "Europe/Madrid");
    assert_eq!(
        lines(&oct),
        [
            line("P1", "payment", 100_000),
            line("PO1", "payout", -30_000),
            line("PO3", "payout", -40_000),
        ]
    );
    assert_eq!(oct.closing_minor, 30_000);
    let nov = statement(&s, "2026-11", "Europe/Madrid");
    assert_eq!(nov.opening_minor, 30_000);
    assert_eq!(
        lines(&nov)[..3],
        [
            line("P5", "payment", 700),
            line("P3", "payment", 100),
            line("P4", "payment", 20_000),
        ]
    );
    assert_eq!(
        nov.movements[0].at_ms, nov.starts_ms,
        "Madrid's midnight opens its month"
    );
    assert_eq!(
        nov.closing_minor, 125_800,
        "the same money by the end of November"
    );
}

#[test]
fn other_currencies_and_environments_have_their_own_statements() {
    let s = history();
    let usd = s
        .statement(
            Environment::Sandbox,
            Currency::USD,
            month("2026-11"),
            &zone("America/Mexico_City"),
        )
        .unwrap();
    assert_eq!((usd.opening_minor, usd.closing_minor), (0, 9_900));
    let live = s
        .statement(
            Environment::Production,
            Currency::MXN,
            month("2026-11"),
            &zone("America/Mexico_City"),
        )
        .unwrap();
    assert_eq!(lines(&live), [line("P7", "payment", 12_300)]);
}

#[test]
fn the_choices_are_the_months_and_currencies_with_movements() {
    let s = history();
    let c = s
        .statement_choices(Environment::Sandbox, &zone("America/Mexico_City"))
        .unwrap();
    assert_eq!(c.months, ["2026-12", "2026-11", "2026-10"]);
    assert_eq!(c.currencies, ["MXN", "USD"]);
    let live = s
        .statement_choices(Environment::Production, &zone("America/Mexico_City"))
        .unwrap();
    assert_eq!(live.months, ["2026-11", "2026-10"]);
    let none = Store::open_in_memory()
        .unwrap()
        .statement_choices(Environment::Sandbox, &TimeZone::UTC)
        .unwrap();
    assert_eq!(none, StatementChoices::default());
}

#[test]
fn months_are_read_strictly() {
    assert_eq!(month("2026-11").to_string(), "2026-11");
    assert_eq!(month("2026-12").next(), Some(month("2027-01")));
    assert_eq!(month("2026-02").name(), "February 2026");
    for bad in [
        "2026-13", "2026-1", "26-11", "2026/11", "", "1969-12", "2026-00",
    ] {
        assert!(bad.parse::<Month>().is_err(), "{bad}");
    }
    // a spring-forward month is shorter by an hour
    let (a, b) = month("2026-03").bounds(&zone("Europe/Madrid")).unwrap();
    assert_eq!(b - a, (31 * 24 - 1) * 3_600_000);
}

#[test]
fn statement_plans_use_indexes() {
    let s = Store::open_in_memory().unwrap();
    let args = [
        rusqlite::types::Value::Text("sandbox".into()),
        rusqlite::types::Value::Text("MXN".into()),
        rusqlite::types::Value::Integer(1),
        rusqlite::types::Value::Integer(2),
    ];
    let month_plan = crate::query_plans::plan(&s, &month_sql(), &args);
    crate::query_plans::assert_indexed("statement month", &month_plan, true);
    assert!(
        month_plan[0].contains("INDEX transactions_created"),
        "{month_plan:?}"
    );
    let reversals = crate::query_plans::plan(&s, &reversals_sql(), &args);
    crate::query_plans::assert_indexed("statement reversals", &reversals, false);
    assert!(
        reversals
            .iter()
            .any(|p| p.contains("transactions_list_status"))
            && reversals.iter().any(|p| p.contains("status_history_tx")),
        "{reversals:?}"
    );
    let opening = crate::query_plans::plan(&s, &opening_sql(), &args);
    crate::query_plans::assert_indexed("statement opening", &opening, false);
    assert!(
        opening
            .iter()
            .any(|p| p.contains("SEARCH day_totals USING PRIMARY KEY (environment=? AND bucket<?)"))
            && opening
                .iter()
                .any(|p| p.contains("INDEX transactions_created (created_at>? AND created_at<?)")),
        "{opening:?}"
    );
}

/// The opening total read from every record before `starts_ms` (what the kept totals stand
/// for).
fn opening_from_records(s: &Store, env: Environment, code: &str, starts_ms: i64) -> i64 {
    let sql = expand(
        "SELECT (SELECT coalesce(sum(SIGNED), 0) FROM transactions t
                 WHERE t.created_at < ?3 AND t.environment = ?1 AND IN_CURRENCY AND MOVED)
              + (SELECT coalesce(sum(t.amount_minor), 0) FROM transactions t
                 WHERE REVERSED AND IN_CURRENCY AND REVERSED_AT < ?3)",
    );
    s.reader()
        .query_row(&sql, params![env.as_str(), code, starts_ms], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_opening_from_the_kept_totals_is_the_opening_from_the_records() {
    let s = history();
    // a zone whose months start off the quarter hour reads the rest of its bucket from the
    // records
    let odd = TimeZone::fixed(jiff::tz::Offset::from_seconds(5 * 3600 + 20 * 60).unwrap());
    let zones = [
        zone("America/Mexico_City"),
        zone("Europe/Madrid"),
        zone("Asia/Kathmandu"),
        odd,
    ];
    let mut openings = std::collections::BTreeSet::new();
    for tz in &zones {
        for m in ["2026-10", "2026-11", "2026-12", "2027-01"] {
            for (env, currency) in [
                (Environment::Sandbox, Currency::MXN),
                (Environment::Sandbox, Currency::USD),
                (Environment::Production, Currency::MXN),
            ] {
                let st = s.statement(env, currency, month(m), tz).unwrap();
                assert_eq!(
                    st.opening_minor,
                    opening_from_records(&s, env, currency.code(), st.starts_ms),
                    "{m} {currency} {env} in {tz:?}"
                );
                openings.insert(st.opening_minor);
            }
        }
    }
    assert!(openings.len() > 4, "the cases differ: {openings:?}");
}
