//! Writing what the providers report into the history: insert or update one record, with a
//! status-history row whenever the status changes.

use desk_domain::{Environment, Provider};
use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use crate::db::Store;
use crate::error::Result;
use crate::notices::{self, NoticeKind};

/// A record as a provider (or the merchant) reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Provider.
    pub provider: Provider,
    /// Environment.
    pub environment: Environment,
    /// `checkout`, `collection`, `payment`, `payout`.
    pub kind: String,
    /// Merchant reference / orderId (unique per provider, environment and kind).
    pub reference: String,
    /// Provider's id.
    pub remote_id: Option<String>,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// ISO 4217.
    pub currency: String,
    /// Normalised status.
    pub status: String,
    /// Customer or beneficiary.
    pub counterparty: String,
    /// Description.
    pub description: String,
    /// Extra facts as JSON (already masked where they should be).
    pub details: serde_json::Value,
    /// Created (ms).
    pub created_at: i64,
    /// Last change (ms).
    pub updated_at: i64,
    /// Why the status is what it is (rejections): the provider's words, or a message of the
    /// catalog in its stored form (`Message::to_stored`), rendered when read.
    pub note: Option<String>,
}

/// The status of a record whose operation found something else at the provider.
pub const NEEDS_ATTENTION: &str = "attention";

/// The stable id of a record: the same on every desktop of the merchant, so syncs converge.
pub fn record_id(provider: Provider, env: Environment, kind: &str, reference: &str) -> String {
    let digest = Sha256::digest(
        format!("{}|{}|{kind}|{reference}", provider.as_str(), env.as_str()).as_bytes(),
    );
    format!("{}_{}", provider.as_str(), hex::encode(&digest[..10]))
}

/// A part of a round of [`Store::to_follow`]: the records to read (`(reference, provider id)`)
/// and where the round goes on (`None` once it is complete).
pub type FollowRound = (Vec<(String, String)>, Option<FollowMark>);

/// Where a round of [`Store::to_follow`] goes on: after the record last read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowMark {
    /// Its `updated_at` (ms) when it was read.
    pub updated_at: i64,
    /// Its reference.
    pub reference: String,
}

impl FollowMark {
    /// The mark as kept between passes (`ms:reference`).
    pub fn to_text(&self) -> String {
        format!("{}:{}", self.updated_at, self.reference)
    }

    /// A mark kept by [`FollowMark::to_text`]; `None` for anything else (the round restarts).
    pub fn from_text(text: &str) -> Option<Self> {
        let (ms, reference) = text.split_once(':')?;
        Some(Self {
            updated_at: ms.parse().ok()?,
            reference: reference.to_string(),
        })
    }
}

/// The rowid of a new row created at `?13` (ms): its time × 4096 plus its place in that
/// millisecond, so the text index (kept in rowid order) is in time order and a search can stop
/// after a page (migration 0008). NULL, which lets SQLite pick, when the millisecond is full or
/// the time is out of range.
const TIME_ORDERED_ROWID: &str = "SELECT CASE WHEN ?13 BETWEEN 0 AND 2000000000000000 THEN
        (SELECT CASE WHEN next < (?13 + 1) * 4096 THEN next END
         FROM (SELECT coalesce(max(rowid) + 1, ?13 * 4096) AS next FROM transactions
               WHERE rowid >= ?13 * 4096 AND rowid < (?13 + 1) * 4096)) END";

/// A new record's INSERT, its rowid in time order; prepared once per connection (cached).
static INSERT_RECORD: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("INSERT INTO transactions (rowid, id, provider, environment, kind, remote_id, reference, amount_minor, currency, status, counterparty, description, details, created_at, updated_at)
     VALUES (({TIME_ORDERED_ROWID}), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
});

