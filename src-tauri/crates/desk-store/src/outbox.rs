//! The payout outbox. A payout entered by hand is validated, then stored with its history
//! row, its outbox row and an audit entry in one transaction. The sync engine then moves it
//! through legal states only, committing each state before the network step that follows:
//!
//! `queued → sending → confirmed | unknown | failed | queued` and
//! `unknown → confirmed | queued | failed` (an unknown outcome is reconciled by `orderId`
//! before anything is sent again).

use std::fmt;
use std::str::FromStr;

use desk_domain::{DomainError, Environment, FieldError, PayoutDraft, Provider, ValidPayout};
use rusqlite::{OptionalExtension, params};

use crate::audit;
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::records::{Record, record_id, upsert_in};

/// Where an outbox item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting to be sent.
    Queued,
    /// Committed as being sent; the network step may or may not have happened.
    Sending,
    /// Sent, but no answer came back: reconcile before resending.
    Unknown,
    /// The provider has it.
    Confirmed,
    /// The provider refused it; it will not be sent again.
    Failed,
}

impl OutboxState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Unknown => "unknown",
            OutboxState::Confirmed => "confirmed",
            OutboxState::Failed => "failed",
        }
    }

    /// Whether `self → to` is a legal move.
    pub fn can_become(self, to: OutboxState) -> bool {
        use OutboxState::*;
        matches!(
            (self, to),
            (Queued, Sending)
                | (Sending, Confirmed | Unknown | Failed | Queued)
                | (Unknown, Confirmed | Queued | Failed | Sending)
        )
    }
}

impl fmt::Display for OutboxState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutboxState {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self> {
        use OutboxState::*;
        [Queued, Sending, Unknown, Confirmed, Failed]
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown outbox state {s:?}")))
    }
}

/// One payout in the outbox.
#[derive(Debug, Clone)]
pub struct OutboxItem {
    /// Outbox row id.
    pub id: i64,
    /// The history record's id.
    pub transaction_id: String,
    /// The Monnet orderId.
    pub order_id: String,
    /// Environment.
    pub environment: Environment,
    /// The payout to send.
    pub payout: ValidPayout,
    /// State.
    pub state: OutboxState,
    /// Attempts so far.
    pub attempts: i64,
    /// Provider's id, once known.
    pub remote_id: Option<String>,
}

/// How many items are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Queued.
    pub queued: u32,
    /// Sending or unknown.
    pub in_flight: u32,
    /// Failed.
    pub failed: u32,
}

/// An outbox row as read: id, transaction id, order id, environment, payload, state,
/// attempts, remote id.
type RawItem = (
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
);

