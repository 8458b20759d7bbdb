//! CLABE: Mexico's 18-digit interbank account number (3 bank, 3 branch, 11 account, 1 check).

use std::fmt;

use serde::{Deserialize, Serialize};

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

impl Clabe {
    /// Checks `text` (spaces and dashes allowed) and returns the CLABE, or a sentence saying
    /// what is wrong with it.
    pub fn parse(text: &str) -> Result<Self> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(DomainError::InvalidClabe("A CLABE has digits only.".into()));
        }
        if digits.len() != 18 {
            return Err(DomainError::InvalidClabe(format!(
                "A CLABE has 18 digits; this one has {}.",
                digits.len()
            )));
        }
        let bytes: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
        let mut first17 = [0u8; 17];
        first17.copy_from_slice(&bytes[..17]);
        let expected = check_digit(&first17);
        if bytes[17] != expected {
            return Err(DomainError::InvalidClabe(format!(
                "The last digit of this CLABE should be {expected}: check it for a typo."
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

    /// The bank's name, when the code is one we know.
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

/// Banks by the three-digit code that starts their CLABEs (Banxico's list, main banks).
pub const BANKS: &[(&str, &str)] = &[
    ("002", "Banamex"),
    ("006", "Bancomext"),
    ("009", "Banobras"),
    ("012", "BBVA México"),
    ("014", "Santander"),
    ("019", "Banjército"),
    ("021", "HSBC"),
    ("030", "BanBajío"),
    ("036", "Inbursa"),
    ("042", "Mifel"),
    ("044", "Scotiabank"),
    ("058", "Banregio"),
    ("059", "Invex"),
    ("060", "Bansi"),
    ("062", "Afirme"),
    ("072", "Banorte"),
    ("106", "Bank of America"),
    ("113", "Ve por Más"),
    ("127", "Banco Azteca"),
    ("130", "Compartamos"),
    ("137", "BanCoppel"),
    ("646", "STP"),
];

/// The bank's name for a three-digit code, if known.
pub fn bank_name(code: &str) -> Option<&'static str> {
    BANKS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
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
