//! A payout file's bytes as text: UTF-8 with or without its byte order mark, or else
//! Windows-1252 (what Excel's plain "CSV" saves on a Western European or American Windows),
//! and the separator its header row uses.
//!
//! Windows-1252 is decoded with the 32-entry table below rather than a crate. `encoding_rs`
//! links the tables of every encoding it knows, which the app's size budget cannot carry; the
//! maintained single-purpose alternative, `yore`, has no dependencies but ships every OEM and
//! Windows code page in one crate and decodes through a 256-entry table of its own (a kilobyte
//! linked for what is 128 bytes here) behind `unsafe`. Windows-1252 itself has not changed since
//! 1998, when 0x80 became the euro sign: it is Latin-1 except for 0x80–0x9F, which is all this
//! table holds, so it needs no maintenance.

use serde::Serialize;

use super::error::BatchError;

/// How the bytes of a payout file were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub enum FileEncoding {
    /// UTF-8, with or without a byte order mark ("CSV UTF-8" in Excel, most other programs).
    Utf8,
    /// Windows-1252, because the file is not valid UTF-8 ("CSV" in Excel on Windows).
    Windows1252,
}

/// Windows-1252's characters for bytes 0x80–0x9F; the other bytes are Latin-1, the first 256
/// code points of Unicode. The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
/// 0x9D) map to the C1 control of the same value, as Windows and the WHATWG decoder do.
const HIGH_CONTROLS: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl FileEncoding {
    /// The bytes of a payout file after any byte order mark, and how to read them; refuses
    /// bytes that no spreadsheet saves as CSV (a NUL: a workbook, a PDF, UTF-16 text).
    pub(crate) fn detect(bytes: &[u8]) -> Result<(&[u8], FileEncoding), BatchError> {
        if bytes.contains(&0) {
            return Err(BatchError::NotCsv);
        }
        if let Some(body) = bytes.strip_prefix(BOM) {
            return Ok((body, FileEncoding::Utf8));
        }
        let encoding = match std::str::from_utf8(bytes) {
            Ok(_) => FileEncoding::Utf8,
            Err(_) => FileEncoding::Windows1252,
        };
        Ok((bytes, encoding))
    }

    /// The text of one field of the file.
    pub(crate) fn text(self, field: &[u8]) -> String {
        match self {
            // The whole file was checked (a file with a byte order mark is taken at its word,
            // with U+FFFD for what is not UTF-8), and fields end at ASCII separators.
            FileEncoding::Utf8 => String::from_utf8_lossy(field).into_owned(),
            FileEncoding::Windows1252 => field.iter().map(|&b| windows_1252(b)).collect(),
        }
    }
}

/// The character a Windows-1252 byte stands for.
fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => HIGH_CONTROLS[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The separator of the file's header row: `;` when it has more semicolons than commas outside
/// quotes, `,` otherwise (both encodings write these, the quote and the line end as ASCII).
pub(crate) fn separator(body: &[u8]) -> u8 {
    let header = body
        .split(|&b| b == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    let (mut quoted, mut semicolons, mut commas) = (false, 0usize, 0usize);
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// `text` as Windows-1252 bytes, when every character has one: how the tests write the files
/// Excel saves.
#[cfg(test)]
pub(crate) fn to_windows_1252(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| match u32::from(c) {
            0..=0x7F | 0xA0..=0xFF => u8::try_from(u32::from(c)).ok(),
            _ => HIGH_CONTROLS
                .iter()
                .position(|&h| h == c)
                .and_then(|i| u8::try_from(0x80 + i).ok()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_dropped_and_utf8_read_as_is() {
        let (body, encoding) = FileEncoding::detect("\u{FEFF}Muñoz".as_bytes()).unwrap();
        assert_eq!(encoding, FileEncoding::Utf8);
        assert_eq!(encoding.text(body), "Muñoz");
        let (body, encoding) = FileEncoding::detect("Muñoz €".as_bytes()).unwrap();
        assert_eq!(
            (encoding, encoding.text(body).as_str()),
            (FileEncoding::Utf8, "Muñoz €")
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_read_as_windows_1252() {
        let (body, encoding) = FileEncoding::detect(b"Mu\xF1oz \x80 \x93ok\x94 \x9F").unwrap();
        assert_eq!(encoding, FileEncoding::Windows1252);
        assert_eq!(encoding.text(body), "Muñoz € \u{201C}ok\u{201D} Ÿ");
    }

    // Every byte decodes to one character and encodes back to itself: the table has no hole
    // and no character twice.
    #[test]
    fn windows_1252_round_trips_every_byte() {
        let all: Vec<u8> = (1..=255).collect();
        let text = FileEncoding::Windows1252.text(&all);
        assert_eq!(text.chars().count(), 255);
        assert_eq!(to_windows_1252(&text).unwrap(), all);
    }

    #[test]
    fn files_with_nul_bytes_are_not_csv() {
        // An .xlsx workbook is a ZIP archive; Excel's "Unicode text" is UTF-16.
        assert_eq!(
            FileEncoding::detect(b"PK\x03\x04\x14\x00\x06\x00"),
            Err(BatchError::NotCsv)
        );
        assert_eq!(
            FileEncoding::detect(b"\xFF\xFEa\x00m\x00"),
            Err(BatchError::NotCsv)
        );
    }

    #[test]
    fn the_separator_is_the_headers_outside_quotes() {
        assert_eq!(separator(b"amount;currency;clabe\n1,5;MXN;1"), b';');
        assert_eq!(separator(b"amount,currency,clabe\n\"1,5\";x"), b',');
        assert_eq!(separator(b"\"a,b,c\";d;e\n"), b';');
        assert_eq!(separator(b"\r\n\namount;currency\n"), b';');
        assert_eq!(separator(b"amount"), b',');
    }
}
