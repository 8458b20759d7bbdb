//! The history as a CSV file a spreadsheet opens as it is: UTF-8 with a byte-order mark (so
//! Excel keeps "Peña Café" intact), amounts in major units beside their currency, times in the
//! merchant's time zone with their offset, and no cell a spreadsheet would run as a formula.

use std::io::Write;

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::history::{HistoryItem, HistoryQuery};

/// UTF-8's byte-order mark: Excel reads the file as UTF-8 only when it starts with it (the
/// statements' CSV starts with it too).
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// The header row.
const HEADER: [&str; 15] = [
    "created_at",
    "utc_offset",
    "provider",
    "environment",
    "kind",
    "reference",
    "counterparty",
    "description",
    "amount",
    "currency",
    "amount_units",
    "status",
    "provider_id",
    "refunded",
    "net",
];

/// A text cell as a spreadsheet must not run it: one starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return gets a leading `'` (OWASP's CSV injection advice), so
/// `=HYPERLINK(…)` shows as text. The amount columns are not text cells: the desk writes them
/// from integers (`-12.50` at most), so they stay numbers a sheet can add up.
pub fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn row(i: &HistoryItem, tz: &jiff::tz::TimeZone) -> [String; 15] {
    let (local, offset) = i
        .created_at
        .parse::<jiff::Timestamp>()
        .map(|t| crate::local_time::sheet_time(t.as_millisecond(), tz))
        .unwrap_or_default();
    [
        local,
        offset,
        i.provider.as_str().into(),
        i.environment.as_str().into(),
        text_cell(&i.kind),
        text_cell(&i.reference),
        text_cell(&i.counterparty),
        text_cell(&i.description),
        i.amount.to_major_string(),
        text_cell(i.amount.currency.code()),
        // A code outside ISO 4217 has no known exponent: its amounts are the raw integers.
        if i.amount.currency.is_iso() {
            "major"
        } else {
            "minor"
        }
        .into(),
        text_cell(&i.status),
        text_cell(i.remote_id.as_deref().unwrap_or("")),
        i.refunded.to_major_string(),
        i.net.to_major_string(),
    ]
}

impl Store {
    /// Writes every row matching `q` (all pages) as CSV, in the list's order and masking,
    /// with times in `q`'s time zone; returns how many rows.
    pub fn export_csv(&self, q: &HistoryQuery, mut out: impl Write) -> Result<usize> {
        let io_err = |e: std::io::Error| StoreError::Corrupt(e.to_string());
        let csv_err = |e: csv::Error| StoreError::Corrupt(e.to_string());
        out.write_all(BOM).map_err(io_err)?;
        let mut w = csv::Writer::from_writer(out);
        w.write_record(HEADER).map_err(csv_err)?;
        let tz = q.time_zone();
        let mut page_q = HistoryQuery {
            limit: Some(500),
            cursor: None,
            zone: Some(tz.clone()),
            ..q.clone()
        };
        let mut n = 0;
        loop {
            let page = self.history(&page_q)?;
            for i in &page.items {
                w.write_record(row(i, &tz)).map_err(csv_err)?;
                n += 1;
            }
            match page.next_cursor {
                Some(c) => page_q.cursor = Some(c),
                None => break,
            }
        }
        w.flush().map_err(io_err)?;
        Ok(n)
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
