//! CLABE: Mexico's 18-digit interbank account number (3 bank, 3 branch, 11 account, 1 check).

use std::fmt;

use desk_i18n::{Message, msg};
use serde::{Deserialize, Serialize};

pub use crate::clabe_banks::bank_name;
use crate::error::{DomainError, Result};

/// A CLABE whose length, digits and check digit are correct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Clabe(String);

const WEIGHTS: [u32; 3] = [3, 7, 1];

/// The check digit for the first 17 digits: weights 3,7,1 repeated, each product mod 10,
/// summed; the check digit is (10 − sum mod 10) mod 10.
pub fn check_digit(first17: &[u8; 17]) -> u8 {
    let sum: u32 = first17
        .iter()
        .enumerate()
        .map(|(i, d)| (u32::from(*d) * WEIGHTS[i % 3]) % 10)
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The 18 digits of `text` without its spaces and dashes, or a sentence saying why it has not.
fn digits(text: &str) -> Result<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(DomainError::InvalidClabe(Message::new("clabe.digits_only")));
    }
    if digits.len() != 18 {
        return Err(DomainError::InvalidClabe(msg!(
            "clabe.length",
            count = digits.len()
        )));
    }
    Ok(digits)
}

impl Clabe {
    /// Checks `text` (spaces and dashes allowed) and returns the CLABE, or a sentence saying
    /// what is wrong with it. The bank code is not checked against the catalog, so a stored
    /// CLABE stays readable after its bank leaves it: for a CLABE being entered, use
    /// [`Clabe::parse_registered`].
    pub fn parse(text: &str) -> Result<Self> {
        Self::checked(digits(text)?)
    }

    /// Like [`Clabe::parse`], and also refuses a CLABE whose first three digits are no bank
    /// registered with Banxico (the catalog in [`crate::clabe_banks`]); Monnet requires them
    /// to be the payout's bank code.
    pub fn parse_registered(text: &str) -> Result<Self> {
        let digits = digits(text)?;
        let code = &digits[..3];
        if bank_name(code).is_none() {
            return Err(DomainError::InvalidClabe(msg!(
                "clabe.unregistered_bank",
                code = code
            )));
        }
        Self::checked(digits)
    }

    /// The CLABE of 18 `digits`, if its check digit is right.
    fn checked(digits: String) -> Result<Self> {
        let bytes: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
        let mut first17 = [0u8; 17];
        first17.copy_from_slice(&bytes[..17]);
        let expected = check_digit(&first17);
        if bytes[17] != expected {
            return Err(DomainError::InvalidClabe(msg!(
                "clabe.check_digit",
                expected = expected
            )));
        }
        Ok(Self(digits))
    }

    /// The 18 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The three-digit bank code the CLABE starts with.
    pub fn bank_code(&self) -> &str {
        &self.0[..3]
    }

    /// The bank's name, when its code is in Banxico's catalog.
    pub fn bank_name(&self) -> Option<&'static str> {
        bank_name(self.bank_code())
    }
}

impl TryFrom<String> for Clabe {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self> {
        Clabe::parse(&value)
    }
}

impl From<Clabe> for String {
    fn from(value: Clabe) -> Self {
        value.0
    }
}

impl fmt::Display for Clabe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_a_valid_clabe() {
        let c = Clabe::parse("646180110400000007").unwrap();
        assert_eq!(c.bank_code(), "646");
        assert_eq!(c.bank_name(), Some("STP"));
    }

    // The Monnet document's example CLABE fails the check digit (it should end in 7): a
    // validator that accepts it would let a typo move money.
    #[test]
    fn refuses_the_documents_example_clabe_whose_check_digit_is_wrong() {
        let err = Clabe::parse("002123451234534510").unwrap_err();
        assert!(err.to_string().contains("should be 7"), "{err}");
        assert!(Clabe::parse("002123451234534517").is_ok());
    }

    #[test]
    fn refuses_wrong_length_and_letters() {
        assert!(
            Clabe::parse("64618011040000000")
                .unwrap_err()
                .to_string()
                .contains("17")
        );
        assert!(Clabe::parse("64618011040000000A").is_err());
    }

    /// A CLABE of bank `code` with the right check digit.
    fn with_bank(code: &str) -> String {
        let first17 = format!("{code}18011040000000");
        let mut digits = [0u8; 17];
        for (d, b) in digits.iter_mut().zip(first17.bytes()) {
            *d = b - b'0';
        }
        format!("{first17}{}", check_digit(&digits))
    }

    #[test]
    fn every_registered_bank_is_accepted_and_named() {
        for bank in crate::clabe_banks::BANKS {
            let clabe = Clabe::parse_registered(&with_bank(bank.code)).unwrap();
            assert_eq!(clabe.bank_code(), bank.code);
            assert_eq!(clabe.bank_name(), Some(bank.name));
        }
    }

    #[test]
    fn a_code_no_bank_is_registered_under_is_refused_despite_a_right_check_digit() {
        for code in ["000", "003", "123", "647", "999"] {
            let text = with_bank(code);
            assert!(Clabe::parse(&text).is_ok(), "{text}");
            let err = Clabe::parse_registered(&text).unwrap_err().to_string();
            assert_eq!(
                err,
                format!(
                    "The first three digits of this CLABE ({code}) are no bank registered \
                     with Banxico: check the CLABE."
                )
            );
        }
        // Every code outside the catalog is refused, not only the sample above.
        let refused = (0..1000)
            .map(|n| format!("{n:03}"))
            .filter(|code| Clabe::parse_registered(&with_bank(code)).is_err())
            .count();
        assert_eq!(refused, 1000 - crate::clabe_banks::BANKS.len());
    }

    proptest! {
        // Any single-digit typo in a valid CLABE is caught by the check digit.
        #[test]
        fn single_digit_typos_are_caught(pos in 0usize..18, delta in 1u8..10) {
            let good = b"646180110400000007";
            let mut typo = good.to_vec();
            typo[pos] = b'0' + ((typo[pos] - b'0' + delta) % 10);
            let text = String::from_utf8(typo).unwrap();
            prop_assert!(Clabe::parse(&text).is_err());
        }
    }
}
