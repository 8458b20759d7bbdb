//! A payout entered by hand, and the validation that catches mistakes before money moves.

use desk_i18n::{Message, msg};
use serde::{Deserialize, Serialize};

use crate::amount_locale::AmountLocale;
use crate::clabe::{self, Clabe};
use crate::error::{DomainError, FieldError, Result};
use crate::money::{Currency, Money};

/// A payout destination country (Monnet's ISO 3166 alpha-3 codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub enum Country {
    /// Mexico: MXN to a CLABE.
    MEX,
}

impl Country {
    /// The currency payouts to this country are paid in.
    pub fn currency(self) -> Currency {
        match self {
            Country::MEX => Currency::MXN,
        }
    }

    /// The country's name, in English.
    pub fn name(self) -> &'static str {
        match self {
            Country::MEX => "Mexico",
        }
    }

    /// The country's name in the desk's language.
    pub fn name_message(self) -> Message {
        match self {
            Country::MEX => Message::new("country.mex"),
        }
    }
}

/// Beneficiary identity document types (Monnet, Mexico).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub enum DocumentType {
    /// 1: INE voter card (18-character clave de elector).
    Ine,
    /// 2: CURP (18 characters).
    Curp,
    /// 3: RFC (12 characters for a company, 13 for a person).
    Rfc,
    /// 4: passport.
    Passport,
}

impl DocumentType {
    /// Monnet's numeric code for the type.
    pub fn code(self) -> u8 {
        match self {
            DocumentType::Ine => 1,
            DocumentType::Curp => 2,
            DocumentType::Rfc => 3,
            DocumentType::Passport => 4,
        }
    }

    /// The type for Monnet's numeric code.
    pub fn from_code(code: u8) -> Option<Self> {
        [Self::Ine, Self::Curp, Self::Rfc, Self::Passport]
            .into_iter()
            .find(|t| t.code() == code)
    }

    /// Checks a document number's shape; returns what is wrong, if anything, in the desk's
    /// language.
    pub fn check_number(self, number: &str) -> std::result::Result<(), String> {
        self.number_problem(number)
            .map_or(Ok(()), |m| Err(m.to_string()))
    }

    /// What is wrong with a document number's shape, if anything.
    pub fn number_problem(self, number: &str) -> Option<Message> {
        let n = number.trim();
        let alnum = n.chars().all(|c| c.is_ascii_alphanumeric());
        let upper = |i: std::ops::Range<usize>| n[i].chars().all(|c| c.is_ascii_uppercase());
        let digits = |i: std::ops::Range<usize>| n[i].chars().all(|c| c.is_ascii_digit());
        let ok = alnum
            && match self {
                DocumentType::Ine => n.len() == 18,
                DocumentType::Curp => n.len() == 18 && upper(0..4) && digits(4..10),
                DocumentType::Rfc => match n.len() {
                    13 => upper(0..4) && digits(4..10),
                    12 => upper(0..3) && digits(3..9),
                    _ => false,
                },
                DocumentType::Passport => (6..=20).contains(&n.len()),
            };
        if ok {
            return None;
        }
        Some(Message::new(match self {
            DocumentType::Ine => "document.ine",
            DocumentType::Curp => "document.curp",
            DocumentType::Rfc => "document.rfc",
            DocumentType::Passport => "document.passport",
        }))
    }
}

/// Bank account types (Monnet: 1 checking, 2 savings; a CLABE is usually checking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub enum AccountType {
    /// 1: checking.
    Checking,
    /// 2: savings.
    Savings,
}

impl AccountType {
    /// Monnet's numeric code.
    pub fn code(self) -> u8 {
        match self {
            AccountType::Checking => 1,
            AccountType::Savings => 2,
        }
    }
}

/// A payout as typed into the form: every field as text, nothing trusted yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct PayoutDraft {
    /// Destination country code (`MEX`).
    pub country: String,
    /// Amount as typed, in major units ("1,250.50").
    pub amount: String,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Merchant's reference for the payout (Monnet `orderId`, at most 20 characters).
    pub order_id: String,
    /// What the payout is for.
    pub description: String,
    /// Beneficiary's first name(s).
    pub first_name: String,
    /// Beneficiary's last name(s).
    pub last_name: String,
    /// Beneficiary's email.
    pub email: String,
    /// Document type: `Ine`, `Curp`, `Rfc` or `Passport`.
    pub document_type: String,
    /// Document number.
    pub document_number: String,
    /// Destination CLABE.
    pub clabe: String,
    /// Bank code; must match the CLABE's first three digits when given.
    pub bank_code: String,
}

/// The beneficiary of a validated payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beneficiary {
    /// First name(s).
    pub first_name: String,
    /// Last name(s).
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Document type.
    pub document_type: DocumentType,
    /// Document number, upper-cased.
    pub document_number: String,
}

/// A payout whose every field was checked: safe to store and send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidPayout {
    /// Destination country.
    pub country: Country,
    /// Amount, positive, in the country's currency.
    pub amount: Money,
    /// Merchant's reference, unique per payout; the provider deduplicates on it.
    pub order_id: String,
    /// What the payout is for.
    pub description: String,
    /// Who receives it.
    pub beneficiary: Beneficiary,
    /// Where it goes.
    pub clabe: Clabe,
    /// Account type.
    pub account_type: AccountType,
}

