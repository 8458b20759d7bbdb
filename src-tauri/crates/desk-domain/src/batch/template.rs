//! The file a merchant downloads to fill in: the header row and two example payouts, written
//! the way the merchant's spreadsheet reads and writes CSV.

use desk_i18n::Language;

use crate::amount_locale::AmountLocale;
use crate::money::{Currency, Money};
use crate::payout::PayoutDraft;

use super::columns::Field;

/// The payout file template for a merchant who speaks `language` and writes amounts as
/// `locale` does: UTF-8 with a byte order mark (so that Excel shows accents right), a header
/// row in `language` (the batch reads either language's) and two example payouts described in
/// it, the second without a reference to show that one is generated. Amounts are written as
/// `locale` writes them, and values are separated by `;` where its decimal separator is a comma
/// (as Excel does there) and by `,` elsewhere, with quotes around a value that holds the
/// separator.
pub fn template(locale: AmountLocale, language: Language) -> String {
    let separator = match locale.decimal_separator() {
        ',' => ';',
        _ => ',',
    };
    let spanish = language == Language::Es;
    let amount = |minor| Money::new(minor, Currency::MXN).format_in(locale);
    let examples = [
        PayoutDraft {
            country: "MEX".into(),
            amount: amount(125_050),
            currency: "MXN".into(),
            order_id: "PO-0001".into(),
            description: if spanish { "Factura 77" } else { "Invoice 77" }.into(),
            first_name: "María".into(),
            last_name: "Pérez García".into(),
            email: "maria.perez@example.com".into(),
            document_type: "RFC".into(),
            document_number: "PEGM9007151H0".into(),
            clabe: "646180110400000007".into(),
            bank_code: "646".into(),
        },
        PayoutDraft {
            country: "MEX".into(),
            amount: amount(1_234_500),
            currency: "MXN".into(),
            order_id: String::new(),
            description: if spanish {
                "Comisión de marzo"
            } else {
                "March commission"
            }
            .into(),
            first_name: "José".into(),
            last_name: "Muñoz López".into(),
            email: "jose.munoz@example.com".into(),
            document_type: "CURP".into(),
            document_number: "MULJ800101HDFXPS09".into(),
            clabe: "002123451234534517".into(),
            bank_code: String::new(),
        },
    ];

    let mut out = String::from('\u{FEFF}');
    let header = Field::ALL.map(|f| f.header(language));
    line(&mut out, header, separator);
    for draft in &examples {
        line(&mut out, Field::ALL.map(|f| f.of(draft)), separator);
    }
    out
}

/// Writes one row of values and its Windows line end, quoting what needs it.
pub(super) fn line(out: &mut String, values: [&str; 12], separator: char) {
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        if value.contains([separator, '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&value.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(value);
        }
    }
    out.push_str("\r\n");
}
