//! Customers: the list and a customer's page, new customers by hand, their saved cards
//! (charged exactly once by the engine, or removed), recurring collections (created through
//! the engine, consented in Mona's page, cancelled) and identity verification.

use desk_core::views::checkout::{CheckoutResult, Confirmation};
use desk_core::views::customers::{
    CancelResult, CardChargeRequest, CardChargeReview, CollectionRequest, CollectionReview,
    CollectionSession, CustomerDetail, CustomerDraft, CustomerItem, CustomerPage,
    VerificationSession,
};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Customers whose name or email match `text`, email masked, in pages.
#[tauri::command]
pub async fn search_customers(
    state: State<'_, AppState>,
    text: String,
    offset: u32,
    limit: u32,
) -> Result<CustomerPage, CommandError> {
    Ok(state.desk.search_customers(&text, offset, limit)?)
}

/// A customer's page: providers, saved cards, collections, verification, history.
#[tauri::command]
pub async fn get_customer(
    state: State<'_, AppState>,
    id: String,
) -> Result<CustomerDetail, CommandError> {
    Ok(state.desk.customer(&id).await?)
}

/// Records a customer entered by hand.
#[tauri::command]
pub async fn add_customer(
    state: State<'_, AppState>,
    draft: CustomerDraft,
) -> Result<CustomerItem, CommandError> {
    Ok(state.desk.add_customer(&draft)?)
}

/// Reads and checks a charge of a saved card without sending anything.
#[tauri::command]
pub async fn review_card_charge(
    state: State<'_, AppState>,
    request: CardChargeRequest,
) -> Result<CardChargeReview, CommandError> {
    Ok(state.desk.review_card_charge(&request)?)
}

/// Charges a reviewed saved card through the engine (follow it with `checkout_status`).
#[tauri::command]
pub async fn charge_saved_card(
    state: State<'_, AppState>,
    request: CardChargeRequest,
    confirmation: Confirmation,
) -> Result<CheckoutResult, CommandError> {
    Ok(state.desk.charge_saved_card(request, confirmation).await?)
}

/// Removes a saved card at MonEFlow Pay, then here.
#[tauri::command]
pub async fn remove_saved_card(
    state: State<'_, AppState>,
    customer_id: String,
    card_id: i64,
) -> Result<(), CommandError> {
    Ok(state.desk.remove_saved_card(&customer_id, card_id).await?)
}

/// Reads and checks a collection form without sending anything.
#[tauri::command]
pub async fn review_collection(
    state: State<'_, AppState>,
    request: CollectionRequest,
) -> Result<CollectionReview, CommandError> {
    Ok(state.desk.review_collection(&request)?)
}

/// Creates a reviewed collection through the engine; returns Mona's consent page.
#[tauri::command]
pub async fn create_collection(
    state: State<'_, AppState>,
    request: CollectionRequest,
    confirmation: Confirmation,
) -> Result<CollectionSession, CommandError> {
    Ok(state.desk.create_collection(request, confirmation).await?)
}

/// A collection as it stands, read back from Mona.
#[tauri::command]
pub async fn collection_status(
    state: State<'_, AppState>,
    id: String,
) -> Result<CollectionSession, CommandError> {
    Ok(state.desk.collection_status(&id).await?)
}

/// Cancels a collection through the engine.
#[tauri::command]
pub async fn cancel_collection(
    state: State<'_, AppState>,
    id: String,
) -> Result<CancelResult, CommandError> {
    Ok(state.desk.cancel_collection(&id).await?)
}

/// Asks Mona to verify a customer's identity; returns Mona's page.
#[tauri::command]
pub async fn start_verification(
    state: State<'_, AppState>,
    customer_id: String,
) -> Result<VerificationSession, CommandError> {
    Ok(state.desk.start_verification(&customer_id).await?)
}

/// A customer's verification read back from Mona.
#[tauri::command]
pub async fn verification_status(
    state: State<'_, AppState>,
    customer_id: String,
) -> Result<VerificationSession, CommandError> {
    Ok(state.desk.verification_status(&customer_id).await?)
}
