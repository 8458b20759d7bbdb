//! Putting a new operation in the outbox: its history row, its operation row and its audit
//! entry, inside the caller's transaction. Every kind of operation (payouts, charges, refunds,
//! captures, voids) is queued through here.

use desk_domain::{Environment, Provider};
use rusqlite::{OptionalExtension, params};

use crate::audit;
use crate::error::Result;
use crate::operation::{Intent, OpState, Operation};
use crate::records::{Record, upsert_in};

/// A new operation: its history row, and what is sent.
pub(crate) struct NewOperation<'a> {
    pub(crate) record: Record,
    pub(crate) provider: Provider,
    pub(crate) env: Environment,
    pub(crate) reference: &'a str,
    pub(crate) intent: Intent,
    pub(crate) audit_action: &'a str,
    pub(crate) audit_detail: String,
    /// The batch and file row the operation came from, if it came from one.
    pub(crate) batch: Option<(i64, u32)>,
}

/// Stores `op` queued, with its history row and audit entry, inside `tx`.
pub(crate) fn insert(
    tx: &rusqlite::Transaction<'_>,
    op: NewOperation<'_>,
    now_ms: i64,
) -> Result<Operation> {
    let (tx_id, _) = upsert_in(tx, &op.record)?;
    let payload = op.intent.to_json()?;
    tx.prepare_cached(
        "INSERT INTO operations (transaction_id, kind, provider, environment, reference, payload, state, next_attempt_at, created_at, updated_at, batch_id, batch_row) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?7, ?7, ?8, ?9)",
    )?
    .execute(params![
        tx_id,
        op.intent.kind(),
        op.provider.as_str(),
        op.env.as_str(),
        op.reference,
        payload,
        now_ms,
        op.batch.map(|b| b.0),
        op.batch.map(|b| b.1),
    ])?;
    let id = tx.last_insert_rowid();
    audit::append(tx, now_ms, op.audit_action, &op.audit_detail)?;
    Ok(Operation {
        id,
        transaction_id: tx_id,
        provider: op.provider,
        environment: op.env,
        reference: op.reference.to_string(),
        intent: op.intent,
        state: OpState::Queued,
        attempts: 0,
        remote_id: None,
        last_error: None,
        updated_at: now_ms,
    })
}

/// Whether `reference` is already an operation of `provider` in `env`.
pub(crate) fn reference_taken(
    tx: &rusqlite::Transaction<'_>,
    provider: Provider,
    env: Environment,
    reference: &str,
) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM operations WHERE provider = ?1 AND environment = ?2 AND reference = ?3",
        )?
        .query_row(params![provider.as_str(), env.as_str(), reference], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}
