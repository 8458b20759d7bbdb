//! The engine against an in-process fake provider that does NOT deduplicate (a second create
//! under a reference makes a second resource), can drop replies after committing, go offline
//! and rate-limit, and can behave as Monnet (no lookup; a repeated orderId answered 2005).

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use desk_domain::{Currency, Environment, Money, PayoutDraft, Provider};
use desk_store::Store;
use desk_store::operation::{
    Capture, Charge, ChargeIntent, Intent, OpState, Operation, Refund, Void,
};
use desk_sync::{Engine, Gateway, GatewayError, Lookup, Remote, Sent};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Fault {
    DropAfterCommit,
    Offline,
    RateLimited,
}

#[derive(Default)]
struct World {
    /// Everything created, per reference, oldest first.
    held: HashMap<String, Vec<Remote>>,
    /// (reference, clock) of every create that reached the provider.
    creates: Vec<(String, i64)>,
    lookups: usize,
    faults: HashMap<Provider, Vec<Fault>>,
}

#[derive(Clone)]
struct Fake {
    world: Arc<Mutex<World>>,
    clock: Arc<AtomicI64>,
    /// Behave as Monnet documents: no lookup, a repeated reference is refused with 2005.
    monnet_rules: bool,
}

impl Fake {
    fn new(monnet_rules: bool) -> Self {
        Self {
            world: Arc::default(),
            clock: Arc::new(AtomicI64::new(1_000)),
            monnet_rules,
        }
    }

    /// Takes `p`'s next fault if it is one of `kinds`.
    fn fault(&self, p: Provider, kinds: &[Fault]) -> Option<Fault> {
        let mut w = self.world.lock().unwrap();
        let q = w.faults.entry(p).or_default();
        let next = q.first().copied().filter(|f| kinds.contains(f))?;
        q.remove(0);
        Some(next)
    }

    fn inject(&self, p: Provider, faults: &[Fault]) {
        self.world.lock().unwrap().faults.insert(p, faults.to_vec());
    }

    fn hold(&self, reference: &str, amount: i64) {
        let r = remote(reference, amount, 99);
        self.world
            .lock()
            .unwrap()
            .held
            .entry(reference.into())
            .or_default()
            .push(r);
    }

    fn count(&self, reference: &str) -> usize {
        self.world
            .lock()
            .unwrap()
            .held
            .get(reference)
            .map_or(0, Vec::len)
    }

    fn engine(&self, store: &Arc<Store>) -> Engine<Fake> {
        let clock = self.clock.clone();
        Engine::new(
            store.clone(),
            self.clone(),
            Environment::Sandbox,
            Arc::new(move || clock.load(Ordering::SeqCst)),
        )
    }

    fn advance(&self, ms: i64) {
        self.clock.fetch_add(ms, Ordering::SeqCst);
    }
}

fn remote(reference: &str, amount: i64, id: usize) -> Remote {
    Remote {
        remote_id: id.to_string(),
        reference: reference.into(),
        status: "pending".into(),
        amount_minor: amount,
        currency: "MXN".into(),
        beneficiary: None,
        clabe: None,
        note: None,
    }
}

/// What the provider reports of what it holds, by kind of operation.
fn held_status(op: &Operation) -> &'static str {
    match op.intent.kind() {
        "refund" => "refunded",
        "capture" => "captured",
        "void" => "voided",
        "charge" => "succeeded",
        _ => "pending",
    }
}

fn offline() -> GatewayError {
    GatewayError::NotSent {
        reason: "offline".into(),
        retry_after: None,
    }
}

