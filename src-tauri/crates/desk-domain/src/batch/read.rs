//! Reading a payout file row by row: its header, then each payout with the row number a
//! spreadsheet shows, holding no more than the rows themselves.

use csv::{ByteRecord, Position, ReaderBuilder};

use super::MAX_ROWS;
use super::columns::Columns;
use super::decode::{self, FileEncoding};
use super::error::BatchError;
use super::rows::{BatchRow, is_blank};

/// A payout file as read, before its rows are validated.
pub(super) struct File {
    /// How the bytes were read.
    pub encoding: FileEncoding,
    /// The columns of the header row.
    pub columns: Columns,
    /// A sentence for each column that is ignored.
    pub warnings: Vec<String>,
    /// One row per payout, in the file's order, not yet validated.
    pub rows: Vec<BatchRow>,
}

/// Reads the header and every payout of `bytes`; refuses what is no payout file, a file
/// without payouts, and one with more than [`MAX_ROWS`] (counted to the end, holding none past
/// the limit, so that the merchant learns how many to split).
pub(super) fn read(bytes: &[u8]) -> Result<File, BatchError> {
    let (body, encoding) = FileEncoding::detect(bytes)?;
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(decode::separator(body))
        .from_reader(body);
    let mut record = ByteRecord::new();
    let mut next = |record: &mut ByteRecord| {
        reader
            .read_byte_record(record)
            .map_err(|_| BatchError::NotCsv)
    };

    if !next(&mut record)? {
        return Err(BatchError::Empty);
    }
    let mut last_row = record.position().map_or(1, |p| start_line(body, p));
    let header: Vec<String> = record.iter().map(|v| encoding.text(v)).collect();
    let (columns, warnings) = Columns::read(&header)?;
    // A spreadsheet shows a value with line breaks in one row: rows are lines less those.
    let mut breaks_in_values = line_breaks(&record);

    let mut rows = Vec::new();
    let mut payouts = 0usize;
    while next(&mut record)? {
        let line = record.position().map_or(0, |p| start_line(body, p));
        // Each row after the last even where lines end in a lone CR (old Excel for Mac), which
        // counts no line.
        let row = line.saturating_sub(breaks_in_values).max(last_row + 1);
        last_row = row;
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        breaks_in_values += line_breaks(&record);
        // Empty lines are skipped by the reader; rows of empty cells (as Excel saves a row
        // that was formatted but left empty) are skipped here.
        if record.iter().all(is_blank) {
            continue;
        }
        payouts += 1;
        if payouts <= MAX_ROWS {
            rows.push(BatchRow::read(row, record.iter(), &columns, encoding));
        } else if payouts == MAX_ROWS + 1 {
            rows = Vec::new();
        }
    }
    match payouts {
        0 => Err(BatchError::Empty),
        n if n > MAX_ROWS => Err(BatchError::TooManyRows { rows: n }),
        _ => Ok(File {
            encoding,
            columns,
            warnings,
            rows,
        }),
    }
}

/// The line a record starts on. The reader gives the position where the previous record
/// ended, before its line end and any empty lines that follow: those are counted here.
fn start_line(body: &[u8], position: &Position) -> u64 {
    let from = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let skipped = body
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .filter(|&&b| b == b'\n')
        .count();
    position.line() + u64::try_from(skipped).unwrap_or(u64::MAX)
}

/// How many line breaks the values of `record` hold.
fn line_breaks(record: &ByteRecord) -> u64 {
    let breaks = record.as_slice().iter().filter(|&&b| b == b'\n').count();
    u64::try_from(breaks).unwrap_or(u64::MAX)
}
