//! Redaction of anything that looks like a secret from text bound for a log line.
//!
//! Two kinds of rule, each covering secrets the other might miss:
//!
//! - **markers**: the text after a known prefix or label is a secret, whatever its shape:
//!   Mona's and Monei's key prefixes, MonEFlow Pay's `mfs_` secrets, `Authorization: Basic …`
//!   (MonEFlow's `clientId:secret`) and `Bearer …` (its client tokens), `clientToken=` and
//!   `accessToken`, Monnet's `monnet-api-key` header, its `signature=` and any `api_key`,
//!   `api_secret` or `secret` field;
//! - **shapes**: a token that looks like a secret wherever it appears: a run of 64 or more
//!   hexadecimal digits (the database key, an HMAC signature), padded base64 of 40 characters
//!   or more (Monnet's key and secret, 32 bytes each), and base64 of a JSON object (`eyJ…`,
//!   MonEFlow's client tokens).
//!
//! The shell's log writer passes every line through [`redact`]
//! (`src-tauri/src/logging.rs`), so this is the one list to extend for a new kind of secret.

use std::borrow::Cow;

/// Prefixes of secrets: the token that follows (without separators) is the secret.
const SECRET_PREFIXES: &[&str] = &[
    "sk_live_",
    "sk_test_",
    "mona_sk_sandbox_",
    "mona_sk_prod_",
    "mfs_",
    "signature=",
    "Basic ",
    "basic ",
    "Bearer ",
    "bearer ",
];

/// Labels (matched without regard to case) whose value is a secret: the label, then any of
/// `:`, `=`, `"`, `'` and spaces, then the secret.
const SECRET_LABELS: &[&str] = &[
    "monnet-api-key",
    "x-api-key",
    "api_key",
    "apikey",
    "api_secret",
    "apisecret",
    "secret",
    "clienttoken",
    "accesstoken",
    "private_key",
    "privatekey",
];

/// What replaces a secret.
const REDACTED: &str = "[redacted]";

/// Whether `c` can be part of a secret token (base64, base64url, hex, key alphabets).
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '/' | '=' | '.')
}

