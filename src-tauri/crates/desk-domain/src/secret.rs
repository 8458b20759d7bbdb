//! A secret held in memory only: zeroized on drop, `[redacted]` in `Debug` and `Display`, and
//! deliberately not `Serialize`, so sending one to the UI or a log is a compile error.

use std::fmt;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// A private key, API secret or database key.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps `value`; the caller's copy should be dropped.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret's text, for the one call that needs it (signing, a header, the keychain).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A short, non-reversible fingerprint for display: the first 8 hex digits of SHA-256.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0.as_bytes());
        hex::encode(&digest[..4])
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Masks all but the last four characters of an account number or key: `••••4510`.
pub fn mask_last4(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    format!("••••{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let s = Secret::new("sk_test_abcdef123456");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s}"), "[redacted]");
        assert!(!format!("{:?}", Some(&s)).contains("abcdef"));
    }

    #[test]
    fn fingerprint_is_short_and_stable() {
        let a = Secret::new("one");
        assert_eq!(a.fingerprint().len(), 8);
        assert_eq!(a.fingerprint(), Secret::new("one").fingerprint());
        assert_ne!(a.fingerprint(), Secret::new("two").fingerprint());
    }

    #[test]
    fn masks_to_last_four() {
        assert_eq!(mask_last4("646180110400000007"), "••••0007");
        assert_eq!(mask_last4("12"), "••••12");
    }
}
