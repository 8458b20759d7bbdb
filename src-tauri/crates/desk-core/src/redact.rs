//! Redaction of anything that looks like a provider secret from text bound for a log line.

use std::borrow::Cow;

/// Prefixes of provider secrets that must never reach a log (the key body follows them).
const SECRET_PREFIXES: &[&str] = &[
    "sk_live_",
    "sk_test_",
    "mona_sk_sandbox_",
    "mona_sk_prod_",
    "mfs_",
    "signature=",
];

/// Replaces the body of every token that starts with a known secret prefix by `[redacted]`.
pub fn redact(text: &str) -> Cow<'_, str> {
    if !SECRET_PREFIXES.iter().any(|p| text.contains(p)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((pos, prefix)) = SECRET_PREFIXES
        .iter()
        .filter_map(|p| rest.find(p).map(|i| (i, *p)))
        .min_by_key(|(i, _)| *i)
    {
        out.push_str(&rest[..pos + prefix.len()]);
        out.push_str("[redacted]");
        let after = &rest[pos + prefix.len()..];
        let end = after
            .find(|c: char| {
                !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '/' | '='))
            })
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_and_the_rest_kept() {
        let line = "POST /v1/payments key=sk_live_fake_123 status=201";
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
        assert!(matches!(redact("GET /pay/txn_1 200"), Cow::Borrowed(_)));
    }
}
