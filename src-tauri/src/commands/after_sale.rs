//! After the sale: refunds, captures and voids (reviewed, confirmed, sent exactly once by the
//! engine), what a payment's detail offers, and receipts saved as PDF.

use desk_core::views::after_sale::{
    AfterSaleRequest, AfterSaleResult, AfterSaleReview, PaymentActions,
};
use desk_core::views::checkout::Confirmation;
use tauri::{AppHandle, Manager, State};

use crate::error::CommandError;
use crate::state::AppState;

/// What a payment's detail offers (refund, capture, void) with its net figures.
#[tauri::command]
pub async fn payment_actions(
    state: State<'_, AppState>,
    payment_id: String,
) -> Result<PaymentActions, CommandError> {
    Ok(state.desk.payment_actions(&payment_id)?)
}

/// Reads and checks a refund, capture or void without sending anything.
#[tauri::command]
pub async fn review_after_sale(
    state: State<'_, AppState>,
    request: AfterSaleRequest,
) -> Result<AfterSaleReview, CommandError> {
    Ok(state.desk.review_after_sale(&request)?)
}

/// Commits a reviewed refund, capture or void and sends it through the engine (queued when
/// the provider cannot be reached).
#[tauri::command]
pub async fn create_after_sale(
    state: State<'_, AppState>,
    request: AfterSaleRequest,
    confirmation: Confirmation,
) -> Result<AfterSaleResult, CommandError> {
    Ok(state.desk.create_after_sale(request, confirmation).await?)
}

/// A refund, capture or void as it stands (looked up if in doubt, never sent twice).
#[tauri::command]
pub async fn after_sale_status(
    state: State<'_, AppState>,
    id: String,
) -> Result<AfterSaleResult, CommandError> {
    Ok(state.desk.after_sale_status(&id).await?)
}

/// Writes the receipt of a payment, refund or payout as a PDF into the Downloads folder;
/// returns the path.
#[tauri::command]
pub async fn save_receipt(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<String, CommandError> {
    let dir = app
        .path()
        .download_dir()
        .unwrap_or_else(|_| state.desk.paths().data_dir.join("receipts"));
    Ok(state.desk.save_receipt(&id, &dir)?.display().to_string())
}
