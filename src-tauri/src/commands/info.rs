//! `app_info`: name, version and active environment.

use desk_core::AppInfo;
use tauri::State;

use crate::state::AppState;

/// Reports the app's name, version and active environment.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo::new(env!("CARGO_PKG_VERSION"), state.desk.environment())
}
