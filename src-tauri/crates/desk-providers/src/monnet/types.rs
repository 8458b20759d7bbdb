//! Monnet's payout bodies and answers.

use desk_domain::ValidPayout;
use serde::{Deserialize, Serialize};

/// The create-payout body, as Monnet documents it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PayoutBody {
    /// ISO 3166 alpha-3 (`MEX`).
    pub country: String,
    /// Integer minor units (for MXN the last two digits are cents).
    pub amount: i64,
    /// ISO 4217.
    pub currency: String,
    /// The merchant's reference; Monnet refuses a repeat with 2005 "Duplicated orderId".
    pub order_id: String,
    /// What the payout is for.
    pub description: String,
    /// Who receives it.
    pub beneficiary: Beneficiary,
    /// Where it goes.
    pub destination: Destination,
}

/// The beneficiary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Beneficiary {
    /// First name(s).
    pub name: String,
    /// Last name(s).
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Identity document.
    pub document: Document,
}

/// An identity document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Document {
    /// 1 INE, 2 CURP, 3 RFC, 4 passport.
    #[serde(rename = "type")]
    pub kind: u8,
    /// The number.
    pub number: String,
}

/// The destination.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    /// The bank account.
    pub bank_account: BankAccount,
}

/// A Mexican bank account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct BankAccount {
    /// Three-digit bank code.
    pub bank_code: String,
    /// 1 checking, 2 savings.
    pub account_type: u8,
    /// 18-digit CLABE.
    pub clabe: String,
}

impl From<&ValidPayout> for PayoutBody {
    fn from(p: &ValidPayout) -> Self {
        Self {
            country: format!("{:?}", p.country),
            amount: p.amount.minor,
            currency: p.amount.currency.code().to_string(),
            order_id: p.order_id.clone(),
            description: p.description.clone(),
            beneficiary: Beneficiary {
                name: p.beneficiary.first_name.clone(),
                last_name: p.beneficiary.last_name.clone(),
                email: p.beneficiary.email.clone(),
                document: Document {
                    kind: p.beneficiary.document_type.code(),
                    number: p.beneficiary.document_number.clone(),
                },
            },
            destination: Destination {
                bank_account: BankAccount {
                    bank_code: p.clabe.bank_code().to_string(),
                    account_type: p.account_type.code(),
                    clabe: p.clabe.as_str().to_string(),
                },
            },
        }
    }
}

/// A payout as Monnet reports it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Payout {
    /// Monnet's id.
    pub id: u64,
    /// The merchant's reference.
    pub order_id: String,
    /// Amount in minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Stage (`CREATED`, `PROCESSING`, `BANK`, `DONE`).
    pub stage: String,
    /// Status (`CREATED`, `PROCESSING`, `PAID`, `REJECTED`, `REJECTED_BANK`).
    pub status: String,
    /// When the status last changed.
    pub status_change_date_time: String,
    /// Rejection code, if rejected.
    #[serde(default)]
    pub error_code: Option<i64>,
    /// Rejection message, if rejected.
    #[serde(default)]
    pub error_message: Option<String>,
    /// Beneficiary's name, when the API reports it.
    #[serde(default)]
    pub beneficiary: Option<String>,
    /// Description, when the API reports it.
    #[serde(default)]
    pub description: Option<String>,
    /// Created, when the API reports it.
    #[serde(default)]
    pub created_at: Option<String>,
}

/// `GET …/payouts/{id}` wraps the payout in `output`.
#[derive(Debug, Deserialize)]
pub(super) struct Output {
    pub output: Payout,
}
