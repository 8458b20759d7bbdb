//! The one error shape every command returns to the UI:
//! `{ code, message, messageCode, params, fields }`.
//!
//! `code` is the kind of error the UI may branch on; `message` is a sentence for the merchant
//! in the desk's language. When the sentence is one of the message catalog (`ui/messages`),
//! `messageCode` and `params` say which, and the UI renders it itself (docs/i18n.md). Internal
//! detail (paths, provider bodies) stays in the log and never reaches the UI.

use std::collections::BTreeMap;

use desk_domain::FieldError;
use desk_i18n::Message;
use serde::Serialize;

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CommandError {
    /// A stable code the UI may branch on (`errors.validation`, `errors.internal`, …).
    pub code: &'static str,
    /// A sentence the merchant can read, in the desk's language.
    pub message: String,
    /// The code of `message` in the message catalog, when it has one.
    pub message_code: Option<String>,
    /// The parameters of `message_code`, by placeholder name.
    pub params: BTreeMap<String, String>,
    /// Per-field problems for forms (empty otherwise).
    pub fields: Vec<FieldError>,
}

impl CommandError {
    /// An error with a code and a sentence not in the catalog, and no field errors (prefer
    /// [`CommandError::said`]).
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            message_code: None,
            params: BTreeMap::new(),
            fields: Vec::new(),
        }
    }

    /// An error with a code and a sentence of the catalog, rendered in the desk's language.
    pub fn said(code: &'static str, message: &Message) -> Self {
        Self {
            code,
            message: message.to_string(),
            message_code: Some(message.code().to_string()),
            params: message.params(),
            fields: Vec::new(),
        }
    }
}

impl From<desk_core::CoreError> for CommandError {
    fn from(e: desk_core::CoreError) -> Self {
        let code = e.code();
        match e {
            desk_core::CoreError::Invalid(fields) => Self {
                fields,
                ..Self::said(code, &Message::new("errors.validation"))
            },
            e if e.is_user_facing() => match e.message() {
                Some(m) => Self::said(code, m),
                None => Self::new(code, e.to_string()),
            },
            e => {
                tracing::error!(error = %e, "command failed");
                Self::said(code, &Message::new("errors.internal"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The UI reads exactly these keys; a rename breaks every error message on screen.
    #[test]
    fn serialises_to_the_shape_the_ui_reads() {
        let e = CommandError::from(desk_core::CoreError::Invalid(vec![
            FieldError::msg("clabe", desk_i18n::msg!("clabe.length", count = 17)),
            FieldError::new("reference", "Not in the catalog."),
        ]));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "errors.validation",
                "message": "Some fields need attention.",
                "messageCode": "errors.validation",
                "params": {},
                "fields": [
                    {"field": "clabe", "code": "clabe.length", "params": {"count": "17"},
                     "message": "A CLABE has 18 digits; this one has 17."},
                    {"field": "reference", "code": null, "params": {},
                     "message": "Not in the catalog."}
                ]
            })
        );
    }

    #[test]
    fn a_catalog_sentence_of_the_core_crosses_with_its_code_and_parameters() {
        let e = CommandError::from(desk_core::CoreError::not_found(desk_i18n::msg!(
            "errors.record_not_found",
            id = "tx_9"
        )));
        assert_eq!(e.code, "errors.not_found");
        assert_eq!(e.message, "No record tx_9 in the history.");
        assert_eq!(e.message_code.as_deref(), Some("errors.record_not_found"));
        assert_eq!(e.params["id"], "tx_9");
        let internal = CommandError::from(desk_core::CoreError::Storage("disk".into()));
        assert_eq!(internal.message_code.as_deref(), Some("errors.internal"));
        assert!(!internal.message.contains("disk"));
    }
}
