//! The engine's own cost: 1,000 queued payouts flushed to a provider that answers at once,
//! on a real encrypted store file (every state committed with `synchronous = FULL`), printed
//! as a fraction of the time Monei's documented write limit (100 a minute) would allow.
//!
//! Run: `cargo bench -p desk-sync --bench flush`.

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_domain::{Environment, PayoutDraft, Secret};
use desk_store::Store;
use desk_store::operation::Operation;
use desk_sync::{Engine, Gateway, GatewayError, Lookup, Remote, Sent};

/// A provider that creates everything at once.
struct Instant0;

impl Gateway for Instant0 {
    async fn send(&self, op: &Operation) -> Result<Sent, GatewayError> {
        Ok(Sent::Created(Remote {
            remote_id: op.reference.clone(),
            reference: op.reference.clone(),
            status: "pending".into(),
            amount_minor: op.intent.amount().minor,
            currency: op.intent.amount().currency.code().into(),
            beneficiary: None,
            clabe: None,
            note: None,
        }))
    }

    async fn lookup(&self, _: &Operation) -> Result<Lookup, GatewayError> {
        Ok(Lookup::Found(Vec::new()))
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        Arc::new(Store::open(&dir.path().join("desk.db"), &Secret::new("ab".repeat(32))).unwrap());
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
    let engine = Engine::new(store, Instant0, Environment::Sandbox, Arc::new(|| 10));
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let t = Instant::now();
    let report = rt.block_on(engine.flush()).unwrap();
    let flush = t.elapsed();
    assert_eq!(report.confirmed, 1000);
    let allowed = Duration::from_secs(600);
    println!(
        "flush of 1,000 queued payouts: {flush:.2?} ({:.2?} each) = {:.4} of the {allowed:?} Monei's write limit (100/min) allows",
        flush / 1000,
        flush.as_secs_f64() / allowed.as_secs_f64()
    );
}
