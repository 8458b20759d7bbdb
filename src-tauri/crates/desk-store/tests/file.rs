//! The store on a real, encrypted SQLite file.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use desk_domain::{Environment, PayoutDraft, Provider, Secret};
use desk_store::Store;
use desk_store::history::HistoryQuery;
use desk_store::records::Record;

fn key() -> Secret {
    Secret::new("a1".repeat(32))
}

fn draft(order: &str, last: &str) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: "1,250.50".into(),
        currency: "MXN".into(),
        order_id: order.into(),
        description: "Supplier invoice".into(),
        first_name: "Zacarías".into(),
        last_name: last.into(),
        email: "z@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    }
}

fn record(i: i64) -> Record {
    Record {
        provider: if i % 2 == 0 {
            Provider::Mona
        } else {
            Provider::Monei
        },
        environment: Environment::Sandbox,
        kind: "checkout".into(),
        reference: format!("REF-{i:04}"),
        remote_id: Some(format!("r{i}")),
        amount_minor: 1000 + i,
        currency: "NGN".into(),
        status: if i % 3 == 0 { "failed" } else { "succeeded" }.into(),
        counterparty: if i == 7 {
            "Chiamaka Okafor".into()
        } else {
            format!("Customer {i}")
        },
        description: "Coffee beans".into(),
        details: serde_json::json!({}),
        created_at: 1_764_000_000_000 + i * 60_000,
        updated_at: 1_764_000_000_000 + i * 60_000,
        note: None,
    }
}

// Beneficiary names and CLABEs are personal and banking data: the file must hold none of it
// in plain text.
#[test]
fn the_file_holds_no_plaintext_and_a_wrong_key_does_not_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    {
        let store = Store::open(&path, &key()).unwrap();
        store
            .enqueue_payout(
                &draft("PO-SECRET-1", "Quintanilla"),
                Environment::Sandbox,
                1,
            )
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    for extra in ["desk.db-wal", "desk.db-shm"] {
        if let Ok(b) = std::fs::read(dir.path().join(extra)) {
            bytes.extend(b);
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    for plain in [
        "Quintanilla",
        "646180110400000007",
        "PO-SECRET-1",
        "SQLite format",
    ] {
        assert!(
            !text.contains(plain),
            "{plain} is readable in the database file"
        );
    }
    assert!(matches!(
        Store::open(&path, &Secret::new("b2".repeat(32))),
        Err(desk_store::StoreError::WrongKey)
    ));
    let store = Store::open(&path, &key()).unwrap();
    assert_eq!(
        store.outbox_counts(Environment::Sandbox).unwrap().queued,
        1,
        "the right key still opens it"
    );
}

// A database made by every earlier version of the app migrates forward without losing rows.
#[test]
fn databases_from_every_earlier_version_migrate_forward() {
    for version in 0..desk_store::db::MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key().expose()))
                .unwrap();
            for sql in &desk_store::db::MIGRATIONS[..version] {
                conn.execute_batch(sql).unwrap();
            }
            conn.execute_batch(&format!("PRAGMA user_version = {version}"))
                .unwrap();
            if version >= 1 {
                conn.execute_batch("INSERT INTO transactions (id, provider, environment, kind, reference, amount_minor, currency, status, created_at, updated_at) VALUES ('old', 'mona', 'sandbox', 'checkout', 'OLD-1', 500, 'NGN', 'succeeded', 1, 1)").unwrap();
            }
        }
        let store = Store::open(&path, &key()).unwrap();
        let page = store.history(&HistoryQuery::default()).unwrap();
        assert_eq!(
            page.total,
            u64::from(version >= 1),
            "rows survive migrating from version {version}"
        );
        if version >= 1 {
            let found = store
                .history(&HistoryQuery {
                    text: Some("OLD".into()),
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(
                found.total, 1,
                "old rows are searchable after the FTS migration"
            );
        }
    }
}

#[test]
fn editing_the_audit_log_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    {
        let store = Store::open(&path, &key()).unwrap();
        store
            .enqueue_payout(&draft("PO-A", "Uno"), Environment::Sandbox, 1)
            .unwrap();
        store
            .enqueue_payout(&draft("PO-B", "Dos"), Environment::Sandbox, 2)
            .unwrap();
        assert_eq!(store.verify_audit_chain().unwrap(), 2);
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key().expose()))
        .unwrap();
    assert!(
        conn.execute("UPDATE audit_log SET detail = 'edited' WHERE seq = 1", [])
            .is_err(),
        "updates are refused by trigger"
    );
    conn.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'PO-A 1.00 MXN' WHERE seq = 1;").unwrap();
    drop(conn);
    let store = Store::open(&path, &key()).unwrap();
    assert!(
        store.verify_audit_chain().is_err(),
        "a rewritten entry breaks the chain"
    );
}

