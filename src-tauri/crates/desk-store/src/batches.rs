//! Payout batches: many payouts from one file, queued atomically (all rows or none), then sent
//! one by one by the same engine as any payout. A batch keeps the file row of each payout, so
//! its progress and its result file speak of rows as the merchant's spreadsheet does.

use std::collections::BTreeMap;

use desk_domain::{Currency, Environment, Money, ValidPayout};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::audit;
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::payouts::queue_payout_in;

/// A batch as queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchInfo {
    /// The batch's id.
    #[ts(type = "number")]
    pub id: i64,
    /// The file it came from.
    pub file_name: String,
    /// How many payouts it holds.
    pub row_count: u32,
    /// What it pays, per currency.
    pub totals: Vec<Money>,
    /// When it was queued (ms since the epoch).
    #[ts(type = "number")]
    pub created_at: i64,
}

/// Where the payouts of a batch are, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchProgress {
    /// Payouts in the batch.
    pub total: u32,
    /// Not sent yet.
    pub queued: u32,
    /// Accepted by Monnet, not paid yet.
    pub sent: u32,
    /// Paid.
    pub paid: u32,
    /// Refused by Monnet or the bank.
    pub rejected: u32,
    /// Paid, then returned by the bank.
    pub reversed: u32,
    /// Outcome unknown (being checked with Monnet), or a mismatch that needs the merchant.
    pub in_doubt: u32,
}

impl BatchProgress {
    /// Whether every payout has an outcome that will not change without the merchant.
    pub fn finished(&self) -> bool {
        self.queued == 0 && self.sent == 0 && self.in_doubt == 0
    }
}

/// One line of a batch's result: what became of a file row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchResultRow {
    /// The row in the merchant's file.
    pub row: u32,
    /// The payout's orderId.
    pub order_id: String,
    /// The amount.
    pub amount: Money,
    /// Who it pays.
    pub beneficiary: String,
    /// `queued`, `sent`, `paid`, `rejected`, `reversed` or `in doubt`.
    pub outcome: &'static str,
    /// Why, for a rejection or a doubt.
    pub reason: Option<String>,
    /// Monnet's payout id, once known.
    pub remote_id: Option<String>,
}

/// The outcome word of a payout from its operation state and the history's status.
fn outcome(state: &str, status: &str) -> &'static str {
    match (state, status) {
        ("queued", _) => "queued",
        ("failed", _) => "rejected",
        ("sending" | "unknown" | "conflict", _) => "in doubt",
        (_, "paid") => "paid",
        (_, "reversed") => "reversed",
        (_, "rejected" | "failed") => "rejected",
        (_, "attention") => "in doubt",
        _ => "sent",
    }
}

/// A payout of the last days: what a new one is compared with to catch a repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentPayout {
    /// Its orderId.
    pub order_id: String,
    /// The CLABE it paid to.
    pub clabe: String,
    /// Its amount.
    pub amount: Money,
    /// When it was queued (ms since the epoch).
    pub created_at: i64,
}

