//! What every request must be (docs/provider-api.md, "What every request must be"): a body of
//! at most [`BODY_LIMIT`] bytes, currencies from the ISO 4217 table, and text free of control
//! and bidirectional-override characters. Each provider module refuses in its own shape.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::http::{Response, StatusCode};
use crate::reply;

/// The largest request body any provider takes: 64 KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Whether `c` may not appear in stored text: a control character (C0, DEL, C1: Unicode's
/// `Cc`) or a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069).
pub fn forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A string field of a body that holds a [`forbidden`] character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeText {
    /// The field's path (`beneficiary.name`, `items[2]`).
    pub field: String,
    /// The first forbidden character in it.
    pub ch: char,
}

impl UnsafeText {
    /// The refusal's sentence, naming the field and the character's code point.
    pub fn message(&self) -> String {
        format!(
            "{} holds a control or bidirectional-override character (U+{:04X}); remove it.",
            self.field, self.ch as u32
        )
    }
}

/// The first string in `body` (depth first) holding a [`forbidden`] character.
pub fn unsafe_text(body: &Value) -> Option<UnsafeText> {
    fn walk(v: &Value, path: &str) -> Option<UnsafeText> {
        match v {
            Value::String(s) => s.chars().find(|c| forbidden(*c)).map(|ch| UnsafeText {
                field: path.to_string(),
                ch,
            }),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, &format!("{path}[{i}]"))),
            Value::Object(map) => map.iter().find_map(|(k, v)| {
                let key = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(v, &key)
            }),
            _ => None,
        }
    }
    walk(body, "")
}

/// Whether `code` is an active ISO 4217 currency: in the table, upper case, neither
/// superseded nor one of the special `X` codes that are no money (`XXX`, `XTS`, `XAU`, …).
pub fn known_currency(code: &str) -> bool {
    iso_currency::Currency::from_code(code)
        .is_some_and(|c| !c.is_special() && c.is_superseded().is_none())
}

/// The refusal of an unknown currency, in the `{error: {code, message}}` shape.
pub fn check_currency(code: &str) -> Result<(), Response> {
    if known_currency(code) {
        return Ok(());
    }
    Err(reply::error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "currency must be an ISO 4217 code (NGN, EUR, MXN, …).",
    ))
}

/// Whether `id` is a customer id the providers take: 1 to 36 characters from
/// `[A-Za-z0-9_-]` (Braintree's rule; the desk's ids are `cus_` and 32 hex digits).
pub fn customer_id_ok(id: &str) -> bool {
    (1..=36).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The refusal of a customer id that is not [`customer_id_ok`], naming `field`.
pub fn check_customer_id(field: &str, id: &str) -> Result<(), Response> {
    if customer_id_ok(id) {
        return Ok(());
    }
    Err(reply::error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        &format!("{field} must be 1 to 36 letters, digits, '-' or '_' (cus_ and 32 hex digits)."),
    ))
}

/// A JSON body as the documented type `T`, once every string in it passed [`unsafe_text`];
/// refused otherwise in the `{error: {code, message}}` shape (Mona, Monei, MonEFlow Pay,
/// control). [`Req::checked`](crate::http::Req::checked) reads the body.
pub fn checked<T: DeserializeOwned>(value: Value) -> Result<T, Response> {
    if let Some(bad) = unsafe_text(&value) {
        return Err(reply::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &bad.message(),
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        reply::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("The body does not have the documented fields: {e}."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn control_and_bidi_characters_are_found_with_their_field() {
        for c in [
            '\0', '\u{1b}', '\n', '\u{7f}', '\u{85}', '\u{202e}', '\u{2066}',
        ] {
            let body = json!({ "a": "ok", "customer": { "name": format!("Ad{c}a") } });
            assert_eq!(
                unsafe_text(&body),
                Some(UnsafeText {
                    field: "customer.name".into(),
                    ch: c
                })
            );
        }
        let clean = json!({ "name": "María Ñúñez, 東京", "n": [1, "x"] });
        assert_eq!(unsafe_text(&clean), None);
    }

    #[test]
    fn only_active_iso_4217_codes_are_currencies() {
        for ok in ["NGN", "EUR", "MXN", "USD"] {
            assert!(known_currency(ok), "{ok}");
        }
        for bad in ["XYZ", "ngn", "XXX", "XTS", "XAU", "", "EURO"] {
            assert!(!known_currency(bad), "{bad}");
        }
    }
}
