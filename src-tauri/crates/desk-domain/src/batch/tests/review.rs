//! Reviewing a batch: references, duplicates, fixes, drops, totals and what is queued.
use proptest::prelude::*;

use super::super::*;
use super::{file, good, parse, prefix};
use crate::money::{Currency, Money};
use crate::payout::MAX_PAYOUT_MINOR;

fn with(n: u32, change: impl FnOnce(&mut PayoutDraft)) -> PayoutDraft {
    let mut draft = good(n);
    change(&mut draft);
    draft
}

fn ids(batch: &Batch) -> Vec<&str> {
    batch
        .rows()
        .iter()
        .map(|r| r.draft.order_id.as_str())
        .collect()
}

#[test]
fn references_are_generated_for_rows_without_one_unique_and_the_same_every_time() {
    let no_id = |n| with(n, |d| d.order_id.clear());
    // Row 5 already uses the reference row 3 would get.
    let own = with(4, |d| d.order_id = "BX-3".into());
    let text = file(',', &[no_id(1), no_id(2), no_id(3), own]);
    let batch = parse(&text, AmountLocale::En);
    assert_eq!(ids(&batch), ["BX-2", "BX-3-2", "BX-4", "BX-3"]);
    let generated: Vec<bool> = batch.rows().iter().map(|r| r.order_id_generated).collect();
    assert_eq!(generated, [true, true, true, false]);
    assert_eq!(batch.summary().unwrap().ready, 4);
    assert_eq!(ids(&parse(&text, AmountLocale::En)), ids(&batch));
}

#[test]
fn a_reference_used_twice_is_a_problem_on_the_later_row() {
    let again = with(2, |d| d.order_id = "PO-1".into());
    let batch = parse(&file(',', &[good(1), again]), AmountLocale::En);
    assert!(batch.rows()[0].problems.is_empty());
    let p = &batch.rows()[1].problems;
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].message,
        "The reference PO-1 is also on row 2: give each payout its own."
    );
    assert_eq!(
        (p[0].row, p[0].column.as_deref(), p[0].field.as_deref()),
        (3, Some("orderId"), Some("orderId"))
    );
}

#[test]
fn same_clabe_and_amount_is_flagged_for_the_merchant_to_keep_or_drop() {
    let same = with(1, |d| d.order_id = "PO-9".into());
    let other_amount = with(1, |d| {
        d.order_id = "PO-8".into();
        d.amount = "1,250.51".into();
    });
    let text = file(',', &[good(1), good(2), same, other_amount]);
    let mut batch = parse(&text, AmountLocale::En);
    let flags: Vec<_> = batch.rows().iter().map(|r| r.duplicate_of).collect();
    assert_eq!(flags, [None, None, Some(2), None]);
    assert!(
        batch.rows()[2].problems.is_empty(),
        "a duplicate is not a problem"
    );
    let summary = batch.summary().unwrap();
    assert_eq!((summary.ready, summary.undecided_duplicates), (3, 1));
    assert_eq!(
        batch.payouts().err(),
        Some(BatchError::NotReady {
            problems: 0,
            duplicates: 1
        })
    );

    let mut dropped = batch.clone();
    batch.keep_duplicate(4).unwrap();
    assert_eq!(batch.summary().unwrap().ready, 4);
    assert_eq!(batch.payouts().unwrap().count(), 4);

    // Dropping the earlier row leaves the later one alone.
    dropped.drop_row(2).unwrap();
    assert_eq!(dropped.row(4).unwrap().duplicate_of, None);
    assert_eq!(dropped.summary().unwrap().ready, 3);
    assert_eq!(dropped.drop_row(2), Err(BatchError::NoSuchRow(2)));
}

#[test]
fn a_fix_is_checked_again_with_the_other_rows() {
    let broken = with(2, |d| d.clabe = "002123451234534510".into());
    let mut batch = parse(&file(',', &[good(1), broken]), AmountLocale::En);
    assert_eq!(batch.summary().unwrap().with_problems, 1);

    // Fixed into a copy of row 2: its reference repeats, and it is a possible duplicate.
    batch.fix_row(3, good(1)).unwrap();
    let row = batch.row(3).unwrap();
    assert_eq!(row.duplicate_of, Some(2));
    assert_eq!(row.problems.len(), 1);
    assert_eq!(row.problems[0].field.as_deref(), Some("orderId"));

    // Without a reference, one is generated; the same sent back stays generated.
    batch.fix_row(3, with(1, |d| d.order_id.clear())).unwrap();
    assert_eq!(batch.row(3).unwrap().draft.order_id, "BX-3");
    batch.keep_duplicate(3).unwrap();
    let again = batch.row(3).unwrap().draft.clone();
    batch.fix_row(3, again).unwrap();
    assert!(batch.row(3).unwrap().order_id_generated);
    assert!(batch.summary().unwrap().can_queue());

    // The decision to keep holds while the CLABE and amount stay the same.
    let renamed = with(1, |d| {
        d.order_id.clear();
        d.first_name = "Marisa".into();
    });
    batch.fix_row(3, renamed).unwrap();
    assert!(batch.row(3).unwrap().duplicate_kept);
    let moved = with(1, |d| d.amount = "1".into());
    batch.fix_row(3, moved.clone()).unwrap();
    assert!(!batch.row(3).unwrap().duplicate_kept);
    assert_eq!(batch.row(3).unwrap().duplicate_of, None);
    batch.fix_row(3, good(1)).unwrap();
    assert_eq!(batch.summary().unwrap().undecided_duplicates, 0);
    assert_eq!(batch.summary().unwrap().with_problems, 1);
    assert_eq!(batch.fix_row(9, moved), Err(BatchError::NoSuchRow(9)));
}

