//! Where the desk keeps its files.

use std::path::PathBuf;

/// The app's directories (from Tauri's path resolver in the app, temporary ones in tests).
#[derive(Debug, Clone)]
pub struct DeskPaths {
    /// Settings.
    pub config_dir: PathBuf,
    /// The encrypted database and the sandbox's state.
    pub data_dir: PathBuf,
    /// Logs.
    pub log_dir: PathBuf,
}

impl DeskPaths {
    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.json")
    }

    /// The passphrase-protected vault, for merchants who opt into it.
    pub fn vault_file(&self) -> PathBuf {
        self.data_dir.join("secrets.vault")
    }
}
