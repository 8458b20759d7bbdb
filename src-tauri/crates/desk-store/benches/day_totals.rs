//! The day at a glance at scale: fills an encrypted store file with BENCH_ROWS records
//! (default 1,000,000: payments, confirmed refunds and payouts in three currencies over the
//! 60 days before the bench's "now") and prints the time of the whole summary (today, 7 and 30
//! local days, per currency and per provider, and the 30-day daily series), against its
//! 30 ms budget and against the same 30-day sums read from the records by hand. Then what the
//! triggers that keep the totals cost a write: the same inserts and status changes on two
//! fresh stores, one with the triggers and one without.
//!
//! Run: `cargo bench -p desk-store --bench day_totals` (BENCH_ROWS=100000 for a quick look;
//! BENCH_DB=<file> keeps the filled file and reuses it on the next run).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::path::Path;
use std::time::{Duration, Instant};

use desk_domain::{Environment, Provider, Secret};
use desk_store::Store;
use desk_store::day_totals::{Period, SUMMARY_DAYS, local_day_starts};
use desk_store::local_time::zone;
use desk_store::records::Record;
use desk_store::synthetic::synthetic_record;

mod common;

use common::{median, time};

/// 2026-11-25T12:00:00Z.
const NOW: i64 = 1_795_608_000_000;
const DAY: i64 = 86_400_000;

fn key() -> Secret {
    Secret::new("d7".repeat(32))
}

/// The `i`-th of `rows` records: mostly payments (a tenth failed), every tenth from 3 a
/// payout (one in ten of them reversed), every tenth from 7 a confirmed refund; MXN, USD and
/// EUR in turn; spread evenly over the 60 days before [`NOW`].
fn record(i: usize, rows: usize) -> Record {
    let at = NOW - 60 * DAY + (i as i64 * 60 * DAY) / rows as i64;
    let mut r = synthetic_record(i, at);
    r.currency = ["MXN", "USD", "EUR"][i % 3].into();
    match i % 10 {
        3 => {
            r.kind = "payout".into();
            r.provider = Provider::Monnet;
            r.status = if i % 100 == 3 { "reversed" } else { "paid" }.into();
        }
        7 => {
            r.kind = "refund".into();
            r.status = "refunded".into();
        }
        _ => {}
    }
    r
}

fn fill(store: &Store, from: usize, to: usize, rows: usize) {
    for chunk in (from..to).step_by(10_000) {
        let batch: Vec<Record> = (chunk..(chunk + 10_000).min(to))
            .map(|i| record(i, rows))
            .collect();
        store.upsert_many(&batch).unwrap();
    }
}

fn raw(path: &Path) -> rusqlite::Connection {
    common::raw(path, &key())
}

