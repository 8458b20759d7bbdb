//! History at scale: fills an encrypted store file with BENCH_ROWS transactions (default
//! 1,000,000) and prints, each as a ratio to the same query written by hand in plain SQLite on
//! the same file, the time of a filtered page of 50 and of a text search. (The engine's flush
//! is measured beside the engine: `cargo bench -p desk-sync --bench flush`.)
//!
//! Run: `cargo bench -p desk-store --bench history` (BENCH_ROWS=100000 for a quick look;
//! BENCH_DB=<file> keeps the filled file and reuses it on the next run).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::time::{Duration, Instant};

use desk_domain::{Environment, Provider, Secret};
use desk_store::Store;
use desk_store::history::HistoryQuery;
use desk_store::records::Record;
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

    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.expose()))
        .unwrap();
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
