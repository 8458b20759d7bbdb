#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::{Currency, Environment, Money, PayoutDraft, Provider};

use super::*;
use crate::operation::{Charge, ChargeIntent, Intent, OpState, Refund};
use crate::records::Record;

const ENV: Environment = Environment::Sandbox;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
/// 2026-11-25T12:00:00Z.
const NOW: i64 = 1_795_608_000_000;

fn utc() -> TimeZone {
    TimeZone::UTC
}

fn zone(name: &str) -> TimeZone {
    crate::local_time::zone(name).unwrap()
}

fn record(
    reference: &str,
    kind: &str,
    status: &str,
    minor: i64,
    currency: &str,
    at: i64,
) -> Record {
    Record {
        provider: if kind == "payout" {
            Provider::Monnet
        } else {
            Provider::Monei
        },
        environment: ENV,
        kind: kind.into(),
        reference: reference.into(),
        remote_id: Some(format!("r-{reference}")),
        amount_minor: minor,
        currency: currency.into(),
        status: status.into(),
        counterparty: "Ana".into(),
        description: String::new(),
        details: serde_json::json!({}),
        created_at: at,
        updated_at: at,
        note: None,
    }
}

fn period(s: &DaySummary, p: Period) -> &PeriodTotals {
    s.periods.iter().find(|x| x.period == p).unwrap()
}

fn in_currency(t: &PeriodTotals, code: &str) -> Totals {
    t.by_currency
        .iter()
        .find(|(c, _)| c.code() == code)
        .map(|(_, t)| *t)
        .unwrap_or_default()
}

fn totals(taken: (i64, u32), refunded: (i64, u32), paid_out: (i64, u32)) -> Totals {
    Totals {
        taken: taken.0,
        taken_count: taken.1,
        refunded: refunded.0,
        refunded_count: refunded.1,
        paid_out: paid_out.0,
        paid_out_count: paid_out.1,
    }
}

// Each rule of the module's documentation, on records as providers report them.
#[test]
fn taken_refunded_and_paid_out_count_what_the_rules_say() {
    let s = Store::open_in_memory().unwrap();
    let at = NOW - HOUR;
    for r in [
        record("P-OK", "payment", "succeeded", 10_000, "EUR", at),
        record("P-CAP", "checkout", "captured", 2_500, "EUR", at),
        record("P-PART", "payment", "partially_refunded", 4_000, "EUR", at),
        record("P-REF", "payment", "refunded", 1_000, "EUR", at),
        // nothing taken
        record("P-AUTH", "payment", "authorized", 90_000, "EUR", at),
        record("P-FAIL", "payment", "failed", 90_000, "EUR", at),
        record("P-PEND", "payment", "pending", 90_000, "EUR", at),
        record("P-UNK", "payment", "unknown", 90_000, "EUR", at),
        record("P-ATT", "payment", "attention", 90_000, "EUR", at),
        // refunds: only the confirmed one
        record("R-OK", "refund", "refunded", 700, "EUR", at),
        record("R-Q", "refund", "queued", 90_000, "EUR", at),
        record("R-F", "refund", "failed", 90_000, "EUR", at),
        // payouts: only the paid one
        record("PO-PAID", "payout", "paid", 30_000, "MXN", at),
        record("PO-PROC", "payout", "processing", 90_000, "MXN", at),
        record("PO-REJ", "payout", "failed", 90_000, "MXN", at),
        record("PO-REV", "payout", "reversed", 90_000, "MXN", at),
        // another currency, and another environment that is not counted here
        record("P-USD", "payment", "succeeded", 123, "USD", at),
    ] {
        s.upsert(&r).unwrap();
    }
    let mut prod = record("P-PROD", "payment", "succeeded", 55_555, "EUR", at);
    prod.environment = Environment::Production;
    s.upsert(&prod).unwrap();

    let sum = s.day_summary(ENV, &utc(), NOW).unwrap();
    let today = period(&sum, Period::Today);
    assert_eq!(
        in_currency(today, "EUR"),
        totals((17_500, 4), (700, 1), (0, 0))
    );
    assert_eq!(
        in_currency(today, "MXN"),
        totals((0, 0), (0, 0), (30_000, 1))
    );
    assert_eq!(in_currency(today, "USD"), totals((123, 1), (0, 0), (0, 0)));
    assert_eq!(
        today.by_provider,
        vec![
            (
                Provider::Monei,
                Currency::EUR,
                totals((17_500, 4), (700, 1), (0, 0))
            ),
            (
                Provider::Monei,
                Currency::USD,
                totals((123, 1), (0, 0), (0, 0))
            ),
            (
                Provider::Monnet,
                Currency::MXN,
                totals((0, 0), (0, 0), (30_000, 1))
            ),
        ]
    );
    let prod = s.day_summary(Environment::Production, &utc(), NOW).unwrap();
    assert_eq!(
        in_currency(period(&prod, Period::Last30Days), "EUR").taken,
        55_555
    );
    // EUR has 5 movements, MXN and USD one each: EUR is charted first
    let order: Vec<&str> = sum.daily.iter().map(|d| d.currency.code()).collect();
    assert_eq!(order, ["EUR", "MXN", "USD"]);
    assert_eq!(sum.daily[0].days.len(), SUMMARY_DAYS);
    assert_eq!(sum.daily[0].days[SUMMARY_DAYS - 1].taken, 17_500);
}

