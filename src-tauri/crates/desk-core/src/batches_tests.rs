#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::Currency;

use super::*;
use crate::DeskPaths;
use crate::host::TestHost;

/// A desk over a fresh folder, its database a real encrypted file.
fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let paths = DeskPaths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
        log_dir: dir.path().join("logs"),
    };
    let d = Desk::open(
        paths,
        Arc::new(TestHost::default()),
        Arc::new(desk_vault::MemoryStore::default()),
    )
    .unwrap();
    (dir, d)
}

const HEADER: &str = "orderId,firstName,lastName,email,documentType,documentNumber,clabe,amount,currency,description";

fn line(order_id: &str, clabe: &str, amount: &str) -> String {
    format!(
        "{order_id},María,Pérez,maria@example.com,Rfc,PEGM9007151H0,{clabe},\"{amount}\",MXN,Invoice"
    )
}

fn file(lines: &[String]) -> Vec<u8> {
    format!("{HEADER}\n{}\n", lines.join("\n")).into_bytes()
}

const CLABE: &str = "646180110400000007";
const OTHER_CLABE: &str = "002123451234534517";

fn all() -> BatchRowsQuery {
    BatchRowsQuery {
        filter: BatchRowFilter::All,
        ..Default::default()
    }
}

fn approval(review: &BatchReview) -> BatchApproval {
    BatchApproval {
        rows_shown: review.rows,
        totals_shown: review.totals.clone(),
        ..Default::default()
    }
}

#[test]
fn a_clean_file_is_reviewed_then_queued_whole_and_forgotten() {
    let (_d, desk) = desk();
    let bytes = file(&[
        line("B-1", CLABE, "1,250.50"),
        line("B-2", OTHER_CLABE, "10"),
    ]);
    let review = desk.import_batch("../../friday.csv", &bytes).unwrap();
    assert_eq!(review.file_name, "friday.csv", "no folder from the UI");
    assert_eq!((review.rows, review.ready, review.with_problems), (2, 2, 0));
    assert_eq!(review.totals, vec![Money::new(126_050, Currency::MXN)]);
    assert_eq!(review.totals_text, vec!["1,260.50 MXN"]);
    assert!(review.can_queue);
    assert_eq!(
        review.confirmation, None,
        "the sandbox needs no confirmation"
    );
    assert!(review.page.is_empty(), "nothing needs a look");
    let status = desk.queue_batch(approval(&review)).unwrap();
    assert_eq!(status.info.row_count, 2);
    assert_eq!(status.progress.queued, 2);
    assert!(!status.finished);
    assert_eq!(
        desk.review_batch(BatchRowsQuery::default())
            .unwrap_err()
            .code(),
        "errors.not_found"
    );
    assert_eq!(desk.list_batches().unwrap().len(), 1);
}