fn item(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawItem> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

const ITEM_COLUMNS: &str =
    "id, transaction_id, order_id, environment, payload, state, attempts, remote_id";

fn to_item(raw: RawItem) -> Result<OutboxItem> {
    let (id, transaction_id, order_id, env, payload, state, attempts, remote_id) = raw;
    Ok(OutboxItem {
        id,
        transaction_id,
        order_id,
        environment: env
            .parse()
            .map_err(|e: DomainError| StoreError::Corrupt(e.to_string()))?,
        payout: serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        state: state.parse()?,
        attempts,
        remote_id,
    })
}

impl Store {
    /// Validates `draft` and queues it: history row, outbox row and audit entry in one
    /// transaction. Field errors (including a reused orderId) leave nothing stored.
    pub fn enqueue_payout(
        &self,
        draft: &PayoutDraft,
        env: Environment,
        now_ms: i64,
    ) -> Result<OutboxItem> {
        let payout = draft.validate().map_err(|e| match e {
            DomainError::Invalid(fields) => StoreError::Invalid(fields),
            other => StoreError::Invalid(vec![FieldError::new("form", other.to_string())]),
        })?;
        let payload =
            serde_json::to_string(&payout).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.write(|tx| {
            let taken: bool = tx
                .query_row("SELECT 1 FROM outbox WHERE environment = ?1 AND order_id = ?2", params![env.as_str(), payout.order_id], |_| Ok(true))
                .optional()?
                .unwrap_or(false);
            if taken || tx.query_row("SELECT 1 FROM transactions WHERE id = ?1", [record_id(Provider::Monnet, env, "payout", &payout.order_id)], |_| Ok(())).optional()?.is_some() {
                return Err(StoreError::Invalid(vec![FieldError::new("orderId", "This reference was already used for another payout: choose a new one.")]));
            }
            let b = &payout.beneficiary;
            let record = Record {
                provider: Provider::Monnet,
                environment: env,
                kind: "payout".into(),
                reference: payout.order_id.clone(),
                remote_id: None,
                amount_minor: payout.amount.minor,
                currency: payout.amount.currency.code().into(),
                status: "queued".into(),
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
            let (tx_id, _) = upsert_in(tx, &record)?;
            tx.execute(
                "INSERT INTO outbox (transaction_id, order_id, environment, payload, state, next_attempt_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?5, ?5)",
                params![tx_id, payout.order_id, env.as_str(), payload, now_ms],
            )?;
            audit::append(tx, now_ms, "payout.queued", &format!("{} {} to {}", payout.order_id, payout.amount, desk_domain::secret::mask_last4(payout.clabe.as_str())))?;
            let id = tx.last_insert_rowid();
            Ok(OutboxItem { id, transaction_id: tx_id, order_id: payout.order_id.clone(), environment: env, payout: payout.clone(), state: OutboxState::Queued, attempts: 0, remote_id: None })
        })
    }

    /// The oldest queued item due at `now_ms` in `env`, if any.
    pub fn next_due(&self, env: Environment, now_ms: i64) -> Result<Option<OutboxItem>> {
        let raw = self
            .reader()
            .query_row(
                &format!("SELECT {ITEM_COLUMNS} FROM outbox WHERE environment = ?1 AND state = 'queued' AND next_attempt_at <= ?2 ORDER BY id LIMIT 1"),
                params![env.as_str(), now_ms],
                item,
            )
            .optional()?;
        raw.map(to_item).transpose()
    }

    /// Items whose outcome is not known (`sending` after a crash, or `unknown`): they are
    /// reconciled before anything else is sent.
    pub fn in_doubt(&self, env: Environment) -> Result<Vec<OutboxItem>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(&format!("SELECT {ITEM_COLUMNS} FROM outbox WHERE environment = ?1 AND state IN ('sending', 'unknown') ORDER BY id"))?;
        let rows: Vec<_> = stmt
            .query_map([env.as_str()], item)?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter().map(to_item).collect()
    }

    /// Moves an item to `to`, committing before the caller's next network step. `remote` is
    /// the provider's id and status once known; `note` the reason for a failure.
    pub fn transition(
        &self,
        id: i64,
        to: OutboxState,
        now_ms: i64,
        next_attempt_at: Option<i64>,
        remote: Option<(&str, &str)>,
        note: Option<&str>,
    ) -> Result<()> {
        self.write(|tx| {
            let (state, tx_id, order_id): (String, String, String) =
                tx.query_row("SELECT state, transaction_id, order_id FROM outbox WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let from: OutboxState = state.parse()?;
            if !from.can_become(to) {
                return Err(StoreError::IllegalTransition { from: from.to_string(), to: to.to_string() });
            }
            let attempts_inc = i64::from(to == OutboxState::Sending);
            tx.execute(
                "UPDATE outbox SET state = ?2, attempts = attempts + ?3, updated_at = ?4, next_attempt_at = coalesce(?5, next_attempt_at), remote_id = coalesce(?6, remote_id), last_error = ?7 WHERE id = ?1",
                params![id, to.as_str(), attempts_inc, now_ms, next_attempt_at, remote.map(|r| r.0), note],
            )?;
            let shown = match (to, remote) {
                (OutboxState::Confirmed, Some((_, status))) => status.to_string(),
                (OutboxState::Failed, _) => "failed".into(),
                (OutboxState::Queued, _) => "queued".into(),
                _ => "sending".into(),
            };
            let prev: String = tx.query_row("SELECT status FROM transactions WHERE id = ?1", [&tx_id], |r| r.get(0))?;
            tx.execute("UPDATE transactions SET status = ?2, remote_id = coalesce(?3, remote_id), updated_at = ?4 WHERE id = ?1", params![tx_id, shown, remote.map(|r| r.0), now_ms])?;
            if prev != shown {
                tx.execute("INSERT INTO status_history (transaction_id, status, at, note) VALUES (?1, ?2, ?3, ?4)", params![tx_id, shown, now_ms, note])?;
            }
            if matches!(to, OutboxState::Confirmed | OutboxState::Failed) {
                audit::append(tx, now_ms, &format!("payout.{to}"), &order_id)?;
            }
            Ok(())
        })
    }

    /// How many items are queued, in flight and failed in `env`.
    pub fn outbox_counts(&self, env: Environment) -> Result<OutboxCounts> {
        let conn = self.reader();
        let mut stmt = conn
            .prepare("SELECT state, count(*) FROM outbox WHERE environment = ?1 GROUP BY state")?;
        let mut c = OutboxCounts::default();
        for row in stmt.query_map([env.as_str()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })? {
            let (state, n) = row?;
            match state.as_str() {
                "queued" => c.queued += n,
                "sending" | "unknown" => c.in_flight += n,
                "failed" => c.failed += n,
                _ => {}
            }
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
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
    fn only_legal_transitions_are_allowed() {
        let s = Store::open_in_memory().unwrap();
        let item = s
            .enqueue_payout(&draft("PO-2"), Environment::Sandbox, 1)
            .unwrap();
        assert!(matches!(
            s.transition(item.id, OutboxState::Confirmed, 2, None, None, None),
            Err(StoreError::IllegalTransition { .. })
        ));
        s.transition(item.id, OutboxState::Sending, 2, None, None, None)
            .unwrap();
        assert_eq!(
            s.in_doubt(Environment::Sandbox).unwrap().len(),
            1,
            "a crash here leaves it in doubt"
        );
        s.transition(
            item.id,
            OutboxState::Confirmed,
            3,
            None,
            Some(("73", "pending")),
            None,
        )
        .unwrap();
        assert!(s.in_doubt(Environment::Sandbox).unwrap().is_empty());
        assert!(s.next_due(Environment::Sandbox, 10).unwrap().is_none());
    }
}