impl Gateway for Fake {
    async fn send(&self, op: &Operation) -> Result<Sent, GatewayError> {
        match self.fault(op.provider, &[Fault::Offline, Fault::RateLimited]) {
            Some(Fault::Offline) => return Err(offline()),
            Some(Fault::RateLimited) => {
                return Err(GatewayError::NotSent {
                    reason: "429".into(),
                    retry_after: Some(Duration::from_secs(5)),
                });
            }
            _ => {}
        }
        let now = self.clock.load(Ordering::SeqCst);
        let mut w = self.world.lock().unwrap();
        w.creates.push((op.reference.clone(), now));
        let id = w.creates.len();
        let already = w.held.get(&op.reference).is_some_and(|v| !v.is_empty());
        if self.monnet_rules && already {
            return Ok(Sent::DuplicateReference);
        }
        // No deduplication: a second create is a second resource.
        let r = Remote {
            status: held_status(op).into(),
            ..remote(&op.reference, op.intent.amount().minor, id)
        };
        w.held
            .entry(op.reference.clone())
            .or_default()
            .push(r.clone());
        drop(w);
        if self.fault(op.provider, &[Fault::DropAfterCommit]).is_some() {
            return Err(GatewayError::Unknown("reply lost".into()));
        }
        Ok(Sent::Created(r))
    }

