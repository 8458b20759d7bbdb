//! What the app holds while it runs.

use std::sync::Arc;

use desk_core::views::status::SyncStatus;
use desk_core::{Desk, DeskPaths, Host};
use tauri::{AppHandle, Emitter};
use time::OffsetDateTime;
use tracing_appender::non_blocking::WorkerGuard;

/// The app's state, managed by Tauri and handed to commands.
pub struct AppState {
    /// The core.
    pub desk: Arc<Desk>,
    _log_guard: WorkerGuard,
}

impl AppState {
    /// Opens the core; keeps the log writer alive as long as the app.
    pub fn open(
        paths: DeskPaths,
        app: AppHandle,
        log_guard: WorkerGuard,
    ) -> desk_core::Result<Self> {
        let desk = Desk::open(paths, Arc::new(TauriHost(app)))?;
        Ok(Self {
            desk: Arc::new(desk),
            _log_guard: log_guard,
        })
    }
}

/// The core's host inside Tauri: the system clock and events to the window.
struct TauriHost(AppHandle);

impl Host for TauriHost {
    fn now(&self) -> OffsetDateTime {
        desk_core::host::system_now()
    }

    fn sync_progress(&self, status: &SyncStatus) {
        if let Err(e) = self.0.emit("sync:progress", status) {
            tracing::warn!(error = %e, "could not send sync progress to the window");
        }
    }
}
