//! The day at a glance.

use desk_core::views::summary::DaySummaryView;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Totals taken, refunded and paid out today, in the last 7 and 30 days (per currency and
/// per provider), each currency day by day, and what needs the merchant.
#[tauri::command]
pub async fn day_summary(state: State<'_, AppState>) -> Result<DaySummaryView, CommandError> {
    Ok(state.desk.day_summary()?)
}
