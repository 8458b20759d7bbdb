//! Queuing payouts, one from the form or many from a batch: each is a history row, an
//! operation and an audit entry, committed before the engine sends anything.

use desk_domain::{DomainError, Environment, FieldError, PayoutDraft, Provider, ValidPayout};
use desk_i18n::{Message, msg};
use rusqlite::OptionalExtension;

use crate::db::Store;
use crate::enqueue::{NewOperation, insert, reference_taken};
use crate::error::{Result, StoreError};
use crate::operation::{Intent, OpState, Operation};
use crate::records::{Record, record_id};

impl Store {
    /// Validates `draft` and queues it: history row, operation and audit entry in one
    /// transaction. Field errors (including a reused orderId) leave nothing stored.
    /// Amounts are read as written in English (`1,250.50`); the desk reads the merchant's
    /// locale first and calls [`Store::enqueue_valid_payout`].
    pub fn enqueue_payout(
        &self,
        draft: &PayoutDraft,
        env: Environment,
        now_ms: i64,
    ) -> Result<Operation> {
        let payout = draft.validate().map_err(|e| match e {
            DomainError::Invalid(fields) => StoreError::Invalid(fields),
            other => StoreError::Invalid(vec![FieldError::new("form", other.to_string())]),
        })?;
        self.enqueue_valid_payout(&payout, env, now_ms)
    }

    /// Queues a validated payout: history row, operation and audit entry in one transaction.
    /// A reused orderId is a field error and stores nothing.
    pub fn enqueue_valid_payout(
        &self,
        payout: &ValidPayout,
        env: Environment,
        now_ms: i64,
    ) -> Result<Operation> {
        self.write(|tx| queue_payout_in(tx, payout, env, now_ms, None))
    }
}

/// Queues `payout` inside `tx`: its history row, operation and audit entry; `batch` is the
/// batch and file row it came from. A reused orderId is a field error naming the row.
pub(crate) fn queue_payout_in(
    tx: &rusqlite::Transaction<'_>,
    payout: &ValidPayout,
    env: Environment,
    now_ms: i64,
    batch: Option<(i64, u32)>,
) -> Result<Operation> {
    let reference = payout.order_id.clone();
    let known = tx
        .prepare_cached("SELECT 1 FROM transactions WHERE id = ?1")?
        .query_row(
            [record_id(Provider::Monnet, env, "payout", &reference)],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if known || reference_taken(tx, Provider::Monnet, env, &reference)? {
        let message = match batch {
            Some((_, row)) => msg!(
                "payout.reference_taken_row",
                row = row,
                reference = reference
            ),
            None => Message::new("payout.reference_taken"),
        };
        return Err(StoreError::Invalid(vec![FieldError::msg(
            "orderId", message,
        )]));
    }
    let b = &payout.beneficiary;
    let record = Record {
        provider: Provider::Monnet,
        environment: env,
        kind: "payout".into(),
        reference: reference.clone(),
        remote_id: None,
        amount_minor: payout.amount.minor,
        currency: payout.amount.currency.code().into(),
        status: OpState::Queued.shown_status().into(),
        counterparty: format!("{} {}", b.first_name, b.last_name),
        description: payout.description.clone(),
        details: serde_json::json!({
            "bank": payout.clabe.bank_name().unwrap_or("Unknown bank"),
            "bankCode": payout.clabe.bank_code(),
            "clabe": payout.clabe.as_str(),
            "email": b.email,
            "document": format!("{:?} {}", b.document_type, b.document_number),
        }),
        created_at: now_ms,
        updated_at: now_ms,
        note: None,
    };
    let audit_detail = format!(
        "{reference} {} to {}",
        payout.amount,
        desk_domain::secret::mask_last4(payout.clabe.as_str())
    );
    insert(
        tx,
        NewOperation {
            record,
            provider: Provider::Monnet,
            env,
            reference: &reference,
            intent: Intent::Payout(payout.clone()),
            audit_action: "payout.queued",
            audit_detail,
            batch,
        },
        now_ms,
    )
}
