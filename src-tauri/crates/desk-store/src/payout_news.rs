//! What the OS notifications tell about payouts: each payout that became paid, rejected
//! (`failed`) or reversed, read from the status timeline (`status_history`), which every path
//! that changes a record's status writes to (a pull, the engine's transitions). Steps are
//! read after a mark (a step's id, which only grows), so a caller that keeps the mark sees
//! each step once. Only the steps that took a payout to one of [`NEWS`] are read: migration
//! 0012 keeps them in `payout_steps` as the timeline is written, so a pass costs what it tells,
//! not every sale's step since the last news.

use desk_domain::{Currency, Environment, Money};
use rusqlite::params;

use crate::db::Store;
use crate::error::Result;

/// The statuses of a payout the merchant is told about.
pub const NEWS: [&str; 3] = ["paid", "failed", "reversed"];

/// The news after a mark (`?2`) in an environment (`?1`), at most `?3`, read from the steps
/// migration 0012 keeps (`payout_steps`) rather than every step of the timeline. `CROSS JOIN`
/// holds SQLite to that order: left to itself it may start from every record of the
/// environment.
const NEWS_SQL: &str = "SELECT h.id, t.id, h.status, t.reference, t.counterparty, t.amount_minor, t.currency
    FROM payout_steps p CROSS JOIN status_history h ON h.id = p.step_id
      CROSS JOIN transactions t ON t.id = h.transaction_id
    WHERE p.step_id > ?2 AND t.environment = ?1 AND t.parent_id IS NULL
      AND EXISTS (SELECT 1 FROM status_history f WHERE f.transaction_id = h.transaction_id AND f.id < h.id)
      AND NOT EXISTS (SELECT 1 FROM status_history e WHERE e.transaction_id = h.transaction_id AND e.status = h.status AND e.id < h.id)
    ORDER BY p.step_id LIMIT ?3";

/// A payout that reached one of [`NEWS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutNews {
    /// The timeline step that says so (the mark to keep once it is told).
    pub step: i64,
    /// The payout's history record.
    pub record_id: String,
    /// `paid`, `failed` or `reversed`.
    pub status: String,
    /// The merchant's reference.
    pub reference: String,
    /// The beneficiary, emails and document numbers masked as in every list.
    pub beneficiary: String,
    /// The amount.
    pub amount: Money,
}

impl Store {
    /// The newest step of any record's timeline (0 when there is none): where a desk that has
    /// never told anything starts, so nothing from before is news.
    pub fn last_status_step(&self) -> Result<i64> {
        Ok(self
            .reader()
            .query_row("SELECT coalesce(max(id), 0) FROM status_history", [], |r| {
                r.get(0)
            })?)
    }

    /// The payouts of `env` that reached one of [`NEWS`] in a step after `after`, oldest
    /// first, at most `limit`. A step counts when it changed the payout (it is not the
    /// record's first step: a record that arrives in its final status is not news) and it is
    /// the first time the payout reached that status (so no payout is told twice the same).
    pub fn payout_news(
        &self,
        env: Environment,
        after: i64,
        limit: usize,
    ) -> Result<Vec<PayoutNews>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(NEWS_SQL)?;
        let rows = stmt
            .query_map(params![env.as_str(), after, limit as i64], |r| {
                let currency: String = r.get(6)?;
                let beneficiary: String = r.get(4)?;
                Ok(PayoutNews {
                    step: r.get(0)?,
                    record_id: r.get(1)?,
                    status: r.get(2)?,
                    reference: r.get(3)?,
                    beneficiary: desk_domain::personal::mask_personal(&beneficiary),
                    amount: Money::new(r.get(5)?, Currency::received(&currency)),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test may stop at the first surprise

    use desk_domain::Provider;

    use super::*;
    use crate::records::Record;

    fn payout(reference: &str, status: &str, at: i64) -> Record {
        Record {
            provider: Provider::Monnet,
            environment: Environment::Sandbox,
            kind: "payout".into(),
            reference: reference.into(),
            remote_id: Some(format!("r-{reference}")),
            amount_minor: 125_000,
            currency: "MXN".into(),
            status: status.into(),
            counterparty: "Ana García ana@example.com".into(),
            description: String::new(),
            details: serde_json::json!({"clabe": "646180110400000007"}),
            created_at: 1_000,
            updated_at: at,
            note: None,
        }
    }

    #[test]
    fn each_payout_is_news_once_per_status_and_never_on_arrival() {
        let s = Store::open_in_memory().unwrap();
        let start = s.last_status_step().unwrap();
        s.upsert(&payout("PO-1", "pending", 1)).unwrap();
        s.upsert(&payout("PO-1", "paid", 2)).unwrap();
        s.upsert(&payout("PO-2", "paid", 3)).unwrap(); // arrived paid
        s.upsert(&payout("PO-3", "processing", 4)).unwrap();
        s.upsert(&payout("PO-3", "failed", 5)).unwrap();
        s.upsert(&payout("PO-1", "reversed", 6)).unwrap();
        let news = s.payout_news(Environment::Sandbox, start, 10).unwrap();
        let told: Vec<(&str, &str)> = news
            .iter()
            .map(|n| (n.reference.as_str(), n.status.as_str()))
            .collect();
        assert_eq!(
            told,
            [("PO-1", "paid"), ("PO-3", "failed"), ("PO-1", "reversed")]
        );
        assert_eq!(news[0].beneficiary, "Ana García a•••@example.com");
        assert_eq!(news[0].amount, Money::new(125_000, Currency::MXN));
        // after the mark: nothing again; a payout back in a status it had is not news again
        let mark = news.last().unwrap().step;
        assert!(
            s.payout_news(Environment::Sandbox, mark, 10)
                .unwrap()
                .is_empty()
        );
        s.upsert(&payout("PO-3", "processing", 7)).unwrap();
        s.upsert(&payout("PO-3", "failed", 8)).unwrap();
        assert!(
            s.payout_news(Environment::Sandbox, mark, 10)
                .unwrap()
                .is_empty()
        );
        assert!(
            s.payout_news(Environment::Production, start, 10)
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            s.payout_news(Environment::Sandbox, start, 2).unwrap().len(),
            2
        );
    }
    // A sale that fails is not payout news, and the news is read from the payout steps only:
    // never a scan of the timeline, whose steps are mostly sales'.
    #[test]
    fn only_payout_steps_are_read() {
        let s = Store::open_in_memory().unwrap();
        let start = s.last_status_step().unwrap();
        let sale = |status: &str, at| Record {
            provider: Provider::Mona,
            kind: "checkout".into(),
            ..payout("MN-1", status, at)
        };
        s.upsert(&sale("pending", 1)).unwrap();
        s.upsert(&sale("failed", 2)).unwrap();
        s.upsert(&payout("PO-1", "pending", 3)).unwrap();
        s.upsert(&payout("PO-1", "failed", 4)).unwrap();
        let kept: i64 = s
            .reader()
            .query_row("SELECT count(*) FROM payout_steps", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 1, "only the payout's failed step is kept");
        let news = s.payout_news(Environment::Sandbox, start, 10).unwrap();
        assert_eq!(news.len(), 1);
        assert_eq!(news[0].reference, "PO-1");
        let plan = crate::query_plans::plan(
            &s,
            NEWS_SQL,
            &["sandbox".to_string().into(), start.into(), 10_i64.into()],
        );
        assert!(
            plan[0].starts_with("SEARCH p USING INTEGER PRIMARY KEY"),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|p| p.starts_with("SCAN")), "{plan:?}");
    }
}
