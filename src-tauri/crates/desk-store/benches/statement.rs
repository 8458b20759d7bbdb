//! Monthly statements at scale: fills an encrypted store file with BENCH_ROWS transactions
//! (default 1,000,000, one a second from 14 November 2023, nine in ten succeeded) and prints
//! the time of the statement of the month after them (its opening total covers every record)
//! and of the statement choices (every moved record's month and currency), beside the same
//! opening written by hand as one `sum` over the whole table (what reading the records would
//! cost; the statement reads the kept day totals instead).
//!
//! Run: `cargo bench -p desk-store --bench statement` (BENCH_ROWS=100000 for a quick look;
//! BENCH_DB=<file> keeps the filled file and reuses it on the next run).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::time::{Duration, Instant};

use desk_domain::{Currency, Environment, Secret};
use desk_store::Store;
use desk_store::records::Record;
use desk_store::statement::Month;
use desk_store::synthetic::synthetic_record;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let rows: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = std::env::var_os("BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.db"));
    let reuse = path.exists();
    let key = Secret::new("e5".repeat(32));
    let store = Store::open(&path, &key).unwrap();
    let t = Instant::now();
    for chunk in 0..rows.div_ceil(10_000) * usize::from(!reuse) {
        let batch: Vec<Record> = (chunk * 10_000..((chunk + 1) * 10_000).min(rows))
            .map(|i| synthetic_record(i, 1_700_000_000_000 + i as i64 * 1000))
            .collect();
        store.upsert_many(&batch).unwrap();
    }
    match reuse {
        true => println!("reused {}", path.display()),
        false => println!("filled {rows} transactions in {:.1?}", t.elapsed()),
    }
    let tz = desk_store::local_time::zone("America/Mexico_City").unwrap();
    // the month after the last record: its opening is the net of all of them
    let last = 1_700_000_000_000 + rows as i64 * 1000;
    let month = Month::of(last, &tz).unwrap().next().unwrap();
    let mut opening = 0;
    let ours = time(5, || {
        let s = store
            .statement(Environment::Sandbox, Currency::MXN, month, &tz)
            .unwrap();
        opening = s.opening_minor;
    });
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.expose()))
        .unwrap();
    let mut hand_total = 0;
    let plain = time(5, || {
        hand_total = raw
            .query_row(
                "SELECT sum(amount_minor) FROM transactions WHERE environment = 'sandbox' AND currency = 'MXN' AND status = 'succeeded'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    });
    assert_eq!(opening, hand_total, "the same sum");
    println!(
        "statement of {month} (opening over {rows} records): {ours:.1?}; one hand-written sum over the table: {plain:.1?} ({:.0}x the statement's time)",
        plain.as_secs_f64() / ours.as_secs_f64()
    );
    let mut months = 0;
    let choices = time(5, || {
        months = store
            .statement_choices(Environment::Sandbox, &tz)
            .unwrap()
            .months
            .len();
    });
    println!("statement choices ({months} months): {choices:.1?}");
}
