//! Customers: the list and a customer's page, new customers by hand, their saved cards
//! (charged exactly once by the engine, or removed), recurring collections (created through
//! the engine, consented in Mona's page, cancelled) and identity verification.
//!
//! One command for the whole feature (`customers`, the request naming what is asked): each
//! Tauri command costs the binary several KB of glue, and the binary has a size budget.

use desk_core::views::checkout::Confirmation;
use desk_core::views::customers::{CardChargeRequest, CollectionRequest, CustomerDraft};
use serde::Deserialize;
use serde_json::Value;
use tauri::State;

use super::answer;
use crate::error::CommandError;
use crate::state::AppState;

/// What the customers screen asks, by name, with its arguments (read once per call, so a
/// large variant costs nothing worth boxing).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum CustomersRequest {
    /// Customers whose name or email match `text`, email masked, in pages.
    SearchCustomers {
        text: String,
        offset: u32,
        limit: u32,
    },
    /// One customer's page: providers, cards, collections, verification and history.
    GetCustomer { id: String },
    /// A new customer typed by hand.
    AddCustomer { draft: CustomerDraft },
    /// What a saved-card charge would be, storing nothing.
    ReviewCardCharge { request: CardChargeRequest },
    /// Charges a saved card through the exactly-once engine.
    ChargeSavedCard {
        request: CardChargeRequest,
        confirmation: Confirmation,
    },
    /// Removes a saved card at MonEFlow Pay, then here.
    RemoveSavedCard { customer_id: String, card_id: i64 },
    /// What a collection would be, storing nothing.
    ReviewCollection { request: CollectionRequest },
    /// Creates a recurring collection through the engine.
    CreateCollection {
        request: CollectionRequest,
        confirmation: Confirmation,
    },
    /// A collection as it stands.
    CollectionStatus { id: String },
    /// Cancels a collection through the engine.
    CancelCollection { id: String },
    /// Asks the customer to verify their identity in Mona's page.
    StartVerification { customer_id: String },
    /// The customer's verification as it stands.
    VerificationStatus { customer_id: String },
}

/// Everything the customers screen asks, one request at a time.
#[tauri::command]
pub async fn customers(
    state: State<'_, AppState>,
    request: CustomersRequest,
) -> Result<Value, CommandError> {
    use CustomersRequest::*;
    let desk = &state.desk;
    match request {
        SearchCustomers {
            text,
            offset,
            limit,
        } => answer(desk.search_customers(&text, offset, limit)?),
        GetCustomer { id } => answer(desk.customer(&id).await?),
        AddCustomer { draft } => answer(desk.add_customer(&draft)?),
        ReviewCardCharge { request } => answer(desk.review_card_charge(&request)?),
        ChargeSavedCard {
            request,
            confirmation,
        } => answer(desk.charge_saved_card(request, confirmation).await?),
        RemoveSavedCard {
            customer_id,
            card_id,
        } => answer(desk.remove_saved_card(&customer_id, card_id).await?),
        ReviewCollection { request } => answer(desk.review_collection(&request)?),
        CreateCollection {
            request,
            confirmation,
        } => answer(desk.create_collection(request, confirmation).await?),
        CollectionStatus { id } => answer(desk.collection_status(&id).await?),
        CancelCollection { id } => answer(desk.cancel_collection(&id).await?),
        StartVerification { customer_id } => answer(desk.start_verification(&customer_id).await?),
        VerificationStatus { customer_id } => answer(desk.verification_status(&customer_id).await?),
    }
}
