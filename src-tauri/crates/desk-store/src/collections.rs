//! Mona's recurring collections as the desk keeps them. A collection is a history record of
//! kind `collection` whose status is the collection's: `queued`, `sending` or `checking` while
//! the one engine creates it under its reference, then Mona's `pending_consent`, `active`,
//! `refused` or `cancelled`. Creating one goes through the engine like any create (a second
//! collection would charge the customer twice on every date), looked up by reference after a
//! doubt. Its cancellation is an operation of its own attached to it (`parent_id`), as a void
//! is to its authorisation. The charges Mona makes for it are Mona transactions whose details
//! carry its `collectionId` (and its customer's `customerId`).

use desk_domain::{Currency, Environment, FieldError, Money, Provider};
use desk_i18n::{Message, msg};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::db::Store;
use crate::enqueue::{NewOperation, insert, reference_taken};
use crate::error::{Result, StoreError};
use crate::operation::{Intent, OpState, Operation};
use crate::records::Record;

/// The statuses from which a collection may be cancelled (the contract: pending or active).
pub const CANCELLABLE: [&str; 2] = ["pending_consent", "active"];

/// How often a collection charges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Frequency {
    /// Every 7 days from the consent.
    Weekly,
    /// The same day of every month from the consent (held to the month's last day).
    Monthly,
}

impl Frequency {
    /// The contract's word (`weekly`, `monthly`).
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
        }
    }

    /// The frequency the contract's word names.
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "weekly" => Some(Frequency::Weekly),
            "monthly" => Some(Frequency::Monthly),
            _ => None,
        }
    }
}

/// A collection the merchant asked for: created at Mona under the operation's reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCollection {
    /// What each charge takes, as the merchant reviewed it.
    pub amount: Money,
    /// How often.
    pub frequency: Frequency,
    /// What it is for.
    pub description: String,
    /// The desk's customer id (`customer.id` at Mona).
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's email (Mona binds the consent's device to it).
    pub customer_email: String,
}

/// The cancellation of a collection: nothing moves, and no charge falls due after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelCollection {
    /// The collection's id at Mona (`collectionId`).
    pub remote_id: String,
    /// The collection's history record.
    pub collection_record: String,
    /// What each charge of the collection takes (nothing is moved by the cancellation).
    pub amount: Money,
}

/// A collection as the customer's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionRow {
    /// Its history record.
    pub record: String,
    /// The desk's reference (Mona's `reference`).
    pub reference: String,
    /// Mona's `collectionId`, once Mona holds it.
    pub remote_id: Option<String>,
    /// What each charge takes.
    pub amount: Money,
    /// How often, when known.
    pub frequency: Option<Frequency>,
    /// The history's status (see the module's text).
    pub status: String,
    /// What it is for.
    pub description: String,
    /// The customer it charges, when known.
    pub customer_id: Option<String>,
    /// When the customer consented (RFC 3339, as Mona wrote it).
    pub consented_at: Option<String>,
    /// When the next charge falls due (RFC 3339, as Mona last reported it).
    pub next_charge_at: Option<String>,
    /// When it was cancelled (RFC 3339, as Mona wrote it).
    pub cancelled_at: Option<String>,
    /// Whether a cancellation of it is queued, in flight or in doubt.
    pub cancelling: bool,
    /// Created (ms).
    pub created_at: i64,
}

impl CollectionRow {
    /// Whether the merchant may cancel it now.
    pub fn can_cancel(&self) -> bool {
        self.remote_id.is_some() && !self.cancelling && CANCELLABLE.contains(&self.status.as_str())
    }
}

fn invalid(field: &str, message: Message) -> StoreError {
    StoreError::Invalid(vec![FieldError::msg(field, message)])
}

/// A collection's status in words, for a sentence ("this one is refused").
fn status_words(status: &str) -> Option<Message> {
    Some(match status {
        "queued" => Message::new("collection.status.queued"),
        "sending" => Message::new("collection.status.sending"),
        "checking" => Message::new("collection.status.checking"),
        "pending_consent" => Message::new("collection.status.pending_consent"),
        "active" => Message::new("collection.status.active"),
        "refused" => Message::new("collection.status.refused"),
        "cancelled" => Message::new("collection.status.cancelled"),
        "failed" => Message::new("collection.status.failed"),
        "attention" => Message::new("collection.status.attention"),
        _ => return None,
    })
}

