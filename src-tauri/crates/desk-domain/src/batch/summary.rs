//! What a batch comes to before it is queued: how many rows are ready, how many still need the
//! merchant, and the totals by currency of what would be paid.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::money::{Currency, Money};

use super::error::BatchError;
use super::rows::{BatchRow, Status};

/// Counts and totals of a batch, as the merchant reviews it before queuing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchSummary {
    /// Rows in the batch (dropped rows are gone).
    pub rows: u32,
    /// Rows that would be queued as they are.
    pub ready: u32,
    /// Rows with at least one problem to fix (or to drop).
    pub with_problems: u32,
    /// Rows that look like an earlier row and that the merchant has not yet kept or dropped.
    pub undecided_duplicates: u32,
    /// The total of the ready rows in each currency, in currency order.
    pub totals: Vec<Money>,
}

impl BatchSummary {
    /// Whether every row is ready and there is at least one.
    pub fn can_queue(&self) -> bool {
        self.rows > 0 && self.ready == self.rows
    }

    /// Counts `rows` and adds up the amounts of those that are ready, refusing a total that
    /// would not fit rather than wrapping it.
    pub(super) fn of(rows: &[BatchRow]) -> Result<BatchSummary, BatchError> {
        let mut summary = BatchSummary {
            rows: 0,
            ready: 0,
            with_problems: 0,
            undecided_duplicates: 0,
            totals: Vec::new(),
        };
        let mut totals: BTreeMap<Currency, i64> = BTreeMap::new();
        for row in rows {
            summary.rows += 1;
            match (row.status(), row.valid()) {
                (Status::Ready, Some(payout)) => {
                    summary.ready += 1;
                    let amount = payout.amount;
                    let total = totals.entry(amount.currency).or_insert(0);
                    *total = total
                        .checked_add(amount.minor)
                        .ok_or(BatchError::TotalTooLarge(amount.currency))?;
                }
                (Status::UndecidedDuplicate, _) => summary.undecided_duplicates += 1,
                _ => summary.with_problems += 1,
            }
        }
        summary.totals = totals
            .into_iter()
            .map(|(currency, minor)| Money::new(minor, currency))
            .collect();
        Ok(summary)
    }
}