/// Inserts or updates `r` inside `tx`; returns its id and whether anything changed.
pub fn upsert_in(tx: &Transaction<'_>, r: &Record) -> Result<(String, bool)> {
    let id = record_id(r.provider, r.environment, &r.kind, &r.reference);
    let existing: Option<(String, Option<String>)> = tx
        .prepare_cached("SELECT status, remote_id FROM transactions WHERE id = ?1")?
        .query_row([&id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match existing {
        None => {
            tx.prepare_cached(&INSERT_RECORD)?.execute(params![
                id,
                r.provider.as_str(),
                r.environment.as_str(),
                r.kind,
                r.remote_id,
                r.reference,
                r.amount_minor,
                r.currency,
                r.status,
                r.counterparty,
                r.description,
                r.details.to_string(),
                r.created_at,
                r.updated_at
            ])?;
            tx.prepare_cached("INSERT INTO status_history (transaction_id, status, at, note) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![id, r.status, r.updated_at, r.note])?;
            Ok((id, true))
        }
        // A conflict at the provider stays in front of the merchant until they open it: the
        // next pull never turns it into a success.
        Some((status, _)) if status == NEEDS_ATTENTION => Ok((id, false)),
        Some((status, remote)) => {
            // Facts learnt later (the card a payment was made with) join those known.
            if r.details.as_object().is_some_and(|o| !o.is_empty()) {
                tx.prepare_cached(
                    "UPDATE transactions SET details = json_patch(details, ?2) WHERE id = ?1",
                )?
                .execute(params![id, r.details.to_string()])?;
            }
            let changed = status != r.status || (remote.is_none() && r.remote_id.is_some());
            if changed {
                tx.prepare_cached("UPDATE transactions SET status = ?2, remote_id = coalesce(?3, remote_id), updated_at = ?4 WHERE id = ?1")?.execute(params![id, r.status, r.remote_id, r.updated_at])?;
                if status != r.status {
                    tx.prepare_cached("INSERT INTO status_history (transaction_id, status, at, note) VALUES (?1, ?2, ?3, ?4)")?.execute(params![id, r.status, r.updated_at, r.note])?;
                    if let Some(kind) = NoticeKind::for_status(&r.kind, &r.status) {
                        let message = r.note.clone().unwrap_or_else(|| {
                            notices::sentence(kind, &r.kind, &r.reference).to_stored()
                        });
                        notices::raise(tx, &id, kind, &message, r.updated_at)?;
                    }
                }
            }
            Ok((id, changed))
        }
    }
}

impl Store {
    /// The status record `id` has now in the history (`None` if there is no such record): one
    /// column, for a pull that only needs to know it.
    pub fn status_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .reader()
            .query_row("SELECT status FROM transactions WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

impl Store {
    /// Inserts or updates one record; returns its id and whether anything changed.
    pub fn upsert(&self, r: &Record) -> Result<(String, bool)> {
        self.write(|tx| upsert_in(tx, r))
    }

    /// Inserts or updates many records in one transaction; returns how many changed.
    pub fn upsert_many(&self, records: &[Record]) -> Result<usize> {
        self.write(|tx| {
            let mut changed = 0;
            for r in records {
                if upsert_in(tx, r)?.1 {
                    changed += 1;
                }
            }
            Ok(changed)
        })
    }

    /// The sync cursor of a stream, if any.
    pub fn cursor(
        &self,
        provider: Provider,
        env: Environment,
        stream: &str,
    ) -> Result<Option<String>> {
        Ok(self
            .reader()
            .query_row(
                "SELECT cursor FROM sync_cursors WHERE provider = ?1 AND environment = ?2 AND stream = ?3",
                params![provider.as_str(), env.as_str(), stream],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Stores a stream's sync cursor.
    pub fn set_cursor(
        &self,
        provider: Provider,
        env: Environment,
        stream: &str,
        cursor: &str,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sync_cursors (provider, environment, stream, cursor) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (provider, environment, stream) DO UPDATE SET cursor = excluded.cursor",
                params![provider.as_str(), env.as_str(), stream, cursor],
            )?;
            Ok(())
        })
    }

    /// Records of `provider` and `kind` in `env` whose status may still change (`statuses`,
    /// or any status if updated after `recent_since_ms`), with a provider id to read them by:
    /// `(reference, remote id)`, at most `limit`, in rounds. A round goes through them oldest
    /// update first from `after` (the start when `None`); the mark returned is where the next
    /// call goes on, `None` once the round is complete, so every record is read in turn however
    /// many are open.
    #[allow(clippy::too_many_arguments)] // one query's parameters, each named at the call
    pub fn to_follow(
        &self,
        provider: Provider,
        env: Environment,
        kind: &str,
        statuses: &[&str],
        recent_since_ms: i64,
        limit: usize,
        after: Option<&FollowMark>,
    ) -> Result<FollowRound> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT reference, remote_id, updated_at FROM transactions WHERE provider = ?1 AND environment = ?2 AND kind = ?3 AND remote_id IS NOT NULL
             AND (status IN (SELECT value FROM json_each(?4)) OR updated_at > ?5) AND status <> ?6
             AND (?8 IS NULL OR updated_at > ?8 OR (updated_at = ?8 AND reference > ?9))
             ORDER BY updated_at, reference LIMIT ?7",
        )?;
        let statuses = serde_json::to_string(statuses).unwrap_or_else(|_| "[]".into());
        let rows: Vec<(String, String, i64)> = stmt
            .query_map(
                params![
                    provider.as_str(),
                    env.as_str(),
                    kind,
                    statuses,
                    recent_since_ms,
                    NEEDS_ATTENTION,
                    limit as i64,
                    after.map(|m| m.updated_at),
                    after.map(|m| m.reference.as_str()),
                ],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let next = (rows.len() == limit).then(|| rows.last()).flatten().map(
            |(reference, _, updated_at)| FollowMark {
                updated_at: *updated_at,
                reference: reference.clone(),
            },
        );
        Ok((rows.into_iter().map(|(r, id, _)| (r, id)).collect(), next))
    }

    /// Appends an audit entry on its own (for actions that store nothing else).
    pub fn audit(&self, at: i64, action: &str, detail: &str) -> Result<()> {
        self.write(|tx| crate::audit::append(tx, at, action, detail))
    }
}
