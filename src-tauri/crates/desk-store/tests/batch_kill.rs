//! A batch is queued whole or not at all: a process queuing 2,000-row batches is killed with
//! SIGKILL at random moments, again and again, and the file it leaves holds every row of each
//! batch or none of it, never a half-imported one (and no payout without its batch).

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use desk_domain::clabe::check_digit;
use desk_domain::{Environment, PayoutDraft, Secret, ValidPayout};
use desk_store::Store;
use rand::Rng;

const ROWS: usize = 2_000;
/// The child's database, when this test binary runs as the child that queues.
const QUEUER_DB: &str = "BATCH_KILL_DB";
const ENV: Environment = Environment::Sandbox;

fn key() -> Secret {
    Secret::new("c7".repeat(32))
}

/// A valid CLABE of STP's (646) for account `n`.
fn clabe(n: usize) -> String {
    let first17 = format!("646180{n:011}");
    let mut digits = [0u8; 17];
    for (d, b) in digits.iter_mut().zip(first17.bytes()) {
        *d = b - b'0';
    }
    format!("{first17}{}", check_digit(&digits))
}

fn payout(batch: u32, i: usize) -> ValidPayout {
    PayoutDraft {
        country: "MEX".into(),
        amount: format!("{}.00", 1 + i % 500),
        currency: "MXN".into(),
        order_id: format!("K{batch}-{i}"),
        description: "Kill test".into(),
        first_name: "Ana".into(),
        last_name: "López".into(),
        email: "ana@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: clabe(i),
        bank_code: String::new(),
    }
    .validate()
    .unwrap()
}

/// The child: queues batches one after another until it is killed.
fn queue_until_killed(db: &std::path::Path) -> ! {
    let store = Store::open(db, &key()).unwrap();
    let start = rand::thread_rng().gen_range(0..1_000_000u32);
    for batch in start.. {
        let rows: Vec<_> = (0..ROWS)
            .map(|i| (i as u32 + 2, payout(batch, i)))
            .collect();
        store.enqueue_batch("kill.csv", &rows, ENV, 1).unwrap();
    }
    unreachable!("killed long before")
}

#[test]
fn a_kill_while_queuing_leaves_whole_batches_only() {
    if let Some(db) = std::env::var_os(QUEUER_DB) {
        queue_until_killed(std::path::Path::new(&db));
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    Store::open(&db, &key()).unwrap(); // created and migrated before the first child
    let mut kills = 0;
    let started = Instant::now();
    while kills < 8 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "a_kill_while_queuing_leaves_whole_batches_only"])
            .env(QUEUER_DB, &db)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(
            rand::thread_rng().gen_range(300..3_000),
        ));
        child.kill().unwrap(); // SIGKILL: mid-transaction or between two
        child.wait().unwrap();
        kills += 1;
        assert!(started.elapsed() < Duration::from_secs(120), "too slow");
    }
    let store = Store::open(&db, &key()).unwrap();
    let batches = store.batches(ENV, 1_000).unwrap();
    for b in &batches {
        assert_eq!(
            b.row_count as usize, ROWS,
            "batch {} declares every row",
            b.id
        );
        let progress = store.batch_progress(b.id).unwrap();
        assert_eq!(
            progress.total as usize, ROWS,
            "batch {} holds every row",
            b.id
        );
    }
    let queued = store.due(ENV, i64::MAX, usize::MAX).unwrap().len();
    assert_eq!(
        queued,
        batches.len() * ROWS,
        "no payout outside a whole batch"
    );
    assert!(store.verify_audit_chain().is_ok(), "the audit chain holds");
    assert!(
        !batches.is_empty(),
        "some batches were queued between the kills"
    );
    eprintln!(
        "batch kill test: {kills} SIGKILLs while queuing, {} whole batches of {ROWS} kept, no partial one",
        batches.len()
    );
}
