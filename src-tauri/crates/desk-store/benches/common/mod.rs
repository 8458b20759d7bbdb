//! What the store's benches share: the median of timed runs, the synthetic store of
//! BENCH_ROWS transactions (BENCH_DB keeps the file), and a keyed plain SQLite connection for
//! the hand-written queries compared with the store's.

#![allow(dead_code)] // each bench uses its share

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use desk_domain::Secret;
use desk_store::Store;
use desk_store::records::Record;
use desk_store::synthetic::synthetic_record;

/// The median of `v`.
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The median time of `runs` calls of `f`.
pub fn time(runs: usize, mut f: impl FnMut()) -> Duration {
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

/// BENCH_ROWS, or 1,000,000.
pub fn rows() -> usize {
    std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000)
}

/// The benches' store key.
pub fn key() -> Secret {
    Secret::new("e5".repeat(32))
}

/// A plain SQLite connection to the encrypted file at `path`, keyed with `key`.
pub fn raw(path: &Path, key: &Secret) -> rusqlite::Connection {
    let raw = rusqlite::Connection::open(path).unwrap();
    raw.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.expose()))
        .unwrap();
    raw
}

/// A store of `rows` synthetic transactions, one a second from 14 November 2023 (in `dir`,
/// or at BENCH_DB, filled only when that file is new); returns its path and the store.
pub fn synthetic_store(dir: &Path, rows: usize) -> (PathBuf, Store) {
    let path = std::env::var_os("BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("bench.db"));
    let reuse = path.exists();
    let store = Store::open(&path, &key()).unwrap();
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
    (path, store)
}
