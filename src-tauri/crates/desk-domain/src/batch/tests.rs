//! Reading payout files: encodings, separators, locales, headers, row numbers and problems.
use super::columns::Field;
use super::decode::to_windows_1252;
use super::template::line;
use super::*;
use crate::clabe::check_digit;
use crate::money::{Currency, Money};

mod review;

/// A valid CLABE of STP's (646) for account `n`.
pub(super) fn clabe(n: u32) -> String {
    let first17 = format!("646180{n:011}");
    let mut digits = [0u8; 17];
    for (d, b) in digits.iter_mut().zip(first17.bytes()) {
        *d = b - b'0';
    }
    format!("{first17}{}", check_digit(&digits))
}

/// A valid payout to account `n`, with reference `PO-n`, of 1,250.50 MXN (as English writes it).
pub(super) fn good(n: u32) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: "1,250.50".into(),
        currency: "MXN".into(),
        order_id: format!("PO-{n}"),
        description: "Supplier invoice 77".into(),
        first_name: "María".into(),
        last_name: "Pérez".into(),
        email: "maria@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: clabe(n),
        bank_code: "646".into(),
    }
}

/// A file with the English header and one row per draft, separated by `separator`.
pub(super) fn file(separator: char, drafts: &[PayoutDraft]) -> String {
    let mut out = String::new();
    line(&mut out, Field::ALL.map(Field::name), separator);
    for draft in drafts {
        line(&mut out, Field::ALL.map(|f| f.of(draft)), separator);
    }
    out
}

pub(super) fn prefix() -> OrderIdPrefix {
    OrderIdPrefix::new("X").unwrap()
}

pub(super) fn parse(text: &str, locale: AmountLocale) -> Batch {
    Batch::parse(text.as_bytes(), locale, prefix()).unwrap()
}

fn refusal(bytes: &[u8]) -> BatchError {
    Batch::parse(bytes, AmountLocale::En, prefix()).unwrap_err()
}

/// Every problem of the batch as (row, column, field).
fn problems(batch: &Batch) -> Vec<(u32, Option<String>, Option<String>)> {
    let all = batch.rows().iter().flat_map(|r| &r.problems);
    all.map(|p| (p.row, p.column.clone(), p.field.clone()))
        .collect()
}

#[test]
fn bom_no_bom_and_windows_1252_read_the_same_rows() {
    let draft = PayoutDraft {
        last_name: "Muñoz".into(),
        description: "Pago de 5 € a Muñoz".into(),
        ..good(1)
    };
    let text = file(',', std::slice::from_ref(&draft));
    let windows_1252 = to_windows_1252(&text).unwrap();
    assert!(windows_1252.contains(&0xF1) && windows_1252.contains(&0x80));
    for (bytes, encoding) in [
        (text.clone().into_bytes(), FileEncoding::Utf8),
        (format!("\u{FEFF}{text}").into_bytes(), FileEncoding::Utf8),
        (windows_1252, FileEncoding::Windows1252),
    ] {
        let batch = Batch::parse(&bytes, AmountLocale::En, prefix()).unwrap();
        assert_eq!(batch.encoding(), encoding);
        assert_eq!(batch.rows()[0].draft, draft);
        assert!(batch.rows()[0].problems.is_empty(), "{:?}", batch.rows()[0]);
    }
}

#[test]
fn both_separators_read_the_same_and_quoted_values_keep_the_separator() {
    let draft = PayoutDraft {
        description: "Invoice 7, March; \"paid\"".into(),
        ..good(1)
    };
    let drafts = [draft, good(2)];
    for separator in [',', ';'] {
        let text = file(separator, &drafts);
        assert!(
            text.contains("\"1,250.50\"") == (separator == ','),
            "{text}"
        );
        let batch = parse(&text, AmountLocale::En);
        let read: Vec<_> = batch.rows().iter().map(|r| r.draft.clone()).collect();
        assert_eq!(read, drafts, "separator {separator:?}");
        assert_eq!(batch.summary().unwrap().ready, 2);
    }
}

#[test]
fn spanish_files_are_read_with_spanish_amounts() {
    let text = "importe;moneda;concepto;nombre;apellidos;correo;tipo de documento;\
                número de documento;CLABE\r\n\
                1.250,50;MXN;Factura 1;Ana;Ruiz;ana@example.com;RFC;PEGM9007151H0;646180110400000007\r\n\
                1250,5;MXN;Factura 2;Ana;Ruiz;ana@example.com;rfc;PEGM9007151H0;002123451234534517\r\n";
    let batch = parse(text, AmountLocale::EsEs);
    assert_eq!(problems(&batch), []);
    let summary = batch.summary().unwrap();
    assert_eq!(summary.totals, [Money::new(250_100, Currency::MXN)]);
    assert_eq!(batch.rows()[1].draft.document_type, "Rfc");

    // Read as English, "1.250,50" is refused in the amount's column, named as in the file.
    let batch = parse(text, AmountLocale::En);
    let p = &batch.rows()[0].problems;
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        (p[0].row, p[0].column.as_deref(), p[0].field.as_deref()),
        (2, Some("importe"), Some("amount"))
    );
}

