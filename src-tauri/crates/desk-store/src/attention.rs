//! What the day's summary puts in front of the merchant from the store: money movements whose
//! outcome is in doubt or that a provider holds differently (each still an open operation),
//! and payouts a provider rejected or a bank reversed after paying them. Each carries its
//! history record, which is where the merchant settles it.

use desk_domain::{Currency, Environment, Money, Provider};
use rusqlite::params;

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::operation::OpState;

/// A record that needs the merchant, as the summary lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Troubled {
    /// Its history record.
    pub transaction_id: String,
    /// Provider.
    pub provider: Provider,
    /// The record's kind (`payout`, `checkout`, `refund`…).
    pub kind: String,
    /// The merchant's reference.
    pub reference: String,
    /// Amount.
    pub amount: Money,
    /// The record's status now (`checking`, `sending`, `attention`, `failed`, `reversed`).
    pub status: String,
    /// The operation's state, for a money movement still open.
    pub state: Option<OpState>,
    /// Customer or beneficiary.
    pub counterparty: String,
    /// When it last changed (ms).
    pub updated_at: i64,
}

/// In doubt (being sent, or sent without an answer) or in conflict at the provider.
pub(crate) const OPEN_TROUBLE_SQL: &str = "SELECT o.transaction_id, t.provider, t.kind, t.reference, t.amount_minor, t.currency, t.status, o.state, t.counterparty, o.updated_at
     FROM operations o JOIN transactions t ON t.id = o.transaction_id
     WHERE o.environment = ?1 AND o.state IN ('sending', 'unknown', 'conflict')
     ORDER BY o.updated_at, o.id LIMIT ?2";

/// Rejected or reversed since a time; the expression matches the partial index of 0010.
pub(crate) const PAYOUT_TROUBLE_SQL: &str = "SELECT id, provider, kind, reference, amount_minor, currency, status, NULL, counterparty, updated_at
     FROM transactions
     WHERE kind = 'payout' AND status IN ('failed', 'reversed') AND environment = ?1 AND updated_at >= ?2
     ORDER BY updated_at DESC LIMIT ?3";

fn troubled(r: &rusqlite::Row<'_>) -> Result<Troubled> {
    let corrupt = |e: desk_domain::DomainError| StoreError::Corrupt(e.to_string());
    let provider: String = r.get(1)?;
    let currency: String = r.get(5)?;
    let state: Option<String> = r.get(7)?;
    Ok(Troubled {
        transaction_id: r.get(0)?,
        provider: provider.parse().map_err(corrupt)?,
        kind: r.get(2)?,
        reference: r.get(3)?,
        amount: Money::new(r.get(4)?, Currency::received(&currency)),
        status: r.get(6)?,
        state: state.map(|s| s.parse()).transpose()?,
        counterparty: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

impl Store {
    fn troubled(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Troubled>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(args)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(troubled(r)?);
        }
        Ok(out)
    }

    /// Money movements of `env` whose outcome is not known yet (being sent, or sent without an
    /// answer and being checked) or that the provider holds differently from what was meant,
    /// oldest change first, at most `limit`.
    pub fn in_doubt_or_conflict(&self, env: Environment, limit: usize) -> Result<Vec<Troubled>> {
        self.troubled(OPEN_TROUBLE_SQL, params![env.as_str(), limit as i64])
    }

    /// Payouts of `env` the provider rejected or the bank reversed, changed at or after
    /// `since_ms`, newest first, at most `limit`.
    pub fn payouts_rejected_or_reversed(
        &self,
        env: Environment,
        since_ms: i64,
        limit: usize,
    ) -> Result<Vec<Troubled>> {
        self.troubled(
            PAYOUT_TROUBLE_SQL,
            params![env.as_str(), since_ms, limit as i64],
        )
    }
}
