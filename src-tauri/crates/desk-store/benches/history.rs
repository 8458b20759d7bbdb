//! History at scale: fills an encrypted store file with BENCH_ROWS transactions (default
//! 1,000,000) and prints, each as a ratio to the same query written by hand in plain SQLite on
//! the same file, the time of a filtered page of 50 and of a text search; then the time to
//! flush 1,000 queued payouts through the sync engine (instant provider) as a fraction of the
//! time Monei's documented write limit (100 a minute) would allow for them.
//!
//! Run: `cargo bench -p desk-store --bench history` (BENCH_ROWS=100000 for a quick look).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_domain::{Environment, PayoutDraft, Provider, Secret, ValidPayout};
use desk_store::Store;
use desk_store::history::HistoryQuery;
use desk_store::records::Record;
use desk_store::synthetic::synthetic_record;
use desk_sync::{Engine, GatewayError, PayoutGateway, RemotePayout};

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

struct Instant0;

impl PayoutGateway for Instant0 {
    async fn send(&self, p: &ValidPayout) -> Result<RemotePayout, GatewayError> {
        Ok(RemotePayout {
            remote_id: p.order_id.clone(),
            order_id: p.order_id.clone(),
            status: "pending".into(),
            amount_minor: p.amount.minor,
            currency: "MXN".into(),
            beneficiary: String::new(),
            description: String::new(),
            note: None,
            changed_at: 1,
            created_at: 1,
        })
    }
    async fn find_by_order_id(&self, _: &str) -> Result<Option<RemotePayout>, GatewayError> {
        Ok(None)
    }
    async fn changed_since(
        &self,
        _: Option<String>,
    ) -> Result<(Vec<RemotePayout>, Option<String>), GatewayError> {
        Ok((Vec::new(), None))
    }
}

fn main() {
    let rows: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let key = Secret::new("e5".repeat(32));
    let store = Store::open(&path, &key).unwrap();
    let t = Instant::now();
    for chunk in 0..rows.div_ceil(10_000) {
        let batch: Vec<Record> = (chunk * 10_000..((chunk + 1) * 10_000).min(rows))
            .map(|i| synthetic_record(i, 1_700_000_000_000 + i as i64 * 1000))
            .collect();
        store.upsert_many(&batch).unwrap();
    }
    println!("filled {rows} transactions in {:.1?}", t.elapsed());

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
            "SELECT id FROM transactions WHERE environment = 'sandbox' AND provider = 'mona' AND status = 'succeeded' ORDER BY created_at DESC, id DESC LIMIT 50",
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
            "SELECT t.id FROM transactions t WHERE t.environment = 'sandbox' AND t.rowid IN (SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH '\"chiamaka\"*') ORDER BY t.created_at DESC, t.id DESC LIMIT 50",
        )
    });
    println!(
        "text search, page of 50: {ours:.2?} (hand-written SQL {plain:.2?}): ratio {:.2}x",
        ours.as_secs_f64() / plain.as_secs_f64()
    );

    let store = Arc::new(store);
    for i in 0..1000 {
        let d = PayoutDraft {
            country: "MEX".into(),
            amount: "10.00".into(),
            currency: "MXN".into(),
            order_id: format!("BENCH-{i:05}"),
            description: "Bench".into(),
            first_name: "Ana".into(),
            last_name: "López".into(),
            email: "a@example.com".into(),
            document_type: "Rfc".into(),
            document_number: "PEGM9007151H0".into(),
            clabe: "646180110400000007".into(),
            bank_code: String::new(),
        };
        store.enqueue_payout(&d, Environment::Sandbox, 1).unwrap();
    }
    let engine = Engine::new(
        store.clone(),
        Instant0,
        Environment::Sandbox,
        Arc::new(|| 10),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let t = Instant::now();
    let report = rt.block_on(engine.flush()).unwrap();
    let flush = t.elapsed();
    assert_eq!(report.sent, 1000);
    let allowed = Duration::from_secs(600);
    println!(
        "flush of 1,000 queued payouts: {flush:.2?} = {:.4} of the {allowed:?} Monei's write limit (100/min) allows",
        flush.as_secs_f64() / allowed.as_secs_f64()
    );
}
