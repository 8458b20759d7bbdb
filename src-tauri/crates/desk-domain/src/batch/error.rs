//! Why a payout file could not be read as a batch, or a batch could not be changed or queued.

use crate::money::Currency;

use super::MAX_ROWS;

/// Why a file could not be read as a batch of payouts, or a batch cannot be changed or queued;
/// its `Display` is a sentence the merchant can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// Not text in rows and columns (a workbook, a PDF, UTF-16 text), or a first row that names
    /// none of the template's columns.
    #[error(
        "This file is not a payouts CSV: in Excel, save the sheet as \"CSV UTF-8\" or \"CSV \
         (comma delimited)\", with the template's header as its first row."
    )]
    NotCsv,
    /// Nothing below the header row.
    #[error(
        "This file has no payouts: add one row per payout below the header row, as in the \
         template."
    )]
    Empty,
    /// More payouts than one batch holds.
    #[error(
        "This file has {} payouts and a batch holds at most {}: split it into files of {} rows \
         or fewer.",
        thousands(*.rows),
        thousands(MAX_ROWS),
        thousands(MAX_ROWS)
    )]
    TooManyRows {
        /// How many payouts the file has.
        rows: usize,
    },
    /// Columns every payout needs are absent from the header row.
    #[error(
        "The header row has no column for {}: add {}, named as in the template.",
        .0.join(", "),
        if .0.len() == 1 { "it" } else { "them" }
    )]
    MissingColumns(
        /// The missing columns, named as in the template.
        Vec<String>,
    ),
    /// A row that is not, or no longer, in the batch.
    #[error("Row {0} is not in this batch: it may have been dropped.")]
    NoSuchRow(
        /// The row, as the spreadsheet numbers it.
        u32,
    ),
    /// Rows still need fixing, or a decision on a possible duplicate, before the batch is queued.
    #[error("{}", not_ready(*.problems, *.duplicates))]
    NotReady {
        /// Rows with problems.
        problems: u32,
        /// Possible duplicates not yet kept or dropped.
        duplicates: u32,
    },
    /// Every row was dropped.
    #[error("Every row of this batch was dropped: there is nothing to queue.")]
    AllDropped,
    /// A currency's total does not fit in minor units (not reachable within the row and amount
    /// limits, and refused rather than wrapped if those ever change).
    #[error("The total in {0} is too large to add up: split the file into smaller batches.")]
    TotalTooLarge(
        /// The currency whose total overflowed.
        Currency,
    ),
}

/// `n` with a comma between thousands, as the error sentences write counts.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn not_ready(problems: u32, duplicates: u32) -> String {
    let rows = |n: u32, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let problems = rows(
        problems,
        "row still has problems",
        "rows still have problems",
    );
    let duplicates = rows(
        duplicates,
        "possible duplicate needs a decision",
        "possible duplicates need a decision",
    );
    format!("{problems} and {duplicates}: fix, keep or drop them before queuing the batch.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_count_as_a_merchant_reads() {
        assert_eq!(
            BatchError::TooManyRows { rows: 10_001 }.to_string(),
            "This file has 10,001 payouts and a batch holds at most 10,000: split it into files \
             of 10,000 rows or fewer."
        );
        assert_eq!(
            BatchError::MissingColumns(vec!["amount".into()]).to_string(),
            "The header row has no column for amount: add it, named as in the template."
        );
        assert_eq!(
            BatchError::NotReady {
                problems: 1,
                duplicates: 2
            }
            .to_string(),
            "1 row still has problems and 2 possible duplicates need a decision: fix, keep or \
             drop them before queuing the batch."
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
