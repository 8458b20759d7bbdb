//! Payout batches: import a file (its raw bytes, nothing stored), review, fix, drop or keep
//! rows, approve once, then follow the progress and save the result.
//!
//! Two commands: the import (a raw body) and `batches` for the rest, the request naming what
//! is asked: each Tauri command costs the binary several KB of glue, and the binary has a
//! size budget.

use desk_core::views::batches::{BatchApproval, BatchReview, BatchRowsQuery};
use desk_domain::PayoutDraft;
use serde::Deserialize;
use serde_json::Value;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, State};

use super::answer;
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

/// What the batch screen asks after the import, by name, with its arguments (read once per
/// call, so a large variant costs nothing worth boxing).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum BatchesRequest {
    /// The import in review, with the page of rows asked for.
    ReviewBatch { query: BatchRowsQuery },
    /// Replaces a row with the merchant's fix and checks it again.
    FixBatchRow {
        row: u32,
        draft: PayoutDraft,
        query: BatchRowsQuery,
    },
    /// Takes a row out of the import.
    DropBatchRow { row: u32, query: BatchRowsQuery },
    /// Keeps a row although it repeats another payout.
    KeepBatchRow { row: u32, query: BatchRowsQuery },
    /// Forgets the import in review.
    DiscardBatch,
    /// Queues the import as approved, all rows or none.
    QueueBatch { approval: BatchApproval },
    /// A queued batch and where its payouts are.
    BatchStatus { id: i64 },
    /// The latest batches of this environment.
    ListBatches,
    /// Writes a batch's result CSV into the Downloads folder; answers its path.
    SaveBatchResult { id: i64 },
    /// Writes the payout file template into the Downloads folder; answers its path.
    SaveBatchTemplate,
}

/// Everything about payout batches but the import, one request at a time.
#[tauri::command]
pub async fn batches(
    app: AppHandle,
    state: State<'_, AppState>,
    request: BatchesRequest,
) -> Result<Value, CommandError> {
    use BatchesRequest::*;
    let desk = &state.desk;
    match request {
        ReviewBatch { query } => answer(desk.review_batch(query)?),
        FixBatchRow { row, draft, query } => answer(desk.fix_batch_row(row, draft, query)?),
        DropBatchRow { row, query } => answer(desk.drop_batch_row(row, query)?),
        KeepBatchRow { row, query } => answer(desk.keep_batch_row(row, query)?),
        DiscardBatch => {
            desk.discard_batch();
            answer(())
        }
        QueueBatch { approval } => answer(desk.queue_batch(approval)?),
        BatchStatus { id } => answer(desk.batch_status(id)?),
        ListBatches => answer(desk.list_batches()?),
        SaveBatchResult { id } => {
            let dir = downloads(&app, &state);
            answer(desk.save_batch_result(id, &dir)?.display().to_string())
        }
        SaveBatchTemplate => {
            let dir = downloads(&app, &state);
            answer(desk.save_batch_template(&dir)?.display().to_string())
        }
    }
}

fn downloads(app: &AppHandle, state: &AppState) -> std::path::PathBuf {
    app.path()
        .download_dir()
        .unwrap_or_else(|_| state.desk.paths().data_dir.join("exports"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test may stop at the first surprise

    use super::*;

    // The UI's `ask("batches", command, args)` shapes, as api/invoke.ts sends them: the
    // command's name as the key of its arguments, or alone when it has none.
    #[test]
    fn the_ui_requests_read_as_the_commands_they_name() {
        let fix: BatchesRequest = serde_json::from_value(serde_json::json!({
            "fix_batch_row": { "row": 3, "draft": { "clabe": "646180110400000007" }, "query": { "filter": "all", "offset": 0, "limit": 200 } }
        }))
        .unwrap();
        let BatchesRequest::FixBatchRow { row, draft, query } = fix else {
            panic!("{fix:?}")
        };
        assert_eq!(
            (row, draft.clabe.as_str(), query.limit),
            (3, "646180110400000007", 200)
        );
        let list: BatchesRequest =
            serde_json::from_value(serde_json::json!("list_batches")).unwrap();
        assert!(matches!(list, BatchesRequest::ListBatches));
        let unknown =
            serde_json::from_value::<BatchesRequest>(serde_json::json!("delete_everything"));
        assert!(unknown.is_err());
    }
}
