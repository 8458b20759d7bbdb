//! One row of a payout file: the draft it fills in, checked by the payout form's own validation,
//! and the problems a merchant reads beside it.

use desk_i18n::msg;
use serde::Serialize;

use crate::amount_locale::AmountLocale;
use crate::error::DomainError;
use crate::money::Money;
use crate::payout::{PayoutDraft, ValidPayout};

use super::columns::{Columns, Field};
use super::decode::FileEncoding;

/// Something wrong with one row of the file, where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowProblem {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u32,
    /// The file's header of the column at fault, as written there; `None` when the problem is
    /// the row's as a whole.
    pub column: Option<String>,
    /// The payout form's field at fault (`amount`, `orderId`…), to fix the row in place; `None`
    /// when the problem is the row's as a whole.
    pub field: Option<String>,
    /// What is wrong and how to fix it, in the desk's language.
    pub message: String,
}

/// One payout of the file: what it says and what stands between it and the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchRow {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u32,
    /// The payout as the row (or the merchant's fix of it) says, with its reference filled in
    /// when it was generated.
    pub draft: PayoutDraft,
    /// Whether the reference (`orderId`) was generated because the row had none.
    pub order_id_generated: bool,
    /// Everything wrong with the row; the payout is queued only without any.
    pub problems: Vec<RowProblem>,
    /// The earlier row with the same CLABE and amount, when there is one: the merchant keeps
    /// or drops this row before the batch is queued.
    pub duplicate_of: Option<u32>,
    /// The payout of the last days with the same CLABE and amount, when there is one (as
    /// "payout PO-12 of 2026-12-01"): the merchant keeps or drops this row, as for a row of
    /// the file.
    pub repeats_earlier: Option<String>,
    /// Whether the merchant chose to keep this row although it looks like a duplicate.
    pub duplicate_kept: bool,
    /// The problem with the row's shape (its count of values), until the merchant fixes it.
    #[serde(skip)]
    shape: Option<RowProblem>,
    /// How many of `problems` are the row's own (its shape and its fields); the rest come from
    /// comparing it with other rows and are worked out again after every change.
    #[serde(skip)]
    own_problems: usize,
    /// The payout, when the row's own fields are valid.
    #[serde(skip)]
    pub(super) valid: Option<ValidPayout>,
}

/// Where a row stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    /// Nothing stops it from being queued.
    Ready,
    /// It has problems to fix (or it is dropped).
    Problems,
    /// It looks like an earlier row and the merchant has not kept it.
    UndecidedDuplicate,
}

impl BatchRow {
    /// The row of the file at `row` made of `values`, not yet validated: a value for each of
    /// the file's columns, and a problem when their count is not the header's.
    pub(super) fn read<'v>(
        row: u32,
        values: impl ExactSizeIterator<Item = &'v [u8]>,
        columns: &Columns,
        encoding: FileEncoding,
    ) -> BatchRow {
        let count = values.len();
        let mut draft = PayoutDraft::default();
        let mut extra = false;
        for (position, value) in values.enumerate() {
            match columns.field(position) {
                Some(field) => *field.of_mut(&mut draft) = encoding.text(value),
                None => extra |= position >= columns.width() && !is_blank(value),
            }
        }
        let shape = (count < columns.width() || extra).then(|| RowProblem {
            row,
            column: None,
            field: None,
            message: msg!("batch.row_shape", count = count, columns = columns.width()).to_string(),
        });
        BatchRow {
            row,
            order_id_generated: draft.order_id.trim().is_empty(),
            draft: canonical(draft),
            problems: Vec::new(),
            shape,
            own_problems: 0,
            duplicate_of: None,
            repeats_earlier: None,
            duplicate_kept: false,
            valid: None,
        }
    }

    /// The row at `row` as the merchant fixed it, not yet validated; a reference left empty,
    /// or left as it was generated, is generated again.
    pub(super) fn fixed(row: u32, draft: PayoutDraft, was: &BatchRow) -> BatchRow {
        let generated = draft.order_id.trim().is_empty()
            || (was.order_id_generated && draft.order_id == was.draft.order_id);
        BatchRow {
            row,
            order_id_generated: generated,
            draft: canonical(draft),
            problems: Vec::new(),
            shape: None,
            own_problems: 0,
            duplicate_of: None,
            repeats_earlier: None,
            duplicate_kept: was.duplicate_kept,
            valid: None,
        }
    }

    /// Validates the row's own fields exactly as the payout form does, in the merchant's
    /// `locale`, after the problem with its shape, if it has one.
    pub(super) fn check(&mut self, columns: &Columns, locale: AmountLocale) {
        self.problems.clear();
        self.problems.extend(self.shape.clone());
        match self.draft.validate_in(locale) {
            Ok(payout) => self.valid = Some(payout),
            Err(error) => {
                self.valid = None;
                let row = self.row;
                let problem = |field: Option<String>, message: String| RowProblem {
                    row,
                    column: field
                        .as_deref()
                        .map(|f| columns.title(f).unwrap_or(f).to_string()),
                    field,
                    message,
                };
                match error {
                    DomainError::Invalid(errors) => self.problems.extend(
                        errors
                            .into_iter()
                            .map(|e| problem(Some(e.field), e.message)),
                    ),
                    other => self.problems.push(problem(None, other.to_string())),
                }
            }
        }
        self.own_problems = self.problems.len();
    }

    /// Sets the problems found by comparing the row with the others, in place of the last ones.
    pub(super) fn set_cross_problems(&mut self, problems: impl IntoIterator<Item = RowProblem>) {
        self.problems.truncate(self.own_problems);
        self.problems.extend(problems);
    }

    /// What makes two rows the same payout: the CLABE and the amount, when the row is valid.
    pub(super) fn duplicate_key(&self) -> Option<(&str, Money)> {
        self.valid.as_ref().map(|p| (p.clabe.as_str(), p.amount))
    }

    /// Where the row stands.
    pub(super) fn status(&self) -> Status {
        if !self.problems.is_empty() || self.valid.is_none() {
            Status::Problems
        } else if (self.duplicate_of.is_some() || self.repeats_earlier.is_some())
            && !self.duplicate_kept
        {
            Status::UndecidedDuplicate
        } else {
            Status::Ready
        }
    }

    /// The payout to queue, when the row's own fields are valid.
    pub(super) fn valid(&self) -> Option<&ValidPayout> {
        self.valid.as_ref()
    }
}

/// Whether a value of the file is empty or only spaces.
pub(super) fn is_blank(value: &[u8]) -> bool {
    value.iter().all(u8::is_ascii_whitespace)
}

/// The draft with its document type read as the form's choice when the file writes it in
/// another case or in Spanish (`RFC`, `pasaporte`); anything else is left for validation to
/// refuse.
fn canonical(mut draft: PayoutDraft) -> PayoutDraft {
    let choice = match draft.document_type.trim().to_ascii_lowercase().as_str() {
        "ine" => Some("Ine"),
        "curp" => Some("Curp"),
        "rfc" => Some("Rfc"),
        "passport" | "pasaporte" => Some("Passport"),
        _ => None,
    };
    if let Some(choice) = choice {
        *Field::DocumentType.of_mut(&mut draft) = choice.to_string();
    }
    draft
}
