//! Saved beneficiaries: search (masked), open one whole to fill a form, add, edit, remove,
//! and save a payout's beneficiary. Every change is in the audit log.

use desk_core::views::beneficiaries::{
    BeneficiaryDraft, BeneficiaryPage, BeneficiaryRecord, BeneficiaryReview, BeneficiarySaved,
};
use desk_domain::PayoutDraft;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Saved beneficiaries matching `text` (names, email or CLABE digits), masked, in pages.
#[tauri::command]
pub async fn search_beneficiaries(
    state: State<'_, AppState>,
    text: String,
    offset: u32,
    limit: u32,
) -> Result<BeneficiaryPage, CommandError> {
    Ok(state.desk.search_beneficiaries(&text, offset, limit)?)
}

/// One saved beneficiary whole, to fill the payout form or the edit form.
#[tauri::command]
pub async fn get_beneficiary(
    state: State<'_, AppState>,
    id: i64,
) -> Result<BeneficiaryRecord, CommandError> {
    Ok(state.desk.beneficiary(id)?)
}

/// Checks a beneficiary form as the merchant types, storing nothing.
#[tauri::command]
pub async fn review_beneficiary(
    state: State<'_, AppState>,
    draft: BeneficiaryDraft,
) -> Result<BeneficiaryReview, CommandError> {
    Ok(state.desk.review_beneficiary(&draft))
}

/// Saves a beneficiary entered by hand.
#[tauri::command]
pub async fn add_beneficiary(
    state: State<'_, AppState>,
    draft: BeneficiaryDraft,
) -> Result<BeneficiaryRecord, CommandError> {
    Ok(state.desk.add_beneficiary(&draft)?)
}

/// Replaces a saved beneficiary's fields.
#[tauri::command]
pub async fn update_beneficiary(
    state: State<'_, AppState>,
    id: i64,
    draft: BeneficiaryDraft,
) -> Result<BeneficiaryRecord, CommandError> {
    Ok(state.desk.update_beneficiary(id, &draft)?)
}

/// Removes a saved beneficiary.
#[tauri::command]
pub async fn remove_beneficiary(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    Ok(state.desk.remove_beneficiary(id)?)
}

/// Saves a payout's beneficiary, or returns the one already saved with its CLABE and document.
#[tauri::command]
pub async fn save_payout_beneficiary(
    state: State<'_, AppState>,
    draft: PayoutDraft,
) -> Result<BeneficiarySaved, CommandError> {
    Ok(state.desk.save_payout_beneficiary(&draft)?)
}
