//! `app_info`: name, version and active environment.

use desk_core::AppInfo;
use tauri::State;

use crate::state::AppState;

/// Reports the app's name, version and active environment.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    let desk = &state.desk;
    AppInfo::new(env!("CARGO_PKG_VERSION"), desk.environment())
        .speaking(desk.settings().language, desk.amount_locale())
}
