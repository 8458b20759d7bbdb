//! Saved beneficiaries: search (masked), open one whole to fill a form, add, edit, remove,
//! and save a payout's beneficiary. Every change is in the audit log.
//!
//! One command for the feature (`beneficiaries`, the request naming what is asked): each Tauri
//! command costs the binary several KB of glue, and the binary has a size budget.

use desk_core::views::beneficiaries::BeneficiaryDraft;
use desk_domain::PayoutDraft;
use serde::Deserialize;
use serde_json::Value;
use tauri::State;

use super::answer;
use crate::error::CommandError;
use crate::state::AppState;

/// What the beneficiaries list and the payout form ask, by name, with their arguments (read
/// once per call, so a large variant costs nothing worth boxing).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum BeneficiariesRequest {
    /// Saved beneficiaries matching `text` (names, email or CLABE digits), masked, in pages.
    SearchBeneficiaries {
        text: String,
        offset: u32,
        limit: u32,
    },
    /// One saved beneficiary whole, to fill the payout form or the edit form.
    GetBeneficiary { id: i64 },
    /// Checks a beneficiary form as the merchant types, storing nothing.
    ReviewBeneficiary { draft: BeneficiaryDraft },
    /// Saves a new beneficiary.
    AddBeneficiary { draft: BeneficiaryDraft },
    /// Saves changes to a beneficiary.
    UpdateBeneficiary { id: i64, draft: BeneficiaryDraft },
    /// Removes a beneficiary.
    RemoveBeneficiary { id: i64 },
    /// Saves a payout's beneficiary, or returns the one already saved with its CLABE and
    /// document.
    SavePayoutBeneficiary { draft: PayoutDraft },
}

/// Everything about saved beneficiaries, one request at a time.
#[tauri::command]
pub async fn beneficiaries(
    state: State<'_, AppState>,
    request: BeneficiariesRequest,
) -> Result<Value, CommandError> {
    use BeneficiariesRequest::*;
    let desk = &state.desk;
    match request {
        SearchBeneficiaries {
            text,
            offset,
            limit,
        } => answer(desk.search_beneficiaries(&text, offset, limit)?),
        GetBeneficiary { id } => answer(desk.beneficiary(id)?),
        ReviewBeneficiary { draft } => answer(desk.review_beneficiary(&draft)),
        AddBeneficiary { draft } => answer(desk.add_beneficiary(&draft)?),
        UpdateBeneficiary { id, draft } => answer(desk.update_beneficiary(id, &draft)?),
        RemoveBeneficiary { id } => answer(desk.remove_beneficiary(id)?),
        SavePayoutBeneficiary { draft } => answer(desk.save_payout_beneficiary(&draft)?),
    }
}
