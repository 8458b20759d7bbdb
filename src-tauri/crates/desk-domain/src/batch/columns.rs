//! The columns of a payout file: which of the form's fields each header names, in English or
//! in Spanish, whatever its case, spaces, underscores, hyphens or accents.

use desk_i18n::{Language, msg};

use crate::payout::PayoutDraft;

use super::error::BatchError;

/// One field of the payout form, as a column of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Country,
    Amount,
    Currency,
    OrderId,
    Description,
    FirstName,
    LastName,
    Email,
    DocumentType,
    DocumentNumber,
    Clabe,
    BankCode,
}

impl Field {
    /// Every field, in the template's order (the form's).
    pub(crate) const ALL: [Field; 12] = [
        Field::Country,
        Field::Amount,
        Field::Currency,
        Field::OrderId,
        Field::Description,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::DocumentType,
        Field::DocumentNumber,
        Field::Clabe,
        Field::BankCode,
    ];

    /// The form's name for the field, as validation reports it; the English template's header.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::Country => "country",
            Field::Amount => "amount",
            Field::Currency => "currency",
            Field::OrderId => "orderId",
            Field::Description => "description",
            Field::FirstName => "firstName",
            Field::LastName => "lastName",
            Field::Email => "email",
            Field::DocumentType => "documentType",
            Field::DocumentNumber => "documentNumber",
            Field::Clabe => "clabe",
            Field::BankCode => "bankCode",
        }
    }

    /// The Spanish template's header.
    pub(crate) fn spanish(self) -> &'static str {
        match self {
            Field::Country => "país",
            Field::Amount => "importe",
            Field::Currency => "moneda",
            Field::OrderId => "referencia",
            Field::Description => "concepto",
            Field::FirstName => "nombre",
            Field::LastName => "apellidos",
            Field::Email => "correo",
            Field::DocumentType => "tipo de documento",
            Field::DocumentNumber => "número de documento",
            Field::Clabe => "CLABE",
            Field::BankCode => "código de banco",
        }
    }

    /// Whether the English and the Spanish header are the same word (`clabe`).
    pub(crate) fn same_in_both(self) -> bool {
        fold(self.spanish()) == fold(self.name())
    }

    /// The header of the template in `language`.
    pub(crate) fn header(self, language: Language) -> &'static str {
        match language {
            Language::En => self.name(),
            Language::Es => self.spanish(),
        }
    }

    /// Every header read as this field, folded as [`fold`] does.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Country => &["country", "pais"],
            Field::Amount => &["amount", "importe", "monto", "cantidad"],
            Field::Currency => &["currency", "moneda", "divisa"],
            Field::OrderId => &["orderid", "reference", "referencia"],
            Field::Description => &["description", "concepto", "descripcion"],
            Field::FirstName => &["firstname", "nombre", "nombres"],
            Field::LastName => &["lastname", "surname", "apellidos", "apellido"],
            Field::Email => &["email", "mail", "correo", "correoelectronico"],
            Field::DocumentType => &["documenttype", "tipodedocumento", "tipodocumento"],
            Field::DocumentNumber => &[
                "documentnumber",
                "document",
                "numerodedocumento",
                "numerodocumento",
                "documento",
            ],
            Field::Clabe => &["clabe", "cuentaclabe"],
            Field::BankCode => &["bankcode", "codigodebanco", "clavedebanco"],
        }
    }

    /// Whether every payout needs the column: the country defaults to Mexico, a missing
    /// reference is generated and the bank code is read from the CLABE.
    fn required(self) -> bool {
        !matches!(self, Field::Country | Field::OrderId | Field::BankCode)
    }

    /// The draft's text for this field.
    pub(crate) fn of(self, draft: &PayoutDraft) -> &str {
        match self {
            Field::Country => &draft.country,
            Field::Amount => &draft.amount,
            Field::Currency => &draft.currency,
            Field::OrderId => &draft.order_id,
            Field::Description => &draft.description,
            Field::FirstName => &draft.first_name,
            Field::LastName => &draft.last_name,
            Field::Email => &draft.email,
            Field::DocumentType => &draft.document_type,
            Field::DocumentNumber => &draft.document_number,
            Field::Clabe => &draft.clabe,
            Field::BankCode => &draft.bank_code,
        }
    }

    /// The draft's text for this field, to fill in.
    pub(crate) fn of_mut(self, draft: &mut PayoutDraft) -> &mut String {
        match self {
            Field::Country => &mut draft.country,
            Field::Amount => &mut draft.amount,
            Field::Currency => &mut draft.currency,
            Field::OrderId => &mut draft.order_id,
            Field::Description => &mut draft.description,
            Field::FirstName => &mut draft.first_name,
            Field::LastName => &mut draft.last_name,
            Field::Email => &mut draft.email,
            Field::DocumentType => &mut draft.document_type,
            Field::DocumentNumber => &mut draft.document_number,
            Field::Clabe => &mut draft.clabe,
            Field::BankCode => &mut draft.bank_code,
        }
    }
}

/// A header as compared: lower case, without accents, spaces, underscores, hyphens or dots.
fn fold(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.') && !c.is_whitespace())
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// The columns of one file: the field each position holds, and each field's header as written.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    /// The field of each position of a row; `None` for a column that is ignored.
    fields: Vec<Option<Field>>,
    /// Each field's header as the file writes it, by [`Field::ALL`] position.
    titles: [Option<String>; 12],
}

