//! Checkout and payouts.

use desk_core::views::checkout::{
    CheckoutRequest, CheckoutResult, CheckoutSession, NonceSubmission,
};
use desk_core::views::history::PayoutReview;
use desk_core::views::payouts::QueuedPayout;
use desk_domain::PayoutDraft;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Creates the provider resource and returns what the SDK page needs (public values only).
#[tauri::command]
pub async fn create_checkout(
    state: State<'_, AppState>,
    request: CheckoutRequest,
) -> Result<CheckoutSession, CommandError> {
    Ok(state.desk.create_checkout(request).await?)
}

/// Turns a MonEFlow one-time nonce into a payment.
#[tauri::command]
pub async fn submit_nonce(
    state: State<'_, AppState>,
    submission: NonceSubmission,
) -> Result<CheckoutResult, CommandError> {
    Ok(state.desk.submit_nonce(submission).await?)
}

/// Reads a checkout's outcome from the provider.
#[tauri::command]
pub async fn checkout_status(
    state: State<'_, AppState>,
    local_id: String,
) -> Result<CheckoutResult, CommandError> {
    Ok(state.desk.checkout_status(&local_id).await?)
}

/// Validates a payout draft field by field, storing nothing.
#[tauri::command]
pub async fn review_payout(
    state: State<'_, AppState>,
    draft: PayoutDraft,
) -> Result<PayoutReview, CommandError> {
    Ok(state.desk.review_payout(&draft))
}

/// Queues a validated payout; production needs `confirmed`.
#[tauri::command]
pub async fn create_payout(
    state: State<'_, AppState>,
    draft: PayoutDraft,
    confirmed: bool,
) -> Result<QueuedPayout, CommandError> {
    Ok(state.desk.create_payout(&draft, confirmed)?)
}
