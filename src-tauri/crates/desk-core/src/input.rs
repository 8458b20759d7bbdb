//! The command boundary's first check: every text the UI sends is bounded in length and free
//! of control characters, and every number is in range, before anything reads or stores it.
//! A refusal is a field error with a sentence; nothing is stored.

use desk_domain::{FieldError, PayoutDraft};

use crate::error::{CoreError, Result};
use crate::views::credentials::CredentialInput;
use crate::views::history::HistoryQuery;

/// The largest amount in minor units any filter or limit may name (a trillion major units).
pub const MAX_MINOR: i64 = 100_000_000_000_000;

/// `value` is at most `max` characters and has no control characters.
pub fn text(field: &str, value: &str, max: usize) -> Result<()> {
    problem(field, value, max).map_or(Ok(()), |f| Err(CoreError::Invalid(vec![f])))
}

fn problem(field: &str, value: &str, max: usize) -> Option<FieldError> {
    // Counting stops at the first character past the limit: a 10 MB string costs no more.
    if value.chars().take(max + 1).count() > max {
        return Some(FieldError::new(
            field,
            format!("This is too long: keep it under {max} characters."),
        ));
    }
    value.chars().any(char::is_control).then(|| {
        FieldError::new(
            field,
            "Remove line breaks, tabs and other control characters.",
        )
    })
}

/// Every field of a payout draft, checked for length and characters (the domain then checks
/// what each means).
pub fn payout_draft(d: &PayoutDraft) -> Result<()> {
    let fields = [
        ("country", &d.country, 8),
        ("amount", &d.amount, 32),
        ("currency", &d.currency, 8),
        ("orderId", &d.order_id, 64),
        ("description", &d.description, 280),
        ("firstName", &d.first_name, 160),
        ("lastName", &d.last_name, 160),
        ("email", &d.email, 320),
        ("documentType", &d.document_type, 16),
        ("documentNumber", &d.document_number, 40),
        ("clabe", &d.clabe, 40),
        ("bankCode", &d.bank_code, 8),
    ];
    let errors: Vec<FieldError> = fields
        .into_iter()
        .filter_map(|(f, v, max)| problem(f, v, max))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// A history filter: bounded texts, amounts from zero to [`MAX_MINOR`].
pub fn history_query(q: &HistoryQuery) -> Result<()> {
    for (field, value, max) in [
        ("status", &q.status, 32),
        ("from", &q.from, 40),
        ("to", &q.to, 40),
        ("text", &q.text, 200),
        ("cursor", &q.cursor, 200),
    ] {
        if let Some(v) = value {
            text(field, v, max)?;
        }
    }
    for (field, value) in [("minMinor", q.min_minor), ("maxMinor", q.max_minor)] {
        if value.is_some_and(|v| !(0..=MAX_MINOR).contains(&v)) {
            return Err(CoreError::field(
                field,
                "An amount filter is from zero to a trillion.",
            ));
        }
    }
    Ok(())
}

/// Keys and ids as pasted: no provider's is longer than a few hundred characters.
pub fn credentials(input: &CredentialInput) -> Result<()> {
    let values: Vec<(&str, &String)> = match input {
        CredentialInput::Mona {
            private_key,
            public_key,
            ..
        } => {
            vec![("privateKey", private_key), ("publicKey", public_key)]
        }
        CredentialInput::Monei { api_key, .. } => vec![("apiKey", api_key)],
        CredentialInput::Moneflow {
            merchant_id,
            client_id,
            secret,
            ..
        } => {
            vec![
                ("merchantId", merchant_id),
                ("clientId", client_id),
                ("secret", secret),
            ]
        }
        CredentialInput::Monnet {
            merchant_id,
            api_key,
            api_secret,
            ..
        } => {
            vec![
                ("merchantId", merchant_id),
                ("apiKey", api_key),
                ("apiSecret", api_secret),
            ]
        }
    };
    values.into_iter().try_for_each(|(f, v)| text(f, v, 512))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ten_megabyte_string_and_a_control_character_are_refused_with_a_sentence() {
        let huge = "a".repeat(10 * 1024 * 1024);
        match text("description", &huge, 200) {
            Err(CoreError::Invalid(f)) => assert!(f[0].message.contains("200 characters")),
            other => panic!("{other:?}"),
        }
        assert!(text("description", "two\nlines", 200).is_err());
        assert!(text("description", "Café für 2 €", 200).is_ok());
        let q = HistoryQuery {
            min_minor: Some(-1),
            ..HistoryQuery::default()
        };
        assert!(history_query(&q).is_err());
        let q = HistoryQuery {
            max_minor: Some(i64::MAX),
            ..HistoryQuery::default()
        };
        assert!(history_query(&q).is_err());
    }
}