#[test]
fn bad_rows_are_reported_with_their_row_column_and_a_sentence() {
    let bad_clabe = PayoutDraft {
        clabe: "002123451234534510".into(),
        ..good(2)
    };
    let bad_two = PayoutDraft {
        email: "maria.example.com".into(),
        amount: "0".into(),
        ..good(3)
    };
    let text = file(',', &[good(1), bad_clabe, bad_two])
        .replacen("clabe", "Cuenta CLABE", 1)
        .replacen("email", "Correo", 1);
    let batch = parse(&text, AmountLocale::En);
    let s = |t: &str| Some(t.to_string());
    assert_eq!(
        problems(&batch),
        [
            (3, s("Cuenta CLABE"), s("clabe")),
            (4, s("amount"), s("amount")),
            (4, s("Correo"), s("email")),
        ]
    );
    let clabe = &batch.rows()[1].problems[0].message;
    assert!(clabe.contains("should be 7"), "{clabe}");
    let summary = batch.summary().unwrap();
    assert_eq!((summary.ready, summary.with_problems), (1, 2));
}

#[test]
fn rows_are_numbered_as_a_spreadsheet_shows_them() {
    let multi_line = PayoutDraft {
        description: "Invoice 7\r\nsecond line".into(),
        ..good(2)
    };
    let mut bad = good(4);
    bad.email.clear();
    let mut text = file(',', &[good(1)]);
    text.push_str("\r\n"); // row 3: empty
    text.push_str(&file(',', &[multi_line, good(3)])[file(',', &[]).len()..]); // rows 4, 5
    text.push_str(",,,,,,,,,,,\r\n"); // row 6: empty cells, as Excel saves a formatted row
    text.push_str(&file(',', &[bad])[file(',', &[]).len()..]); // row 7
    let batch = parse(&text, AmountLocale::En);
    let rows: Vec<u32> = batch.rows().iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 4, 5, 7]);
    assert_eq!(
        batch.rows()[1].draft.description,
        "Invoice 7\r\nsecond line"
    );
    assert_eq!(problems(&batch)[0].0, 7);

    // Lines that end in a lone CR (old Excel for Mac) are rows too.
    let batch = parse(
        &file(',', &[good(1), good(2)]).replace("\r\n", "\r"),
        AmountLocale::En,
    );
    let rows: Vec<u32> = batch.rows().iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 3]);
}

#[test]
fn a_row_with_the_wrong_number_of_values_is_a_problem_of_the_whole_row() {
    let header = Field::ALL.map(Field::name).join(",");
    let values = Field::ALL
        .map(|f| f.of(&good(1)).replace(',', ""))
        .join(",");
    let text = format!(
        "{header}\n{values}\n{}\n{values},,\n",
        values.replace("Supplier invoice", "Supplier, invoice")
    );
    let batch = parse(&text, AmountLocale::En);
    assert_eq!(batch.rows().len(), 3);
    let shape = &batch.rows()[1].problems[0];
    assert_eq!((shape.row, &shape.column, &shape.field), (3, &None, &None));
    assert!(
        shape
            .message
            .starts_with("This row has 13 values but the header has 12 columns"),
        "{}",
        shape.message
    );
    // Empty values past the header's last column (a trailing separator) are no problem.
    assert!(batch.rows()[2].problems.iter().all(|p| p.field.is_some()));
}

#[test]
fn columns_are_checked_before_any_row() {
    let text = file(',', &[good(1)]).replacen("clabe", "cuenta", 1);
    assert_eq!(
        refusal(text.as_bytes()),
        BatchError::MissingColumns(vec!["clabe".into()])
    );
    let text = file(';', &[good(1)]).replacen("email", "email;notes", 1);
    let batch = parse(&text, AmountLocale::En);
    assert_eq!(
        batch.warnings(),
        ["The column \"notes\" is not one of the template's and is ignored."]
    );
    // The extra column shifts the row's values, so the row says it has one value too few.
    assert_eq!(problems(&batch)[0].1, None);
}

#[test]
fn files_that_are_no_batch_are_refused_with_a_sentence() {
    assert_eq!(refusal(b""), BatchError::Empty);
    assert_eq!(refusal(b"\xEF\xBB\xBF\r\n\r\n"), BatchError::Empty);
    assert_eq!(refusal(file(',', &[]).as_bytes()), BatchError::Empty);
    assert_eq!(
        refusal(b"PK\x03\x04\x14\x00\x06\x00\x08\x00"),
        BatchError::NotCsv
    );
    assert_eq!(refusal(b"Dear supplier,\nplease find"), BatchError::NotCsv);
}

#[test]
fn more_than_ten_thousand_payouts_are_refused_and_counted() {
    let row = &file(';', &[good(1)])[file(';', &[]).len()..];
    let mut text = file(';', &[]);
    text.push_str(&row.repeat(MAX_ROWS));
    let batch = parse(&text, AmountLocale::En);
    assert_eq!(batch.rows().len(), MAX_ROWS);
    text.push_str(row);
    assert_eq!(
        refusal(text.as_bytes()),
        BatchError::TooManyRows { rows: 10_001 }
    );
}

#[test]
fn the_template_reads_back_ready_in_every_locale_and_language() {
    for (&locale, language) in AmountLocale::all()
        .iter()
        .flat_map(|l| desk_i18n::Language::ALL.map(|g| (l, g)))
    {
        let text = template(locale, language);
        assert!(text.starts_with('\u{FEFF}'));
        let header = text.lines().next().unwrap_or_default();
        let semicolons = locale.decimal_separator() == ',';
        assert_eq!(header.contains(';'), semicolons, "{locale}: {header}");
        let spanish = language == desk_i18n::Language::Es;
        assert_eq!(header.contains("importe"), spanish, "{language}: {header}");
        assert_eq!(text.contains("Factura 77"), spanish, "{language}");

        let batch = parse(&text, locale);
        assert_eq!(problems(&batch), [], "{locale}");
        let summary = batch.summary().unwrap();
        assert_eq!(summary.ready, 2, "{locale}");
        assert_eq!(summary.totals, [Money::new(1_359_550, Currency::MXN)]);
        assert!(batch.rows()[1].order_id_generated);
    }
}
