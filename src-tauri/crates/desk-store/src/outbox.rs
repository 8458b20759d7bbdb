//! The outbox of money movements. An operation is stored with its history row and an audit
//! entry in one transaction before anything reaches the network; the engine (desk-sync) then
//! moves it through the legal states of [`OpState`] only, committing each one first.

use desk_domain::{DomainError, Environment, FieldError, Money, Provider};
use desk_i18n::{Message, render_stored};
use rusqlite::{OptionalExtension, params};

use crate::audit;
use crate::db::Store;
use crate::enqueue::{NewOperation, insert, reference_taken};
use crate::error::{Result, StoreError};
use crate::notices::{self, NoticeKind};
use crate::operation::{Charge, Intent, OpState, Operation, OutboxCounts};
use crate::records::{NEEDS_ATTENTION, Record, record_id};

type RawOperation = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    i64,
);

const COLUMNS: &str = "id, transaction_id, kind, provider, environment, reference, payload, state, attempts, remote_id, last_error, updated_at";

fn raw(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawOperation> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
        row.get(10)?,
        row.get(11)?,
    ))
}

fn corrupt(e: DomainError) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn to_operation(r: RawOperation) -> Result<Operation> {
    let (
        id,
        transaction_id,
        kind,
        provider,
        env,
        reference,
        payload,
        state,
        attempts,
        remote_id,
        last_error,
        updated_at,
    ) = r;
    Ok(Operation {
        id,
        transaction_id,
        provider: provider.parse().map_err(corrupt)?,
        environment: env.parse().map_err(corrupt)?,
        reference,
        intent: Intent::from_json(&kind, &payload)?,
        state: state.parse()?,
        attempts,
        remote_id,
        last_error: last_error.map(|e: String| render_stored(&e)),
        updated_at,
    })
}

impl Store {
    /// Queues a checkout's charge under `reference` with its history row (`kind` as the
    /// history names it). A second call for the same record returns the operation already
    /// stored, unchanged: a second click or a retry reuses the reference.
    pub fn enqueue_charge(
        &self,
        provider: Provider,
        env: Environment,
        kind: &str,
        reference: &str,
        charge: &Charge,
        now_ms: i64,
    ) -> Result<Operation> {
        let tx_id = record_id(provider, env, kind, reference);
        if let Some(existing) = self.operation_for_record(&tx_id)? {
            return Ok(existing);
        }
        self.write(|tx| {
            let record = Record {
                provider,
                environment: env,
                kind: kind.into(),
                reference: reference.into(),
                remote_id: None,
                amount_minor: charge.amount.minor,
                currency: charge.amount.currency.code().into(),
                status: OpState::Queued.shown_status().into(),
                counterparty: charge.customer_name.clone(),
                description: charge.description.clone(),
                // The history's link to the desk's customer (the `customer_id` column).
                details: match &charge.customer {
                    Some(c) => serde_json::json!({ "customerId": c.id }),
                    None => serde_json::json!({}),
                },
                created_at: now_ms,
                updated_at: now_ms,
                note: None,
            };
            if reference_taken(tx, provider, env, reference)? {
                return Err(StoreError::Invalid(vec![FieldError::new(
                    "reference",
                    "This reference was already used: start a new checkout.",
                )]));
            }
            let audit_detail = format!("{} {reference} {}", provider.as_str(), charge.amount);
            insert(
                tx,
                NewOperation {
                    record,
                    provider,
                    env,
                    reference,
                    intent: Intent::Charge(charge.clone()),
                    audit_action: "charge.queued",
                    audit_detail,
                    batch: None,
                },
                now_ms,
            )
        })
    }

