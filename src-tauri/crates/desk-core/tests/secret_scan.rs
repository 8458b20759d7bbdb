//! No secret reaches a file, a reply to the UI or a row of the database in a full session.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use std::sync::Arc;

use common::{desk_with, draft, onboard};
use desk_core::views::checkout::{CheckoutRequest, Confirmation};
use desk_core::views::history::HistoryQuery;
use desk_domain::Provider;
use desk_vault::SecretStore;
use rusqlite::types::ValueRef;

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out)
        } else {
            out.push(p)
        }
    }
}

// After a full session (onboarding, sync, a payout, a checkout, a CSV export), no file the
// desk wrote, no row of its database (opened with its key, so the rows are read in plain) and
// no reply it gave the UI holds a byte of any secret. The embedded sandbox's own snapshot is
// left out: it is the emulated providers' server state, which of course knows the keys it
// issued.
#[tokio::test]
async fn no_secret_reaches_a_file_a_row_or_a_reply_in_a_full_session() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Arc::new(desk_vault::MemoryStore::default());
    let d = onboard(desk_with(dir.path(), keychain.clone())).await;
    let m = d.sandbox().await.unwrap().demo_merchant();
    let mut replies = vec![serde_json::to_string(&d.list_credentials().unwrap()).unwrap()];
    replies.push(serde_json::to_string(&d.onboarding_state()).unwrap());
    replies.push(serde_json::to_string(&d.sync_pass().await.unwrap()).unwrap());
    replies.push(
        serde_json::to_string(
            &d.create_payout(&draft("PO-LEAK-1"), Confirmation::default())
                .unwrap(),
        )
        .unwrap(),
    );
    d.sync_pass().await.unwrap();
    let req = CheckoutRequest {
        provider: Provider::Mona,
        amount: "100.00".into(),
        currency: "NGN".into(),
        description: "x".into(),
        customer_name: String::new(),
        customer_email: String::new(),
        authorize_only: false,
        save_card: false,
    };
    replies.push(
        serde_json::to_string(
            &d.create_checkout(req, Confirmation::default())
                .await
                .unwrap(),
        )
        .unwrap(),
    );
    let page = d.list_history(&HistoryQuery::default()).unwrap();
    replies.push(serde_json::to_string(&page).unwrap());
    replies.push(serde_json::to_string(&d.history_detail(&page.items[0].id).unwrap()).unwrap());
    d.export_history_csv(&HistoryQuery::default(), &dir.path().join("exports"))
        .unwrap();
    let secrets = [
        &m.mona.private_key,
        &m.monei.api_key,
        &m.moneflow.secret,
        &m.monnet.api_key,
        &m.monnet.api_secret,
    ];
    for reply in &replies {
        for s in secrets {
            assert!(
                !reply.contains(s.as_str()),
                "a reply to the UI holds a secret"
            );
        }
    }
    // The rows themselves: the file's encryption would hide a secret stored in a row from the
    // byte scan below, so the database is opened with the desk's key and read in plain.
    let db_key = keychain
        .get("db/key")
        .unwrap()
        .expect("the desk's database key");
    let db = dir.path().join("data").join("desk.db");
    let rows = plain_rows(&db, db_key.expose());
    assert!(
        rows.iter().any(|(_, v)| contains(v, "PO-LEAK-1")),
        "the plain rows are read: the session's payout is among them"
    );
    for (place, value) in &rows {
        for s in secrets.iter().map(|s| s.as_str()).chain([db_key.expose()]) {
            assert!(!contains(value, s), "{place} holds a secret");
        }
    }
    let mut files = Vec::new();
    walk(dir.path(), &mut files);
    assert!(
        files.iter().any(|f| f.ends_with("desk.db")),
        "the session wrote its database"
    );
    for file in files
        .iter()
        .filter(|f| !f.to_string_lossy().contains("sandbox.db"))
    {
        let bytes = std::fs::read(file).unwrap();
        for s in secrets {
            let needle = s.as_bytes();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds a secret",
                file.display()
            );
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every text and blob value of every table of the encrypted database at `path`, read with
/// its raw `key` (64 hex digits), each with the table and column it is in.
fn plain_rows(path: &std::path::Path, key: &str) -> Vec<(String, Vec<u8>)> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        tables.iter().any(|t| t == "operations"),
        "the key opens the database: {tables:?}"
    );
    let mut out = Vec::new();
    for table in &tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))
            .unwrap();
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for (i, column) in columns.iter().enumerate() {
                let bytes = match row.get_ref(i).unwrap() {
                    ValueRef::Text(t) | ValueRef::Blob(t) => t.to_vec(),
                    _ => continue,
                };
                out.push((format!("{table}.{column}"), bytes));
            }
        }
    }
    out
}
