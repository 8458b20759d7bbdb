//! First run and credentials.

use desk_core::views::credentials::{CredentialInput, CredentialSummary};
use desk_core::views::keys::KeyReading;
use desk_core::views::onboarding::OnboardingState;
use desk_domain::{Environment, Provider};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Whether onboarding is needed, the sandbox's state and the stored credentials.
#[tauri::command]
pub async fn onboarding_state(state: State<'_, AppState>) -> Result<OnboardingState, CommandError> {
    Ok(state.desk.onboarding_state())
}

/// Starts the embedded sandbox and stores sandbox credentials for the four providers.
#[tauri::command]
pub async fn start_sandbox_onboarding(
    state: State<'_, AppState>,
) -> Result<Vec<CredentialSummary>, CommandError> {
    Ok(state.desk.start_sandbox_onboarding().await?)
}

/// Stored credentials of the active environment, without secrets.
#[tauri::command]
pub async fn list_credentials(
    state: State<'_, AppState>,
) -> Result<Vec<CredentialSummary>, CommandError> {
    Ok(state.desk.list_credentials()?)
}

/// Checks, verifies with the provider, then stores credentials in the keychain.
#[tauri::command]
pub async fn add_credentials(
    state: State<'_, AppState>,
    input: CredentialInput,
) -> Result<CredentialSummary, CommandError> {
    Ok(state.desk.add_credentials(input).await?)
}

/// What the desk reads from a key's prefix (its environment), before anything is stored.
#[tauri::command]
pub async fn read_key(
    state: State<'_, AppState>,
    provider: Provider,
    key: String,
) -> Result<KeyReading, CommandError> {
    Ok(state.desk.read_key(provider, &key))
}

/// The merchant's own keys for one provider, in the desk's environment: refused when a key
/// names the other environment, else verified with the provider and stored.
#[tauri::command]
pub async fn add_keys(
    state: State<'_, AppState>,
    input: CredentialInput,
) -> Result<CredentialSummary, CommandError> {
    Ok(state.desk.add_keys(input).await?)
}

/// Replaces a secret after the new one verifies.
#[tauri::command]
pub async fn rotate_credentials(
    state: State<'_, AppState>,
    input: CredentialInput,
) -> Result<CredentialSummary, CommandError> {
    Ok(state.desk.rotate_credentials(input).await?)
}

/// Sandbox only: the sandbox issues a new secret and the desk rotates to it.
#[tauri::command]
pub async fn rotate_sandbox_credentials(
    state: State<'_, AppState>,
    provider: Provider,
) -> Result<CredentialSummary, CommandError> {
    Ok(state.desk.rotate_sandbox_credentials(provider).await?)
}

/// Removes one provider's credentials for an environment.
#[tauri::command]
pub async fn remove_credentials(
    state: State<'_, AppState>,
    provider: Provider,
    environment: Environment,
) -> Result<(), CommandError> {
    Ok(state.desk.remove_credentials(provider, environment)?)
}

/// Incident response: deletes every secret and the database key after the typed WIPE; with
/// money movements not yet carried out, only once `unsettled_confirmed` answers the second
/// question that names them.
#[tauri::command]
pub async fn lock_and_wipe(
    state: State<'_, AppState>,
    confirmation: String,
    unsettled_confirmed: Option<bool>,
) -> Result<(), CommandError> {
    state
        .desk
        .lock_and_wipe(&confirmation, unsettled_confirmed.unwrap_or(false))?;
    Ok(())
}