fn payout_draft(order: &str) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: "1,250.50".into(),
        currency: "MXN".into(),
        order_id: order.into(),
        description: "Supplier invoice".into(),
        first_name: "María".into(),
        last_name: "Pérez".into(),
        email: "maria@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    }
}

// The totals follow the desk's own money movements as the engine moves them: a charge
// confirmed, a refund confirmed, a payout paid and then reversed by the bank.
#[test]
fn the_totals_follow_operations_through_their_states() {
    let s = Store::open_in_memory().unwrap();
    let at = NOW - 2 * HOUR;
    let charge = Charge {
        amount: Money::new(5_000, Currency::USD),
        description: "Boots".into(),
        customer_name: "Ana".into(),
        customer_email: String::new(),
        nonce: Some("nonce_x".into()),
        intent: ChargeIntent::Sale,
        customer: None,
    };
    let op = s
        .enqueue_charge(Provider::Moneflow, ENV, "checkout", "MF-1", &charge, at)
        .unwrap();
    let usd = |s: &Store| {
        in_currency(
            period(&s.day_summary(ENV, &utc(), NOW).unwrap(), Period::Today),
            "USD",
        )
    };
    assert_eq!(usd(&s), Totals::default(), "a queued charge took nothing");
    s.transition(op.id, OpState::Sending, at, None, None, None)
        .unwrap();
    s.transition(
        op.id,
        OpState::Confirmed,
        at,
        None,
        Some(("mft_1", "succeeded")),
        None,
    )
    .unwrap();
    assert_eq!(usd(&s), totals((5_000, 1), (0, 0), (0, 0)));

    let refund = s
        .enqueue_after_sale(
            "RF-1",
            Intent::Refund(Refund {
                payment_remote_id: "mft_1".into(),
                payment_record: op.transaction_id.clone(),
                amount: Money::new(1_200, Currency::USD),
                reason: "requested_by_customer".into(),
            }),
            at + HOUR,
        )
        .unwrap();
    assert_eq!(usd(&s).refunded, 0, "a queued refund gave nothing back");
    s.transition(refund.id, OpState::Sending, at + HOUR, None, None, None)
        .unwrap();
    s.transition(
        refund.id,
        OpState::Confirmed,
        at + HOUR,
        None,
        Some(("rf_1", "refunded")),
        None,
    )
    .unwrap();
    // the payment is partially refunded now: still taken in full, the refund on its own
    assert_eq!(usd(&s), totals((5_000, 1), (1_200, 1), (0, 0)));

    let payout = s.enqueue_payout(&payout_draft("PO-1"), ENV, at).unwrap();
    let mxn = |s: &Store| {
        in_currency(
            period(&s.day_summary(ENV, &utc(), NOW).unwrap(), Period::Last7Days),
            "MXN",
        )
    };
    s.transition(payout.id, OpState::Sending, at, None, None, None)
        .unwrap();
    s.transition(
        payout.id,
        OpState::Confirmed,
        at,
        None,
        Some(("9", "pending")),
        None,
    )
    .unwrap();
    assert_eq!(mxn(&s).paid_out, 0, "pending is not paid");
    let mut pulled = record("PO-1", "payout", "paid", 125_050, "MXN", at);
    pulled.provider = Provider::Monnet;
    s.upsert(&pulled).unwrap();
    assert_eq!(mxn(&s), totals((0, 0), (0, 0), (125_050, 1)));
    pulled.status = "reversed".into();
    s.upsert(&pulled).unwrap();
    assert_eq!(
        mxn(&s),
        Totals::default(),
        "a reversed payout is not paid out"
    );
    let troubled = s
        .payouts_rejected_or_reversed(ENV, NOW - 30 * 24 * HOUR, 10)
        .unwrap();
    assert_eq!(troubled.len(), 1);
    assert_eq!(
        (troubled[0].reference.as_str(), troubled[0].status.as_str()),
        ("PO-1", "reversed")
    );
    assert_eq!(troubled[0].amount, Money::new(125_050, Currency::MXN));
    assert!(
        s.payouts_rejected_or_reversed(ENV, NOW, 10)
            .unwrap()
            .is_empty(),
        "changed before the window"
    );
    let empty: i64 = s
        .reader()
        .query_row(
            "SELECT count(*) FROM day_totals WHERE currency = 'MXN'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(empty, 0, "a bucket left with nothing is dropped");
}

// A day is the merchant's: a record a millisecond before local midnight belongs to the day
// before, in zones a quarter or half hour off UTC and across a change of clocks.
#[test]
fn local_days_are_summed_exactly_in_any_zone() {
    // At 12:00Z, 2026-11-25 began at 18:15Z the day before in Kathmandu (+05:45), 18:30Z in
    // Kolkata (+05:30) and 06:00Z in Mexico City; in Chatham (+13:45) it is already the 26th.
    for (name, midnight, today) in [
        ("Asia/Kathmandu", NOW - 17 * HOUR - 45 * MIN, "2026-11-25"),
        ("Asia/Kolkata", NOW - 17 * HOUR - 30 * MIN, "2026-11-25"),
        ("America/Mexico_City", NOW - 6 * HOUR, "2026-11-25"),
        ("Pacific/Chatham", NOW - HOUR - 45 * MIN, "2026-11-26"),
    ] {
        let s = Store::open_in_memory().unwrap();
        let tz = zone(name);
        s.upsert(&record(
            "TODAY",
            "payment",
            "succeeded",
            100,
            "EUR",
            midnight,
        ))
        .unwrap();
        s.upsert(&record(
            "EVE",
            "payment",
            "succeeded",
            20,
            "EUR",
            midnight - 1,
        ))
        .unwrap();
        s.upsert(&record(
            "WEEK",
            "payment",
            "succeeded",
            3,
            "EUR",
            midnight - 6 * 24 * HOUR,
        ))
        .unwrap();
        s.upsert(&record(
            "OLD",
            "payment",
            "succeeded",
            4_000,
            "EUR",
            midnight - 6 * 24 * HOUR - 1,
        ))
        .unwrap();
        s.upsert(&record(
            "GONE",
            "payment",
            "succeeded",
            50_000,
            "EUR",
            midnight - 29 * 24 * HOUR - 1,
        ))
        .unwrap();
        let sum = s.day_summary(ENV, &tz, NOW).unwrap();
        let taken = |p| in_currency(period(&sum, p), "EUR").taken;
        assert_eq!(taken(Period::Today), 100, "{name}");
        assert_eq!(taken(Period::Last7Days), 123, "{name}");
        assert_eq!(taken(Period::Last30Days), 4_123, "{name}");
        assert_eq!(period(&sum, Period::Today).from_ms, midnight, "{name}");
        assert_eq!(sum.days[SUMMARY_DAYS - 1].to_string(), today, "{name}");
        let series = &sum.daily[0].days;
        assert_eq!(
            (
                series[29].taken,
                series[28].taken,
                series[23].taken,
                series[22].taken
            ),
            (100, 20, 3, 4_000),
            "{name}"
        );
    }

    // Madrid's clocks go forward on 2026-03-29 (a 23-hour day), and back on 2026-10-25.
    let madrid = zone("Europe/Madrid");
    let s = Store::open_in_memory().unwrap();
    let ms = |text: &str| crate::local_time::day_ms(text, false, &madrid).unwrap();
    s.upsert(&record(
        "A",
        "payment",
        "succeeded",
        1,
        "EUR",
        ms("2026-03-29T00:30:00+01:00"),
    ))
    .unwrap();
    s.upsert(&record(
        "B",
        "payment",
        "succeeded",
        10,
        "EUR",
        ms("2026-03-29T23:59:00+02:00"),
    ))
    .unwrap();
    s.upsert(&record(
        "C",
        "payment",
        "succeeded",
        100,
        "EUR",
        ms("2026-03-30T00:00:00+02:00"),
    ))
    .unwrap();
    let sum = s
        .day_summary(ENV, &madrid, ms("2026-03-30T12:00:00+02:00"))
        .unwrap();
    let series = &sum.daily[0].days;
    assert_eq!((series[29].taken, series[28].taken), (100, 11));
    assert_eq!(
        sum.day_starts_ms[29] - sum.day_starts_ms[28],
        23 * HOUR,
        "the day the clocks go forward"
    );
}

// Operations whose outcome is not known, or that a provider holds differently, are listed
// with their records; queued, confirmed and refused ones are not.
#[test]
fn money_movements_in_doubt_or_in_conflict_are_listed() {
    let s = Store::open_in_memory().unwrap();
    let mut ops = Vec::new();
    for order in ["PO-Q", "PO-S", "PO-U", "PO-C", "PO-OK"] {
        ops.push(s.enqueue_payout(&payout_draft(order), ENV, NOW).unwrap());
    }
    let step = |i: usize, to: OpState, at: i64| {
        s.transition(ops[i].id, to, at, None, None, None).unwrap();
    };
    step(1, OpState::Sending, NOW + 1);
    step(2, OpState::Sending, NOW + 2);
    step(2, OpState::Unknown, NOW + 3);
    step(3, OpState::Sending, NOW + 4);
    step(3, OpState::Conflict, NOW + 5);
    step(4, OpState::Sending, NOW + 6);
    s.transition(
        ops[4].id,
        OpState::Confirmed,
        NOW + 7,
        None,
        Some(("1", "paid")),
        None,
    )
    .unwrap();
    let listed = s.in_doubt_or_conflict(ENV, 10).unwrap();
    let seen: Vec<(&str, &str, Option<OpState>)> = listed
        .iter()
        .map(|t| (t.reference.as_str(), t.status.as_str(), t.state))
        .collect();
    assert_eq!(
        seen,
        [
            ("PO-S", "sending", Some(OpState::Sending)),
            ("PO-U", "checking", Some(OpState::Unknown)),
            ("PO-C", "attention", Some(OpState::Conflict)),
        ]
    );
    assert_eq!(listed[0].amount, Money::new(125_050, Currency::MXN));
    assert_eq!(listed[0].transaction_id, ops[1].transaction_id);
    assert!(
        s.in_doubt_or_conflict(Environment::Production, 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.in_doubt_or_conflict(ENV, 1).unwrap().len(), 1);
}

mod consistency;
