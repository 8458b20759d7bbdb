//! Makes the frozen fixture databases in `tests/fixtures/`: one per schema version that has
//! shipped, each built by the migration files as they were at that version (read from git)
//! and holding the rows the app of that version wrote. Run once per new schema version, by
//! hand, and commit what it makes; the test run never makes them (see the README there).
//!
//! ```text
//! cargo run -p desk-store --example make_fixtures            # every version
//! cargo run -p desk-store --example make_fixtures -- 6       # only v6.db
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)] // a developer's tool: stop at the first surprise

use std::path::Path;
use std::process::Command;

use rusqlite::Connection;

mod charges;
mod rows;

/// The raw SQLCipher key of every fixture (a test key: the fixtures hold made-up data).
pub const FIXTURE_KEY: &str = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

/// Schema version → the commit whose migration files made it (the commit that shipped it).
const SHIPPED: [(usize, &str); 12] = [
    (1, "e74420d00fb2d7bb29bef7c2d9ab6b82e308735a"),
    (2, "e74420d00fb2d7bb29bef7c2d9ab6b82e308735a"),
    (3, "d991ffea73d94c6dd4efec494cf2a32f1c12d063"),
    (4, "3b48f13a54db4ace89ef57b0f053c30237eb70eb"),
    (5, "a11b9c618836692c2ec4f6470e46259a52c9cc97"),
    (6, "f41c5c7d8d73c4a2f2c58d77cf3cc9fbb767a991"),
    (7, "ab900ca8cd833933791a69c22b3cc21b7126c646"),
    (8, "93d87214110e22d6b702503f23104a21d03e9079"),
    (9, "87c94b01531db7a0d8d039cd92b4189790aa2ef9"),
    (10, "dc6a1197e42e11a55672e4ba34569b014da6c416"),
    (11, "dc6a1197e42e11a55672e4ba34569b014da6c416"),
    (12, "5d4e13212d4181bfd3eea71ae0d4cc8a578172dd"),
];

const FILES: [&str; 12] = [
    "0001_init.sql",
    "0002_search_and_audit.sql",
    "0003_filter_index.sql",
    "0004_operations.sql",
    "0005_notices.sql",
    "0006_after_sale.sql",
    "0007_list_indexes.sql",
    "0008_search_in_time_order.sql",
    "0009_beneficiaries_and_batches.sql",
    "0010_day_totals.sql",
    "0011_customers.sql",
    "0012_payout_news.sql",
];

fn main() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = crate_dir.join("tests").join("fixtures");
    std::fs::create_dir_all(&out).unwrap();
    let only: Option<usize> = std::env::args().nth(1).map(|v| v.parse().unwrap());
    for (version, commit) in SHIPPED {
        if only.is_some_and(|o| o != version) {
            continue;
        }
        let path = out.join(format!("v{version}.db"));
        make(crate_dir, &path, version, commit);
        let size = std::fs::metadata(&path).unwrap().len();
        println!("{} ({size} bytes) from {commit}", path.display());
    }
}

/// The migration `file` as it was at `commit`.
fn migration_at(crate_dir: &Path, commit: &str, file: &str) -> String {
    let spec = format!("{commit}:src-tauri/crates/desk-store/migrations/{file}");
    let out = Command::new("git")
        .arg("-C")
        .arg(crate_dir)
        .args(["show", &spec])
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git show {spec} failed");
    String::from_utf8(out.stdout).unwrap()
}

fn make(crate_dir: &Path, path: &Path, version: usize, commit: &str) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    let mut conn = Connection::open(path).unwrap();
    // As the app of every version opened it: SQLCipher raw key, WAL, foreign keys.
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{FIXTURE_KEY}'\"; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
    ))
    .unwrap();
    // As `db::migrate` did at every version: one transaction per file, bumping user_version.
    for (i, file) in FILES.iter().enumerate().take(version) {
        let tx = conn.transaction().unwrap();
        tx.execute_batch(&migration_at(crate_dir, commit, file))
            .unwrap();
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
            .unwrap();
        tx.commit().unwrap();
    }
    let tx = conn.transaction().unwrap();
    rows::fill(&tx, version);
    if version >= 8 {
        // From version 8 the app gives each new row its time-ordered rowid; 0008's own
        // renumbering, run over the rows just written, leaves them as that app would have.
        tx.execute_batch(&migration_at(crate_dir, commit, FILES[7]))
            .unwrap();
    }
    tx.commit().unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
}
