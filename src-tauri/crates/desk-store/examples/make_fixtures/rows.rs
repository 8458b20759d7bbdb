//! The rows of the fixtures: the same made-up sandbox story at every version, each written
//! in the shape the code of that version wrote it (see `tests/fixtures/README.md`).

use desk_domain::{Environment, PayoutDraft, Provider};
use desk_store::records::record_id;
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// 2025-11-24T16:00:00Z: the rows' clock starts here and moves a minute per step.
pub(crate) const T0: i64 = 1_764_000_000_000;
pub(crate) const MIN: i64 = 60_000;
pub(crate) const ENV: Environment = Environment::Sandbox;

/// A history record as `records::upsert_in` wrote it (same at every version): the row and
/// its first status step.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    tx: &Connection,
    provider: Provider,
    kind: &str,
    reference: &str,
    amount: (i64, &str),
    status: &str,
    who: &str,
    description: &str,
    details: Value,
    at: i64,
) -> String {
    let id = record_id(provider, ENV, kind, reference);
    tx.execute(
        "INSERT INTO transactions (id, provider, environment, kind, remote_id, reference, amount_minor, currency, status, counterparty, description, details, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        params![id, provider.as_str(), ENV.as_str(), kind, reference, amount.0, amount.1, status, who, description, details.to_string(), at],
    )
    .unwrap();
    step(tx, &id, status, at, None);
    id
}

/// A later status: the row moves on and the status history gains a step.
pub(crate) fn moved(
    tx: &Connection,
    id: &str,
    status: &str,
    remote: Option<&str>,
    at: i64,
    note: Option<&str>,
) {
    tx.execute(
        "UPDATE transactions SET status = ?2, remote_id = coalesce(?3, remote_id), updated_at = ?4 WHERE id = ?1",
        params![id, status, remote, at],
    )
    .unwrap();
    step(tx, id, status, at, note);
}

pub(crate) fn step(tx: &Connection, id: &str, status: &str, at: i64, note: Option<&str>) {
    tx.execute(
        "INSERT INTO status_history (transaction_id, status, at, note) VALUES (?1, ?2, ?3, ?4)",
        params![id, status, at, note],
    )
    .unwrap();
}

