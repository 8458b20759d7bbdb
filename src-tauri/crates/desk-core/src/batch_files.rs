//! A batch's result file: one line per row of the merchant's file, saying what became of it,
//! its header and outcomes in the merchant's language, written as the merchant's spreadsheet
//! reads it (`;` and a decimal comma where the locale writes one, a byte order mark so Excel
//! reads the accents).

use desk_domain::{AmountLocale, Money};
use desk_i18n::{Language, Message};
use desk_store::batches::BatchResultRow;

use crate::error::{CoreError, Result};

/// The result file's columns.
const HEADER: [Message; 8] = [
    Message::new("batch.result.row"),
    Message::new("batch.result.order_id"),
    Message::new("batch.result.amount"),
    Message::new("batch.result.currency"),
    Message::new("batch.result.beneficiary"),
    Message::new("batch.result.outcome"),
    Message::new("batch.result.reason"),
    Message::new("batch.result.monnet_id"),
];

/// A payout's outcome word (as the store names it) in the merchant's language.
fn outcome(word: &str, language: Language) -> String {
    let message = match word {
        "queued" => Message::new("batch.outcome.queued"),
        "sent" => Message::new("batch.outcome.sent"),
        "paid" => Message::new("batch.outcome.paid"),
        "rejected" => Message::new("batch.outcome.rejected"),
        "reversed" => Message::new("batch.outcome.reversed"),
        "in doubt" => Message::new("batch.outcome.in_doubt"),
        other => return other.to_string(),
    };
    message.render(language)
}

/// The amount as a spreadsheet cell: no grouping, the locale's decimal separator.
fn cell_amount(m: Money, locale: AmountLocale) -> String {
    m.to_major_string()
        .replace('.', &locale.decimal_separator().to_string())
}

/// The result CSV of `rows`, in the order given, its words in `language`.
pub(crate) fn result_csv(
    rows: &[BatchResultRow],
    locale: AmountLocale,
    language: Language,
) -> Result<Vec<u8>> {
    let delimiter = if locale.decimal_separator() == ',' {
        b';'
    } else {
        b','
    };
    let err = |e: csv::Error| CoreError::Storage(format!("could not write the result file: {e}"));
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(HEADER.iter().map(|h| h.render(language)))
        .map_err(err)?;
    for r in rows {
        w.write_record([
            r.row.to_string().as_str(),
            &r.order_id,
            &cell_amount(r.amount, locale),
            r.amount.currency.code(),
            &r.beneficiary,
            &outcome(r.outcome, language),
            r.reason.as_deref().unwrap_or(""),
            r.remote_id.as_deref().unwrap_or(""),
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| CoreError::Storage(format!("could not write the result file: {e}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test may stop at the first surprise

    use desk_domain::Currency;

    use super::*;

    fn row(n: u32, outcome: &'static str, reason: Option<&str>) -> BatchResultRow {
        BatchResultRow {
            row: n,
            order_id: format!("B-{n}"),
            amount: Money::new(125_050, Currency::MXN),
            beneficiary: "María Pérez".into(),
            outcome,
            reason: reason.map(str::to_string),
            remote_id: (outcome == "paid").then(|| "71".to_string()),
        }
    }

    #[test]
    fn each_row_says_its_outcome_in_the_merchants_spreadsheet_format() {
        let rows = [
            row(2, "paid", None),
            row(3, "rejected", Some("Invalid CLABE; check it")),
            row(4, "in doubt", Some("Monnet did not answer")),
        ];
        let es = result_csv(&rows, AmountLocale::EsEs, Language::En).unwrap();
        assert_eq!(
            String::from_utf8(es).unwrap(),
            "\u{feff}row;orderId;amount;currency;beneficiary;outcome;reason;monnetId\n\
             2;B-2;1250,50;MXN;María Pérez;paid;;71\n\
             3;B-3;1250,50;MXN;María Pérez;rejected;\"Invalid CLABE; check it\";\n\
             4;B-4;1250,50;MXN;María Pérez;in doubt;Monnet did not answer;\n"
        );
        let en = result_csv(&rows[..1], AmountLocale::En, Language::En).unwrap();
        let en = String::from_utf8(en).unwrap();
        assert!(
            en.ends_with("2,B-2,1250.50,MXN,María Pérez,paid,,71\n"),
            "{en}"
        );
        // In Spanish, with the amounts of Mexico.
        let es = result_csv(&rows[1..2], AmountLocale::EsMx, Language::Es).unwrap();
        assert_eq!(
            String::from_utf8(es).unwrap(),
            "\u{feff}fila,referencia,importe,moneda,beneficiario,resultado,motivo,idMonnet\n\
             3,B-3,1250.50,MXN,María Pérez,rechazada,Invalid CLABE; check it,\n"
        );
    }
}
