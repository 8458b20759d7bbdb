//! After the sale: refunds, captures and voids join the outbox as operations of their own,
//! each with its own history row attached to the payment it follows (`parent_id`). What may
//! be refunded or captured is checked here, inside the transaction that queues the
//! operation, so two clicks can never refund more than was taken: every refund that is not
//! refused (queued, in flight, in doubt, confirmed or in conflict) counts against it.
//!
//! The payment's own figures (`refunded_minor`, `captured_minor`, its status) are columns
//! updated when an operation is confirmed, so the history reads them without a join.

use desk_domain::{Currency, Environment, FieldError, Money, Provider};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::db::Store;
use crate::enqueue::{NewOperation, insert, reference_taken};
use crate::error::{Result, StoreError};
use crate::operation::{Intent, OpState, Operation};
use crate::records::Record;

/// How long an authorisation lives at MonEFlow Pay (docs/provider-api.md: 7 days).
pub const AUTHORIZATION_LIFETIME_MS: i64 = 7 * 86_400_000;

/// The statuses of a payment whose money was taken (and may be refunded).
pub const REFUNDABLE: [&str; 3] = ["succeeded", "captured", "partially_refunded"];

/// A payment as the actions after the sale see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFigures {
    /// The payment's history record.
    pub record: String,
    /// Provider.
    pub provider: Provider,
    /// Environment.
    pub environment: Environment,
    /// `checkout`, `payment`, …
    pub kind: String,
    /// The merchant's reference of the payment.
    pub reference: String,
    /// The provider's id, once known.
    pub remote_id: Option<String>,
    /// The history's status.
    pub status: String,
    /// What was charged or authorised.
    pub amount: Money,
    /// What a capture took, when the payment was authorised first.
    pub captured: Option<Money>,
    /// What confirmed refunds gave back.
    pub refunded: Money,
    /// What refunds not yet confirmed (queued, in flight, in doubt, in conflict) would give back.
    pub refunds_pending: Money,
    /// Whether a capture or void of it is queued, in flight or done.
    pub settling: bool,
    /// Created (ms).
    pub created_at: i64,
}

impl PaymentFigures {
    /// What was taken: the capture, or the charge once it succeeded; nothing otherwise.
    pub fn taken(&self) -> Money {
        let minor = if REFUNDABLE.contains(&self.status.as_str()) || self.status == "refunded" {
            self.captured.unwrap_or(self.amount).minor
        } else {
            0
        };
        Money::new(minor, self.amount.currency)
    }

    /// What may still be refunded: taken, less every refund not refused.
    pub fn refundable(&self) -> Money {
        let left = self.taken().minor - self.refunded.minor - self.refunds_pending.minor;
        Money::new(left.max(0), self.amount.currency)
    }

    /// When the authorisation lapses (ms), for an authorised payment.
    pub fn authorization_expires_at(&self) -> Option<i64> {
        (self.status == "authorized").then_some(self.created_at + AUTHORIZATION_LIFETIME_MS)
    }
}

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(field, message)])
}

fn figures_in(tx: &rusqlite::Connection, record: &str) -> Result<PaymentFigures> {
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        i64,
        String,
        Option<i64>,
        i64,
        i64,
    );
    let row: Option<Row> = tx
        .query_row(
            "SELECT provider, environment, kind, reference, remote_id, status, amount_minor, currency, captured_minor, refunded_minor, created_at
             FROM transactions WHERE id = ?1 AND parent_id IS NULL",
            [record],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ))
            },
        )
        .optional()?;
    let Some((
        provider,
        env,
        kind,
        reference,
        remote_id,
        status,
        amount,
        currency,
        captured,
        refunded,
        created_at,
    )) = row
    else {
        return Err(StoreError::NotFound(record.to_string()));
    };
    let corrupt = |e: desk_domain::DomainError| StoreError::Corrupt(e.to_string());
    let currency: Currency = currency.parse().map_err(corrupt)?;
    let (pending, settling): (i64, i64) = tx.query_row(
        "SELECT coalesce(sum(CASE WHEN kind = 'refund' AND status NOT IN ('failed', 'refunded') THEN amount_minor END), 0),
                count(CASE WHEN kind IN ('capture', 'void') AND status <> 'failed' THEN 1 END)
         FROM transactions WHERE parent_id = ?1",
        [record],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(PaymentFigures {
        record: record.to_string(),
        provider: provider.parse().map_err(corrupt)?,
        environment: env.parse().map_err(corrupt)?,
        kind,
        reference,
        remote_id,
        status,
        amount: Money::new(amount, currency),
        captured: captured.map(|c| Money::new(c, currency)),
        refunded: Money::new(refunded, currency),
        refunds_pending: Money::new(pending, currency),
        settling: settling > 0,
        created_at,
    })
}

