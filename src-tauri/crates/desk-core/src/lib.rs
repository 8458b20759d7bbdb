//! Merchant Desk's core: the operations behind each Tauri command, written against plain
//! library types and a small [`Host`] trait, so they are tested without a window, a keychain
//! or a network.
#![deny(missing_docs)]

pub mod desk;
pub mod error;
pub mod host;
pub mod info;
pub mod paths;
pub mod redact;
pub mod settings;
pub mod views;

pub use desk::Desk;
pub use error::{CoreError, Result};
pub use host::Host;
pub use info::AppInfo;
pub use paths::DeskPaths;
pub use settings::{Settings, SettingsView};
