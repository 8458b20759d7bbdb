//! `get_settings`, `set_environment`, `update_settings`.

use desk_core::{Settings, SettingsView};
use desk_domain::Environment;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// The settings and where files live.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsView, CommandError> {
    Ok(state.desk.settings_view())
}

/// Switches environment; production needs `confirmed`.
#[tauri::command]
pub async fn set_environment(
    state: State<'_, AppState>,
    environment: Environment,
    confirmed: bool,
) -> Result<SettingsView, CommandError> {
    Ok(state.desk.set_environment(environment, confirmed)?)
}

/// Saves update and sandbox preferences.
#[tauri::command]
pub async fn update_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<SettingsView, CommandError> {
    Ok(state.desk.update_settings(settings)?)
}
