//! Monthly statements per currency, in CSV and PDF, saved into a folder (Downloads) as
//! receipts are. What a statement counts (movements, opening and closing totals) is written
//! once, in desk-store's [`statement`](desk_store::statement) module; the month is the
//! merchant's, in the time zone of Settings, and the environment is the desk's.
//!
//! The CSV is the history export's kind of file (desk-store's [`export`](desk_store::export)):
//! UTF-8 with a byte-order mark, times as a spreadsheet reads them with their offset, amounts
//! as plain numbers, and no text cell a spreadsheet would run as a formula. Its first row is
//! the opening total, its last the closing one, and each movement carries the running total,
//! so the `amount` column adds up to the month's net and the `total` column ends on the
//! closing total. The PDF is in [`crate::statement_pdf`].

use std::io::Write;
use std::path::{Path, PathBuf};

use desk_domain::{Currency, Money};
use desk_i18n::{Language, Message};
use desk_store::export::{BOM, text_cell};
use desk_store::local_time::{TimeZone, sheet_time};
use desk_store::statement::{Month, Statement};
use serde::{Deserialize, Serialize};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::file_names::SavedFile;
use crate::statement_pdf::StatementText;

/// The months and currencies a statement can be asked for (the UI's choices).
pub use desk_store::statement::StatementChoices;

/// The file a statement is saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum StatementFormat {
    /// A spreadsheet's CSV.
    Csv,
    /// A printable PDF (A4).
    Pdf,
}

/// The CSV's header row, as its columns are named in code (the file names them in the
/// merchant's language: [`header_in`]).
pub const HEADER: [&str; 10] = [
    "date_time",
    "utc_offset",
    "environment",
    "provider",
    "kind",
    "reference",
    "counterparty",
    "amount",
    "currency",
    "total",
];

/// The CSV's header row in `language` (`date_time`…, `fecha_hora`…), in [`HEADER`]'s order.
pub fn header_in(language: Language) -> [String; 10] {
    [
        Message::new("statement.csv.date_time"),
        Message::new("statement.csv.utc_offset"),
        Message::new("statement.csv.environment"),
        Message::new("statement.csv.provider"),
        Message::new("statement.csv.kind"),
        Message::new("statement.csv.reference"),
        Message::new("statement.csv.counterparty"),
        Message::new("statement.csv.amount"),
        Message::new("statement.csv.currency"),
        Message::new("statement.csv.total"),
    ]
    .map(|m| m.render(language))
}

/// Writes `st` as CSV into `out`, its times in `tz`, in the desk's language: the opening row,
/// a row per movement with the running total, the closing row.
pub fn write_csv(st: &Statement, tz: &TimeZone, out: impl Write) -> Result<()> {
    write_csv_in(st, tz, desk_i18n::language(), out)
}

/// [`write_csv`] with the header and the opening and closing rows in `language`.
pub fn write_csv_in(
    st: &Statement,
    tz: &TimeZone,
    language: Language,
    mut out: impl Write,
) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| {
        CoreError::Storage(format!("the statement could not be written: {e}"))
    };
    out.write_all(BOM).map_err(|e| fail(&e))?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header_in(language)).map_err(|e| fail(&e))?;
    let major = |minor: i64| Money::new(minor, st.currency).to_major_string();
    let currency = text_cell(st.currency.code());
    // provider, kind, reference, counterparty, amount
    let mut row = |at: i64, cells: [String; 5], total: i64| {
        let (local, offset) = sheet_time(at, tz);
        let [provider, kind, reference, counterparty, amount] = cells;
        w.write_record([
            local,
            offset,
            st.environment.as_str().to_string(),
            provider,
            kind,
            reference,
            counterparty,
            amount,
            currency.clone(),
            major(total),
        ])
        .map_err(|e| fail(&e))
    };
    let total_row = |kind: Message| {
        [
            String::new(),
            kind.render(language),
            String::new(),
            String::new(),
            String::new(),
        ]
    };
    row(
        st.starts_ms,
        total_row(Message::new("statement.csv.opening")),
        st.opening_minor,
    )?;
    let mut total = st.opening_minor;
    for m in &st.movements {
        total += m.amount_minor;
        let cells = [
            m.provider.as_str().into(),
            m.kind.as_str().into(),
            text_cell(&m.reference),
            text_cell(&m.counterparty),
            major(m.amount_minor),
        ];
        row(m.at_ms, cells, total)?;
    }
    // at the month's last instant: the closing total is what stands when the month ends
    row(
        st.ends_ms - 1,
        total_row(Message::new("statement.csv.closing")),
        st.closing_minor,
    )?;
    w.flush().map_err(|e| fail(&e))
}

