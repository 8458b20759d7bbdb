#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::{Currency, Environment, Money, Provider};

use super::*;
use crate::operation::{Capture, Charge, ChargeIntent, Refund, Void};

const DAY: i64 = 86_400_000;

/// A MonEFlow payment of 50.00 USD held by the provider as `status`.
fn payment(s: &Store, reference: &str, status: &str, intent: ChargeIntent) -> String {
    let charge = Charge {
        amount: Money::new(5_000, Currency::USD),
        description: "Boots".into(),
        customer_name: "Ana".into(),
        customer_email: String::new(),
        nonce: Some("nonce_x".into()),
        intent,
        customer: None,
    };
    let op = s
        .enqueue_charge(
            Provider::Moneflow,
            Environment::Sandbox,
            "checkout",
            reference,
            &charge,
            DAY,
        )
        .unwrap();
    s.transition(op.id, OpState::Sending, DAY, None, None, None)
        .unwrap();
    s.transition(
        op.id,
        OpState::Confirmed,
        DAY,
        None,
        Some(("mft_1", status)),
        None,
    )
    .unwrap();
    op.transaction_id
}

fn refund(record: &str, minor: i64) -> Intent {
    Intent::Refund(Refund {
        payment_remote_id: "mft_1".into(),
        payment_record: record.into(),
        amount: Money::new(minor, Currency::USD),
        reason: "requested_by_customer".into(),
    })
}

fn confirm(s: &Store, op: &Operation, status: &str) {
    s.transition(op.id, OpState::Sending, 2 * DAY, None, None, None)
        .unwrap();
    s.transition(
        op.id,
        OpState::Confirmed,
        2 * DAY,
        None,
        Some(("c1", status)),
        None,
    )
    .unwrap();
}

#[test]
fn refunds_never_exceed_what_was_taken_counting_those_still_queued() {
    let s = Store::open_in_memory().unwrap();
    let p = payment(&s, "MF-1", "succeeded", ChargeIntent::Sale);
    let first = s
        .enqueue_after_sale("RF-1", refund(&p, 3_000), 2 * DAY)
        .unwrap();
    // The first is only queued: a second of 30.00 would refund 60.00 of 50.00.
    match s.enqueue_after_sale("RF-2", refund(&p, 3_000), 2 * DAY) {
        Err(StoreError::Invalid(f)) => {
            assert_eq!(f[0].field, "amount");
            assert!(f[0].message.contains("20.00 USD"), "{}", f[0].message);
        }
        other => panic!("an over-refund must be refused: {other:?}"),
    }
    let figures = s.payment_figures(&p).unwrap();
    assert_eq!(figures.refundable(), Money::new(2_000, Currency::USD));
    confirm(&s, &first, "refunded");
    let item = s.detail(&p).unwrap();
    assert_eq!(item.item.status, "partially_refunded");
    assert_eq!(item.item.refunded, Money::new(3_000, Currency::USD));
    assert_eq!(item.item.net, Money::new(2_000, Currency::USD));
    assert_eq!(
        item.operations.len(),
        1,
        "the refund is on the payment's detail"
    );
    assert!(
        item.timeline
            .iter()
            .any(|t| t.note.as_deref().is_some_and(|n| n.contains("RF-1")))
    );
    let second = s
        .enqueue_after_sale("RF-2", refund(&p, 2_000), 2 * DAY)
        .unwrap();
    confirm(&s, &second, "refunded");
    let item = s.detail(&p).unwrap().item;
    assert_eq!((item.status.as_str(), item.net.minor), ("refunded", 0));
    assert!(
        s.enqueue_after_sale("RF-3", refund(&p, 1), 2 * DAY)
            .is_err()
    );
    // The list shows the payment once, with its net; not the refunds as rows of their own.
    let page = s.history(&crate::history::HistoryQuery::default()).unwrap();
    assert_eq!(page.items.len(), 1);
    let mut csv = Vec::new();
    s.export_csv(&crate::history::HistoryQuery::default(), &mut csv)
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.lines().nth(1).unwrap().ends_with(",50.00,0.00"),
        "{csv}"
    );
}

#[test]
fn a_refused_refund_gives_its_amount_back_to_what_may_be_refunded() {
    let s = Store::open_in_memory().unwrap();
    let p = payment(&s, "MF-2", "succeeded", ChargeIntent::Sale);
    let op = s
        .enqueue_after_sale("RF-9", refund(&p, 5_000), 2 * DAY)
        .unwrap();
    s.transition(op.id, OpState::Sending, 2 * DAY, None, None, None)
        .unwrap();
    s.transition(op.id, OpState::Failed, 2 * DAY, None, None, Some("refused"))
        .unwrap();
    assert_eq!(s.payment_figures(&p).unwrap().refundable().minor, 5_000);
    assert_eq!(
        s.unopened_notices(Environment::Sandbox).unwrap().len(),
        1,
        "a refused refund is a notice"
    );
}

#[test]
fn capture_and_void_only_of_an_open_authorisation_and_never_above_it() {
    let s = Store::open_in_memory().unwrap();
    let p = payment(&s, "MF-3", "authorized", ChargeIntent::Authorize);
    assert!(
        s.enqueue_after_sale("RF-4", refund(&p, 100), 2 * DAY)
            .is_err(),
        "nothing taken yet"
    );
    let capture = |minor| {
        Intent::Capture(Capture {
            remote_id: "mft_1".into(),
            payment_record: p.clone(),
            amount: Money::new(minor, Currency::USD),
        })
    };
    assert!(
        s.enqueue_after_sale("CP-1", capture(5_001), 2 * DAY)
            .is_err()
    );
    assert!(
        s.enqueue_after_sale("CP-1", capture(4_000), 9 * DAY)
            .is_err(),
        "an expired authorisation is not captured"
    );
    let op = s
        .enqueue_after_sale("CP-1", capture(4_000), 2 * DAY)
        .unwrap();
    let void = Intent::Void(Void {
        remote_id: "mft_1".into(),
        payment_record: p.clone(),
        amount: Money::new(5_000, Currency::USD),
    });
    assert!(
        s.enqueue_after_sale("VD-1", void, 2 * DAY).is_err(),
        "a capture is already queued"
    );
    confirm(&s, &op, "captured");
    let item = s.detail(&p).unwrap().item;
    assert_eq!(item.status, "captured");
    assert_eq!(item.captured, Some(Money::new(4_000, Currency::USD)));
    assert_eq!(item.net.minor, 4_000);
    assert!(
        s.enqueue_after_sale("RF-5", refund(&p, 4_001), 3 * DAY)
            .is_err(),
        "refund ≤ captured"
    );
    s.enqueue_after_sale("RF-5", refund(&p, 4_000), 3 * DAY)
        .unwrap();
}