#[test]
fn bad_rows_are_reported_fixed_in_place_or_dropped() {
    let (_d, desk) = desk();
    let bytes = file(&[
        line("B-1", CLABE, "12.50"),
        line("B-2", "646180110400000008", "5"),
        line("B-3", CLABE, "abc"),
    ]);
    let review = desk.import_batch("f.csv", &bytes).unwrap();
    assert_eq!((review.ready, review.with_problems), (1, 2));
    assert!(!review.can_queue);
    let rows: Vec<_> = review
        .page
        .iter()
        .map(|r| {
            (
                r.row,
                r.problems[0].column.as_str(),
                r.problems[0].field.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [(3, "clabe", Some("clabe")), (4, "amount", Some("amount"))]
    );
    let refused = desk.queue_batch(approval(&review)).unwrap_err();
    assert!(matches!(refused, CoreError::Invalid(_)), "{refused:?}");
    let mut fixed = review.page[0].draft.clone();
    fixed.clabe = OTHER_CLABE.into();
    let review = desk.fix_batch_row(3, fixed, all()).unwrap();
    assert_eq!((review.ready, review.with_problems), (2, 1));
    let review = desk.drop_batch_row(4, all()).unwrap();
    assert_eq!((review.rows, review.ready, review.dropped), (2, 2, 1));
    assert!(review.can_queue);
    let status = desk.queue_batch(approval(&review)).unwrap();
    assert_eq!(status.info.totals, vec![Money::new(1_750, Currency::MXN)]);
}

#[test]
fn a_repeat_of_a_recent_payout_and_a_used_reference_are_caught() {
    let (_d, desk) = desk();
    let first = desk
        .import_batch("mon.csv", &file(&[line("B-1", CLABE, "99.00")]))
        .unwrap();
    desk.queue_batch(approval(&first)).unwrap();
    let review = desk
        .import_batch(
            "tue.csv",
            &file(&[
                line("C-1", CLABE, "99.00"),
                line("B-1", OTHER_CLABE, "1.00"),
            ]),
        )
        .unwrap();
    assert_eq!((review.undecided_repeats, review.with_problems), (1, 1));
    let repeat = review.page.iter().find(|r| r.row == 2).unwrap();
    eprintln!("{review:#?}");
    let sentence = repeat.duplicate_of.as_deref().unwrap();
    assert!(sentence.contains("payout B-1 of "), "{sentence}");
    let used = review.page.iter().find(|r| r.row == 3).unwrap();
    assert!(
        used.problems[0].message.contains("already used"),
        "{used:?}"
    );
    let review = desk.keep_batch_row(2, all()).unwrap();
    assert_eq!(review.undecided_repeats, 0);
    let mut renamed = used.draft.clone();
    renamed.order_id = "C-2".into();
    let review = desk.fix_batch_row(3, renamed, all()).unwrap();
    assert!(review.can_queue, "{review:?}");
}

#[test]
fn production_needs_the_sentence_with_count_totals_and_environment() {
    let (_d, desk) = desk();
    desk.set_environment(Environment::Production, true).unwrap();
    let review = desk
        .import_batch("f.csv", &file(&[line("P-1", CLABE, "1,000.00")]))
        .unwrap();
    let sentence = review.confirmation.clone().unwrap();
    assert_eq!(
        sentence,
        "Send 1 payout of 1,000.00 MXN through Monnet in PRODUCTION: this is real money."
    );
    match desk.queue_batch(approval(&review)).unwrap_err() {
        e @ CoreError::Told { .. } => {
            assert_eq!(e.code(), "errors.confirmation_required");
            assert_eq!(e.to_string(), sentence);
            let m = e.message().unwrap();
            assert_eq!(
                m.render(desk_i18n::Language::Es),
                "Enviar 1 transferencia de 1,000.00 MXN con Monnet en PRODUCCIÓN: es dinero real."
            );
        }
        other => panic!("{other:?}"),
    }
    // What was approved must be what is queued.
    let stale = BatchApproval {
        confirmed: true,
        totals_shown: vec![Money::new(1, Currency::MXN)],
        ..approval(&review)
    };
    assert!(matches!(
        desk.queue_batch(stale),
        Err(CoreError::Invalid(_))
    ));
    let ok = BatchApproval {
        confirmed: true,
        ..approval(&review)
    };
    let status = desk.queue_batch(ok).unwrap();
    assert_eq!(status.info.row_count, 1);
}

#[test]
fn an_import_checked_in_one_environment_is_not_queued_in_another() {
    let (_d, desk) = desk();
    let review = desk
        .import_batch("f.csv", &file(&[line("E-1", CLABE, "1.00")]))
        .unwrap();
    desk.set_environment(Environment::Production, true).unwrap();
    let err = desk
        .queue_batch(BatchApproval {
            confirmed: true,
            ..approval(&review)
        })
        .unwrap_err();
    assert!(matches!(err, CoreError::Invalid(_)), "{err:?}");
}

#[test]
fn a_file_that_is_no_payout_csv_gets_a_sentence_and_keeps_the_last_import() {
    let (_d, desk) = desk();
    desk.import_batch("ok.csv", &file(&[line("K-1", CLABE, "1.00")]))
        .unwrap();
    let err = desk
        .import_batch("photo.png", b"\x89PNG\r\n\x1a\n\0\0")
        .unwrap_err();
    let CoreError::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    assert!(!fields[0].message.is_empty());
    assert_eq!(
        desk.review_batch(BatchRowsQuery::default())
            .unwrap()
            .file_name,
        "ok.csv"
    );
}

#[test]
fn the_template_and_the_result_are_saved_as_files() {
    let (dir, desk) = desk();
    let out = dir.path().join("Downloads");
    let template = desk.save_batch_template(&out).unwrap();
    let bytes = std::fs::read(&template).unwrap();
    let review = desk.import_batch("template.csv", &bytes).unwrap();
    assert_eq!(review.with_problems, 0, "the template reads back ready");
    let status = desk.queue_batch(approval(&review)).unwrap();
    let result = desk.save_batch_result(status.info.id, &out).unwrap();
    let text = std::fs::read_to_string(&result).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].starts_with("2,PO-0001,1250.50,MXN,María Pérez García,queued"),
        "{text}"
    );
}