/// Replaces every secret in `text` by `[redacted]`, keeping the rest (and the markers, so a
/// reader still sees what was there). Text without secrets is returned borrowed.
pub fn redact(text: &str) -> Cow<'_, str> {
    let marked = redact_marked(text);
    match redact_shapes(&marked) {
        Cow::Borrowed(_) => marked,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

/// The earliest marker in `rest`: its position and where the secret after it starts.
fn next_marker(rest: &str, lower: &str) -> Option<(usize, usize)> {
    let prefixes = SECRET_PREFIXES
        .iter()
        .filter_map(|p| rest.find(p).map(|i| (i, i + p.len())));
    let labels = SECRET_LABELS.iter().filter_map(|l| {
        // a label names a secret only when a separator follows it (`secret: x`, not `secrets`)
        lower.match_indices(l).find_map(|(i, _)| {
            let after = &rest[i + l.len()..];
            let gap = after
                .find(|c: char| !matches!(c, ':' | '=' | '"' | '\'' | ' '))
                .unwrap_or(after.len());
            (gap > 0).then_some((i, i + l.len() + gap))
        })
    });
    prefixes.chain(labels).min_by_key(|(i, _)| *i)
}

fn redact_marked(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    let mut out = String::new();
    let mut start = 0;
    let mut changed = false;
    while let Some((_, body)) = next_marker(&text[start..], &lower[start..]) {
        let body = start + body;
        let len = text[body..]
            .find(|c: char| !token_char(c))
            .unwrap_or(text.len() - body);
        out.push_str(&text[start..body]);
        if len > 0 {
            out.push_str(REDACTED);
            changed = true;
        }
        start = body + len;
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[start..]);
    Cow::Owned(out)
}

/// Whether a whole token has the shape of a secret.
fn secret_shaped(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    let padded = body.len() < token.len() && token.len() - body.len() <= 2;
    let hex = token.len() >= 64 && token.chars().all(|c| c.is_ascii_hexdigit());
    let base64 = padded
        && body.len() >= 40
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_'));
    let json = token.starts_with("eyJ") && token.len() >= 20;
    hex || base64 || json
}

fn redact_shapes(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < text.len() {
        let Some(start) = text[i..].find(token_char).map(|s| i + s) else {
            break;
        };
        let end = text[start..]
            .find(|c: char| !token_char(c))
            .map_or(text.len(), |e| start + e);
        // a token is also read in pieces split by `=`, `.` and `/` (`key=<secret>`, a path)
        for piece in split_keep_padding(&text[start..end]) {
            let piece_start = piece.as_ptr() as usize - text.as_ptr() as usize;
            if piece_start >= copied && secret_shaped(piece) {
                out.push_str(&text[copied..piece_start]);
                out.push_str(REDACTED);
                copied = piece_start + piece.len();
            }
        }
        i = end;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The whole token first, then its pieces between `.`, `/` and `=` separators, each with the
/// `=` padding that ends it (the pieces of a secret-shaped whole are skipped by the caller).
fn split_keep_padding(token: &str) -> Vec<&str> {
    let mut pieces = vec![token];
    let bytes = token.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i <= bytes.len() {
        let sep = i == bytes.len() || matches!(bytes[i], b'.' | b'/' | b'=');
        if sep {
            let mut end = i;
            while end < bytes.len() && bytes[end] == b'=' {
                end += 1;
            }
            if end > start {
                pieces.push(&token[start..end]);
            }
            i = end.max(i + 1);
            start = i;
        } else {
            i += 1;
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_and_the_rest_kept() {
        let line = concat!("POST /v1/payments key=sk_live_", "fake_123 status=201");
        assert_eq!(
            redact(line),
            "POST /v1/payments key=sk_live_[redacted] status=201"
        );
        let line = "url=/api/v1/22/payouts?timestamp=1&signature=d6895bcc&x=1";
        assert_eq!(
            redact(line),
            "url=/api/v1/22/payouts?timestamp=1&signature=[redacted]&x=1"
        );
    }

    #[test]
    fn text_without_secrets_is_borrowed_unchanged() {
        for line in [
            "GET /pay/txn_1 200",
            "INFO desk_sync::engine: payout sent reference=PO-1 provider=monnet id=9f1c2a",
            "GET /v1/merchants/mf1001/payment_methods?customerId=cust-1 201",
            "the secrets were moved to the keychain",
            "2026-12-03T14:56:43.017757Z  INFO desk_core::sandbox_host: switched online=true",
        ] {
            assert!(matches!(redact(line), Cow::Borrowed(_)), "{line}");
        }
    }

    // Monnet's key and secret have no prefix: base64 of 32 bytes, found by their label and
    // by their shape.
    #[test]
    fn monnet_keys_are_redacted_by_label_and_by_shape() {
        let key = "SoSSp+5M4GrYfngfSE78lC2BzvUYQ0k8+i/iHg+bp54=";
        let secret = "P5yjICOFoE0kmJVMALeBRmoxuWXz0BJKuoSaIXEHTgE=";
        for line in [
            format!("headers {{\"monnet-api-key\": \"{key}\"}}"),
            format!("MonnetCredentials {{ api_key: {key}, api_secret: {secret} }}"),
            format!("keys {key} {secret}"),
            format!("hmac key={secret}&x=1"),
        ] {
            let out = redact(&line);
            assert!(!out.contains(key) && !out.contains(secret), "{out}");
            assert!(out.contains(REDACTED), "{out}");
        }
    }

    #[test]
    fn moneflow_basic_credentials_and_client_tokens_are_redacted() {
        let basic = "bWZwX3Rlc3RfYWJjZGVmOm1mc19zZWNyZXQ=";
        let line = format!("{{\"authorization\": \"Basic {basic}\"}}");
        assert_eq!(redact(&line), "{\"authorization\": \"Basic [redacted]\"}");
        let token = "eyJ2ZXJzaW9uIjoxLCJtZXJjaGFudElkIjoibWYxMDAxIn0";
        for line in [
            format!("Authorization: Bearer {token}"),
            format!("GET /sdk/card-fields?clientToken={token} 200"),
            format!("{{\"accessToken\":\"{token}\",\"expiresOn\":\"2026-12-03\"}}"),
            format!("token {token}"),
        ] {
            let out = redact(&line);
            assert!(!out.contains(token), "{out}");
        }
    }

    #[test]
    fn the_database_key_is_redacted_as_64_hex_digits() {
        let key = "9c1b5e7a2f4d6c8b0a1e3f5d7c9b2a4e6f8d0c2b4a6e8f0d2c4b6a8e0f2d4c6b";
        for line in [
            format!("PRAGMA key = \"x'{key}'\""),
            format!("opening with {key}"),
            format!("db_key={key}"),
        ] {
            let out = redact(&line);
            assert!(!out.contains(key), "{out}");
            assert!(!out.contains(&key[..40]), "no long part survives: {out}");
        }
    }
}
