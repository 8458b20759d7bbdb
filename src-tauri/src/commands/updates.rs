//! `check_update`, `install_update` and `update_status`.

use desk_core::views::status::UpdateOffer;
use desk_core::views::updates::UpdateStatus;
use tauri::{AppHandle, State};

use crate::error::CommandError;
use crate::state::AppState;
use crate::updates::{self, PendingUpdate, Schedule};

/// Asks the release channel for an update; `None` when up to date or when the server could
/// not be reached (`update_status` tells which, and when the desk tries again).
#[tauri::command]
pub async fn check_update(
    app: AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
    schedule: State<'_, Schedule>,
) -> Result<Option<UpdateOffer>, CommandError> {
    let settings = state.desk.settings();
    updates::check(&app, &settings, &pending, &schedule).await
}

/// When the desk last looked for updates, when it looks next, and whether the update server
/// could be reached.
#[tauri::command]
pub async fn update_status(schedule: State<'_, Schedule>) -> Result<UpdateStatus, CommandError> {
    Ok(schedule.view())
}

/// Installs the update the merchant agreed to.
#[tauri::command]
pub async fn install_update(pending: State<'_, PendingUpdate>) -> Result<(), CommandError> {
    updates::install(&pending).await
}
