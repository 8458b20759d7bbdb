//! The Monnet signature.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `body` (the empty body hashes to `e3b0…b855`).
pub fn sha256_hex(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// The content Monnet signs: `METHOD:path?timestamp=T:sha256hex(body)`.
pub fn canonical_content(method: &str, path: &str, timestamp_ms: u64, body: &[u8]) -> String {
    format!(
        "{method}:{path}?timestamp={timestamp_ms}:{}",
        sha256_hex(body)
    )
}

/// The signature of a request: lower-case hex HMAC-SHA256 of the canonical content, keyed
/// with the UTF-8 bytes of the API secret (used as shown, not base64-decoded).
pub fn sign(secret: &str, method: &str, path: &str, timestamp_ms: u64, body: &[u8]) -> String {
    let content = canonical_content(method, path, timestamp_ms, body);
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(content.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECRET: &str = "P5yjICOFoE0kmJVMALeBRmoxuWXz0BJKuoSaIXEHTgE=";
    /// The create-payout body of Monnet's document, byte for byte.
    const DOC_BODY: &str = r#"{"country": "MEX","amount": 10,"currency": "MXN","orderId": "CDO_90305","beneficiary": {"name": "testName","lastName": "testLastName","document": {"type": 3,"number": "PEGM9007151H0"},"customerId": "test","userName": "646180110400000007"},"destination": {"bankAccount": {"bankCode": "002","accountType": 1,"clabe": "002123451234534510"}}}"#;

    // Monnet's worked example 1. The signed timestamp is the one under "Content to Sign"
    // (1687543238010), not the one under "Request Information".
    #[test]
    fn monnet_document_create_payout_vector() {
        assert_eq!(
            sha256_hex(DOC_BODY.as_bytes()),
            "7c7b333e31a0f1f9fab0222a97e0366e8327749732132d17934f51d6738e4c2e"
        );
        assert_eq!(
            canonical_content(
                "POST",
                "/api/v1/22/payouts",
                1687543238010,
                DOC_BODY.as_bytes()
            ),
            "POST:/api/v1/22/payouts?timestamp=1687543238010:7c7b333e31a0f1f9fab0222a97e0366e8327749732132d17934f51d6738e4c2e"
        );
        assert_eq!(
            sign(
                SECRET,
                "POST",
                "/api/v1/22/payouts",
                1687543238010,
                DOC_BODY.as_bytes()
            ),
            "d6895bccdff72b95cb1d134037edadfa87cff1f0a543209efa356c889db97cb9"
        );
    }

    // Monnet's worked example 2: the GET signs payout 73 (the request information says 65).
    #[test]
    fn monnet_document_get_payout_vector() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sign(SECRET, "GET", "/api/v1/22/payouts/73", 1687543425203, b""),
            "14cbc221c52bf588f439f86894ab1ebed9aa4867c2d79a1b159bd94a1df2c0d7"
        );
    }

    proptest! {
        // The canonical content always has the documented shape, whatever the inputs.
        #[test]
        fn canonical_content_has_the_documented_shape(
            path in "/api/v1/[0-9]{1,6}/payouts(/[0-9]{1,9})?",
            ts in 0u64..=u64::MAX / 2,
            body in ".{0,200}",
        ) {
            let c = canonical_content("POST", &path, ts, body.as_bytes());
            let expected = format!("POST:{path}?timestamp={ts}:{}", sha256_hex(body.as_bytes()));
            prop_assert_eq!(c, expected);
        }

        // Changing any signed input changes the signature.
        #[test]
        fn any_change_to_a_signed_input_changes_the_signature(
            body in "[\\PC]{0,100}",
            ts in 1u64..1_000_000_000_000_000,
            id in 1u32..1_000_000,
        ) {
            let path = format!("/api/v1/22/payouts/{id}");
            let base = sign(SECRET, "GET", &path, ts, body.as_bytes());
            prop_assert_ne!(&base, &sign(SECRET, "POST", &path, ts, body.as_bytes()));
            prop_assert_ne!(&base, &sign(SECRET, "GET", &format!("{path}0"), ts, body.as_bytes()));
            prop_assert_ne!(&base, &sign(SECRET, "GET", &path, ts + 1, body.as_bytes()));
            prop_assert_ne!(&base, &sign(SECRET, "GET", &path, ts, format!("{body} ").as_bytes()));
            prop_assert_ne!(&base, &sign("other-secret", "GET", &path, ts, body.as_bytes()));
            prop_assert_eq!(base.len(), 64);
        }
    }
}