#[test]
fn history_filters_searches_and_pages_without_gaps_or_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("desk.db"), &key()).unwrap();
    store
        .upsert_many(&(0..120).map(record).collect::<Vec<_>>())
        .unwrap();
    let all = store
        .history(&HistoryQuery {
            limit: Some(50),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((all.total, all.items.len()), (120, 50));
    assert_eq!(all.items[0].reference, "REF-0119", "newest first");
    let mut seen = Vec::new();
    let mut q = HistoryQuery {
        limit: Some(50),
        ..Default::default()
    };
    loop {
        let page = store.history(&q).unwrap();
        seen.extend(page.items.into_iter().map(|i| i.reference));
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    seen.dedup();
    assert_eq!(seen.len(), 120, "keyset pages cover every row once");
    let mona_failed = store
        .history(&HistoryQuery {
            provider: Some(Provider::Mona),
            status: Some("failed".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        mona_failed
            .items
            .iter()
            .all(|i| i.provider == Provider::Mona && i.status == "failed")
    );
    assert_eq!(mona_failed.total, 20);
    let search = store
        .history(&HistoryQuery {
            text: Some("chiamaka".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        search
            .items
            .iter()
            .map(|i| i.reference.as_str())
            .collect::<Vec<_>>(),
        ["REF-0007"]
    );
    let ranged = store
        .history(&HistoryQuery {
            min_minor: Some(1100),
            max_minor: Some(1109),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ranged.total, 10);
    let mut csv = Vec::new();
    assert_eq!(
        store
            .export_csv(
                &HistoryQuery {
                    provider: Some(Provider::Monei),
                    ..Default::default()
                },
                &mut csv
            )
            .unwrap(),
        60
    );
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.lines().nth(1).unwrap().contains("11.19,NGN"),
        "amounts are exact decimals: {}",
        csv.lines().nth(1).unwrap()
    );
}

// Retention as the Monei guide says: transaction records go after 7 years, recent ones and
// anything still in the outbox stay.
#[test]
fn records_older_than_seven_years_are_pruned() {
    let store = Store::open_in_memory().unwrap();
    let now = 1_764_000_000_000i64;
    let year = 365 * 86_400_000i64;
    let mut old = record(1);
    old.created_at = now - 8 * year;
    let mut recent = record(2);
    recent.created_at = now - 6 * year;
    store.upsert_many(&[old, recent]).unwrap();
    store
        .enqueue_payout(
            &draft("PO-KEEP", "Uno"),
            Environment::Sandbox,
            now - 9 * year,
        )
        .unwrap();
    assert_eq!(store.prune(now).unwrap(), 1);
    let left: Vec<String> = store
        .history(&HistoryQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|i| i.reference)
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.contains(&"REF-0002".to_string()) && left.contains(&"PO-KEEP".to_string()));
}

// One desk per data folder: while a store has the file open, a second one is refused at once
// with a sentence for the merchant, and admitted once the first is gone.
#[test]
fn a_second_store_on_the_same_file_is_refused_until_the_first_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let first = Store::open(&path, &key()).unwrap();
    first
        .enqueue_payout(&draft("PO-HELD", "Uno"), Environment::Sandbox, 1)
        .unwrap();
    let asked = Instant::now();
    let second = Store::open(&path, &key());
    assert!(
        matches!(second, Err(desk_store::StoreError::InUse)),
        "a second store on a file in use is refused: {:?}",
        second.as_ref().err()
    );
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "refused at once, not after a wait: {:?}",
        asked.elapsed()
    );
    assert_eq!(
        desk_store::StoreError::InUse.to_string(),
        "Another Merchant Desk is already using this data folder; close it first."
    );
    assert!(
        Store::open(&dir.path().join("other.db"), &key()).is_ok(),
        "another file in the same folder is not locked"
    );
    let _a = Store::open_in_memory().unwrap();
    let _b = Store::open_in_memory().unwrap();
    drop(first);
    let again = Store::open(&path, &key()).unwrap();
    assert_eq!(
        again.outbox_counts(Environment::Sandbox).unwrap().queued,
        1,
        "admitted once the first store is gone, with what it wrote"
    );
}

const HOLDER_DB: &str = "DESK_STORE_HOLDER_DB";
const HELD: &str = "desk-store-holder:held";

/// Kills (SIGKILL) and reaps the child when dropped, so no test leaves a process behind, even
/// when an assertion fails first.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

// The same refusal between processes, and a process that dies without cleaning up (SIGKILL)
// leaves no stale lock behind.
#[test]
fn another_process_holding_the_store_refuses_this_one_until_it_is_killed() {
    if let Some(db) = std::env::var_os(HOLDER_DB) {
        // the child: hold the store open until killed (or a minute, should the parent vanish)
        let _store = Store::open(std::path::Path::new(&db), &key()).unwrap();
        println!("\n{HELD}");
        std::thread::sleep(Duration::from_secs(60));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    drop(Store::open(&path, &key()).unwrap());
    let mut child = Reaped(
        Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "another_process_holding_the_store_refuses_this_one_until_it_is_killed",
                "--nocapture",
            ])
            .env(HOLDER_DB, &path)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let held = BufReader::new(stdout)
        .lines()
        .map_while(|l| l.ok())
        .any(|l| l.contains(HELD));
    assert!(held, "the child process opened the store");
    assert!(
        matches!(
            Store::open(&path, &key()),
            Err(desk_store::StoreError::InUse)
        ),
        "refused while the other process lives"
    );
    child.0.kill().unwrap(); // SIGKILL: no destructor runs in the child
    child.0.wait().unwrap();
    let store = Store::open(&path, &key()).expect("admitted once the other process is gone");
    assert_eq!(store.outbox_counts(Environment::Sandbox).unwrap().queued, 0);
}
