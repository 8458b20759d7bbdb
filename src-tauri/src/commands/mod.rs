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
