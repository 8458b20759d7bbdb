//! Saved beneficiaries as the UI sends and shows them: a form as typed, a list item with the
//! document and email masked, and the whole record that fills the merchant's payout form.

use desk_domain::{DocumentType, FieldError};
use serde::{Deserialize, Serialize};

/// A beneficiary as typed into the add or edit form: every field as text, nothing trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BeneficiaryDraft {
    /// First name(s).
    pub first_name: String,
    /// Last name(s).
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Document type: `Ine`, `Curp`, `Rfc` or `Passport`.
    pub document_type: String,
    /// Document number.
    pub document_number: String,
    /// CLABE (spaces and dashes allowed).
    pub clabe: String,
}

/// A beneficiary in a list: the document and email masked, the account as bank and last four.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BeneficiaryItem {
    /// The saved beneficiary's id.
    #[ts(type = "number")]
    pub id: i64,
    /// First name(s).
    pub first_name: String,
    /// Last name(s).
    pub last_name: String,
    /// The email masked (`m•••@example.com`).
    pub email_masked: String,
    /// The document type.
    pub document_type: DocumentType,
    /// The document number masked to its last four (`••••51H0`).
    pub document_masked: String,
    /// The bank the CLABE belongs to, when Banxico's catalog has it.
    pub bank_name: Option<String>,
    /// The CLABE's last four digits.
    pub clabe_last4: String,
}

/// A beneficiary whole, to fill the merchant's own payout or edit form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BeneficiaryRecord {
    /// The saved beneficiary's id.
    #[ts(type = "number")]
    pub id: i64,
    /// First name(s).
    pub first_name: String,
    /// Last name(s).
    pub last_name: String,
    /// Email.
    pub email: String,
    /// The document type.
    pub document_type: DocumentType,
    /// The document number.
    pub document_number: String,
    /// The 18-digit CLABE.
    pub clabe: String,
    /// The bank code, the CLABE's first three digits.
    pub bank_code: String,
    /// The bank's name, when Banxico's catalog has it.
    pub bank_name: Option<String>,
    /// When it last changed (ms).
    #[ts(type = "number")]
    pub updated_at: i64,
}

/// One page of saved beneficiaries, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BeneficiaryPage {
    /// The page, by last name then first name.
    pub items: Vec<BeneficiaryItem>,
    /// How many beneficiaries match the search.
    pub total: u32,
}

/// The beneficiary form's check as the merchant types: storing nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BeneficiaryReview {
    /// Whether every field is valid.
    pub valid: bool,
    /// Problems per field (empty when valid).
    pub fields: Vec<FieldError>,
    /// The bank read from the CLABE, when its check digit is right and the bank known.
    pub bank_name: Option<String>,
}

/// What "Save this beneficiary" did with a payout's beneficiary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BeneficiarySaved {
    /// The saved beneficiary, masked.
    pub item: BeneficiaryItem,
    /// True when one with the same CLABE and document was already saved (nothing changed).
    pub already_saved: bool,
}
