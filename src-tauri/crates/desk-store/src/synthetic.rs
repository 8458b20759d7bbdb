//! Synthetic history for benchmarks: deterministic transactions spread over the four
//! providers, with a failure in every ten. Built only with the `synthetic` feature.

use desk_domain::{Environment, Provider};

use crate::records::Record;

const NAMES: &[&str] = &[
    "Ana García",
    "Luis Okafor",
    "Chiamaka Eze",
    "Tunde Adeyemi",
    "Sofía López",
    "Diego Ramírez",
];

/// The `i`-th synthetic sandbox checkout, created at `at_ms` (ms since the epoch).
pub fn synthetic_record(i: usize, at_ms: i64) -> Record {
    Record {
        provider: Provider::ALL[i % 4],
        environment: Environment::Sandbox,
        kind: "checkout".into(),
        reference: format!("REF-{i:08}"),
        remote_id: Some(format!("r{i}")),
        amount_minor: (i as i64 * 7919) % 1_000_000,
        currency: "MXN".into(),
        status: if i.is_multiple_of(10) {
            "failed"
        } else {
            "succeeded"
        }
        .into(),
        counterparty: format!("{} {i}", NAMES[i % NAMES.len()]),
        description: "Coffee beans".into(),
        details: serde_json::json!({}),
        created_at: at_ms,
        updated_at: at_ms,
        note: None,
    }
}
