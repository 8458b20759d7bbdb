//! Payout batches: import a file (its raw bytes, nothing stored), review, fix, drop or keep
//! rows, approve once, then follow the progress and save the result.

use desk_core::views::batches::{BatchApproval, BatchReview, BatchRowsQuery, BatchStatus};
use desk_domain::PayoutDraft;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Reads a payout file sent as the request's raw body, its name in the `x-file-name` header
/// (URI-encoded); replaces any import in review.
#[tauri::command]
pub async fn import_batch(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<BatchReview, CommandError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(desk_core::CoreError::field("batch", "Choose a CSV file to import.").into());
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default();
    Ok(state.desk.import_batch(&name, bytes)?)
}

/// The import in review, with the page of rows asked for.
#[tauri::command]
pub async fn review_batch(
    state: State<'_, AppState>,
    query: BatchRowsQuery,
) -> Result<BatchReview, CommandError> {
    Ok(state.desk.review_batch(query)?)
}

/// Replaces a row with the merchant's fix and checks it again.
#[tauri::command]
pub async fn fix_batch_row(
    state: State<'_, AppState>,
    row: u32,
    draft: PayoutDraft,
    query: BatchRowsQuery,
) -> Result<BatchReview, CommandError> {
    Ok(state.desk.fix_batch_row(row, draft, query)?)
}

/// Takes a row out of the import.
#[tauri::command]
pub async fn drop_batch_row(
    state: State<'_, AppState>,
    row: u32,
    query: BatchRowsQuery,
) -> Result<BatchReview, CommandError> {
    Ok(state.desk.drop_batch_row(row, query)?)
}

/// Keeps a row although it repeats another payout.
#[tauri::command]
pub async fn keep_batch_row(
    state: State<'_, AppState>,
    row: u32,
    query: BatchRowsQuery,
) -> Result<BatchReview, CommandError> {
    Ok(state.desk.keep_batch_row(row, query)?)
}

/// Forgets the import in review.
#[tauri::command]
pub async fn discard_batch(state: State<'_, AppState>) -> Result<(), CommandError> {
    state.desk.discard_batch();
    Ok(())
}

/// Queues the import as approved, all rows or none.
#[tauri::command]
pub async fn queue_batch(
    state: State<'_, AppState>,
    approval: BatchApproval,
) -> Result<BatchStatus, CommandError> {
    Ok(state.desk.queue_batch(approval)?)
}

/// A queued batch and where its payouts are.
#[tauri::command]
pub async fn batch_status(
    state: State<'_, AppState>,
    id: i64,
) -> Result<BatchStatus, CommandError> {
    Ok(state.desk.batch_status(id)?)
}

/// The latest batches of this environment.
#[tauri::command]
pub async fn list_batches(state: State<'_, AppState>) -> Result<Vec<BatchStatus>, CommandError> {
    Ok(state.desk.list_batches()?)
}

/// Writes a batch's result CSV into the Downloads folder; returns its path.
#[tauri::command]
pub async fn save_batch_result(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<String, CommandError> {
    let dir = downloads(&app, &state);
    Ok(state
        .desk
        .save_batch_result(id, &dir)?
        .display()
        .to_string())
}

/// Writes the payout file template into the Downloads folder; returns its path.
#[tauri::command]
pub async fn save_batch_template(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<String, CommandError> {
    let dir = downloads(&app, &state);
    Ok(state.desk.save_batch_template(&dir)?.display().to_string())
}

fn downloads(app: &AppHandle, state: &AppState) -> std::path::PathBuf {
    app.path()
        .download_dir()
        .unwrap_or_else(|_| state.desk.paths().data_dir.join("exports"))
}
