//! The opt-in file vault: enable, unlock, lock, and moving back to the system keychain.
//! Passphrases arrive once, are wrapped in a zeroizing `Secret` at once and never come back.

use desk_core::views::secret_store::SecretStoreView;
use desk_domain::Secret;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Runs a slow vault call (Argon2id) off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    call: impl FnOnce(&desk_core::Desk) -> desk_core::Result<T> + Send + 'static,
) -> Result<T, CommandError> {
    let desk = state.desk.clone();
    tauri::async_runtime::spawn_blocking(move || call(&desk))
        .await
        .map_err(|_| {
            CommandError::said(
                "errors.internal",
                &desk_i18n::Message::new("vault.call_unfinished"),
            )
        })?
        .map_err(CommandError::from)
}

/// Creates the passphrase-protected vault, moves the secrets into it and uses it.
#[tauri::command]
pub async fn enable_file_vault(
    state: State<'_, AppState>,
    passphrase: String,
    repeated: String,
) -> Result<SecretStoreView, CommandError> {
    let (passphrase, repeated) = (Secret::new(passphrase), Secret::new(repeated));
    blocking(&state, move |desk| {
        desk.enable_file_vault(&passphrase, &repeated)
    })
    .await
}

/// Unlocks the vault for this session.
#[tauri::command]
pub async fn unlock_file_vault(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<SecretStoreView, CommandError> {
    let passphrase = Secret::new(passphrase);
    blocking(&state, move |desk| desk.unlock_file_vault(&passphrase)).await
}

/// Locks the vault now.
#[tauri::command]
pub async fn lock_file_vault(state: State<'_, AppState>) -> Result<SecretStoreView, CommandError> {
    Ok(state.desk.lock_file_vault())
}

/// Moves the secrets back to the system keychain and deletes the vault file.
#[tauri::command]
pub async fn use_system_keychain(
    state: State<'_, AppState>,
) -> Result<SecretStoreView, CommandError> {
    blocking(&state, |desk| desk.use_system_keychain()).await
}
