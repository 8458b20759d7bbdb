//! History at scale: fills an encrypted store file with BENCH_ROWS transactions (default
//! 1,000,000) and prints, each as a ratio to the same query written by hand in plain SQLite on
//! the same file, the time of a filtered page of 50 and of a text search. (The engine's flush
//! is measured beside the engine: `cargo bench -p desk-sync --bench flush`.)
//!
//! Run: `cargo bench -p desk-store --bench history` (BENCH_ROWS=100000 for a quick look;
//! BENCH_DB=<file> keeps the filled file and reuses it on the next run).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use desk_domain::{Environment, Provider};
use desk_store::history::HistoryQuery;

mod common;

use common::{key, raw, rows, synthetic_store, time};

fn main() {
    let rows = rows();
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = synthetic_store(dir.path(), rows);
    let key = key();

    let raw = raw(&path, &key);
    let hand = |sql: &str| {
        let mut stmt = raw.prepare_cached(sql).unwrap();
        let n = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .count();
        assert!(n > 0);
    };

    let q = HistoryQuery {
        provider: Some(Provider::Mona),
        status: Some("succeeded".into()),
        environment: Some(Environment::Sandbox),
        limit: Some(50),
        ..Default::default()
    };
    let ours = time(20, || {
        assert_eq!(store.history(&q).unwrap().items.len(), 50)
    });
    let plain = time(20, || {
        hand(
            "SELECT id FROM transactions WHERE parent_id IS NULL AND environment = 'sandbox' AND provider = 'mona' AND status = 'succeeded' ORDER BY created_at DESC, id DESC LIMIT 50",
        )
    });
    println!(
        "filtered page of 50: {ours:.2?} (hand-written SQL {plain:.2?}): ratio {:.2}x — ours also counts the matching total",
        ours.as_secs_f64() / plain.as_secs_f64()
    );

    let q = HistoryQuery {
        text: Some("chiamaka".into()),
        environment: Some(Environment::Sandbox),
        limit: Some(50),
        ..Default::default()
    };
    let ours = time(20, || {
        assert_eq!(store.history(&q).unwrap().items.len(), 50)
    });
    let plain = time(20, || {
        hand(
            "SELECT t.id FROM transactions_fts f JOIN transactions t ON t.rowid = f.rowid WHERE f.transactions_fts MATCH '\"chiamaka\"*' AND t.parent_id IS NULL AND t.environment = 'sandbox' ORDER BY f.rowid DESC LIMIT 50",
        )
    });
    println!(
        "text search, page of 50: {ours:.2?} (hand-written SQL {plain:.2?}): ratio {:.2}x — ours also counts the matches",
        ours.as_secs_f64() / plain.as_secs_f64()
    );
}
