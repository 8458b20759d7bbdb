#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::{Currency, Environment, PayoutDraft, Secret, ValidPayout};

use super::*;
use crate::operation::OpState;

const ENV: Environment = Environment::Sandbox;
const NOW: i64 = 1_764_000_000_000;

fn payout(order_id: &str, amount: &str) -> ValidPayout {
    PayoutDraft {
        country: "MEX".into(),
        amount: amount.into(),
        currency: "MXN".into(),
        order_id: order_id.into(),
        description: "Batch".into(),
        first_name: "Ana".into(),
        last_name: "López".into(),
        email: "ana@example.mx".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    }
    .validate()
    .unwrap()
}

fn file_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("desk.db"), &Secret::new("b7".repeat(32))).unwrap();
    (dir, store)
}

#[test]
fn a_batch_is_queued_whole_with_its_rows_totals_and_one_audit_entry() {
    let (_d, s) = file_store();
    let rows = vec![(2, payout("B-1", "10.50")), (4, payout("B-2", "1,000.25"))];
    let info = s.enqueue_batch("friday.csv", &rows, ENV, NOW).unwrap();
    assert_eq!(info.row_count, 2);
    assert_eq!(info.totals, vec![Money::new(101_075, Currency::MXN)]);
    assert_eq!(s.batch(info.id).unwrap(), info);
    let due = s.due(ENV, NOW, 10).unwrap();
    assert_eq!(
        due.iter().map(|o| o.reference.as_str()).collect::<Vec<_>>(),
        ["B-1", "B-2"]
    );
    let results = s.batch_results(info.id).unwrap();
    assert_eq!(
        results
            .iter()
            .map(|r| (r.row, r.outcome))
            .collect::<Vec<_>>(),
        [(2, "queued"), (4, "queued")]
    );
    let progress = s.batch_progress(info.id).unwrap();
    assert_eq!((progress.total, progress.queued), (2, 2));
    assert!(!progress.finished());
    // each payout's entry and the batch's own, chained
    assert_eq!(s.verify_audit_chain().unwrap(), 3);
}

#[test]
fn a_reused_order_id_stores_nothing_of_the_batch_and_names_the_row() {
    let (_d, s) = file_store();
    s.enqueue_valid_payout(&payout("B-2", "5.00"), ENV, NOW)
        .unwrap();
    let rows = vec![(2, payout("B-1", "10.50")), (3, payout("B-2", "7.00"))];
    let err = s.enqueue_batch("friday.csv", &rows, ENV, NOW).unwrap_err();
    let StoreError::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    assert!(fields[0].message.contains("Row 3"), "{fields:?}");
    assert_eq!(
        s.due(ENV, NOW, 10).unwrap().len(),
        1,
        "only the earlier payout"
    );
    assert!(s.batches(ENV, 10).unwrap().is_empty());
    assert!(s.payout_reference_taken(ENV, "B-2").unwrap());
    assert!(!s.payout_reference_taken(ENV, "B-1").unwrap());
}

#[test]
fn progress_and_results_follow_the_engine_and_the_bank() {
    let (_d, s) = file_store();
    let rows: Vec<_> = (0..5)
        .map(|i| (i + 2, payout(&format!("P-{i}"), "1.00")))
        .collect();
    let info = s.enqueue_batch("f.csv", &rows, ENV, NOW).unwrap();
    let ops = s.due(ENV, NOW, 10).unwrap();
    let at = NOW + 1;
    for op in &ops {
        s.transition(op.id, OpState::Sending, at, None, None, None)
            .unwrap();
    }
    s.transition(
        ops[0].id,
        OpState::Confirmed,
        at,
        None,
        Some(("71", "paid")),
        None,
    )
    .unwrap();
    s.transition(
        ops[1].id,
        OpState::Confirmed,
        at,
        None,
        Some(("72", "pending")),
        None,
    )
    .unwrap();
    s.transition(
        ops[2].id,
        OpState::Failed,
        at,
        None,
        None,
        Some("Invalid CLABE"),
    )
    .unwrap();
    s.transition(
        ops[3].id,
        OpState::Unknown,
        at,
        None,
        None,
        Some("timed out"),
    )
    .unwrap();
    s.transition(
        ops[4].id,
        OpState::Confirmed,
        at,
        None,
        Some(("75", "reversed")),
        None,
    )
    .unwrap();
    let p = s.batch_progress(info.id).unwrap();
    assert_eq!(
        (
            p.total, p.queued, p.sent, p.paid, p.rejected, p.reversed, p.in_doubt
        ),
        (5, 0, 1, 1, 1, 1, 1)
    );
    assert!(!p.finished(), "one is sent and one in doubt");
    let r = s.batch_results(info.id).unwrap();
    let got: Vec<_> = r
        .iter()
        .map(|r| {
            (
                r.row,
                r.outcome,
                r.reason.as_deref(),
                r.remote_id.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, "paid", None, Some("71")),
            (3, "sent", None, Some("72")),
            (4, "rejected", Some("Invalid CLABE"), None),
            (5, "in doubt", Some("timed out"), None),
            (6, "reversed", None, Some("75")),
        ]
    );
}

#[test]
fn recent_payouts_are_those_since_the_cutoff_with_their_clabe() {
    let (_d, s) = file_store();
    s.enqueue_valid_payout(&payout("OLD", "3.00"), ENV, NOW - 8 * 86_400_000)
        .unwrap();
    s.enqueue_valid_payout(&payout("NEW", "3.00"), ENV, NOW)
        .unwrap();
    let recent = s.recent_payouts(ENV, NOW - 7 * 86_400_000).unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].order_id, "NEW");
    assert_eq!(recent[0].clabe, "646180110400000007");
    assert_eq!(recent[0].amount, Money::new(300, Currency::MXN));
    assert!(
        s.recent_payouts(Environment::Production, 0)
            .unwrap()
            .is_empty(),
        "environments stay apart"
    );
}

#[test]
fn an_empty_batch_is_refused() {
    let (_d, s) = file_store();
    assert!(matches!(
        s.enqueue_batch("e.csv", &[], ENV, NOW),
        Err(StoreError::Invalid(_))
    ));
}
