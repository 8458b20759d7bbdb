//! Queuing the largest batch a file holds: 10,000 validated payouts committed in one
//! transaction (history row, operation and audit entry each, and the batch's own entry) on a
//! real encrypted file with `synchronous = FULL`, into a store that already holds 10,000
//! payouts. The issue budgets it at one second; printed as a plain line with the ratio.
//!
//! The files live under Cargo's target directory, on the disk the project builds on.
//!
//! Run: `cargo bench -p desk-store --bench batch_queue`.

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::time::{Duration, Instant};

use desk_domain::clabe::check_digit;
use desk_domain::{Environment, PayoutDraft, Secret, ValidPayout};
use desk_store::Store;

const ROWS: usize = 10_000;
const BUDGET: Duration = Duration::from_secs(1);

/// A valid CLABE of STP's (646) for account `n`.
fn clabe(n: usize) -> String {
    let first17 = format!("646180{n:011}");
    let mut digits = [0u8; 17];
    for (d, b) in digits.iter_mut().zip(first17.bytes()) {
        *d = b - b'0';
    }
    format!("{first17}{}", check_digit(&digits))
}

fn payout(batch: usize, i: usize) -> ValidPayout {
    PayoutDraft {
        country: "MEX".into(),
        amount: format!("{}.{:02}", 1 + i % 900, i % 100),
        currency: "MXN".into(),
        order_id: format!("B{batch}-{i}"),
        description: format!("Factura {i}"),
        first_name: "José María".into(),
        last_name: "Muñoz López".into(),
        email: format!("jose{i}@example.com"),
        document_type: "Rfc".into(),
        document_number: "MULJ800101AB1".into(),
        clabe: clabe(i),
        bank_code: String::new(),
    }
    .validate()
    .unwrap()
}

fn rows(batch: usize) -> Vec<(u32, ValidPayout)> {
    (0..ROWS)
        .map(|i| (i as u32 + 2, payout(batch, i)))
        .collect()
}

fn main() {
    let dir = tempfile::Builder::new()
        .prefix("batch-queue-bench")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let store = Store::open(&dir.path().join("desk.db"), &Secret::new("a9".repeat(32))).unwrap();
    let env = Environment::Sandbox;
    store
        .enqueue_batch("earlier.csv", &rows(0), env, 1)
        .unwrap();
    let mut times = Vec::new();
    for run in 1..=3 {
        let batch = rows(run);
        let start = Instant::now();
        let info = store.enqueue_batch("friday.csv", &batch, env, 2).unwrap();
        times.push(start.elapsed());
        assert_eq!(info.row_count as usize, ROWS);
    }
    times.sort();
    let median = times[1];
    println!(
        "batch: {ROWS} payouts queued in one transaction in {} ms (median of 3; budget {} ms, ratio {:.2})",
        median.as_millis(),
        BUDGET.as_millis(),
        median.as_secs_f64() / BUDGET.as_secs_f64()
    );
}
