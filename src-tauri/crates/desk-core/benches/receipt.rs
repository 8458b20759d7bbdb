//! Receipts: prints the median time to make one receipt PDF (the budget is 100 ms), the first
//! one, and the file's size.
//!
//! Run: `cargo bench -p desk-core --bench receipt`.

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::time::{Duration, Instant};

use desk_core::receipt::{Receipt, pdf};

fn receipt(i: usize) -> Receipt {
    let line = |l: &str, v: String| (l.to_string(), v);
    Receipt {
        title: "Refund receipt".into(),
        merchant: "Panadería Núñez".into(),
        lines: vec![
            line("Refunded", format!("1.{i:03},50 EUR")),
            line("Currency", "EUR".into()),
            line("Date and time", "2026-12-03 15:04 (UTC+01:00)".into()),
            line("Reference", format!("RF-261203-{i:06}")),
            line("For payment", "ME-261203-K7Q2MX".into()),
            line("Monei id", format!("re_{i:06}")),
            line("Card", "Visa •••• 4242".into()),
            line("Customer", "Lucía Fernández".into()),
            line("Status", "refunded".into()),
        ],
        environment_note: Some("SANDBOX: a test record, no real money moved.".into()),
    }
}

fn main() {
    let t = Instant::now();
    let first = pdf(&receipt(0));
    let first_time = t.elapsed();
    let mut times: Vec<Duration> = (1..200)
        .map(|i| {
            let r = receipt(i);
            let t = Instant::now();
            std::hint::black_box(pdf(&r));
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!(
        "receipt PDF: median {:.2} ms, worst {:.2} ms, first {:.1} ms, {} KB (budget 100 ms)",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        first_time.as_secs_f64() * 1e3,
        first.len() / 1024
    );
    assert!(
        worst < Duration::from_millis(100),
        "a receipt took {worst:?}"
    );
}
