//! What `PRAGMA synchronous = FULL` costs: the same small write transaction (one row of about
//! 200 bytes, committed on its own) on a real encrypted file in WAL mode, under FULL (what the
//! store's writer uses: each commit syncs the WAL) and under NORMAL (what it used before: the
//! WAL is synced only at checkpoints). Prints µs per commit and commits per second for each,
//! and the ratio; then the same for a real store operation (an audit entry) through `Store`.
//!
//! The files live under Cargo's target directory, on the disk the project builds on (a tmpfs
//! /tmp would hide what a sync costs).
//!
//! Run: `cargo bench -p desk-store --bench durability` (`-- --quick` for fewer commits).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::path::Path;
use std::time::{Duration, Instant};

use desk_domain::Secret;
use desk_store::Store;
use rusqlite::Connection;

fn key() -> Secret {
    Secret::new("f6".repeat(32))
}

/// A keyed, WAL-mode connection on a fresh file with `synchronous` as given.
fn connection(path: &Path, synchronous: &str) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous};
         CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, v TEXT NOT NULL);",
        key().expose()
    ))
    .unwrap();
    conn
}

/// The median time of one small IMMEDIATE transaction, over `commits` of them.
fn per_commit(commits: usize, mut commit: impl FnMut(usize)) -> Duration {
    for i in 0..commits / 10 {
        commit(i); // warm the page cache and the WAL
    }
    let mut times: Vec<Duration> = (0..commits)
        .map(|i| {
            let t = Instant::now();
            commit(commits + i);
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn raw(dir: &Path, synchronous: &str, commits: usize) -> Duration {
    let mut conn = connection(&dir.join(format!("{synchronous}.db")), synchronous);
    let value = "x".repeat(200);
    per_commit(commits, |i| {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.execute(
            "INSERT INTO t (at, v) VALUES (?1, ?2)",
            rusqlite::params![i as i64, value],
        )
        .unwrap();
        tx.commit().unwrap();
    })
}

fn line(name: &str, d: Duration) {
    println!(
        "{name:<34} {:>9.1} µs per commit  {:>8.0} commits/s",
        d.as_secs_f64() * 1e6,
        1.0 / d.as_secs_f64()
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let commits = if quick { 300 } else { 2_000 };
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    println!(
        "{commits} single-row transactions on an encrypted WAL file in {}",
        dir.path().display()
    );
    let normal = raw(dir.path(), "NORMAL", commits);
    let full = raw(dir.path(), "FULL", commits);
    line("synchronous = NORMAL (before)", normal);
    line("synchronous = FULL (the writer now)", full);
    println!(
        "FULL / NORMAL: {:.1}x the time per commit (+{:.1} µs each)",
        full.as_secs_f64() / normal.as_secs_f64(),
        (full.as_secs_f64() - normal.as_secs_f64()) * 1e6
    );

    let store = Store::open(&dir.path().join("desk.db"), &key()).unwrap();
    let audit = per_commit(commits, |i| {
        store
            .audit(i as i64, "bench.commit", "one audit entry")
            .unwrap()
    });
    line("Store::audit (FULL, hash-chained)", audit);
}
