//! The one error shape every command returns to the UI: `{ code, message, fields }`.
//!
//! The message is a sentence meant for the merchant. Internal detail (paths, provider bodies)
//! stays in the log and never reaches the UI.

use desk_domain::FieldError;
use serde::Serialize;

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CommandError {
    /// A stable code the UI may branch on (`errors.validation`, `errors.internal`, …).
    pub code: &'static str,
    /// A sentence the merchant can read.
    pub message: String,
    /// Per-field problems for forms (empty otherwise).
    pub fields: Vec<FieldError>,
}

impl CommandError {
    /// An error with a code and a sentence for the merchant, and no field errors.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

impl From<desk_core::CoreError> for CommandError {
    fn from(e: desk_core::CoreError) -> Self {
        let code = e.code();
        match e {
            desk_core::CoreError::Invalid(fields) => Self {
                code,
                message: "Some fields need attention.".into(),
                fields,
            },
            e if e.is_user_facing() => Self::new(code, e.to_string()),
            e => {
                tracing::error!(error = %e, "command failed");
                Self::new(
                    code,
                    "Something went wrong on this computer; the details are in the log.",
                )
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
        let e = CommandError::from(desk_core::CoreError::Invalid(vec![FieldError::new(
            "clabe",
            "A CLABE has 18 digits.",
        )]));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "errors.validation",
                "message": "Some fields need attention.",
                "fields": [{"field": "clabe", "message": "A CLABE has 18 digits."}]
            })
        );
    }
}
