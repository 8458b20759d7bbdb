//! The merchant's choice of secret store: the system keychain, or the passphrase-protected
//! file vault for a computer without a usable keychain. Switching moves every credential and
//! the database key; the choice is saved in the settings only once the move succeeded.

use desk_domain::Secret;
use desk_i18n::Message;
use desk_vault::{MIN_PASSPHRASE_CHARS, StoreKind, VaultError};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::secret_store::SecretStoreView;

impl Desk {
    /// The store in use and the vault's state.
    pub fn secret_store_view(&self) -> SecretStoreView {
        let vault = self.secrets.file_vault();
        SecretStoreView {
            kind: self.secrets.kind(),
            file_vault_exists: vault.exists(),
            file_vault_unlocked: vault.is_unlocked(),
            min_passphrase_chars: MIN_PASSPHRASE_CHARS as u32,
        }
    }

    /// Creates the file vault with `passphrase` (typed twice: `repeated`), moves the secrets
    /// the keychain holds into it and uses it from now on.
    pub fn enable_file_vault(
        &self,
        passphrase: &Secret,
        repeated: &Secret,
    ) -> Result<SecretStoreView> {
        crate::input::text("passphrase", passphrase.expose(), 1024)?;
        if self.secrets.kind() == StoreKind::FileVault {
            return Err(CoreError::field_msg(
                "passphrase",
                Message::new("vault.already_in_use"),
            ));
        }
        if passphrase != repeated {
            return Err(CoreError::field_msg(
                "repeated",
                Message::new("vault.passphrases_differ"),
            ));
        }
        let moved = self
            .secrets
            .switch_to_file_vault(passphrase, |kind| self.persist_store(kind))
            .map_err(passphrase_error)?;
        self.vault.forget_cached();
        tracing::info!(moved, "secrets now kept in the file vault");
        self.audit("secrets.file_vault_enabled");
        Ok(self.secret_store_view())
    }

    /// Unlocks the file vault for this session.
    pub fn unlock_file_vault(&self, passphrase: &Secret) -> Result<SecretStoreView> {
        crate::input::text("passphrase", passphrase.expose(), 1024)?;
        self.secrets
            .file_vault()
            .unlock(passphrase)
            .map_err(passphrase_error)?;
        self.vault.forget_cached();
        self.sync_wake.notify_one();
        Ok(self.secret_store_view())
    }

    /// Locks the file vault: nothing can be signed or decrypted until it is unlocked again.
    pub fn lock_file_vault(&self) -> SecretStoreView {
        self.secrets.file_vault().lock();
        self.vault.forget_cached();
        self.secret_store_view()
    }

    /// Moves every secret from the unlocked file vault back to the system keychain, uses the
    /// keychain from now on and deletes the vault file.
    pub fn use_system_keychain(&self) -> Result<SecretStoreView> {
        if self.secrets.kind() == StoreKind::Keychain {
            return Ok(self.secret_store_view());
        }
        let moved = self
            .secrets
            .switch_to_keychain(|kind| self.persist_store(kind))?;
        self.vault.forget_cached();
        tracing::info!(moved, "secrets moved back to the system keychain");
        self.audit("secrets.keychain_restored");
        Ok(self.secret_store_view())
    }

    /// The wipe of the file vault: unlocked, its secrets are deleted one by one first (which
    /// counts the credential sets); locked, they go unread. Either way the file itself goes and
    /// the keychain is the store again, so a restart onboards afresh instead of asking for the
    /// passphrase of a vault that holds nothing. Returns how many credential sets went.
    pub(crate) fn wipe_file_vault(&self) -> Result<usize> {
        let removed = if self.secrets.file_vault().is_unlocked() {
            self.vault.wipe_all()?
        } else {
            0
        };
        self.secrets
            .destroy_file_vault(|kind| self.persist_store(kind))?;
        self.vault.forget_all_cached();
        tracing::warn!("the file vault was destroyed by the wipe");
        Ok(removed)
    }

