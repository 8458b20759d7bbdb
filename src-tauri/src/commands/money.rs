//! Checkout and payouts: every amount is read by the core in the desk's locale, reviewed, and
//! confirmed before money moves.

use desk_core::views::checkout::{
    AmountReading, CheckoutRequest, CheckoutResult, CheckoutReview, CheckoutSession, Confirmation,
    NonceSubmission,
};
use desk_core::views::history::PayoutReview;
use desk_core::views::payouts::QueuedPayout;
use desk_domain::PayoutDraft;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Reads an amount as the merchant types it, storing nothing.
#[tauri::command]
pub async fn read_amount(
    state: State<'_, AppState>,
    text: String,
    currency: String,
) -> Result<AmountReading, CommandError> {
    Ok(state.desk.read_amount(&text, &currency))
}

/// What the desk read from a checkout form, before anything is created.
#[tauri::command]
pub async fn review_checkout(
    state: State<'_, AppState>,
    request: CheckoutRequest,
) -> Result<CheckoutReview, CommandError> {
    Ok(state.desk.review_checkout(&request)?)
}

/// Creates a reviewed checkout through the exactly-once engine; returns what the SDK page
/// needs (public values only), or that the outcome is being checked.
#[tauri::command]
pub async fn create_checkout(
    state: State<'_, AppState>,
    request: CheckoutRequest,
    confirmation: Confirmation,
) -> Result<CheckoutSession, CommandError> {
    Ok(state.desk.create_checkout(request, confirmation).await?)
}

/// A checkout as it stands, its charge moved on first (never sent twice).
#[tauri::command]
pub async fn resume_checkout(
    state: State<'_, AppState>,
    local_id: String,
) -> Result<CheckoutSession, CommandError> {
    Ok(state.desk.session(&local_id).await?)
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

/// Queues a reviewed payout; production and amounts above the limit need `confirmation`.
#[tauri::command]
pub async fn create_payout(
    state: State<'_, AppState>,
    draft: PayoutDraft,
    confirmation: Confirmation,
) -> Result<QueuedPayout, CommandError> {
    Ok(state.desk.create_payout(&draft, confirmation)?)
}