#[test]
fn totals_add_the_ready_rows_exactly_in_minor_units() {
    let amounts = ["0.10", "0.20", "1,000,000.00", "0.01"];
    let mut drafts: Vec<_> = (0..4)
        .map(|i| with(i, |d| d.amount = amounts[i as usize].into()))
        .collect();
    drafts.push(with(9, |d| d.email.clear())); // not ready: not counted
    let batch = parse(&file(';', &drafts), AmountLocale::En);
    let summary = batch.summary().unwrap();
    assert_eq!(summary.totals, [Money::new(100_000_031, Currency::MXN)]);
    assert_eq!(
        (summary.rows, summary.ready, summary.with_problems),
        (5, 4, 1)
    );
    assert!(!summary.can_queue());
}

#[test]
fn payouts_are_given_only_once_every_row_is_ready() {
    let broken = with(2, |d| d.amount = "abc".into());
    let mut batch = parse(&file(',', &[good(1), broken]), AmountLocale::En);
    assert_eq!(
        batch.payouts().err(),
        Some(BatchError::NotReady {
            problems: 1,
            duplicates: 0
        })
    );
    batch.drop_row(3).unwrap();
    let queued: Vec<(u32, String)> = batch
        .payouts()
        .unwrap()
        .map(|(row, p)| (row, p.order_id.clone()))
        .collect();
    assert_eq!(queued, [(2, "PO-1".to_string())]);
    batch.drop_row(2).unwrap();
    assert_eq!(batch.payouts().err(), Some(BatchError::AllDropped));
}

fn draft_strategy() -> impl Strategy<Value = (i64, String, bool)> {
    (
        1..=MAX_PAYOUT_MINOR,
        "[A-Za-z][A-Za-z0-9 ,;\"ñé]{0,30}",
        any::<bool>(),
    )
}

proptest! {
    // Whatever the locale, separator and encoding, valid rows read back as written, with
    // references unique and totals the exact sum.
    #[test]
    fn any_valid_rows_read_back_as_written(
        rows in prop::collection::vec(draft_strategy(), 1..20),
        locale in prop::sample::select(AmountLocale::all().to_vec()),
        separator in prop::sample::select(vec![',', ';']),
        encoding in 0..3u8,
    ) {
        let drafts: Vec<PayoutDraft> = rows
            .iter()
            .enumerate()
            .map(|(i, (minor, description, has_id))| {
                with(i as u32, |d| {
                    d.amount = Money::new(*minor, Currency::MXN).format_in(locale);
                    d.description = description.clone();
                    if !has_id {
                        d.order_id.clear();
                    }
                })
            })
            .collect();
        let text = file(separator, &drafts);
        let bytes = match encoding {
            0 => text.into_bytes(),
            1 => format!("\u{FEFF}{text}").into_bytes(),
            _ => super::to_windows_1252(&text).unwrap(),
        };
        let batch = Batch::parse(&bytes, locale, prefix()).unwrap();
        prop_assert_eq!(batch.rows().len(), drafts.len());
        for (row, draft) in batch.rows().iter().zip(&drafts) {
            prop_assert!(row.problems.is_empty(), "{:?}", row.problems);
            prop_assert_eq!(&row.draft.amount, &draft.amount);
            prop_assert_eq!(&row.draft.description, &draft.description);
            prop_assert_eq!(row.order_id_generated, draft.order_id.is_empty());
        }
        let unique: std::collections::HashSet<&str> = ids(&batch).into_iter().collect();
        prop_assert_eq!(unique.len(), drafts.len());
        let sum: i64 = rows.iter().map(|r| r.0).sum();
        let summary = batch.summary().unwrap();
        prop_assert_eq!(summary.totals, vec![Money::new(sum, Currency::MXN)]);
    }
}