    fn persist_store(&self, kind: StoreKind) -> desk_vault::Result<()> {
        self.change_settings(|s| s.secret_store = kind)
            .map_err(|e| VaultError::VaultIo(e.to_string()))
    }
}

/// Passphrase problems belong to the passphrase field; the rest keep their own shape.
fn passphrase_error(e: VaultError) -> CoreError {
    match e {
        VaultError::WrongPassphrase | VaultError::WeakPassphrase(_) => match e.message() {
            Some(told) => CoreError::field_msg("passphrase", told),
            None => CoreError::field("passphrase", e.to_string()),
        },
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;

    use desk_vault::{FileVault, KdfParams, MemoryStore, SecretStore};

    use super::*;
    use crate::host::TestHost;
    use crate::paths::DeskPaths;

    fn desk(dir: &std::path::Path, keychain: &MemoryStore) -> Desk {
        let paths = DeskPaths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
            log_dir: dir.join("logs"),
        };
        let cheap = KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        };
        Desk::open_with_vault(
            paths,
            Arc::new(TestHost::default()),
            Arc::new(keychain.clone()),
            |path| FileVault::with_params(path, cheap),
        )
        .unwrap()
    }

    fn pass(s: &str) -> Secret {
        Secret::new(s)
    }

    #[test]
    fn the_vault_choice_survives_a_restart_and_a_locked_vault_asks_for_its_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = MemoryStore::default();
        let first = desk(dir.path(), &keychain);
        let key = first.vault.database_key().unwrap();
        let view = first
            .enable_file_vault(
                &pass("a long vault passphrase"),
                &pass("a long vault passphrase"),
            )
            .unwrap();
        assert_eq!(view.kind, StoreKind::FileVault);
        assert!(view.file_vault_unlocked);
        assert!(
            keychain.names().is_empty(),
            "the keychain kept {:?}",
            keychain.names()
        );
        drop(first);

        let second = desk(dir.path(), &keychain);
        let view = second.secret_store_view();
        assert_eq!(view.kind, StoreKind::FileVault);
        assert!(!view.file_vault_unlocked);
        let locked = second.onboarding_state();
        assert!(locked.keychain_problem.unwrap().contains("passphrase"));

        let wrong = second
            .unlock_file_vault(&pass("not the passphrase"))
            .unwrap_err();
        assert_eq!(wrong.code(), "errors.validation");
        second
            .unlock_file_vault(&pass("a long vault passphrase"))
            .unwrap();
        assert_eq!(second.vault.database_key().unwrap().expose(), key.expose());
    }

    #[test]
    fn mismatched_or_short_passphrases_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = MemoryStore::default();
        let d = desk(dir.path(), &keychain);
        d.vault.database_key().unwrap();
        let e = d
            .enable_file_vault(
                &pass("a long vault passphrase"),
                &pass("a long vault passphrasf"),
            )
            .unwrap_err();
        assert_eq!(e.code(), "errors.validation");
        let e = d
            .enable_file_vault(&pass("short"), &pass("short"))
            .unwrap_err();
        assert!(e.to_string().contains("some fields"));
        assert_eq!(d.secret_store_view().kind, StoreKind::Keychain);
        assert!(!d.secret_store_view().file_vault_exists);
        assert_eq!(keychain.names(), vec!["db/key".to_string()]);
        assert_eq!(d.settings().secret_store, StoreKind::Keychain);
    }

    #[test]
    fn secrets_move_back_to_the_keychain_and_the_vault_file_goes() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = MemoryStore::default();
        let d = desk(dir.path(), &keychain);
        let key = d.vault.database_key().unwrap();
        d.enable_file_vault(
            &pass("a long vault passphrase"),
            &pass("a long vault passphrase"),
        )
        .unwrap();
        let view = d.use_system_keychain().unwrap();
        assert_eq!(view.kind, StoreKind::Keychain);
        assert!(!view.file_vault_exists);
        assert_eq!(
            keychain.get("db/key").unwrap().unwrap().expose(),
            key.expose()
        );
        assert_eq!(d.settings().secret_store, StoreKind::Keychain);
    }
}
