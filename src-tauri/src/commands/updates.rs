//! `check_update` and `install_update`.

use desk_core::views::status::UpdateOffer;
use tauri::{AppHandle, State};

use crate::error::CommandError;
use crate::state::AppState;
use crate::updates::{self, PendingUpdate};

/// Asks the release channel for an update; `None` when up to date.
#[tauri::command]
pub async fn check_update(
    app: AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
) -> Result<Option<UpdateOffer>, CommandError> {
    let settings = state.desk.settings();
    updates::check(&app, &settings, &pending).await
}

/// Installs the update the merchant agreed to.
#[tauri::command]
pub async fn install_update(pending: State<'_, PendingUpdate>) -> Result<(), CommandError> {
    updates::install(&pending).await
}
