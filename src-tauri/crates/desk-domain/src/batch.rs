//! Payout batches imported from a file: a CSV of up to [`MAX_ROWS`] payouts, as a merchant's
//! spreadsheet saves it (UTF-8 with or without a byte order mark, or Windows-1252; `,` or `;`
//! between values; amounts written in the merchant's locale), read into one [`BatchRow`] per
//! payout, each checked by the payout form's own validation and against the other rows.
//!
//! Nothing is queued from here: the merchant reviews the rows, fixes a row in place or drops
//! it, keeps or drops each possible duplicate, reads the [`BatchSummary`], and only then does
//! [`Batch::payouts`] give the payouts to queue.

mod columns;
mod cross;
mod decode;
mod earlier;
mod error;
mod read;
mod rows;
mod summary;
mod template;

pub use cross::OrderIdPrefix;
pub use decode::FileEncoding;
pub use earlier::EarlierPayout;
pub use error::BatchError;
pub use rows::{BatchRow, RowProblem};
pub use summary::BatchSummary;
pub use template::template;

use desk_i18n::msg;

use crate::amount_locale::AmountLocale;
use crate::payout::{PayoutDraft, ValidPayout};

use columns::Columns;
use earlier::Earlier;
use rows::Status;

/// The most payouts one batch (one file) holds.
pub const MAX_ROWS: usize = 10_000;

/// A payout file being reviewed: its rows, what is wrong with them, and what would be queued.
#[derive(Debug, Clone)]
pub struct Batch {
    rows: Vec<BatchRow>,
    columns: Columns,
    warnings: Vec<String>,
    encoding: FileEncoding,
    locale: AmountLocale,
    prefix: OrderIdPrefix,
    earlier: Earlier,
    dropped: u32,
}

impl Batch {
    /// Reads a payout file and checks every row: amounts are read as written in the merchant's
    /// `locale`, and a row without a reference gets one made of `prefix` and its row. Refuses
    /// (with a sentence saying what to do) what is no payout CSV, a file without payouts or
    /// with more than [`MAX_ROWS`], and a header lacking a column every payout needs.
    pub fn parse(
        bytes: &[u8],
        locale: AmountLocale,
        prefix: OrderIdPrefix,
    ) -> Result<Batch, BatchError> {
        let file = read::read(bytes)?;
        let mut batch = Batch {
            rows: file.rows,
            columns: file.columns,
            warnings: file.warnings,
            encoding: file.encoding,
            locale,
            prefix,
            earlier: Earlier::default(),
            dropped: 0,
        };
        cross::assign_order_ids(&mut batch.rows, &batch.prefix);
        for row in &mut batch.rows {
            row.check(&batch.columns, locale);
        }
        cross::compare_rows(&mut batch.rows, &batch.columns, &batch.earlier);
        Ok(batch)
    }

    /// Every row still in the batch, in the file's order.
    pub fn rows(&self) -> &[BatchRow] {
        &self.rows
    }

    /// The row the spreadsheet numbers `row`, if it is still in the batch.
    pub fn row(&self, row: u32) -> Option<&BatchRow> {
        self.position(row).ok().map(|i| &self.rows[i])
    }

    /// A sentence for each column of the file that was ignored (unknown, or repeating another).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// How the file's bytes were read.
    pub fn encoding(&self) -> FileEncoding {
        self.encoding
    }

    /// Replaces `row` with the merchant's fix of it and checks it again, with the other rows
    /// (a fix can clear or make a repeated reference or a duplicate elsewhere). An empty
    /// reference is generated; a decision to keep a duplicate holds while its CLABE and amount
    /// stay the same.
    pub fn fix_row(&mut self, row: u32, draft: PayoutDraft) -> Result<(), BatchError> {
        let i = self.position(row).map_err(|_| BatchError::NoSuchRow(row))?;
        let key_was = self.rows[i]
            .duplicate_key()
            .map(|(clabe, amount)| (clabe.to_string(), amount));
        self.rows[i] = BatchRow::fixed(row, draft, &self.rows[i]);
        let mut changed = cross::assign_order_ids(&mut self.rows, &self.prefix);
        changed.push(i);
        for j in changed {
            self.rows[j].check(&self.columns, self.locale);
        }
        if self.rows[i].duplicate_key() != key_was.as_ref().map(|(c, a)| (c.as_str(), *a)) {
            self.rows[i].duplicate_kept = false;
        }
        cross::compare_rows(&mut self.rows, &self.columns, &self.earlier);
        Ok(())
    }

