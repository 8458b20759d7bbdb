//! Merchant Desk's core: the operations behind each Tauri command, written against plain
//! library types so they are tested without a window, a keychain or a network.
#![deny(missing_docs)]

pub mod error;
pub mod info;
pub mod redact;
pub mod settings;
pub mod views;

pub use error::{CoreError, Result};
pub use info::AppInfo;
pub use settings::{Settings, SettingsView};
