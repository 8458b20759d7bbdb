//! Tauri commands: each parses its input, calls one core function and maps the error.

pub mod after_sale;
pub mod batches;
pub mod beneficiaries;
pub mod customers;
pub mod history;
pub mod info;
pub mod money;
pub mod onboarding;
pub mod settings;
pub mod statements;
pub mod summary;
pub mod updates;
pub mod vault;

/// A feature command's answer as JSON (the features that share one command answer several
/// types).
pub(crate) fn answer(
    value: impl serde::Serialize,
) -> Result<serde_json::Value, crate::error::CommandError> {
    serde_json::to_value(value).map_err(|e| {
        tracing::error!(error = %e, "an answer could not be written");
        crate::error::CommandError::new(
            "errors.internal",
            "The desk could not answer; see the log.",
        )
    })
}
