//! Monthly statements: `statement_choices` and `save_statement`.

use desk_core::statements::{StatementChoices, StatementFormat};
use tauri::{AppHandle, Manager, State};

use crate::error::CommandError;
use crate::state::AppState;

/// The months and currencies of the desk's environment that have movements.
#[tauri::command]
pub async fn statement_choices(
    state: State<'_, AppState>,
) -> Result<StatementChoices, CommandError> {
    Ok(state.desk.statement_choices()?)
}

/// Writes the statement of `month` (`2026-11`) for `currency` as CSV or PDF into the Downloads
/// folder; returns the path.
#[tauri::command]
pub async fn save_statement(
    app: AppHandle,
    state: State<'_, AppState>,
    month: String,
    currency: String,
    format: StatementFormat,
) -> Result<String, CommandError> {
    let dir = app
        .path()
        .download_dir()
        .unwrap_or_else(|_| state.desk.paths().data_dir.join("statements"));
    Ok(state
        .desk
        .save_statement(&month, &currency, format, &dir)?
        .display()
        .to_string())
}
