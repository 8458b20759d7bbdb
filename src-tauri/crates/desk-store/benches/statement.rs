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

use desk_domain::{Currency, Environment};
use desk_store::statement::Month;

mod common;

use common::{key, raw, rows, synthetic_store, time};

fn main() {
    let rows = rows();
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = synthetic_store(dir.path(), rows);
    let key = key();
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
    let raw = raw(&path, &key);
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
