//! What the app holds while it runs.

use std::path::Path;

use desk_core::Settings;
use tracing_appender::non_blocking::WorkerGuard;

/// The app's state, managed by Tauri and handed to commands.
pub struct AppState {
    settings: Settings,
    _log_guard: WorkerGuard,
}

impl AppState {
    /// Loads the settings from `config_dir`; keeps the log writer alive as long as the app.
    pub fn load(config_dir: &Path, log_guard: WorkerGuard) -> desk_core::Result<Self> {
        let settings = Settings::load(&config_dir.join("settings.json"))?;
        Ok(Self {
            settings,
            _log_guard: log_guard,
        })
    }

    /// The current settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}
