//! The rows the one engine wrote from version 4: checkout charges, a conflict and (from
//! version 6) a refund after the sale.

use desk_domain::{Money, Provider};
use rusqlite::{Connection, params};
use serde_json::json;

use crate::rows::{ENV, MIN, T0, audit, moved, notice, record, step};

/// The checkout charges the one engine sends from version 4: a confirmed Mona charge, a
/// MonEFlow charge in conflict (a notice from version 5) and, from version 6, a confirmed
/// refund of (part of) the Monei payment `monei`.
pub(crate) fn charges(tx: &Connection, version: usize, monei: &str) {
    let charge = |amount: Money, who: &str, nonce: Option<&str>| {
        let mut c = json!({
            "amount": amount,
            "description": "Checkout at the counter",
            "customer_name": who,
            "customer_email": "",
            "nonce": nonce,
        });
        // The intent came with version 6; charges stored before read as a sale.
        if version >= 6 {
            c["intent"] = json!("sale");
        }
        c.to_string()
    };
    let ngn = Money::new(1_000_000, "NGN".parse().unwrap());
    let at = T0 + 60 * MIN;
    let id = record(
        tx,
        Provider::Mona,
        "checkout",
        "MN-251124-8HKZ",
        (ngn.minor, "NGN"),
        "queued",
        "Emeka Obi",
        "Checkout at the counter",
        json!({}),
        at,
    );
    op(
        tx,
        &id,
        "charge",
        Provider::Mona,
        "MN-251124-8HKZ",
        &charge(ngn, "Emeka Obi", None),
        at,
    );
    audit(
        tx,
        at,
        "charge.queued",
        &format!("mona MN-251124-8HKZ {ngn}"),
    );
    set_op(
        tx,
        "MN-251124-8HKZ",
        "confirmed",
        1,
        Some("mona_tx_99a"),
        None,
        at + MIN,
    );
    moved(tx, &id, "succeeded", Some("mona_tx_99a"), at + MIN, None);
    audit(tx, at + MIN, "charge.confirmed", "MN-251124-8HKZ");

    let usd = Money::new(2_500, "USD".parse().unwrap());
    let at = T0 + 70 * MIN;
    let note = "MonEFlow Pay holds a different payment under this reference: check it before anything is sent again.";
    let id = record(
        tx,
        Provider::Moneflow,
        "payment",
        "MF-CHK-0005",
        (usd.minor, "USD"),
        "queued",
        "Otieno Ouma",
        "Checkout at the counter",
        json!({}),
        at,
    );
    op(
        tx,
        &id,
        "charge",
        Provider::Moneflow,
        "MF-CHK-0005",
        &charge(usd, "Otieno Ouma", Some("nonce_7f3a")),
        at,
    );
    audit(
        tx,
        at,
        "charge.queued",
        &format!("moneflow MF-CHK-0005 {usd}"),
    );
    set_op(tx, "MF-CHK-0005", "conflict", 1, None, Some(note), at + MIN);
    moved(tx, &id, "attention", None, at + MIN, Some(note));
    if version >= 5 {
        notice(tx, &id, "attention", note, at + MIN);
    }

    if version >= 6 {
        let eur = Money::new(1_000, "EUR".parse().unwrap());
        let at = T0 + 80 * MIN;
        let id = record(
            tx,
            Provider::Monei,
            "refund",
            "RF-0001",
            (eur.minor, "EUR"),
            "queued",
            "Lucía Fernández",
            "Refund of MO-1001",
            json!({}),
            at,
        );
        tx.execute(
            "UPDATE transactions SET parent_id = ?2 WHERE id = ?1",
            params![id, monei],
        )
        .unwrap();
        let refund = json!({
            "payment_remote_id": "pay_3k2j1h",
            "payment_record": monei,
            "amount": eur,
            "reason": "requested_by_customer",
        });
        op(
            tx,
            &id,
            "refund",
            Provider::Monei,
            "RF-0001",
            &refund.to_string(),
            at,
        );
        audit(tx, at, "refund.queued", &format!("monei RF-0001 {eur}"));
        set_op(
            tx,
            "RF-0001",
            "confirmed",
            1,
            Some("ref_5h4g"),
            None,
            at + MIN,
        );
        moved(tx, &id, "refunded", Some("ref_5h4g"), at + MIN, None);
        tx.execute(
            "UPDATE transactions SET refunded_minor = refunded_minor + ?2, status = 'partially_refunded', updated_at = ?3 WHERE id = ?1",
            params![monei, eur.minor, at + MIN],
        )
        .unwrap();
        step(
            tx,
            monei,
            "partially_refunded",
            at + MIN,
            Some(&format!("Refunded {eur} (RF-0001).")),
        );
        audit(tx, at + MIN, "refund.confirmed", "RF-0001");
    }
}

fn op(
    tx: &Connection,
    id: &str,
    kind: &str,
    provider: Provider,
    reference: &str,
    payload: &str,
    at: i64,
) {
    tx.execute(
        "INSERT INTO operations (transaction_id, kind, provider, environment, reference, payload, state, next_attempt_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?7, ?7)",
        params![id, kind, provider.as_str(), ENV.as_str(), reference, payload, at],
    )
    .unwrap();
}

fn set_op(
    tx: &Connection,
    reference: &str,
    state: &str,
    attempts: i64,
    remote: Option<&str>,
    note: Option<&str>,
    at: i64,
) {
    tx.execute(
        "UPDATE operations SET state = ?2, attempts = ?3, remote_id = ?4, last_error = ?5, updated_at = ?6 WHERE reference = ?1",
        params![reference, state, attempts, remote, note, at],
    )
    .unwrap();
}