/// The largest single payout the desk accepts without a second look (1,000,000.00 MXN).
pub const MAX_PAYOUT_MINOR: i64 = 100_000_000;

impl PayoutDraft {
    /// Validates every field, reading the amount as English (`1,250.50`); the same as
    /// [`PayoutDraft::validate_in`] with [`AmountLocale::En`].
    pub fn validate(&self) -> Result<ValidPayout> {
        self.validate_in(AmountLocale::En)
    }

    /// Validates every field, reading the amount as written in `locale`, and returns the
    /// payout, or one message per field at fault.
    pub fn validate_in(&self, locale: AmountLocale) -> Result<ValidPayout> {
        let mut errors = Vec::new();
        let mut err = |f: &str, m: Message| errors.push(FieldError::msg(f, m));

        let country = match self.country.trim() {
            "MEX" | "" => Some(Country::MEX),
            other => {
                err(
                    "country",
                    msg!("payout.country_unsupported", country = format!("{other:?}")),
                );
                None
            }
        };
        let currency = match self.currency.trim().parse::<Currency>() {
            Ok(c) => match country {
                Some(k) if k.currency() != c => {
                    err(
                        "currency",
                        msg!(
                            "payout.wrong_currency",
                            expected = k.currency(),
                            currency = c
                        )
                        .arg_msg("country", k.name_message()),
                    );
                    None
                }
                _ => Some(c),
            },
            Err(_) => {
                err(
                    "currency",
                    msg!(
                        "payout.unknown_currency",
                        currency = format!("{:?}", self.currency)
                    ),
                );
                None
            }
        };
        let amount = currency.and_then(|c| match Money::parse_in(&self.amount, c, locale) {
            Ok(m) if m.minor <= 0 => {
                err("amount", Message::new("amount.not_positive"));
                None
            }
            Ok(m) if m.minor > MAX_PAYOUT_MINOR => {
                err(
                    "amount",
                    msg!(
                        "payout.above_limit",
                        limit = Money::new(MAX_PAYOUT_MINOR, c).display_in(locale)
                    ),
                );
                None
            }
            Ok(m) => Some(m),
            Err(e) => {
                err("amount", e.message());
                None
            }
        });
        let order_id = self.order_id.trim().to_string();
        if order_id.is_empty()
            || order_id.len() > 20
            || !order_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            err("orderId", Message::new("payout.order_id"));
        }
        let description = self.description.trim().to_string();
        if description.is_empty() || description.chars().count() > 140 {
            err("description", Message::new("payout.description"));
        }
        let first_name = self.first_name.trim().to_string();
        if first_name.is_empty() || first_name.chars().count() > 80 {
            err("firstName", Message::new("payout.first_name"));
        }
        let last_name = self.last_name.trim().to_string();
        if last_name.is_empty() || last_name.chars().count() > 80 {
            err("lastName", Message::new("payout.last_name"));
        }
        let email = self.email.trim().to_string();
        if !looks_like_email(&email) {
            err("email", Message::new("payout.email"));
        }
        let document_type = match self.document_type.trim() {
            "Ine" | "1" => Some(DocumentType::Ine),
            "Curp" | "2" => Some(DocumentType::Curp),
            "Rfc" | "3" => Some(DocumentType::Rfc),
            "Passport" | "4" => Some(DocumentType::Passport),
            _ => {
                err("documentType", Message::new("payout.document_type"));
                None
            }
        };
        let document_number = self.document_number.trim().to_ascii_uppercase();
        if let Some(t) = document_type
            && let Some(m) = t.number_problem(&document_number)
        {
            err("documentNumber", m);
        }
        let clabe = match Clabe::parse_registered(&self.clabe) {
            Ok(c) => {
                let code = self.bank_code.trim();
                if !code.is_empty() && code != c.bank_code() {
                    let bank = match clabe::bank_name(c.bank_code()) {
                        Some(name) => msg!("payout.bank_code_mismatch", bank = name),
                        None => Message::new("payout.bank_code_mismatch")
                            .arg_msg("bank", Message::new("clabe.unknown_bank")),
                    };
                    err(
                        "bankCode",
                        bank.arg("code", c.bank_code()).arg("given", code),
                    );
                }
                Some(c)
            }
            Err(e) => {
                // `parse_registered` refuses with a CLABE message only
                let m = match e {
                    DomainError::InvalidClabe(m) => m,
                    _ => Message::new("clabe.digits_only"),
                };
                err("clabe", m);
                None
            }
        };

        match (country, amount, document_type, clabe) {
            (Some(country), Some(amount), Some(document_type), Some(clabe))
                if errors.is_empty() =>
            {
                Ok(ValidPayout {
                    country,
                    amount,
                    order_id,
                    description,
                    beneficiary: Beneficiary {
                        first_name,
                        last_name,
                        email,
                        document_type,
                        document_number,
                    },
                    clabe,
                    account_type: AccountType::Checking,
                })
            }
            _ => Err(DomainError::Invalid(errors)),
        }
    }
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && s.len() <= 254
}

#[cfg(test)]
mod tests;