    /// Takes `row` out of the batch: it will not be queued.
    pub fn drop_row(&mut self, row: u32) -> Result<(), BatchError> {
        let i = self.position(row).map_err(|_| BatchError::NoSuchRow(row))?;
        self.rows.remove(i);
        self.dropped += 1;
        for j in cross::assign_order_ids(&mut self.rows, &self.prefix) {
            self.rows[j].check(&self.columns, self.locale);
        }
        cross::compare_rows(&mut self.rows, &self.columns, &self.earlier);
        Ok(())
    }

    /// Keeps `row` although it looks like an earlier row: both will be queued.
    pub fn keep_duplicate(&mut self, row: u32) -> Result<(), BatchError> {
        let i = self.position(row).map_err(|_| BatchError::NoSuchRow(row))?;
        self.rows[i].duplicate_kept = true;
        Ok(())
    }

    /// Compares the rows with the payouts of the last days (`earlier`) and the references
    /// already used (`taken` says whether a reference is): a reference used before is a
    /// problem, a payout with the same CLABE and amount a repeat to keep or drop. Call again
    /// after a fix, with what is stored then.
    pub fn compare_with_earlier(
        &mut self,
        earlier: Vec<EarlierPayout>,
        taken: impl Fn(&str) -> bool,
    ) {
        let taken = self
            .rows
            .iter()
            .map(|r| r.draft.order_id.trim())
            .filter(|id| !id.is_empty() && taken(id))
            .map(str::to_string)
            .collect();
        self.earlier = Earlier::new(earlier, taken);
        cross::compare_rows(&mut self.rows, &self.columns, &self.earlier);
    }

    /// What `row` repeats, as a sentence in the desk's language, when it looks like an earlier
    /// row or payout.
    pub fn repeat_sentence(&self, row: &BatchRow) -> Option<String> {
        match (row.duplicate_of, &row.repeats_earlier) {
            (Some(first), _) => Some(msg!("batch.repeats_row", row = first).to_string()),
            (None, Some(earlier)) => {
                Some(msg!("batch.repeats_earlier", earlier = earlier).to_string())
            }
            (None, None) => None,
        }
    }

    /// How many rows the merchant dropped.
    pub fn dropped(&self) -> u32 {
        self.dropped
    }

    /// How many rows are ready, have problems or await a decision, and the totals by currency
    /// of the ready ones.
    pub fn summary(&self) -> Result<BatchSummary, BatchError> {
        BatchSummary::of(&self.rows)
    }

    /// The payouts to queue, each with its row, once no row has a problem and every possible
    /// duplicate was kept or dropped; refuses before then, saying what is left to do.
    pub fn payouts(&self) -> Result<impl Iterator<Item = (u32, &ValidPayout)>, BatchError> {
        let summary = self.summary()?;
        if summary.rows == 0 {
            return Err(BatchError::AllDropped);
        }
        if !summary.can_queue() {
            return Err(BatchError::NotReady {
                problems: summary.with_problems,
                duplicates: summary.undecided_duplicates,
            });
        }
        Ok(self.rows.iter().filter_map(|r| match r.status() {
            Status::Ready => r.valid().map(|p| (r.row, p)),
            _ => None,
        }))
    }

    /// Where `row` is in `rows` (sorted by row, as the file was read).
    fn position(&self, row: u32) -> Result<usize, usize> {
        self.rows.binary_search_by_key(&row, |r| r.row)
    }
}

#[cfg(test)]
mod tests;