impl PaymentFigures {
    /// Why `intent` may not follow this payment at `now_ms`, as a field error (`None`: it
    /// may). The same check runs again inside the transaction that queues it.
    pub fn refusal(&self, intent: &Intent, now_ms: i64) -> Option<StoreError> {
        refusal(self, intent, now_ms)
    }
}

fn refusal(p: &PaymentFigures, intent: &Intent, now_ms: i64) -> Option<StoreError> {
    let amount = intent.amount();
    if amount.currency != p.amount.currency {
        return Some(invalid(
            "amount",
            format!("The payment is in {}.", p.amount.currency),
        ));
    }
    if amount.minor <= 0 {
        return Some(invalid("amount", "The amount must be more than zero."));
    }
    match intent {
        Intent::Refund(_) => {
            if !REFUNDABLE.contains(&p.status.as_str()) {
                return Some(invalid(
                    "payment",
                    format!(
                        "Only a payment whose money was taken can be refunded; this one is {}.",
                        p.status
                    ),
                ));
            }
            let left = p.refundable();
            (amount.minor > left.minor).then(|| {
                invalid(
                    "amount",
                    format!(
                        "At most {left} can be refunded: {} was taken and {} is refunded or being refunded.",
                        p.taken(),
                        Money::new(p.refunded.minor + p.refunds_pending.minor, p.amount.currency)
                    ),
                )
            })
        }
        Intent::Capture(_) | Intent::Void(_) => {
            if p.status != "authorized" || p.settling {
                return Some(invalid(
                    "payment",
                    format!(
                        "Only an authorisation that is still open can be captured or voided; this one is {}.",
                        p.status
                    ),
                ));
            }
            if now_ms >= p.created_at + AUTHORIZATION_LIFETIME_MS {
                return Some(invalid(
                    "payment",
                    "This authorisation has expired: nothing can be captured, and the card's hold is released.",
                ));
            }
            (matches!(intent, Intent::Capture(_)) && amount.minor > p.amount.minor)
                .then(|| invalid("amount", format!("At most {} was authorised.", p.amount)))
        }
        Intent::Payout(_) | Intent::Charge(_) | Intent::Collection(_) | Intent::Cancel(_) => {
            Some(invalid("kind", "Not an operation after a sale."))
        }
    }
}

/// A line on the payment's timeline for what one of its operations did.
fn timeline(tx: &Transaction<'_>, parent: &str, status: &str, at: i64, note: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO status_history (transaction_id, status, at, note) VALUES (?1, ?2, ?3, ?4)",
        params![parent, status, at, note],
    )?;
    Ok(())
}