    async fn lookup(&self, op: &Operation) -> Result<Lookup, GatewayError> {
        if self.monnet_rules {
            return Ok(Lookup::ResendToLearn {
                wait: Duration::from_secs(30),
            });
        }
        if self.fault(op.provider, &[Fault::Offline]).is_some() {
            return Err(offline());
        }
        let mut w = self.world.lock().unwrap();
        w.lookups += 1;
        Ok(Lookup::Found(
            w.held.get(&op.reference).cloned().unwrap_or_default(),
        ))
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

fn charge(provider: Provider, store: &Store, reference: &str, minor: i64) -> Operation {
    let c = Charge {
        amount: Money::new(minor, Currency::MXN),
        description: "Order".into(),
        customer_name: String::new(),
        customer_email: String::new(),
        nonce: None,
        intent: ChargeIntent::Sale,
        customer: None,
    };
    store
        .enqueue_charge(provider, Environment::Sandbox, "checkout", reference, &c, 1)
        .unwrap()
}

fn store() -> Arc<Store> {
    Arc::new(Store::open_in_memory().unwrap())
}

fn state(store: &Store, op: &Operation) -> OpState {
    store.operation(op.id).unwrap().state
}

// A reply lost after the provider committed leaves the operation unknown; the next pass looks
// it up by reference instead of sending it again. The fake does not deduplicate, so a resend
// would be a second charge.
#[tokio::test]
async fn a_lost_reply_is_looked_up_not_resent() {
    let (s, fake) = (store(), Fake::new(false));
    let op = charge(Provider::Monei, &s, "ME-1", 1250);
    fake.inject(Provider::Monei, &[Fault::DropAfterCommit]);
    let e = fake.engine(&s);
    let report = e.flush().await.unwrap();
    assert_eq!(state(&s, &op), OpState::Unknown);
    assert!(!report.online());
    e.flush().await.unwrap();
    assert_eq!(state(&s, &op), OpState::Confirmed);
    assert_eq!(fake.count("ME-1"), 1, "exactly one charge at the provider");
    assert_eq!(fake.world.lock().unwrap().lookups, 1);
}

// A kill between "sending" and the request: the restart finds the operation mid-send, records
// the doubt, looks it up (nothing there), and only then sends it, once.
#[tokio::test]
async fn an_operation_found_mid_send_is_looked_up_before_it_is_sent() {
    let (s, fake) = (store(), Fake::new(false));
    let op = charge(Provider::Mona, &s, "MN-1", 500);
    s.transition(op.id, OpState::Sending, 2, None, None, None)
        .unwrap();
    fake.engine(&s).flush().await.unwrap();
    assert_eq!(state(&s, &op), OpState::Confirmed);
    assert_eq!(fake.count("MN-1"), 1);
    assert_eq!(fake.world.lock().unwrap().lookups, 1);
}

// Monnet documents no lookup: an unknown payout is resent under the same orderId only after
// 30 s, and its 2005 answer means the first went through: one payout, never called lost.
#[tokio::test]
async fn monnet_learns_an_unknown_outcome_by_the_documented_resend_after_30_s() {
    let (s, fake) = (store(), Fake::new(true));
    let op = s
        .enqueue_payout(&draft(1), Environment::Sandbox, 1)
        .unwrap();
    fake.inject(Provider::Monnet, &[Fault::DropAfterCommit]);
    let e = fake.engine(&s);
    e.flush().await.unwrap();
    assert_eq!(state(&s, &op), OpState::Unknown);
    fake.advance(29_000);
    let report = e.flush().await.unwrap();
    assert_eq!(report.waiting, 1);
    assert_eq!(
        fake.world.lock().unwrap().creates.len(),
        1,
        "no resend before 30 s"
    );
    fake.advance(1_000);
    e.flush().await.unwrap();
    let op_now = s.operation(op.id).unwrap();
    assert_eq!(op_now.state, OpState::CreatedEarlier);
    let creates = fake.world.lock().unwrap().creates.clone();
    assert_eq!(creates.len(), 2);
    assert!(creates[1].1 - creates[0].1 >= 30_000);
    assert_eq!(fake.count(&op.reference), 1);
    assert_eq!(s.outbox_counts(Environment::Sandbox).unwrap().in_flight, 0);
}

// The resend that was to learn an unknown Monnet outcome is itself refused before it goes out
// (a 429, the network gone): the doubt stands. Were the payout put back in the queue as never
// sent, its next send would meet the 2005 of the first request and call it someone else's.
#[tokio::test]
async fn a_resend_to_learn_that_did_not_go_out_keeps_the_doubt() {
    let (s, fake) = (store(), Fake::new(true));
    let op = s
        .enqueue_payout(&draft(3), Environment::Sandbox, 1)
        .unwrap();
    fake.inject(Provider::Monnet, &[Fault::DropAfterCommit]);
    let e = fake.engine(&s);
    e.flush().await.unwrap();
    assert_eq!(state(&s, &op), OpState::Unknown);
    fake.advance(30_000);
    fake.inject(Provider::Monnet, &[Fault::RateLimited]);
    e.flush().await.unwrap();
    assert_eq!(
        state(&s, &op),
        OpState::Unknown,
        "still in doubt, not queued"
    );
    fake.advance(30_000);
    e.flush().await.unwrap();
    assert_eq!(state(&s, &op), OpState::CreatedEarlier);
    assert_eq!(fake.count(&op.reference), 1);
}

// A first send answered 2005: someone else used this orderId. Nothing is merged or called sent.
#[tokio::test]
async fn an_order_id_monnet_already_holds_is_a_conflict() {
    let (s, fake) = (store(), Fake::new(true));
    let op = s
        .enqueue_payout(&draft(2), Environment::Sandbox, 1)
        .unwrap();
    fake.hold(&op.reference, 1);
    fake.engine(&s).flush().await.unwrap();
    assert_eq!(state(&s, &op), OpState::Conflict);
    let detail = s.detail(&op.transaction_id).unwrap().item;
    assert_eq!(detail.status, "attention");
    assert_eq!(s.outbox_counts(Environment::Sandbox).unwrap().attention, 1);
}

// The provider holds the reference with another amount (another desk, the portal, a restored
// backup): needs attention, with a sentence that says what differs.
#[tokio::test]
async fn a_reference_held_with_another_amount_needs_attention() {
    let (s, fake) = (store(), Fake::new(false));
    let op = charge(Provider::Moneflow, &s, "MF-1", 1250);
    fake.hold("MF-1", 125_000);
    s.transition(op.id, OpState::Sending, 2, None, None, None)
        .unwrap();
    fake.engine(&s).flush().await.unwrap();
    let now = s.operation(op.id).unwrap();
    assert_eq!(now.state, OpState::Conflict);
    let note = now.last_error.unwrap();
    assert!(
        note.contains("1250.00 MXN") && note.contains("12.50 MXN"),
        "{note}"
    );
    assert_eq!(fake.count("MF-1"), 1, "nothing sent over it");
}

// One provider's outage does not hold back another's operations, and a 429's pause is kept.
#[tokio::test]
async fn one_provider_offline_does_not_stop_another() {
    let (s, fake) = (store(), Fake::new(false));
    let mona = charge(Provider::Mona, &s, "MN-2", 100);
    let monei = charge(Provider::Monei, &s, "ME-2", 200);
    let flow = charge(Provider::Moneflow, &s, "MF-2", 300);
    fake.inject(Provider::Mona, &[Fault::Offline]);
    fake.inject(Provider::Monei, &[Fault::RateLimited]);
    let report = fake.engine(&s).flush().await.unwrap();
    assert_eq!(state(&s, &mona), OpState::Queued);
    assert_eq!(state(&s, &monei), OpState::Queued);
    assert_eq!(
        state(&s, &flow),
        OpState::Confirmed,
        "the reachable provider's went out"
    );
    assert_eq!(report.retry_after, Some(Duration::from_secs(5)));
    assert_eq!(report.unreachable, vec![Provider::Mona, Provider::Monei]);
    fake.engine(&s).flush().await.unwrap();
    assert_eq!(
        state(&s, &monei),
        OpState::Queued,
        "the provider's pause is kept"
    );
    fake.advance(120_000);
    fake.engine(&s).flush().await.unwrap();
    assert_eq!(state(&s, &mona), OpState::Confirmed);
    assert_eq!(state(&s, &monei), OpState::Confirmed);
}

// Many operations with faults everywhere: every one ends at the provider exactly once.
#[tokio::test]
async fn many_operations_under_faults_end_exactly_once() {
    let (s, fake) = (store(), Fake::new(false));
    let ops: Vec<Operation> = (0..60)
        .map(|i| {
            let p = [Provider::Mona, Provider::Monei, Provider::Moneflow][i % 3];
            charge(p, &s, &format!("R-{i}"), 100 + i as i64)
        })
        .collect();
    let e = fake.engine(&s);
    for round in 0..40 {
        for p in [Provider::Mona, Provider::Monei, Provider::Moneflow] {
            let f = [Fault::DropAfterCommit, Fault::Offline, Fault::RateLimited][round % 3];
            fake.inject(p, &[f, Fault::DropAfterCommit]);
        }
        e.flush().await.unwrap();
        fake.advance(120_000);
    }
    fake.world.lock().unwrap().faults.clear();
    e.flush().await.unwrap();
    for op in &ops {
        assert_eq!(state(&s, op), OpState::Confirmed, "{}", op.reference);
        assert_eq!(fake.count(&op.reference), 1, "{}", op.reference);
    }
}

/// A charge the fake holds and the desk confirmed, as `status` (`succeeded`, `authorized`).
async fn held_payment(s: &Arc<Store>, fake: &Fake, reference: &str, status: &str) -> Operation {
    let op = charge(Provider::Moneflow, s, reference, 5_000);
    fake.engine(s).flush().await.unwrap();
    let op = s.operation(op.id).unwrap();
    assert_eq!(op.state, OpState::Confirmed);
    if status != "succeeded" {
        // An authorisation: the history row reads as the provider reported it.
        s.upsert(&desk_store::records::Record {
            provider: Provider::Moneflow,
            environment: Environment::Sandbox,
            kind: "checkout".into(),
            reference: reference.into(),
            remote_id: op.remote_id.clone(),
            amount_minor: 5_000,
            currency: "MXN".into(),
            status: status.into(),
            counterparty: String::new(),
            description: String::new(),
            details: serde_json::json!({}),
            created_at: 1,
            updated_at: 2,
            note: None,
        })
        .unwrap();
    }
    op
}

fn refund_of(payment: &Operation, minor: i64) -> Intent {
    Intent::Refund(Refund {
        payment_remote_id: payment.remote_id.clone().unwrap(),
        payment_record: payment.transaction_id.clone(),
        amount: Money::new(minor, Currency::MXN),
        reason: "requested_by_customer".into(),
    })
}

// A refund whose reply was lost after the provider committed it is looked up by its own
// reference, not sent again (the fake makes a second refund of a blind resend); the payment
// then shows what was refunded and what remains.
#[tokio::test]
async fn a_refund_whose_reply_was_lost_is_looked_up_not_resent() {
    let (s, fake) = (store(), Fake::new(false));
    let payment = held_payment(&s, &fake, "MF-10", "succeeded").await;
    let refund = s
        .enqueue_after_sale("RF-10", refund_of(&payment, 2_000), 3)
        .unwrap();
    fake.inject(Provider::Moneflow, &[Fault::DropAfterCommit]);
    let e = fake.engine(&s);
    e.flush().await.unwrap();
    assert_eq!(state(&s, &refund), OpState::Unknown);
    let lookups = fake.world.lock().unwrap().lookups;
    e.flush().await.unwrap();
    assert_eq!(state(&s, &refund), OpState::Confirmed);
    assert_eq!(fake.count("RF-10"), 1, "exactly one refund at the provider");
    assert_eq!(fake.world.lock().unwrap().lookups, lookups + 1);
    let item = s.detail(&payment.transaction_id).unwrap().item;
    assert_eq!(item.status, "partially_refunded");
    assert_eq!((item.refunded.minor, item.net.minor), (2_000, 3_000));
}

// More than what remains is refused before anything is sent, counting a refund still queued.
#[tokio::test]
async fn an_over_refund_is_refused_before_anything_is_sent() {
    let (s, fake) = (store(), Fake::new(false));
    let payment = held_payment(&s, &fake, "MF-11", "succeeded").await;
    s.enqueue_after_sale("RF-11", refund_of(&payment, 4_000), 3)
        .unwrap();
    assert!(
        s.enqueue_after_sale("RF-12", refund_of(&payment, 1_001), 3)
            .is_err()
    );
    fake.engine(&s).flush().await.unwrap();
    assert_eq!(
        fake.count("RF-12"),
        0,
        "the refused refund never reached the provider"
    );
    assert_eq!(fake.count("RF-11"), 1);
}

// A capture read back as something else (voided at the provider's portal) is a conflict,
// never a capture; the authorisation's row does not become "captured".
#[tokio::test]
async fn a_capture_the_provider_holds_otherwise_is_a_conflict() {
    let (s, fake) = (store(), Fake::new(false));
    let payment = held_payment(&s, &fake, "MF-12", "authorized").await;
    let capture = s
        .enqueue_after_sale(
            "CP-12",
            Intent::Capture(Capture {
                remote_id: payment.remote_id.clone().unwrap(),
                payment_record: payment.transaction_id.clone(),
                amount: Money::new(4_000, Currency::MXN),
            }),
            3,
        )
        .unwrap();
    fake.hold("CP-12", 4_000); // held as "pending", not "captured"
    s.transition(capture.id, OpState::Sending, 4, None, None, None)
        .unwrap();
    fake.engine(&s).flush().await.unwrap();
    assert_eq!(state(&s, &capture), OpState::Conflict);
    assert_eq!(
        s.detail(&payment.transaction_id).unwrap().item.status,
        "authorized"
    );
    assert_eq!(fake.count("CP-12"), 1, "nothing sent over it");
}

// A void found mid-send after a crash is looked up first, then sent once; the payment shows
// it voided, with nothing taken.
#[tokio::test]
async fn a_void_found_mid_send_is_looked_up_then_sent_once() {
    let (s, fake) = (store(), Fake::new(false));
    let payment = held_payment(&s, &fake, "MF-13", "authorized").await;
    let void = s
        .enqueue_after_sale(
            "VD-13",
            Intent::Void(Void {
                remote_id: payment.remote_id.clone().unwrap(),
                payment_record: payment.transaction_id.clone(),
                amount: Money::new(5_000, Currency::MXN),
            }),
            3,
        )
        .unwrap();
    s.transition(void.id, OpState::Sending, 4, None, None, None)
        .unwrap();
    let lookups = fake.world.lock().unwrap().lookups;
    fake.engine(&s).flush().await.unwrap();
    assert_eq!(state(&s, &void), OpState::Confirmed);
    assert_eq!(fake.world.lock().unwrap().lookups, lookups + 1);
    assert_eq!(fake.count("VD-13"), 1);
    let item = s.detail(&payment.transaction_id).unwrap().item;
    assert_eq!((item.status.as_str(), item.net.minor), ("voided", 0));
}