/// A file name's part made of `text`: letters, digits, `-` and `_` kept, anything else `_`.
fn safe(text: &str) -> String {
    text.chars()
        .map(
            |c| match c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                true => c,
                false => '_',
            },
        )
        .collect()
}

impl Desk {
    /// The statement of `month` (`2026-11`, in the merchant's time zone) for `currency` in the
    /// desk's environment.
    pub fn statement(&self, month: &str, currency: &str) -> Result<Statement> {
        crate::input::text("month", month, 7)?;
        crate::input::text("currency", currency, 15)?;
        let month: Month = month.parse()?;
        if currency.trim().is_empty() {
            return Err(CoreError::field_msg(
                "currency",
                Message::new("amount.choose_currency"),
            ));
        }
        let currency = Currency::received(currency);
        Ok(self
            .store()?
            .statement(self.environment(), currency, month, &self.time_zone())?)
    }

    /// The months and currencies of the desk's environment that have movements.
    pub fn statement_choices(&self) -> Result<StatementChoices> {
        Ok(self
            .store()?
            .statement_choices(self.environment(), &self.time_zone())?)
    }

    /// The statement of `month` for `currency` as `format`'s bytes, in the desk's language.
    pub fn statement_file(
        &self,
        month: &str,
        currency: &str,
        format: StatementFormat,
    ) -> Result<Vec<u8>> {
        self.statement_file_in(month, currency, format, desk_i18n::language())
    }

    /// The statement of `month` for `currency` as `format`'s bytes, in `language`.
    pub fn statement_file_in(
        &self,
        month: &str,
        currency: &str,
        format: StatementFormat,
        language: Language,
    ) -> Result<Vec<u8>> {
        let st = self.statement(month, currency)?;
        let tz = self.time_zone();
        Ok(match format {
            StatementFormat::Csv => {
                let mut out = Vec::new();
                write_csv_in(&st, &tz, language, &mut out)?;
                out
            }
            StatementFormat::Pdf => {
                let merchant = self
                    .settings()
                    .merchant_name
                    .unwrap_or_else(|| "Merchant Desk".into());
                StatementText {
                    statement: &st,
                    merchant: &merchant,
                    zone: &tz,
                    locale: self.amount_locale(),
                    language,
                }
                .pdf()
            }
        })
    }

    /// Writes the statement of `month` for `currency` into `dir` as
    /// `statement-<month>-<currency>[-<environment>].<csv|pdf>` ("statement" in the
    /// merchant's language; the environment named outside production) and returns its path.
    pub fn save_statement(
        &self,
        month: &str,
        currency: &str,
        format: StatementFormat,
        dir: &Path,
    ) -> Result<PathBuf> {
        let bytes = self.statement_file(month, currency, format)?;
        let env = self.environment();
        let name = format!(
            "{}-{}-{}{}.{}",
            SavedFile::Statement.word(desk_i18n::language()),
            safe(month.trim()),
            safe(Currency::received(currency).code()),
            match env.is_live() {
                true => String::new(),
                false => format!("-{}", env.as_str()),
            },
            match format {
                StatementFormat::Csv => "csv",
                StatementFormat::Pdf => "pdf",
            }
        );
        std::fs::create_dir_all(dir).map_err(|e| CoreError::Storage(e.to_string()))?;
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| CoreError::Storage(e.to_string()))?;
        tracing::info!(month, currency, ?format, "statement saved");
        Ok(path)
    }
}

#[cfg(test)]
#[path = "statements_tests.rs"]
mod tests;