    /// The operation with row id `id`.
    pub fn operation(&self, id: i64) -> Result<Operation> {
        let raw = self
            .reader()
            .query_row(
                &format!("SELECT {COLUMNS} FROM operations WHERE id = ?1"),
                [id],
                raw,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("operation {id}")))?;
        to_operation(raw)
    }

    /// The operation behind history record `transaction_id`, if it has one.
    pub fn operation_for_record(&self, transaction_id: &str) -> Result<Option<Operation>> {
        let raw = self
            .reader()
            .query_row(
                &format!("SELECT {COLUMNS} FROM operations WHERE transaction_id = ?1"),
                [transaction_id],
                raw,
            )
            .optional()?;
        raw.map(to_operation).transpose()
    }

    /// The oldest queued operations due at `now_ms` in `env`, at most `limit`.
    pub fn due(&self, env: Environment, now_ms: i64, limit: usize) -> Result<Vec<Operation>> {
        self.select(
            &format!("SELECT {COLUMNS} FROM operations WHERE environment = ?1 AND state = 'queued' AND next_attempt_at <= ?2 ORDER BY id LIMIT ?3"),
            params![env.as_str(), now_ms, limit as i64],
        )
    }

    /// Operations whose outcome is not known (`sending` after a crash, or `unknown`), oldest
    /// first: they are looked up at the provider before they are sent again.
    pub fn in_doubt(&self, env: Environment) -> Result<Vec<Operation>> {
        self.select(
            &format!("SELECT {COLUMNS} FROM operations WHERE environment = ?1 AND state IN ('sending', 'unknown') ORDER BY id"),
            [env.as_str()],
        )
    }

    fn select(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Operation>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(sql)?;
        let rows: Vec<RawOperation> = stmt
            .query_map(args, raw)?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter().map(to_operation).collect()
    }

    /// Moves operation `id` to `to`, committed before the caller's next network step.
    /// `remote` is the provider's id and normalised status once known; `note` a sentence
    /// saying why (a refusal, a conflict, an unknown outcome): the provider's words, or a
    /// message in its stored form (`Message::to_stored`), rendered when read.
    pub fn transition(
        &self,
        id: i64,
        to: OpState,
        now_ms: i64,
        next_attempt_at: Option<i64>,
        remote: Option<(&str, &str)>,
        note: Option<&str>,
    ) -> Result<()> {
        self.write(|tx| {
            let (state, tx_id, kind, reference): (String, String, String, String) = tx.prepare_cached(
                "SELECT state, transaction_id, kind, reference FROM operations WHERE id = ?1",
            )?.query_row(
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            let from: OpState = state.parse()?;
            if !from.can_become(to) {
                return Err(StoreError::IllegalTransition { from: from.to_string(), to: to.to_string() });
            }
            tx.prepare_cached("UPDATE operations SET state = ?2, attempts = attempts + ?3, updated_at = ?4, next_attempt_at = coalesce(?5, next_attempt_at), remote_id = coalesce(?6, remote_id), last_error = ?7 WHERE id = ?1")?.execute(params![id, to.as_str(), i64::from(to == OpState::Sending), now_ms, next_attempt_at, remote.map(|r| r.0), note])?;
            let shown = match (to, remote) {
                (OpState::Confirmed, Some((_, status))) => status,
                (OpState::Conflict, _) => NEEDS_ATTENTION,
                _ => to.shown_status(),
            };
            let prev: String = tx.prepare_cached("SELECT status FROM transactions WHERE id = ?1")?.query_row([&tx_id], |r| r.get(0))?;
            tx.prepare_cached("UPDATE transactions SET status = ?2, remote_id = coalesce(?3, remote_id), updated_at = ?4 WHERE id = ?1")?.execute(params![tx_id, shown, remote.map(|r| r.0), now_ms])?;
            if prev != shown
                && let Some(notice) = NoticeKind::for_status(&kind, shown)
            {
                let message = note.map_or_else(
                    || {
                        Message::new("notice.not_as_meant")
                            .arg_msg("what", notices::what(&kind, &reference))
                            .to_stored()
                    },
                    str::to_string,
                );
                notices::raise(tx, &tx_id, notice, &message, now_ms)?;
            }
            if prev != shown {
                tx.prepare_cached("INSERT INTO status_history (transaction_id, status, at, note) VALUES (?1, ?2, ?3, ?4)")?.execute(params![tx_id, shown, now_ms, note])?;
            }
            if matches!(to, OpState::Confirmed | OpState::Failed | OpState::Conflict | OpState::CreatedEarlier) {
                audit::append(tx, now_ms, &format!("{kind}.{to}"), &reference)?;
            }
            crate::after_sale::follow(tx, &tx_id, to, now_ms, note)?;
            Ok(())
        })
    }

    /// Operations in any environment that have not reached their provider as meant (queued,
    /// being sent or checked, or in conflict): how many, and their total per currency.
    pub fn unsettled(&self) -> Result<(u32, Vec<Money>)> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT t.currency, count(*), sum(t.amount_minor) FROM operations o JOIN transactions t ON t.id = o.transaction_id
             WHERE o.state IN ('queued', 'sending', 'unknown', 'conflict') GROUP BY t.currency ORDER BY t.currency",
        )?;
        let mut count = 0;
        let mut totals = Vec::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (currency, n, sum) = row?;
            count += n;
            totals.push(Money::new(sum, currency.parse().map_err(corrupt)?));
        }
        Ok((count, totals))
    }

    /// How many operations in `env` are queued, in flight, refused and in conflict.
    pub fn outbox_counts(&self, env: Environment) -> Result<OutboxCounts> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT state, count(*) FROM operations WHERE environment = ?1 GROUP BY state",
        )?;
        let mut c = OutboxCounts::default();
        for row in stmt.query_map([env.as_str()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })? {
            let (state, n) = row?;
            match state.parse::<OpState>()? {
                OpState::Queued => c.queued += n,
                OpState::Sending | OpState::Unknown => c.in_flight += n,
                OpState::Failed => c.failed += n,
                OpState::Conflict => c.attention += n,
                OpState::Confirmed | OpState::CreatedEarlier => {}
            }
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use desk_domain::{Currency, Money, PayoutDraft};

    use super::*;

    pub(crate) fn draft(order: &str) -> PayoutDraft {
        PayoutDraft {
            country: "MEX".into(),
            amount: "1,250.50".into(),
            currency: "MXN".into(),
            order_id: order.into(),
            description: "Supplier invoice".into(),
            first_name: "María".into(),
            last_name: "Pérez".into(),
            email: "maria@example.com".into(),
            document_type: "Rfc".into(),
            document_number: "PEGM9007151H0".into(),
            clabe: "646180110400000007".into(),
            bank_code: String::new(),
        }
    }

    fn charge() -> Charge {
        Charge {
            amount: Money::new(1250, Currency::EUR),
            description: "Coffee".into(),
            customer_name: "Ana".into(),
            customer_email: String::new(),
            nonce: None,
            intent: crate::operation::ChargeIntent::Sale,
            customer: None,
        }
    }

    #[test]
    fn an_invalid_payout_stores_nothing() {
        let s = Store::open_in_memory().unwrap();
        let bad = PayoutDraft {
            clabe: "002123451234534510".into(),
            ..draft("PO-1")
        };
        assert!(matches!(
            s.enqueue_payout(&bad, Environment::Sandbox, 1),
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(
            s.outbox_counts(Environment::Sandbox).unwrap(),
            OutboxCounts::default()
        );
        assert_eq!(
            s.verify_audit_chain().unwrap(),
            0,
            "no audit entry for a refused form"
        );
    }

    #[test]
    fn a_reused_order_id_is_a_field_error() {
        let s = Store::open_in_memory().unwrap();
        s.enqueue_payout(&draft("PO-1"), Environment::Sandbox, 1)
            .unwrap();
        match s.enqueue_payout(&draft("PO-1"), Environment::Sandbox, 2) {
            Err(StoreError::Invalid(f)) => assert_eq!(f[0].field, "orderId"),
            other => panic!("expected an orderId error, got {other:?}"),
        }
        assert_eq!(s.outbox_counts(Environment::Sandbox).unwrap().queued, 1);
    }

    #[test]
    fn a_second_charge_for_the_same_checkout_reuses_the_operation() {
        let s = Store::open_in_memory().unwrap();
        let first = s
            .enqueue_charge(
                Provider::Monei,
                Environment::Sandbox,
                "payment",
                "ME-1",
                &charge(),
                1,
            )
            .unwrap();
        let again = s
            .enqueue_charge(
                Provider::Monei,
                Environment::Sandbox,
                "payment",
                "ME-1",
                &charge(),
                2,
            )
            .unwrap();
        assert_eq!(first.id, again.id);
        assert_eq!(s.outbox_counts(Environment::Sandbox).unwrap().queued, 1);
        assert_eq!(
            s.operation(first.id).unwrap().intent,
            Intent::Charge(charge())
        );
    }

    #[test]
    fn only_legal_transitions_are_allowed_and_the_history_follows() {
        let s = Store::open_in_memory().unwrap();
        let op = s
            .enqueue_payout(&draft("PO-2"), Environment::Sandbox, 1)
            .unwrap();
        assert!(matches!(
            s.transition(op.id, OpState::Confirmed, 2, None, None, None),
            Err(StoreError::IllegalTransition { .. })
        ));
        s.transition(op.id, OpState::Sending, 2, None, None, None)
            .unwrap();
        assert_eq!(
            s.in_doubt(Environment::Sandbox).unwrap().len(),
            1,
            "a crash here leaves it in doubt"
        );
        s.transition(
            op.id,
            OpState::Conflict,
            3,
            None,
            Some(("73", "pending")),
            Some("amount differs"),
        )
        .unwrap();
        assert!(s.in_doubt(Environment::Sandbox).unwrap().is_empty());
        assert_eq!(s.outbox_counts(Environment::Sandbox).unwrap().attention, 1);
        let notices = s.unopened_notices(Environment::Sandbox).unwrap();
        assert_eq!(notices.len(), 1, "a conflict raises a notice");
        assert_eq!(s.unopened_notice_count(Environment::Sandbox).unwrap(), 1);
        assert_eq!(notices[0].message, "amount differs");
        assert_eq!(s.unsettled().unwrap().0, 1, "a conflict is not settled");
        assert_eq!(s.open_notices(&op.transaction_id, 4).unwrap(), 1);
        assert!(s.unopened_notices(Environment::Sandbox).unwrap().is_empty());
        assert_eq!(s.unopened_notice_count(Environment::Sandbox).unwrap(), 0);
        assert_eq!(
            s.detail(&op.transaction_id).unwrap().item.status,
            NEEDS_ATTENTION
        );
        // The next pull brings the provider's record under the same reference as paid: the
        // conflict stays in front of the merchant.
        let mut pulled = s.detail(&op.transaction_id).unwrap().item;
        pulled.status = "paid".into();
        s.upsert(&Record {
            provider: Provider::Monnet,
            environment: Environment::Sandbox,
            kind: pulled.kind,
            reference: pulled.reference,
            remote_id: Some("73".into()),
            amount_minor: 9_900,
            currency: "MXN".into(),
            status: pulled.status,
            counterparty: String::new(),
            description: String::new(),
            details: serde_json::json!({}),
            created_at: 5,
            updated_at: 5,
            note: None,
        })
        .unwrap();
        assert_eq!(
            s.detail(&op.transaction_id).unwrap().item.status,
            NEEDS_ATTENTION
        );
    }
}