/// Moves the payment on when one of its operations reaches `to` (called by the engine's
/// transition, in its transaction).
pub(crate) fn follow(
    tx: &Transaction<'_>,
    child: &str,
    to: OpState,
    now_ms: i64,
    note: Option<&str>,
) -> Result<()> {
    let row: Option<(Option<String>, String, String, i64, String)> = tx
        .query_row(
            "SELECT parent_id, kind, reference, amount_minor, currency FROM transactions WHERE id = ?1",
            [child],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((Some(parent), kind, reference, amount, currency)) = row else {
        return Ok(());
    };
    let money = currency
        .parse::<Currency>()
        .map(|c| Money::new(amount, c).to_string())
        .unwrap_or_else(|_| format!("{amount} {currency}"));
    match (to, kind.as_str()) {
        (OpState::Confirmed, "refund") => {
            tx.execute(
                "UPDATE transactions SET refunded_minor = refunded_minor + ?2,
                   status = CASE WHEN refunded_minor + ?2 >= coalesce(captured_minor, amount_minor) THEN 'refunded' ELSE 'partially_refunded' END,
                   updated_at = ?3 WHERE id = ?1",
                params![parent, amount, now_ms],
            )?;
            let status: String = tx.query_row(
                "SELECT status FROM transactions WHERE id = ?1",
                [&parent],
                |r| r.get(0),
            )?;
            timeline(
                tx,
                &parent,
                &status,
                now_ms,
                &format!("Refunded {money} ({reference})."),
            )
        }
        (OpState::Confirmed, "capture") => {
            tx.execute(
                "UPDATE transactions SET captured_minor = ?2, status = 'captured', updated_at = ?3 WHERE id = ?1",
                params![parent, amount, now_ms],
            )?;
            timeline(
                tx,
                &parent,
                "captured",
                now_ms,
                &format!("Captured {money} ({reference})."),
            )
        }
        (OpState::Confirmed, "void") => {
            tx.execute(
                "UPDATE transactions SET status = 'voided', updated_at = ?2 WHERE id = ?1",
                params![parent, now_ms],
            )?;
            timeline(
                tx,
                &parent,
                "voided",
                now_ms,
                &format!("Authorisation voided ({reference})."),
            )
        }
        (OpState::Confirmed, "cancel") => {
            crate::collections::cancelled(tx, &parent, &reference, now_ms)
        }
        (OpState::Failed | OpState::Conflict, _) => timeline(
            tx,
            &parent,
            &format!(
                "{kind}_{}",
                if to == OpState::Failed {
                    "failed"
                } else {
                    "attention"
                }
            ),
            now_ms,
            &format!(
                "The {kind} {reference} of {money}: {}",
                note.map_or_else(
                    || "not carried out as meant.".to_string(),
                    desk_i18n::render_stored
                )
            ),
        ),
        _ => Ok(()),
    }
}

impl Store {
    /// The payment `record` as the actions after the sale see it.
    pub fn payment_figures(&self, record: &str) -> Result<PaymentFigures> {
        figures_in(&self.reader(), record)
    }

    /// Queues a refund, capture or void of the payment its intent names, under `reference`:
    /// checked against what the payment holds (a refund never above what was taken less every
    /// refund not refused; a capture never above what was authorised; capture and void only
    /// of an open authorisation), and stored with its own history row, the payment's
    /// timeline line and an audit entry, all in one transaction before any network step.
    pub fn enqueue_after_sale(
        &self,
        reference: &str,
        intent: Intent,
        now_ms: i64,
    ) -> Result<Operation> {
        let Some(parent) = intent.payment_record().map(str::to_string) else {
            return Err(invalid("kind", "Not an operation after a sale."));
        };
        self.write(|tx| {
            let p = figures_in(tx, &parent)?;
            if p.remote_id.is_none() {
                return Err(invalid(
                    "payment",
                    "The provider does not hold this payment yet.",
                ));
            }
            if let Some(refused) = refusal(&p, &intent, now_ms) {
                return Err(refused);
            }
            if reference_taken(tx, p.provider, p.environment, reference)? {
                return Err(invalid(
                    "reference",
                    "This reference was already used: start again.",
                ));
            }
            let kind = intent.kind();
            let amount = intent.amount();
            let description = match &intent {
                Intent::Refund(r) => format!("Refund of {} ({})", p.reference, r.reason),
                Intent::Capture(_) => format!("Capture of {}", p.reference),
                _ => format!("Void of {}", p.reference),
            };
            let counterparty: String = tx.query_row(
                "SELECT counterparty FROM transactions WHERE id = ?1",
                [&parent],
                |r| r.get(0),
            )?;
            let record = Record {
                provider: p.provider,
                environment: p.environment,
                kind: kind.into(),
                reference: reference.into(),
                remote_id: None,
                amount_minor: amount.minor,
                currency: amount.currency.code().into(),
                status: OpState::Queued.shown_status().into(),
                counterparty,
                description,
                details: serde_json::json!({ "payment": p.reference }),
                created_at: now_ms,
                updated_at: now_ms,
                note: None,
            };
            let audit_detail = format!(
                "{} {reference} {amount} of {}",
                p.provider.as_str(),
                p.reference
            );
            let op = insert(
                tx,
                NewOperation {
                    record,
                    provider: p.provider,
                    env: p.environment,
                    reference,
                    intent,
                    audit_action: &format!("{kind}.queued"),
                    audit_detail,
                    batch: None,
                },
                now_ms,
            )?;
            tx.execute(
                "UPDATE transactions SET parent_id = ?2 WHERE id = ?1",
                params![op.transaction_id, parent],
            )?;
            timeline(
                tx,
                &parent,
                &format!("{kind}_queued"),
                now_ms,
                &format!("{} {reference} of {amount} queued.", capitalised(kind)),
            )?;
            Ok(op)
        })
    }
}

fn capitalised(kind: &str) -> String {
    let mut c = kind.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