impl Store {
    /// Queues `payouts` (each with its file row) as one batch, in one transaction: every row or
    /// none. A reused orderId fails the whole batch with a field error naming the row.
    pub fn enqueue_batch(
        &self,
        file_name: &str,
        payouts: &[(u32, ValidPayout)],
        env: Environment,
        now_ms: i64,
    ) -> Result<BatchInfo> {
        if payouts.is_empty() {
            return Err(StoreError::Invalid(vec![desk_domain::FieldError::msg(
                "batch",
                desk_i18n::Message::new("batch.no_payouts"),
            )]));
        }
        let totals = totals(payouts.iter().map(|(_, p)| p.amount))?;
        let totals_json = serde_json::to_string(&totals)
            .map_err(|e| StoreError::Corrupt(format!("batch totals: {e}")))?;
        let row_count = u32::try_from(payouts.len())
            .map_err(|_| StoreError::Corrupt("batch too large".into()))?;
        let _cache = self.large_write_cache()?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO batches (environment, file_name, row_count, totals, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![env.as_str(), file_name, row_count, totals_json, now_ms],
            )?;
            let id = tx.last_insert_rowid();
            for (row, payout) in payouts {
                queue_payout_in(tx, payout, env, now_ms, Some((id, *row)))?;
            }
            let shown: Vec<String> = totals.iter().map(Money::to_string).collect();
            audit::append(
                tx,
                now_ms,
                "batch.queued",
                &format!("batch {id} from {file_name}: {row_count} payouts, {}", shown.join(" + ")),
            )?;
            Ok(BatchInfo {
                id,
                file_name: file_name.to_string(),
                row_count,
                totals,
                created_at: now_ms,
            })
        })
    }

    /// The batch `id`.
    pub fn batch(&self, id: i64) -> Result<BatchInfo> {
        let row: Option<(String, u32, String, i64)> = self
            .reader()
            .query_row(
                "SELECT file_name, row_count, totals, created_at FROM batches WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let (file_name, row_count, totals, created_at) =
            row.ok_or_else(|| StoreError::NotFound(format!("batch {id}")))?;
        Ok(BatchInfo {
            id,
            file_name,
            row_count,
            totals: serde_json::from_str(&totals)
                .map_err(|e| StoreError::Corrupt(format!("batch {id} totals: {e}")))?,
            created_at,
        })
    }

    /// The batches of `env`, newest first, at most `limit`.
    pub fn batches(&self, env: Environment, limit: u32) -> Result<Vec<BatchInfo>> {
        let ids: Vec<i64> = {
            let conn = self.reader();
            let mut stmt = conn.prepare(
                "SELECT id FROM batches WHERE environment = ?1 ORDER BY id DESC LIMIT ?2",
            )?;
            stmt.query_map(params![env.as_str(), limit], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter().map(|id| self.batch(id)).collect()
    }

    /// Where the payouts of batch `id` are.
    pub fn batch_progress(&self, id: i64) -> Result<BatchProgress> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT o.state, t.status, count(*) FROM operations o JOIN transactions t ON t.id = o.transaction_id WHERE o.batch_id = ?1 GROUP BY o.state, t.status",
        )?;
        let mut progress = BatchProgress::default();
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })?;
        for row in rows {
            let (state, status, n) = row?;
            progress.total += n;
            *match outcome(&state, &status) {
                "queued" => &mut progress.queued,
                "paid" => &mut progress.paid,
                "rejected" => &mut progress.rejected,
                "reversed" => &mut progress.reversed,
                "in doubt" => &mut progress.in_doubt,
                _ => &mut progress.sent,
            } += n;
        }
        Ok(progress)
    }

    /// What became of each row of batch `id`, in file order.
    pub fn batch_results(&self, id: i64) -> Result<Vec<BatchResultRow>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT o.batch_row, o.reference, t.amount_minor, t.currency, t.counterparty, o.state, t.status, coalesce((SELECT h.note FROM status_history h WHERE h.transaction_id = t.id AND h.note IS NOT NULL ORDER BY h.at DESC, h.id DESC LIMIT 1), o.last_error), o.remote_id FROM operations o JOIN transactions t ON t.id = o.transaction_id WHERE o.batch_id = ?1 ORDER BY o.batch_row",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (row, order_id, minor, currency, beneficiary, state, status, reason, remote) = row?;
            let currency: Currency = currency
                .parse()
                .map_err(|e: desk_domain::DomainError| StoreError::Corrupt(e.to_string()))?;
            let outcome = outcome(&state, &status);
            out.push(BatchResultRow {
                row,
                order_id,
                amount: Money::new(minor, currency),
                beneficiary,
                outcome,
                reason: match outcome {
                    "rejected" | "reversed" | "in doubt" => {
                        reason.map(|r| desk_i18n::render_stored(&r))
                    }
                    _ => None,
                },
                remote_id: remote,
            });
        }
        Ok(out)
    }

    /// Monnet payouts of `env` queued since `since_ms`: what a new payout is compared with to
    /// catch one sent twice by mistake.
    pub fn recent_payouts(&self, env: Environment, since_ms: i64) -> Result<Vec<RecentPayout>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT reference, json_extract(details, '$.clabe'), amount_minor, currency, created_at FROM transactions WHERE created_at >= ?2 AND provider = 'monnet' AND environment = ?1 AND kind = 'payout'",
        )?;
        let rows = stmt.query_map(params![env.as_str(), since_ms], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (order_id, clabe, minor, currency, created_at) = row?;
            let (Some(clabe), Ok(currency)) = (clabe, currency.parse::<Currency>()) else {
                continue; // a payout pulled without its CLABE cannot be compared
            };
            out.push(RecentPayout {
                order_id,
                clabe,
                amount: Money::new(minor, currency),
                created_at,
            });
        }
        Ok(out)
    }

    /// Whether `order_id` is already a Monnet payout reference in `env`.
    pub fn payout_reference_taken(&self, env: Environment, order_id: &str) -> Result<bool> {
        Ok(self
            .taken_payout_references(env, [order_id])?
            .contains(order_id))
    }

    /// Which of `order_ids` are already Monnet payout references in `env`: one read for a
    /// whole file's rows (a batch is checked again after every fix).
    pub fn taken_payout_references<'a>(
        &self,
        env: Environment,
        order_ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<std::collections::HashSet<String>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT 1 FROM operations WHERE provider = 'monnet' AND environment = ?1 AND reference = ?2 UNION ALL SELECT 1 FROM transactions WHERE id = ?3",
        )?;
        let mut taken = std::collections::HashSet::new();
        for order_id in order_ids {
            let id =
                crate::records::record_id(desk_domain::Provider::Monnet, env, "payout", order_id);
            if stmt
                .query_row(params![env.as_str(), order_id, id], |_| Ok(()))
                .optional()?
                .is_some()
            {
                taken.insert(order_id.to_string());
            }
        }
        Ok(taken)
    }
}

/// Sums amounts per currency, in currency order; an overflow is refused, never wrapped.
fn totals(amounts: impl Iterator<Item = Money>) -> Result<Vec<Money>> {
    let mut by_currency: BTreeMap<String, Money> = BTreeMap::new();
    for m in amounts {
        let e = by_currency
            .entry(m.currency.code().to_string())
            .or_insert(Money::new(0, m.currency));
        e.minor = e
            .minor
            .checked_add(m.minor)
            .ok_or_else(|| StoreError::Corrupt("the batch's total is too large".into()))?;
    }
    Ok(by_currency.into_values().collect())
}

#[cfg(test)]
#[path = "batches_tests.rs"]
mod tests;
