//! A batch's result file: one line per row of the merchant's file, saying what became of it,
//! written as the merchant's spreadsheet reads it (`;` and a decimal comma where the locale
//! writes one, a byte order mark so Excel reads the accents).

use desk_domain::{AmountLocale, Money};
use desk_store::batches::BatchResultRow;

use crate::error::{CoreError, Result};

/// The result file's columns.
const HEADER: [&str; 8] = [
    "row",
    "orderId",
    "amount",
    "currency",
    "beneficiary",
    "outcome",
    "reason",
    "monnetId",
];

/// The amount as a spreadsheet cell: no grouping, the locale's decimal separator.
fn cell_amount(m: Money, locale: AmountLocale) -> String {
    m.to_major_string()
        .replace('.', &locale.decimal_separator().to_string())
}

/// The result CSV of `rows`, in the order given.
pub(crate) fn result_csv(rows: &[BatchResultRow], locale: AmountLocale) -> Result<Vec<u8>> {
    let delimiter = if locale.decimal_separator() == ',' {
        b';'
    } else {
        b','
    };
    let err = |e: csv::Error| CoreError::Storage(format!("could not write the result file: {e}"));
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(HEADER).map_err(err)?;
    for r in rows {
        w.write_record([
            r.row.to_string().as_str(),
            &r.order_id,
            &cell_amount(r.amount, locale),
            r.amount.currency.code(),
            &r.beneficiary,
            r.outcome,
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
        let es = String::from_utf8(result_csv(&rows, AmountLocale::EsEs).unwrap()).unwrap();
        assert_eq!(
            es,
            "\u{feff}row;orderId;amount;currency;beneficiary;outcome;reason;monnetId\n\
             2;B-2;1250,50;MXN;María Pérez;paid;;71\n\
             3;B-3;1250,50;MXN;María Pérez;rejected;\"Invalid CLABE; check it\";\n\
             4;B-4;1250,50;MXN;María Pérez;in doubt;Monnet did not answer;\n"
        );
        let en = String::from_utf8(result_csv(&rows[..1], AmountLocale::En).unwrap()).unwrap();
        assert!(
            en.ends_with("2,B-2,1250.50,MXN,María Pérez,paid,,71\n"),
            "{en}"
        );
    }
}
