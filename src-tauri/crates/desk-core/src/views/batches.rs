//! Payout batches as the merchant reviews, approves and follows them.

use desk_domain::{Environment, Money, PayoutDraft};
use desk_store::batches::{BatchInfo, BatchProgress};
use serde::{Deserialize, Serialize};

/// A problem of one cell (or of the whole row when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CellProblem {
    /// The file's column header the value came from; empty for the row as a whole.
    pub column: String,
    /// The payout form's field at fault (`amount`, `orderId`…), to fix the row in place.
    pub field: Option<String>,
    /// What is wrong, as a sentence.
    pub message: String,
}

/// One row of an imported file, as the review shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchReviewRow {
    /// The row as a spreadsheet numbers it (the header is row 1).
    pub row: u32,
    /// The row's fields, as read (what the merchant edits to fix it).
    pub draft: PayoutDraft,
    /// What is wrong with it; empty when it is ready.
    pub problems: Vec<CellProblem>,
    /// When it repeats another payout (same CLABE and amount): which, as a sentence.
    pub duplicate_of: Option<String>,
    /// The merchant chose to keep it although it repeats another.
    pub kept: bool,
    /// The desk made up its orderId (the file had none).
    pub order_id_generated: bool,
    /// The amount as the desk read it, in the merchant's locale.
    pub amount_text: Option<String>,
}

/// Which rows a review page lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BatchRowFilter {
    /// Rows with a problem or an undecided repeat: what the merchant must look at.
    #[default]
    NeedsLook,
    /// Every row.
    All,
}

/// The page of rows a review asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BatchRowsQuery {
    /// Which rows.
    pub filter: BatchRowFilter,
    /// How many to skip.
    pub offset: u32,
    /// At most how many (200 when 0).
    pub limit: u32,
}

/// The file being imported: what the desk read, before anything is queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchReview {
    /// The file's name.
    pub file_name: String,
    /// Where the payouts would go.
    pub environment: Environment,
    /// Rows still in the batch (not dropped).
    pub rows: u32,
    /// Rows ready to send.
    pub ready: u32,
    /// Rows with a problem to fix or drop.
    pub with_problems: u32,
    /// Rows that repeat another payout, not yet kept or dropped.
    pub undecided_repeats: u32,
    /// Rows the merchant dropped.
    pub dropped: u32,
    /// What the ready rows pay, per currency.
    pub totals: Vec<Money>,
    /// The same, in the merchant's locale.
    pub totals_text: Vec<String>,
    /// Remarks about the file as a whole (a column that was ignored).
    pub warnings: Vec<String>,
    /// The page of rows asked for.
    pub page: Vec<BatchReviewRow>,
    /// How many rows the filter matches in all.
    pub page_total: u32,
    /// Whether the batch can be queued now (every row ready, fixed or dropped).
    pub can_queue: bool,
    /// In production, the sentence the merchant confirms (count, totals, environment).
    pub confirmation: Option<String>,
    /// Rows above the merchant's limit for one payout, as a question asked once more.
    pub above_limit: Option<String>,
}

/// What the merchant approved: the batch as the review showed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BatchApproval {
    /// The merchant confirmed the review's sentence (needed in production).
    pub confirmed: bool,
    /// The merchant answered the question about rows above their limit.
    pub above_limit: bool,
    /// How many payouts the review showed: refused if the batch changed since.
    pub rows_shown: u32,
    /// The totals the review showed: refused if the batch changed since.
    pub totals_shown: Vec<Money>,
}

/// A queued batch and where its payouts are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchStatus {
    /// The batch.
    pub info: BatchInfo,
    /// Its payouts, counted by outcome.
    pub progress: BatchProgress,
    /// Every payout has an outcome that will not change without the merchant.
    pub finished: bool,
    /// The totals in the merchant's locale.
    pub totals_text: Vec<String>,
}