fn summary(rows: usize, dir: &Path) {
    let path = std::env::var_os("BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.join("summary.db"));
    let reuse = path.exists();
    let store = Store::open(&path, &key()).unwrap();
    if reuse {
        println!("reused {}", path.display());
    } else {
        let t = Instant::now();
        fill(&store, 0, rows, rows);
        println!("filled {rows} records in {:.1?}", t.elapsed());
    }
    let tz = zone("America/Mexico_City").unwrap();
    let env = Environment::Sandbox;
    let mut last = None;
    let ours = time(30, || {
        last = Some(store.day_summary(env, &tz, NOW).unwrap())
    });
    let s = last.unwrap();
    let month = s
        .periods
        .iter()
        .find(|p| p.period == Period::Last30Days)
        .unwrap();
    let attention = time(30, || {
        store.in_doubt_or_conflict(env, 50).unwrap();
        store
            .payouts_rejected_or_reversed(env, NOW - 30 * DAY, 50)
            .unwrap();
    });

    // The same 30 days summed from the records themselves, as the store did before 0010.
    let (_, starts) = local_day_starts(&tz, NOW, SUMMARY_DAYS).unwrap();
    let raw = raw(&path);
    let by_hand = |out: &mut Vec<(String, String, i64, i64, i64)>| {
        let mut stmt = raw
            .prepare_cached(
                "SELECT provider, currency,
                   sum(CASE WHEN parent_id IS NULL AND kind NOT IN ('payout', 'refund', 'capture', 'void')
                            AND status IN ('succeeded', 'captured', 'partially_refunded', 'refunded')
                       THEN coalesce(captured_minor, amount_minor) ELSE 0 END),
                   sum(CASE WHEN kind = 'refund' AND status = 'refunded' THEN amount_minor ELSE 0 END),
                   sum(CASE WHEN kind = 'payout' AND status = 'paid' THEN amount_minor ELSE 0 END)
                 FROM transactions WHERE environment = 'sandbox' AND created_at >= ?1 AND created_at < ?2
                 GROUP BY provider, currency ORDER BY provider, currency",
            )
            .unwrap();
        *out = stmt
            .query_map([starts[0], starts[SUMMARY_DAYS]], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
    };
    let mut hand = Vec::new();
    let plain = time(3, || by_hand(&mut hand));
    let mut ours_30: Vec<(String, String, i64, i64, i64)> = month
        .by_provider
        .iter()
        .map(|(p, c, t)| {
            (
                p.as_str().to_string(),
                c.code().to_string(),
                t.taken,
                t.refunded,
                t.paid_out,
            )
        })
        .filter(|(.., taken, refunded, paid)| taken + refunded + paid > 0)
        .collect();
    ours_30.sort();
    hand.retain(|(.., taken, refunded, paid)| taken + refunded + paid > 0);
    assert_eq!(
        ours_30, hand,
        "the kept totals equal the records' own sums over the same 30 local days"
    );
    println!(
        "day totals over {rows} rows: {} ms (budget 30 ms) — today, 7 and 30 local days per currency and per provider, and 30 daily sums of {} currencies ({:.2?}); the attention lists {:.2?}",
        ours.as_millis(),
        s.daily.len(),
        ours,
        attention
    );
    println!(
        "the same 30 days summed from the records by hand: {plain:.1?} ({:.0}x the kept totals); the sums agree ({} provider-currency pairs)",
        plain.as_secs_f64() / ours.as_secs_f64(),
        hand.len()
    );

    // What migration 0010 costs a store of this size, once, at the first start after it: its
    // fill of the totals from every record (timed in a transaction that is rolled back).
    let sql = desk_store::db::MIGRATIONS[9];
    let fill = &sql[sql.find("INSERT INTO day_totals").unwrap()..];
    let fill = &fill[..=fill.find(';').unwrap()];
    raw.execute_batch("BEGIN; DELETE FROM day_totals;").unwrap();
    let t = Instant::now();
    raw.execute_batch(fill).unwrap();
    let migration = t.elapsed();
    raw.execute_batch("ROLLBACK").unwrap();
    println!(
        "migration 0010's fill of the totals from {rows} records: {migration:.1?} (once, at the first start after the update)"
    );
}

/// What a write costs: a record inserted in a batch, its status changed in a batch, and a
/// record inserted and committed on its own.
type Costs = (Duration, Duration, Duration);

/// Per-record cost of writing `n` records in one transaction, then of changing their status
/// in one transaction, then of `single` records each committed on its own.
fn writes(store: &Store, first: usize, n: usize, single: usize) -> Costs {
    let rows = 10 * (first + n + single);
    let batch: Vec<Record> = (first..first + n).map(|i| record(i, rows)).collect();
    let t = Instant::now();
    store.upsert_many(&batch).unwrap();
    let insert = t.elapsed() / n as u32;
    let changed: Vec<Record> = batch
        .into_iter()
        .map(|mut r| {
            r.status = match r.status.as_str() {
                "paid" => "reversed",
                "refunded" => "failed",
                "succeeded" => "partially_refunded",
                _ => "succeeded",
            }
            .into();
            r.updated_at += 1;
            r
        })
        .collect();
    let t = Instant::now();
    store.upsert_many(&changed).unwrap();
    let update = t.elapsed() / n as u32;
    let alone = median(
        (first + n..first + n + single)
            .map(|i| {
                let r = record(i, rows);
                let t = Instant::now();
                store.upsert(&r).unwrap();
                t.elapsed()
            })
            .collect(),
    );
    (insert, update, alone)
}

fn write_cost(dir: &Path) {
    let with = Store::open(&dir.join("with.db"), &key()).unwrap();
    let without_path = dir.join("without.db");
    let without = Store::open(&without_path, &key()).unwrap();
    raw(&without_path)
        .execute_batch(
            "DROP TRIGGER day_totals_insert; DROP TRIGGER day_totals_delete;
             DROP TRIGGER day_totals_update_old; DROP TRIGGER day_totals_update_new;",
        )
        .unwrap();
    // the same history in both first, then the measured writes, in turn
    fill(&with, 0, 50_000, 500_000);
    fill(&without, 0, 50_000, 500_000);
    let mut runs = Vec::new();
    for round in 0..3 {
        let first = 50_000 + round * 20_000;
        runs.push((
            writes(&without, first, 10_000, 100),
            writes(&with, first, 10_000, 100),
        ));
    }
    let pick = |f: fn(&(Costs, Costs)) -> Duration| median(runs.iter().map(f).collect());
    let line = |what: &str, before: Duration, after: Duration| {
        println!(
            "per write, {what}: {:.1} µs without the triggers, {:.1} µs with them ({:+.1} µs, {:+.0}%)",
            before.as_secs_f64() * 1e6,
            after.as_secs_f64() * 1e6,
            (after.as_secs_f64() - before.as_secs_f64()) * 1e6,
            (after.as_secs_f64() / before.as_secs_f64() - 1.0) * 100.0
        );
    };
    line(
        "insert in a batch of 10,000",
        pick(|r| r.0.0),
        pick(|r| r.1.0),
    );
    line(
        "status change in a batch of 10,000",
        pick(|r| r.0.1),
        pick(|r| r.1.1),
    );
    line(
        "insert committed on its own (synchronous = FULL)",
        pick(|r| r.0.2),
        pick(|r| r.1.2),
    );
}

fn main() {
    let rows: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    // under Cargo's target directory: the disk the project builds on (a tmpfs /tmp would hide
    // what a sync costs)
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    summary(rows, dir.path());
    write_cost(dir.path());
}