/// `audit::append` as it has been since version 2: each hash covers the previous one.
pub(crate) fn audit(tx: &Connection, at: i64, action: &str, detail: &str) {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    let (seq, prev) = last
        .map(|(s, h)| (s + 1, h))
        .unwrap_or((1, "genesis".into()));
    let mut h = Sha256::new();
    for part in [
        prev.as_str(),
        &seq.to_string(),
        &at.to_string(),
        action,
        detail,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    tx.execute(
        "INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![seq, at, action, detail, prev, hex::encode(h.finalize())],
    )
    .unwrap();
}

/// One payout of the fixtures: reference, beneficiary's last name, amount, final state.
struct Payout {
    order: &'static str,
    last_name: &'static str,
    amount: &'static str,
    state: &'static str,
}

const PAYOUTS: [Payout; 4] = [
    Payout {
        order: "PO-0001",
        last_name: "Quintanilla",
        amount: "1,250.50",
        state: "queued",
    },
    Payout {
        order: "PO-0002",
        last_name: "Villaseñor",
        amount: "980.00",
        state: "unknown",
    },
    Payout {
        order: "PO-0003",
        last_name: "Bustamante",
        amount: "15,000.00",
        state: "confirmed",
    },
    Payout {
        order: "PO-0004",
        last_name: "Arriaga",
        amount: "42.10",
        state: "failed",
    },
];

/// The reason stored with the payout whose outcome is unknown.
const UNKNOWN_NOTE: &str =
    "No answer from Monnet: the payout is looked up before it is sent again.";
/// The reason stored with the refused payout.
const REFUSED_NOTE: &str = "Monnet refused the payout: the CLABE's account is closed.";

/// Writes every row of fixture `version` inside `tx`.
pub(crate) fn fill(tx: &Connection, version: usize) {
    if version >= 2 {
        for (i, (p, fp)) in [
            (Provider::Mona, "2dcd9ae0"),
            (Provider::Monei, "a22dbdfb"),
            (Provider::Moneflow, "e620181f"),
            (Provider::Monnet, "a60dfb6f"),
        ]
        .into_iter()
        .enumerate()
        {
            audit(
                tx,
                T0 + i as i64,
                "credentials.added",
                &format!("{} sandbox {fp}", p.as_str()),
            );
        }
    }
    // What the pulls brought from the three providers that document a list.
    let mona = record(
        tx,
        Provider::Mona,
        "checkout",
        "MN-251124-7QK2",
        (2_500_000, "NGN"),
        "pending",
        "Chiamaka Okafor",
        "Coffee beans, 5 kg",
        json!({}),
        T0 + MIN,
    );
    moved(
        tx,
        &mona,
        "succeeded",
        Some("mona_tx_81hd2"),
        T0 + 2 * MIN,
        None,
    );
    let monei = record(
        tx,
        Provider::Monei,
        "payment",
        "MO-1001",
        (4_999, "EUR"),
        "pending",
        "Lucía Fernández",
        "Order 1001",
        json!({"card": "visa ••••4242"}),
        T0 + 3 * MIN,
    );
    moved(
        tx,
        &monei,
        "succeeded",
        Some("pay_3k2j1h"),
        T0 + 3 * MIN,
        None,
    );
    let moneflow = record(
        tx,
        Provider::Moneflow,
        "collection",
        "MF-0077",
        (15_000, "USD"),
        "pending",
        "Wanjiru Kamau",
        "Invoice 77",
        json!({"card": "mastercard ••••4444"}),
        T0 + 4 * MIN,
    );
    moved(
        tx,
        &moneflow,
        "failed",
        Some("mf_coll_77"),
        T0 + 5 * MIN,
        Some("The customer did not approve the request."),
    );
    for (stream, p, at) in [
        ("checkouts", Provider::Mona, 2),
        ("payments", Provider::Monei, 3),
        ("collections", Provider::Moneflow, 5),
    ] {
        tx.execute(
            "INSERT INTO sync_cursors (provider, environment, stream, cursor) VALUES (?1, ?2, ?3, ?4)",
            params![p.as_str(), ENV.as_str(), stream, desk_store::history::rfc3339(T0 + at * MIN)],
        )
        .unwrap();
    }
    for (i, p) in PAYOUTS.iter().enumerate() {
        payout(tx, version, p, T0 + (10 + 10 * i as i64) * MIN);
    }
    if version >= 4 {
        crate::charges::charges(tx, version, &monei);
    }
}

/// A Monnet payout entered by hand and taken as far as `p.state`, as the app of `version`
/// stored it: its history row, its outbox (v1–3) or operations (v4+) row, its audit entries.
fn payout(tx: &Connection, version: usize, p: &Payout, at: i64) {
    let draft = PayoutDraft {
        country: "MEX".into(),
        amount: p.amount.into(),
        currency: "MXN".into(),
        order_id: p.order.into(),
        description: format!("Supplier invoice {}", &p.order[3..]),
        first_name: "María José".into(),
        last_name: p.last_name.into(),
        email: "pagos@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    };
    let v = draft.validate().unwrap();
    // `ValidPayout`'s JSON is unchanged since version 1: this is the payload every version wrote.
    let payload = serde_json::to_string(&v).unwrap();
    let b = &v.beneficiary;
    let id = record(
        tx,
        Provider::Monnet,
        "payout",
        p.order,
        (v.amount.minor, "MXN"),
        "queued",
        &format!("{} {}", b.first_name, b.last_name),
        &v.description,
        json!({
            "bank": v.clabe.bank_name().unwrap_or("Unknown bank"),
            "bankCode": v.clabe.bank_code(),
            "clabe": v.clabe.as_str(),
            "email": b.email,
            "document": format!("{:?} {}", b.document_type, b.document_number),
        }),
        at,
    );
    if version >= 4 {
        tx.execute(
            "INSERT INTO operations (transaction_id, kind, provider, environment, reference, payload, state, next_attempt_at, created_at, updated_at)
             VALUES (?1, 'payout', 'monnet', ?2, ?3, ?4, 'queued', ?5, ?5, ?5)",
            params![id, ENV.as_str(), p.order, payload, at],
        )
        .unwrap();
    } else {
        tx.execute(
            "INSERT INTO outbox (transaction_id, order_id, environment, payload, state, next_attempt_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?5, ?5)",
            params![id, p.order, ENV.as_str(), payload, at],
        )
        .unwrap();
    }
    if version >= 2 {
        audit(
            tx,
            at,
            "payout.queued",
            &format!("{} {} to ••••0007", p.order, v.amount),
        );
    }
    let table = if version >= 4 { "operations" } else { "outbox" };
    let key = if version >= 4 {
        "reference"
    } else {
        "order_id"
    };
    let set = |state: &str, at: i64, remote: Option<&str>, note: Option<&str>| {
        tx.execute(
            &format!("UPDATE {table} SET state = ?2, attempts = attempts + ?3, updated_at = ?4, remote_id = coalesce(?5, remote_id), last_error = ?6 WHERE {key} = ?1"),
            params![p.order, state, i64::from(state == "sending"), at, remote, note],
        )
        .unwrap();
    };
    match p.state {
        "unknown" => {
            set("sending", at + MIN, None, None);
            moved(tx, &id, "sending", None, at + MIN, None);
            set("unknown", at + 2 * MIN, None, Some(UNKNOWN_NOTE));
        }
        "confirmed" => {
            set("sending", at + MIN, None, None);
            moved(tx, &id, "sending", None, at + MIN, None);
            set("confirmed", at + 2 * MIN, Some("mnt-90017"), None);
            moved(tx, &id, "paid", Some("mnt-90017"), at + 2 * MIN, None);
            if version >= 2 {
                audit(tx, at + 2 * MIN, "payout.confirmed", p.order);
            }
        }
        "failed" => {
            set("sending", at + MIN, None, None);
            moved(tx, &id, "sending", None, at + MIN, None);
            set("failed", at + 2 * MIN, None, Some(REFUSED_NOTE));
            moved(tx, &id, "failed", None, at + 2 * MIN, Some(REFUSED_NOTE));
            if version >= 2 {
                audit(tx, at + 2 * MIN, "payout.failed", p.order);
            }
            if version >= 5 {
                notice(tx, &id, "refused", REFUSED_NOTE, at + 2 * MIN);
            }
        }
        _ => {}
    }
}

pub(crate) fn notice(tx: &Connection, id: &str, kind: &str, message: &str, at: i64) {
    tx.execute(
        "INSERT INTO notices (transaction_id, kind, message, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, kind, message, at],
    )
    .unwrap();
}
