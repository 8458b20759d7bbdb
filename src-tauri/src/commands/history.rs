//! History, sync and the sandbox network switch.

use desk_core::views::history::Notice;
use desk_core::views::history::{HistoryDetail, HistoryPage, HistoryQuery};
use desk_core::views::status::SyncStatus;
use tauri::{AppHandle, Manager, State};

use crate::error::CommandError;
use crate::state::AppState;

/// A filtered page of the history.
#[tauri::command]
pub async fn list_history(
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<HistoryPage, CommandError> {
    Ok(state.desk.list_history(&query)?)
}

/// One record with its status timeline, as the merchant opens it (its notices are read).
#[tauri::command]
pub async fn history_detail(
    state: State<'_, AppState>,
    id: String,
) -> Result<HistoryDetail, CommandError> {
    Ok(state.desk.open_record(&id)?)
}

/// Refused, reversed or conflicting money movements not opened yet, newest first.
#[tauri::command]
pub async fn list_notices(state: State<'_, AppState>) -> Result<Vec<Notice>, CommandError> {
    Ok(state.desk.notices()?)
}

/// Writes the filtered history as CSV into the Downloads folder; returns the path.
#[tauri::command]
pub async fn export_history_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<String, CommandError> {
    let dir = app
        .path()
        .download_dir()
        .unwrap_or_else(|_| state.desk.paths().data_dir.join("exports"));
    Ok(state
        .desk
        .export_history_csv(&query, &dir)?
        .display()
        .to_string())
}

/// The sync engine's state now.
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, CommandError> {
    Ok(state.desk.sync_status())
}

/// Runs a sync pass now and returns the state after it.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Result<SyncStatus, CommandError> {
    Ok(state.desk.sync_pass().await?)
}

/// Sandbox only: simulates the network going down or coming back.
#[tauri::command]
pub async fn set_sandbox_network(
    state: State<'_, AppState>,
    online: bool,
) -> Result<SyncStatus, CommandError> {
    state.desk.set_sandbox_network(online).await?;
    Ok(state
        .desk
        .sync_pass()
        .await
        .unwrap_or_else(|_| state.desk.sync_status()))
}