const COLUMNS: &str = "t.id, t.reference, t.remote_id, t.amount_minor, t.currency, t.status, t.description, t.customer_id, t.details, t.created_at,
     EXISTS (SELECT 1 FROM transactions c WHERE c.parent_id = t.id AND c.kind = 'cancel' AND c.status IN ('queued', 'sending', 'checking'))";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CollectionRow> {
    let currency: String = r.get(4)?;
    let details: String = r.get(8)?;
    let details: serde_json::Value = serde_json::from_str(&details).unwrap_or_default();
    let text = |k: &str| details.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Ok(CollectionRow {
        record: r.get(0)?,
        reference: r.get(1)?,
        remote_id: r.get(2)?,
        amount: Money::new(r.get(3)?, Currency::received(&currency)),
        status: r.get(5)?,
        description: r.get(6)?,
        customer_id: r.get(7)?,
        frequency: text("frequency").as_deref().and_then(Frequency::parse),
        consented_at: text("consentedAt"),
        next_charge_at: text("nextChargeAt"),
        cancelled_at: text("cancelledAt"),
        created_at: r.get(9)?,
        cancelling: r.get(10)?,
    })
}

fn collection_in(tx: &rusqlite::Connection, record: &str) -> Result<CollectionRow> {
    tx.query_row(
        &format!("SELECT {COLUMNS} FROM transactions t WHERE t.id = ?1 AND t.kind = 'collection'"),
        [record],
        row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("collection {record}")))
}

/// The collection's line for a confirmed cancellation (called by the engine's transition, in
/// its transaction): the collection reads `cancelled` from then on.
pub(crate) fn cancelled(
    tx: &Transaction<'_>,
    collection: &str,
    reference: &str,
    now_ms: i64,
) -> Result<()> {
    tx.execute(
        "UPDATE transactions SET status = 'cancelled', updated_at = ?2 WHERE id = ?1 AND status <> 'cancelled'",
        params![collection, now_ms],
    )?;
    tx.execute(
        "INSERT INTO status_history (transaction_id, status, at, note) VALUES (?1, 'cancelled', ?2, ?3)",
        params![
            collection,
            now_ms,
            msg!("collection.cancelled_note", reference = reference).to_stored()
        ],
    )?;
    Ok(())
}

impl Store {
    /// Queues a new collection for customer `c.customer_id` under `reference`, with its history
    /// record (kind `collection`) and audit entry, in one transaction before any network step.
    pub fn enqueue_collection(
        &self,
        env: Environment,
        reference: &str,
        c: &NewCollection,
        now_ms: i64,
    ) -> Result<Operation> {
        self.write(|tx| {
            crate::customers::customer_in(tx, &c.customer_id)?;
            if reference_taken(tx, Provider::Mona, env, reference)? {
                return Err(invalid(
                    "reference",
                    Message::new("collection.reference_taken"),
                ));
            }
            let record = Record {
                provider: Provider::Mona,
                environment: env,
                kind: "collection".into(),
                reference: reference.into(),
                remote_id: None,
                amount_minor: c.amount.minor,
                currency: c.amount.currency.code().into(),
                status: OpState::Queued.shown_status().into(),
                counterparty: c.customer_name.clone(),
                description: c.description.clone(),
                details: serde_json::json!({
                    "customerId": c.customer_id,
                    "frequency": c.frequency.as_str(),
                }),
                created_at: now_ms,
                updated_at: now_ms,
                note: None,
            };
            let audit_detail = format!(
                "mona {reference} {} {} for {}",
                c.amount,
                c.frequency.as_str(),
                c.customer_id
            );
            insert(
                tx,
                NewOperation {
                    record,
                    provider: Provider::Mona,
                    env,
                    reference,
                    intent: Intent::Collection(c.clone()),
                    audit_action: "collection.queued",
                    audit_detail,
                    batch: None,
                },
                now_ms,
            )
        })
    }

