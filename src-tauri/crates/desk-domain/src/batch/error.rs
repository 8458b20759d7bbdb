//! Why a payout file could not be read as a batch, or a batch could not be changed or queued.

use std::fmt;

use desk_i18n::{Message, msg};

use crate::money::Currency;

use super::MAX_ROWS;
use super::columns::Field;

/// Why a file could not be read as a batch of payouts, or a batch cannot be changed or queued;
/// its [`BatchError::message`] (and its `Display`, in the desk's language) is a sentence the
/// merchant can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchError {
    /// Not text in rows and columns (a workbook, a PDF, UTF-16 text), or a first row that names
    /// none of the template's columns.
    NotCsv,
    /// Nothing below the header row.
    Empty,
    /// More payouts than one batch holds.
    TooManyRows {
        /// How many payouts the file has.
        rows: usize,
    },
    /// Columns every payout needs are absent from the header row.
    MissingColumns(
        /// The missing columns, by the payout form's names (the English template's headers).
        Vec<String>,
    ),
    /// A row that is not, or no longer, in the batch.
    NoSuchRow(
        /// The row, as the spreadsheet numbers it.
        u32,
    ),
    /// Rows still need fixing, or a decision on a possible duplicate, before the batch is queued.
    NotReady {
        /// Rows with problems.
        problems: u32,
        /// Possible duplicates not yet kept or dropped.
        duplicates: u32,
    },
    /// Every row was dropped.
    AllDropped,
    /// A currency's total does not fit in minor units (not reachable within the row and amount
    /// limits, and refused rather than wrapped if those ever change).
    TotalTooLarge(
        /// The currency whose total overflowed.
        Currency,
    ),
}

impl BatchError {
    /// The sentence, as a message of the catalog.
    pub fn message(&self) -> Message {
        match self {
            BatchError::NotCsv => Message::new("batch.not_csv"),
            BatchError::Empty => Message::new("batch.empty"),
            BatchError::TooManyRows { rows } => msg!(
                "batch.too_many_rows",
                rows = thousands(*rows),
                max = thousands(MAX_ROWS)
            ),
            BatchError::MissingColumns(names) => {
                let missing = list(names.iter().map(|n| column_names(n)));
                match names.len() {
                    1 => Message::new("batch.missing_columns_one"),
                    _ => Message::new("batch.missing_columns_many"),
                }
                .arg_msg("columns", missing)
            }
            BatchError::NoSuchRow(row) => msg!("batch.no_such_row", row = row),
            BatchError::NotReady {
                problems,
                duplicates,
            } => Message::new("batch.not_ready")
                .arg_msg("problems", counted(*problems, "problems"))
                .arg_msg("duplicates", counted(*duplicates, "duplicates")),
            BatchError::AllDropped => Message::new("batch.all_dropped"),
            BatchError::TotalTooLarge(currency) => {
                msg!("batch.total_too_large", currency = currency.code())
            }
        }
    }
}

impl fmt::Display for BatchError {
    /// The sentence in the desk's language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for BatchError {}

/// A column by both its names, the merchant's language's first: `description (concepto)`,
/// `concepto (description)`; `clabe` where the two are one.
fn column_names(name: &str) -> Message {
    match Field::ALL.into_iter().find(|f| f.name() == name) {
        Some(f) if !f.same_in_both() => {
            msg!("batch.column_both", en = f.name(), es = f.spanish())
        }
        _ => Message::new("batch.column_one").arg("name", name),
    }
}

/// Messages one after the other, separated by commas.
fn list(mut items: impl DoubleEndedIterator<Item = Message>) -> Message {
    let last = items
        .next_back()
        .unwrap_or_else(|| Message::new("batch.column_one").arg("name", ""));
    items.rev().fold(last, |rest, first| {
        Message::new("batch.comma_list")
            .arg_msg("first", first)
            .arg_msg("rest", rest)
    })
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

/// "1 row still has problems", "2 possible duplicates need a decision".
fn counted(n: u32, what: &str) -> Message {
    match (what, n) {
        ("problems", 1) => Message::new("batch.rows_with_problems_one"),
        ("problems", _) => msg!("batch.rows_with_problems_many", count = n),
        (_, 1) => Message::new("batch.undecided_duplicates_one"),
        _ => msg!("batch.undecided_duplicates_many", count = n),
    }
}

#[cfg(test)]
mod tests {
    use desk_i18n::Language;

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
            "The header row has no column for amount (importe): add it, named as in the \
             template."
        );
        let missing = BatchError::MissingColumns(vec!["description".into(), "clabe".into()]);
        assert_eq!(
            missing.message().render(Language::Es),
            "La fila de encabezado no tiene columnas para concepto (description), clabe: \
             agrégalas con los nombres de la plantilla."
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
        assert_eq!(
            BatchError::NoSuchRow(7).message().render(Language::Es),
            "La fila 7 no está en este lote: puede que la hayas quitado."
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
