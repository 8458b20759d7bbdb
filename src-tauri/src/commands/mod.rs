//! Tauri commands: each parses its input, calls one core function and maps the error.

pub mod info;
pub mod settings;
pub mod updates;
