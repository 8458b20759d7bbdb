//! What the app holds while it runs.

use std::sync::Arc;

use desk_core::views::status::SyncStatus;
use desk_core::{Desk, DeskPaths, Host};
use desk_vault::KeychainStore;
use tauri::{AppHandle, Emitter};
use time::OffsetDateTime;
use tokio::sync::watch;
use tracing_appender::non_blocking::WorkerGuard;

/// The app's state, managed by Tauri and handed to commands.
pub struct AppState {
    /// The core.
    pub desk: Arc<Desk>,
    _log_guard: WorkerGuard,
    _stop_sync: watch::Sender<bool>,
}

/// The keychain service: release and development builds never share keys. Debug builds may
/// name another (tests give each run its own).
fn keychain_service() -> String {
    let debug_override = cfg!(debug_assertions)
        .then(|| std::env::var("DESK_KEYCHAIN_SERVICE").ok())
        .flatten();
    debug_override.unwrap_or_else(|| {
        if cfg!(debug_assertions) {
            "merchant-desk-dev"
        } else {
            "merchant-desk"
        }
        .into()
    })
}

impl AppState {
    /// Opens the core, opens the database while the window loads, and starts the sync loop
    /// off the start-up path.
    pub fn open(
        paths: DeskPaths,
        app: AppHandle,
        log_guard: WorkerGuard,
    ) -> desk_core::Result<Self> {
        let secrets = Arc::new(KeychainStore::new(keychain_service()));
        let desk = Arc::new(Desk::open(paths, Arc::new(TauriHost(app)), secrets)?);
        let warm = desk.clone();
        std::thread::spawn(move || warm.warm_up());
        let (stop, stop_rx) = watch::channel(false);
        let sync = desk.clone();
        tauri::async_runtime::spawn(async move {
            // Let the window paint first: nothing here is needed for the first screen.
            tokio::time::sleep(std::time::Duration::from_millis(800)).await;
            sync.run_sync(stop_rx).await;
        });
        Ok(Self {
            desk,
            _log_guard: log_guard,
            _stop_sync: stop,
        })
    }
}

/// The core's host inside Tauri: the system clock, events to the window and OS notifications.
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

    fn notify(&self, notification: &desk_core::host::OsNotification) {
        crate::notify::show(&self.0, notification);
    }
}
