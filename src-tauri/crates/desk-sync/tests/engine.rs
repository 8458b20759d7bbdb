//! The engine against an in-process fake provider that can drop replies after committing,
//! go offline and rate-limit: no payout is ever duplicated or lost.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use desk_domain::{Environment, PayoutDraft, ValidPayout};
use desk_store::Store;
use desk_sync::{Engine, GatewayError, PayoutGateway, RemotePayout};

#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    DropAfterCommit,
    Offline,
    RateLimited,
}

#[derive(Default)]
struct Remote {
    by_order: HashMap<String, RemotePayout>,
    sends: usize,
    faults: Vec<Fault>,
}

#[derive(Clone, Default)]
struct FakeProvider(Arc<Mutex<Remote>>);

impl FakeProvider {
    fn next_fault(&self) -> Fault {
        let mut r = self.0.lock().unwrap();
        if r.faults.is_empty() {
            Fault::None
        } else {
            r.faults.remove(0)
        }
    }
}

impl PayoutGateway for FakeProvider {
    async fn send(&self, p: &ValidPayout) -> Result<RemotePayout, GatewayError> {
        match self.next_fault() {
            Fault::Offline => {
                return Err(GatewayError::NotSent {
                    reason: "offline".into(),
                    retry_after: None,
                });
            }
            Fault::RateLimited => {
                return Err(GatewayError::NotSent {
                    reason: "429".into(),
                    retry_after: Some(std::time::Duration::ZERO),
                });
            }
            _ => {}
        }
        let mut r = self.0.lock().unwrap();
        r.sends += 1;
        let n = r.by_order.len();
        let remote = r
            .by_order
            .entry(p.order_id.clone())
            .or_insert_with(|| RemotePayout {
                remote_id: (n + 1).to_string(),
                order_id: p.order_id.clone(),
                status: "pending".into(),
                amount_minor: p.amount.minor,
                currency: "MXN".into(),
                beneficiary: String::new(),
                description: String::new(),
                note: None,
                changed_at: 1,
                created_at: 1,
            });
        let out = remote.clone();
        drop(r);
        if self.next_fault() == Fault::DropAfterCommit {
            return Err(GatewayError::Unknown("reply lost".into()));
        }
        Ok(out)
    }

    async fn find_by_order_id(&self, order_id: &str) -> Result<Option<RemotePayout>, GatewayError> {
        if self.next_fault() == Fault::Offline {
            return Err(GatewayError::NotSent {
                reason: "offline".into(),
                retry_after: None,
            });
        }
        Ok(self.0.lock().unwrap().by_order.get(order_id).cloned())
    }

    async fn changed_since(
        &self,
        _: Option<String>,
    ) -> Result<(Vec<RemotePayout>, Option<String>), GatewayError> {
        Ok((Vec::new(), None))
    }
}

fn draft(i: usize) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: format!("{}.00", 100 + i),
        currency: "MXN".into(),
        order_id: format!("PO-{i:05}"),
        description: "Supplier".into(),
        first_name: "Ana".into(),
        last_name: "López".into(),
        email: "ana@example.com".into(),
        document_type: "Curp".into(),
        document_number: "LOPA900715MDFRRN09".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    }
}

fn engine(store: &Arc<Store>, fake: &FakeProvider) -> Engine<FakeProvider> {
    // Each reading of the clock moves it a minute on, so backoffs expire between passes.
    let t = Arc::new(std::sync::atomic::AtomicI64::new(1_000));
    Engine::new(
        store.clone(),
        fake.clone(),
        Environment::Sandbox,
        Arc::new(move || t.fetch_add(60_000, std::sync::atomic::Ordering::SeqCst)),
    )
}

async fn converge(e: &Engine<FakeProvider>) {
    for _ in 0..50 {
        e.flush().await.unwrap();
    }
}

// A reply lost after the provider committed leaves the payout "unknown"; the next pass finds
// it by orderId instead of sending it again.
#[tokio::test]
async fn a_lost_reply_is_reconciled_not_resent() {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let fake = FakeProvider::default();
    store
        .enqueue_payout(&draft(1), Environment::Sandbox, 1)
        .unwrap();
    fake.0.lock().unwrap().faults = vec![Fault::None, Fault::DropAfterCommit];
    let e = engine(&store, &fake);
    let first = e.flush().await.unwrap();
    assert!(!first.online);
    assert_eq!(store.in_doubt(Environment::Sandbox).unwrap().len(), 1);
    let second = e.flush().await.unwrap();
    assert_eq!(second.reconciled, 1);
    let r = fake.0.lock().unwrap();
    assert_eq!(
        (r.sends, r.by_order.len()),
        (1, 1),
        "sent once, exists once"
    );
}

#[tokio::test]
async fn payouts_entered_offline_go_out_once_when_the_network_returns() {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let fake = FakeProvider::default();
    for i in 0..5 {
        store
            .enqueue_payout(&draft(i), Environment::Sandbox, 1)
            .unwrap();
    }
    fake.0.lock().unwrap().faults = vec![Fault::Offline];
    let e = engine(&store, &fake);
    let r = e.flush().await.unwrap();
    assert!(!r.online && r.sent == 0);
    assert_eq!(
        store.outbox_counts(Environment::Sandbox).unwrap().queued,
        5,
        "still queued, nothing lost"
    );
    converge(&e).await;
    assert_eq!(fake.0.lock().unwrap().by_order.len(), 5);
    assert_eq!(store.outbox_counts(Environment::Sandbox).unwrap().queued, 0);
}

// Many payouts through a mix of faults: exactly one remote payout per queued payout.
#[tokio::test]
async fn no_duplicates_and_none_lost_across_mixed_faults() {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let fake = FakeProvider::default();
    for i in 0..200 {
        store
            .enqueue_payout(&draft(i), Environment::Sandbox, 1)
            .unwrap();
    }
    let pattern = [
        Fault::None,
        Fault::DropAfterCommit,
        Fault::Offline,
        Fault::RateLimited,
        Fault::None,
        Fault::None,
    ];
    fake.0.lock().unwrap().faults = (0..600).map(|i| pattern[i % pattern.len()]).collect();
    let e = engine(&store, &fake);
    converge(&e).await;
    for _ in 0..300 {
        e.flush().await.unwrap();
    }
    let r = fake.0.lock().unwrap();
    assert_eq!(r.by_order.len(), 200, "every payout arrived exactly once");
    assert_eq!(
        store.outbox_counts(Environment::Sandbox).unwrap(),
        desk_store::outbox::OutboxCounts::default()
    );
}

// A crash between committing "sending" and hearing back: a new engine on the same file
// reconciles first.
#[tokio::test]
async fn a_crash_mid_send_is_reconciled_by_the_next_engine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let key = desk_domain::Secret::new("c3".repeat(32));
    let fake = FakeProvider::default();
    {
        let store = Arc::new(Store::open(&path, &key).unwrap());
        let item = store
            .enqueue_payout(&draft(9), Environment::Sandbox, 1)
            .unwrap();
        store
            .transition(
                item.id,
                desk_store::outbox::OutboxState::Sending,
                2,
                None,
                None,
                None,
            )
            .unwrap();
        fake.send(&item.payout).await.unwrap();
        // the process dies here: the reply is never recorded
    }
    let store = Arc::new(Store::open(&path, &key).unwrap());
    let r = engine(&store, &fake).flush().await.unwrap();
    assert_eq!((r.reconciled, r.sent), (1, 0));
    assert_eq!(fake.0.lock().unwrap().sends, 1, "never sent twice");
}
