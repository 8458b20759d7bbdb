//! Databases as every shipped version of the app left them (the frozen fixtures in
//! `tests/fixtures/`, made once by `examples/make_fixtures.rs` from that version's migration
//! files) open through the real [`Store`], migrate to the latest schema and keep their meaning:
//! the payouts in the outbox are operations the engine would carry on, the history reads as
//! before, the audit chain still verifies and the sync cursors are where they were.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::{Environment, Money, PayoutDraft, Provider, Secret};
use desk_store::history::{HistoryQuery, rfc3339};
use desk_store::operation::{ChargeIntent, Intent, OpState};
use desk_store::records::record_id;
use desk_store::{Store, StoreError};

/// The fixtures' raw SQLCipher key (`FIXTURE_KEY` in the generator).
const KEY: &str = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";
/// The fixtures' clock (`T0` in the generator) and its step.
const T0: i64 = 1_764_000_000_000;
const MIN: i64 = 60_000;
const ENV: Environment = Environment::Sandbox;

/// A copy of fixture `version` (the committed file is never written), opened by the Store.
fn open(version: usize) -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(format!("v{version}.db"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    std::fs::copy(&fixture, &path).unwrap();
    assert_eq!(
        raw_version(&path),
        version as i64,
        "fixture v{version} is at its version"
    );
    // The fixture has that version's tables: the payout outbox until 0004 renamed it.
    let tables: Vec<String> = raw(&path)
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let has = |t: &str| tables.iter().any(|n| n == t);
    assert_eq!(has("outbox"), version < 4, "v{version}: {tables:?}");
    assert_eq!(has("operations"), version >= 4, "v{version}: {tables:?}");
    assert_eq!(has("audit_log"), version >= 2, "v{version}: {tables:?}");
    assert_eq!(has("notices"), version >= 5, "v{version}: {tables:?}");
    let store = Store::open(&path, &Secret::new(KEY)).unwrap();
    (dir, path, store)
}

fn raw(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{KEY}'\";"))
        .unwrap();
    conn
}

fn raw_version(path: &std::path::Path) -> i64 {
    raw(path)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn id(provider: Provider, kind: &str, reference: &str) -> String {
    record_id(provider, ENV, kind, reference)
}

fn history(store: &Store, q: HistoryQuery) -> Vec<(String, String)> {
    let mut rows: Vec<_> = store
        .history(&q)
        .unwrap()
        .items
        .into_iter()
        .map(|i| (i.reference, i.status))
        .collect();
    rows.sort();
    rows
}

fn pairs(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// What every version's fixture holds, checked after the migration to the latest schema.
fn the_history_payouts_cursors_and_audit_survive(store: &Store, version: usize) {
    // The history: the three providers' pulled records and the four payouts, as they were.
    let monnet = HistoryQuery {
        provider: Some(Provider::Monnet),
        ..Default::default()
    };
    assert_eq!(
        history(store, monnet),
        pairs(&[
            ("PO-0001", "queued"),
            ("PO-0002", "sending"),
            ("PO-0003", "paid"),
            ("PO-0004", "failed"),
        ])
    );
    let monei_status = if version >= 6 {
        "partially_refunded"
    } else {
        "succeeded"
    };
    let monei = HistoryQuery {
        provider: Some(Provider::Monei),
        ..Default::default()
    };
    assert_eq!(history(store, monei), pairs(&[("MO-1001", monei_status)]));
    // Searchable by name, accents or not (the text index is built from the old rows).
    for text in ["Villaseñor", "villasenor", "Chiamaka"] {
        let q = HistoryQuery {
            text: Some(text.into()),
            ..Default::default()
        };
        assert_eq!(store.history(&q).unwrap().total, 1, "search {text:?}");
    }
    let refused = store
        .detail(&id(Provider::Monnet, "payout", "PO-0004"))
        .unwrap();
    let steps: Vec<&str> = refused.timeline.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(steps, ["queued", "sending", "failed"]);
    assert!(
        refused.timeline[2]
            .note
            .as_deref()
            .unwrap()
            .contains("account is closed")
    );
    assert_eq!(refused.item.counterparty, "María José Arriaga");

    // The payout whose outcome is unknown is an operation the engine looks up before resending.
    let in_doubt = store.in_doubt(ENV).unwrap();
    let unknown = in_doubt
        .iter()
        .find(|o| o.reference == "PO-0002")
        .expect("the unknown payout is in doubt");
    assert_eq!(unknown.provider, Provider::Monnet);
    assert_eq!(unknown.state, OpState::Unknown);
    assert_eq!(unknown.attempts, 1);
    assert_eq!(
        unknown.transaction_id,
        id(Provider::Monnet, "payout", "PO-0002")
    );
    assert!(unknown.last_error.as_deref().unwrap().contains("No answer"));
    let Intent::Payout(p) = &unknown.intent else {
        panic!("PO-0002 is a payout: {:?}", unknown.intent)
    };
    assert_eq!(p.order_id, "PO-0002");
    assert_eq!(p.beneficiary.last_name, "Villaseñor");
    assert_eq!(p.clabe.as_str(), "646180110400000007");
    assert_eq!(p.amount, Money::new(98_000, "MXN".parse().unwrap()));
    let due: Vec<String> = store
        .due(ENV, T0 + 1_000 * MIN, 10)
        .unwrap()
        .into_iter()
        .map(|o| o.reference)
        .collect();
    assert_eq!(due, ["PO-0001"], "only the queued payout is sent");
    let paid = store
        .operation_for_record(&id(Provider::Monnet, "payout", "PO-0003"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (paid.state, paid.remote_id.as_deref()),
        (OpState::Confirmed, Some("mnt-90017"))
    );
    let failed = store
        .operation_for_record(&id(Provider::Monnet, "payout", "PO-0004"))
        .unwrap()
        .unwrap();
    assert_eq!(failed.state, OpState::Failed);
    assert!(failed.last_error.unwrap().contains("account is closed"));
    let counts = store.outbox_counts(ENV).unwrap();
    assert_eq!((counts.queued, counts.in_flight, counts.failed), (1, 1, 1));
    assert_eq!(counts.attention, u32::from(version >= 4));
    // A migrated reference is still taken (the provider deduplicates on it) ...
    let reuse = PayoutDraft {
        country: "MEX".into(),
        amount: "10.00".into(),
        currency: "MXN".into(),
        order_id: "PO-0002".into(),
        description: "Again".into(),
        first_name: "Ana".into(),
        last_name: "Ruiz".into(),
        email: "a@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    };
    assert!(matches!(
        store.enqueue_payout(&reuse, ENV, T0 + 500 * MIN),
        Err(StoreError::Invalid(_))
    ));
    // ... and the engine can finish the payout it found in doubt.
    store
        .transition(
            unknown.id,
            OpState::Confirmed,
            T0 + 501 * MIN,
            None,
            Some(("mnt-90018", "paid")),
            None,
        )
        .unwrap();
    assert!(store.in_doubt(ENV).unwrap().is_empty());

    // The sync cursors are where the pulls left them.
    for (p, stream, at) in [
        (Provider::Mona, "checkouts", 2),
        (Provider::Monei, "payments", 3),
        (Provider::Moneflow, "collections", 5),
    ] {
        assert_eq!(
            store.cursor(p, ENV, stream).unwrap(),
            Some(rfc3339(T0 + at * MIN))
        );
    }

    // The audit chain (from version 2) still verifies, and new entries extend it.
    // Each count ends with the entry of the transition above.
    let entries = match version {
        1 => 1,      // no audit log before version 2
        2 | 3 => 11, // + 4 credentials added, 4 payouts queued, 1 confirmed, 1 failed
        4 | 5 => 14, // + charges queued (2) and confirmed (1)
        _ => 16,     // + a refund queued and confirmed
    };
    assert_eq!(store.verify_audit_chain().unwrap(), entries);
    store.audit(T0 + 502 * MIN, "test.appended", "").unwrap();
    assert_eq!(store.verify_audit_chain().unwrap(), entries + 1);
}

/// The checkout charges the engine sent from version 4 (none before).
fn the_charges_survive(store: &Store, version: usize) {
    let mona = store
        .operation_for_record(&id(Provider::Mona, "checkout", "MN-251124-8HKZ"))
        .unwrap();
    let conflict = store
        .operation_for_record(&id(Provider::Moneflow, "payment", "MF-CHK-0005"))
        .unwrap();
    if version < 4 {
        assert!(mona.is_none() && conflict.is_none());
        return;
    }
    let mona = mona.unwrap();
    assert_eq!(
        (mona.provider, mona.state, mona.remote_id.as_deref()),
        (Provider::Mona, OpState::Confirmed, Some("mona_tx_99a"))
    );
    let Intent::Charge(c) = &mona.intent else {
        panic!("a charge: {:?}", mona.intent)
    };
    assert_eq!(
        c.intent,
        ChargeIntent::Sale,
        "stored before the intent, read as a sale"
    );
    assert_eq!(c.amount, Money::new(1_000_000, "NGN".parse().unwrap()));
    let conflict = conflict.unwrap();
    assert_eq!(conflict.state, OpState::Conflict);
    let Intent::Charge(c) = &conflict.intent else {
        panic!("a charge: {:?}", conflict.intent)
    };
    assert_eq!(c.nonce.as_deref(), Some("nonce_7f3a"));
}

/// The notices raised from version 5: the refused payout and the conflict.
fn the_notices_survive(store: &Store, version: usize) {
    let mut notices: Vec<(String, String)> = store
        .unopened_notices(ENV)
        .unwrap()
        .into_iter()
        .map(|n| (n.transaction_id, n.kind))
        .collect();
    notices.sort();
    let mut expected = Vec::new();
    if version >= 5 {
        expected.push((
            id(Provider::Moneflow, "payment", "MF-CHK-0005"),
            "attention".to_string(),
        ));
        expected.push((
            id(Provider::Monnet, "payout", "PO-0004"),
            "refused".to_string(),
        ));
        expected.sort();
    }
    assert_eq!(notices, expected);
}

/// The after-sale figures: a refund of the Monei payment from version 6, none before.
fn the_payment_figures_survive(store: &Store, version: usize) {
    let monei = id(Provider::Monei, "payment", "MO-1001");
    let figures = store.payment_figures(&monei).unwrap();
    let eur = |minor| Money::new(minor, "EUR".parse().unwrap());
    assert_eq!(figures.amount, eur(4_999));
    assert_eq!(figures.captured, None);
    let refunds: Vec<String> = store
        .detail(&monei)
        .unwrap()
        .operations
        .into_iter()
        .map(|o| o.reference)
        .collect();
    if version >= 6 {
        assert_eq!(figures.refunded, eur(1_000));
        assert_eq!(refunds, ["RF-0001"]);
    } else {
        assert_eq!(figures.refunded, eur(0));
        assert!(refunds.is_empty());
    }
}

/// Migrates fixture `version` and checks all of it, then the file itself.
fn migrates_with_meaning(version: usize) {
    let (_dir, path, store) = open(version);
    the_history_payouts_cursors_and_audit_survive(&store, version);
    the_charges_survive(&store, version);
    the_notices_survive(&store, version);
    the_payment_figures_survive(&store, version);
    drop(store);
    let conn = raw(&path);
    let version_now: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version_now as usize, desk_store::db::MIGRATIONS.len());
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(orphans, 0, "every row still points at its record");
    // 0012 kept every step that took a payout to paid, failed or reversed, and only those
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(
        count("SELECT count(*) FROM payout_steps"),
        count(
            "SELECT count(*) FROM status_history h JOIN transactions t ON t.id = h.transaction_id
             WHERE t.kind = 'payout' AND h.status IN ('paid', 'failed', 'reversed')"
        ),
        "payout steps of version {version}"
    );
}

#[test]
fn a_version_1_database_migrates_with_its_meaning() {
    migrates_with_meaning(1);
}

#[test]
fn a_version_2_database_migrates_with_its_meaning() {
    migrates_with_meaning(2);
}

#[test]
fn a_version_3_database_migrates_with_its_meaning() {
    migrates_with_meaning(3);
}

#[test]
fn a_version_4_database_migrates_with_its_meaning() {
    migrates_with_meaning(4);
}

#[test]
fn a_version_5_database_migrates_with_its_meaning() {
    migrates_with_meaning(5);
}

#[test]
fn a_version_6_database_opens_with_its_meaning() {
    migrates_with_meaning(6);
}

// Every schema version the migrations make has its fixture: a new migration without a new
// fixture fails here.
#[test]
fn every_schema_version_has_a_frozen_fixture() {
    for version in 1..=desk_store::db::MIGRATIONS.len() {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join("fixtures")
            .join(format!("v{version}.db"));
        assert!(
            fixture.exists(),
            "no fixture for schema version {version}: run the generator (see tests/fixtures/README.md)"
        );
    }
}