impl Columns {
    /// Reads the header row: the columns, and a warning for each column that is ignored; refuses
    /// a header that names none of the template's columns, or lacks one every payout needs.
    pub(crate) fn read(header: &[String]) -> Result<(Columns, Vec<String>), BatchError> {
        let mut columns = Columns {
            fields: Vec::with_capacity(header.len()),
            titles: Default::default(),
        };
        let mut warnings = Vec::new();
        for title in header {
            let title = title.trim();
            let folded = fold(title);
            if folded.is_empty() {
                // An empty header cell (a spreadsheet's trailing column) holds nothing to read.
                columns.fields.push(None);
                continue;
            }
            let field = Field::ALL
                .into_iter()
                .find(|f| f.headers().contains(&folded.as_str()));
            let read = match field.map(|f| (f, columns.titles[f as usize].clone())) {
                Some((f, None)) => {
                    columns.titles[f as usize] = Some(title.to_string());
                    Some(f)
                }
                Some((_, Some(first))) => {
                    warnings.push(
                        msg!("batch.column_repeats", column = title, first = first).to_string(),
                    );
                    None
                }
                None => {
                    warnings.push(msg!("batch.column_unknown", column = title).to_string());
                    None
                }
            };
            columns.fields.push(read);
        }
        if columns.titles.iter().all(Option::is_none) {
            return Err(BatchError::NotCsv);
        }
        let missing: Vec<String> = Field::ALL
            .into_iter()
            .filter(|f| f.required() && columns.titles[*f as usize].is_none())
            .map(|f| f.name().to_string())
            .collect();
        if !missing.is_empty() {
            return Err(BatchError::MissingColumns(missing));
        }
        Ok((columns, warnings))
    }

    /// How many values a row of the file has.
    pub(crate) fn width(&self) -> usize {
        self.fields.len()
    }

    /// The field the value at `position` of a row fills, if any.
    pub(crate) fn field(&self, position: usize) -> Option<Field> {
        self.fields.get(position).copied().flatten()
    }

    /// The file's header for the form's field `name` (as validation names it), if the file has
    /// that column.
    pub(crate) fn title(&self, name: &str) -> Option<&str> {
        let field = Field::ALL.into_iter().find(|f| f.name() == name)?;
        self.titles[field as usize].as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(titles: &[&str]) -> Vec<String> {
        titles.iter().map(|t| t.to_string()).collect()
    }

    const ENGLISH: [&str; 9] = [
        "amount",
        "currency",
        "description",
        "firstName",
        "lastName",
        "email",
        "documentType",
        "documentNumber",
        "clabe",
    ];

    #[test]
    fn headers_match_whatever_their_case_spacing_and_accents() {
        let spanish = header(&[
            "Importe",
            "MONEDA",
            "Concepto",
            "Nombre",
            "Apellidos",
            "Correo electrónico",
            "Tipo de documento",
            "Número de documento",
            "CLABE",
            "Referencia",
            "Código de banco",
            "País",
        ]);
        let (columns, warnings) = Columns::read(&spanish).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(columns.field(0), Some(Field::Amount));
        assert_eq!(columns.field(11), Some(Field::Country));
        assert_eq!(columns.title("documentNumber"), Some("Número de documento"));

        let spelled = header(&[
            "Amount",
            "currency",
            "Description",
            "first name",
            "LAST_NAME",
            "e-mail",
            "Document Type",
            "document_number",
            " clabe ",
            "Order ID",
        ]);
        let (columns, _) = Columns::read(&spelled).unwrap();
        assert_eq!(columns.field(9), Some(Field::OrderId));
        assert_eq!(columns.title("clabe"), Some("clabe"));
        assert_eq!(columns.title("bankCode"), None);
    }

    #[test]
    fn missing_required_columns_are_named() {
        let err = Columns::read(&header(&["amount", "currency", "email"])).unwrap_err();
        assert_eq!(
            err,
            BatchError::MissingColumns(vec![
                "description".into(),
                "firstName".into(),
                "lastName".into(),
                "documentType".into(),
                "documentNumber".into(),
                "clabe".into(),
            ])
        );
        assert_eq!(
            err.to_string(),
            "The header row has no columns for description (concepto), firstName (nombre), \
             lastName (apellidos), documentType (tipo de documento), documentNumber (número de \
             documento), clabe: add them, named as in the template."
        );
    }

    #[test]
    fn unknown_and_repeated_columns_are_ignored_with_a_warning() {
        let mut titles = header(&ENGLISH);
        titles.extend(header(&["Notes", "importe", ""]));
        let (columns, warnings) = Columns::read(&titles).unwrap();
        assert_eq!(
            warnings,
            [
                "The column \"Notes\" is not one of the template's and is ignored.",
                "The column \"importe\" repeats \"amount\" and is ignored.",
            ]
        );
        assert_eq!(columns.width(), 12);
        assert_eq!(columns.field(10), None);
    }

    #[test]
    fn a_first_row_naming_no_column_is_not_a_payouts_file() {
        assert_eq!(
            Columns::read(&header(&["%PDF-1.7"])).unwrap_err(),
            BatchError::NotCsv
        );
    }
}