    /// Queues the cancellation of collection `record` under `reference`: only of a collection
    /// Mona holds, pending consent or active, with no other cancellation on its way; checked
    /// and stored (its own history row attached to the collection, a line on the collection's
    /// timeline, an audit entry) in one transaction before any network step.
    pub fn enqueue_cancel(&self, record: &str, reference: &str, now_ms: i64) -> Result<Operation> {
        self.write(|tx| {
            let c = collection_in(tx, record)?;
            let (env, remote_id): (String, Option<String>) = tx.query_row(
                "SELECT environment, remote_id FROM transactions WHERE id = ?1",
                [record],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let env: Environment = env
                .parse()
                .map_err(|e: desk_domain::DomainError| StoreError::Corrupt(e.to_string()))?;
            let Some(remote_id) = remote_id else {
                return Err(invalid(
                    "collection",
                    Message::new("collection.not_held"),
                ));
            };
            if c.cancelling {
                return Err(invalid(
                    "collection",
                    Message::new("collection.already_cancelling"),
                ));
            }
            if !CANCELLABLE.contains(&c.status.as_str()) {
                let refusal = Message::new("collection.not_cancellable");
                return Err(invalid(
                    "collection",
                    match status_words(&c.status) {
                        Some(words) => refusal.arg_msg("status", words),
                        None => refusal.arg("status", c.status.replace('_', " ")),
                    },
                ));
            }
            if reference_taken(tx, Provider::Mona, env, reference)? {
                return Err(invalid(
                    "reference",
                    Message::new("collection.reference_taken"),
                ));
            }
            let intent = Intent::Cancel(CancelCollection {
                remote_id,
                collection_record: c.record.clone(),
                amount: c.amount,
            });
            let record_row = Record {
                provider: Provider::Mona,
                environment: env,
                kind: "cancel".into(),
                reference: reference.into(),
                remote_id: None,
                amount_minor: c.amount.minor,
                currency: c.amount.currency.code().into(),
                status: OpState::Queued.shown_status().into(),
                counterparty: String::new(),
                description: format!("Cancellation of {}", c.reference),
                details: serde_json::json!({ "collection": c.reference }),
                created_at: now_ms,
                updated_at: now_ms,
                note: None,
            };
            let op = insert(
                tx,
                NewOperation {
                    record: record_row,
                    provider: Provider::Mona,
                    env,
                    reference,
                    intent,
                    audit_action: "cancel.queued",
                    audit_detail: format!("mona {reference} of collection {}", c.reference),
                    batch: None,
                },
                now_ms,
            )?;
            tx.execute(
                "UPDATE transactions SET parent_id = ?2 WHERE id = ?1",
                params![op.transaction_id, c.record],
            )?;
            tx.execute(
                "INSERT INTO status_history (transaction_id, status, at, note) VALUES (?1, 'cancel_queued', ?2, ?3)",
                params![
                    c.record,
                    now_ms,
                    msg!("collection.cancel_queued_note", reference = reference).to_stored()
                ],
            )?;
            Ok(op)
        })
    }

    /// Collection `record` as the customer's page shows it.
    pub fn collection(&self, record: &str) -> Result<CollectionRow> {
        collection_in(&self.reader(), record)
    }

    /// Customer `customer_id`'s collections in `env`, newest first.
    pub fn collections_of(
        &self,
        customer_id: &str,
        env: Environment,
    ) -> Result<Vec<CollectionRow>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM transactions t WHERE t.customer_id = ?1 AND t.environment = ?2 AND t.kind = 'collection'
             ORDER BY t.created_at DESC, t.id DESC"
        ))?;
        let rows = stmt
            .query_map(params![customer_id, env.as_str()], row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The charges Mona made for collection `remote_id` (by their `collectionId`) of customer
    /// `customer_id`: how many, and how many failed.
    pub fn collection_charges(&self, customer_id: &str, remote_id: &str) -> Result<(u32, u32)> {
        Ok(self.reader().query_row(
            "SELECT count(*), count(CASE WHEN status = 'failed' THEN 1 END) FROM transactions
             WHERE customer_id = ?1 AND json_extract(details, '$.collectionId') = ?2",
            params![customer_id, remote_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
