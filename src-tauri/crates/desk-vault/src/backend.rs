//! Which store holds the secrets: the system keychain (the default) or, by the merchant's
//! choice on a computer without one, the passphrase-protected [`FileVault`]. Moving between
//! them copies every credential and the database key, then deletes the originals.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use desk_domain::Secret;

use crate::credentials::CredentialVault;
use crate::error::Result;
use crate::file_vault::FileVault;
use crate::store::SecretStore;

/// The kind of store in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StoreKind {
    /// The OS keychain.
    #[default]
    Keychain,
    /// The passphrase-protected file.
    FileVault,
}

/// A [`SecretStore`] that is either the system keychain or the file vault.
pub struct SelectedStore {
    system: Arc<dyn SecretStore>,
    file: FileVault,
    use_file: AtomicBool,
}

impl SelectedStore {
    /// The keychain `system` and the file vault `file`, with `kind` in use.
    pub fn new(system: Arc<dyn SecretStore>, file: FileVault, kind: StoreKind) -> Self {
        Self {
            system,
            file,
            use_file: AtomicBool::new(kind == StoreKind::FileVault),
        }
    }

    /// The store in use.
    pub fn kind(&self) -> StoreKind {
        if self.use_file.load(Ordering::SeqCst) {
            StoreKind::FileVault
        } else {
            StoreKind::Keychain
        }
    }

    /// The file vault (whether or not it is in use).
    pub fn file_vault(&self) -> &FileVault {
        &self.file
    }

    /// Creates the file vault with `passphrase`, copies every secret the keychain holds into
    /// it (when the keychain can be read at all), records the choice with `persist`, and only
    /// then uses the vault and deletes the originals. If `persist` fails, the new vault is
    /// deleted and the keychain is untouched. Returns how many secrets moved.
    pub fn switch_to_file_vault(
        &self,
        passphrase: &Secret,
        persist: impl FnOnce(StoreKind) -> Result<()>,
    ) -> Result<usize> {
        self.file.create(passphrase)?;
        let copied = match CredentialVault::copy_all(self.system.as_ref(), &self.file) {
            Ok(names) => names,
            Err(e) => {
                tracing::warn!(error = %e, "the keychain could not be read; the vault starts empty");
                Vec::new()
            }
        };
        if let Err(e) = persist(StoreKind::FileVault) {
            self.file.destroy()?;
            return Err(e);
        }
        self.use_file.store(true, Ordering::SeqCst);
        delete_all(self.system.as_ref(), &copied);
        Ok(copied.len())
    }

    /// Copies every secret from the (unlocked) file vault to the keychain, records the choice
    /// with `persist`, then uses the keychain and deletes the vault file. If the keychain
    /// cannot take them or `persist` fails, the vault stays in use. Returns how many moved.
    pub fn switch_to_keychain(
        &self,
        persist: impl FnOnce(StoreKind) -> Result<()>,
    ) -> Result<usize> {
        let copied = CredentialVault::copy_all(&self.file, self.system.as_ref())?;
        if let Err(e) = persist(StoreKind::Keychain) {
            delete_all(self.system.as_ref(), &copied);
            return Err(e);
        }
        self.use_file.store(false, Ordering::SeqCst);
        self.file.destroy()?;
        Ok(copied.len())
    }

    /// Incident response for the file vault: deletes the vault file with every secret in it
    /// (locked or not), records the keychain (the default) as the store with `persist` and
    /// uses it from now on, so the next start is a new merchant's and asks for no passphrase.
    pub fn destroy_file_vault(&self, persist: impl FnOnce(StoreKind) -> Result<()>) -> Result<()> {
        self.file.destroy()?;
        self.use_file.store(false, Ordering::SeqCst);
        persist(StoreKind::Keychain)
    }

    fn active(&self) -> &dyn SecretStore {
        match self.kind() {
            StoreKind::Keychain => self.system.as_ref(),
            StoreKind::FileVault => &self.file,
        }
    }
}

/// Deletes `names` from `store`, logging (never failing on) what cannot be deleted.
fn delete_all(store: &dyn SecretStore, names: &[String]) {
    for name in names {
        if let Err(e) = store.delete(name) {
            tracing::warn!(error = %e, "a copied secret could not be deleted");
        }
    }
}

impl SecretStore for SelectedStore {
    fn get(&self, name: &str) -> Result<Option<Secret>> {
        self.active().get(name)
    }
    fn set(&self, name: &str, value: &Secret) -> Result<()> {
        self.active().set(name, value)
    }
    fn delete(&self, name: &str) -> Result<()> {
        self.active().delete(name)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::file_vault::KdfParams;
    use crate::memory::MemoryStore;
    use crate::{CredentialSet, VaultError};
    use desk_domain::{Environment, Provider};
    use time::OffsetDateTime;

    fn selected(dir: &std::path::Path, keychain: &MemoryStore) -> SelectedStore {
        let cheap = KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        };
        SelectedStore::new(
            Arc::new(keychain.clone()),
            FileVault::with_params(dir.join("secrets.vault"), cheap),
            StoreKind::Keychain,
        )
    }

    fn monei() -> CredentialSet {
        CredentialSet {
            provider: Provider::Monei,
            environment: Environment::Sandbox,
            public: vec![],
            secrets: vec![("api_key".into(), Secret::new("sk_test_movingkey01"))],
        }
    }

    #[test]
    fn credentials_and_the_database_key_move_to_the_vault_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = MemoryStore::default();
        let store = Arc::new(selected(dir.path(), &keychain));
        let vault = CredentialVault::new(store.clone());
        vault.put(&monei(), OffsetDateTime::UNIX_EPOCH).unwrap();
        let db_key = vault.database_key().unwrap();

        let moved = store
            .switch_to_file_vault(&Secret::new("a long vault passphrase"), |_| Ok(()))
            .unwrap();
        assert_eq!(moved, 3, "secret, metadata and database key");
        assert!(
            keychain.names().is_empty(),
            "left in the keychain: {:?}",
            keychain.names()
        );
        let fresh = CredentialVault::new(store.clone());
        assert_eq!(
            fresh
                .get(Provider::Monei, Environment::Sandbox)
                .unwrap()
                .secrets[0]
                .1
                .expose(),
            "sk_test_movingkey01"
        );
        assert_eq!(fresh.database_key().unwrap().expose(), db_key.expose());

        store.switch_to_keychain(|_| Ok(())).unwrap();
        assert_eq!(store.kind(), StoreKind::Keychain);
        assert!(!store.file_vault().exists());
        assert_eq!(keychain.names().len(), 3);
    }

    #[test]
    fn when_the_choice_cannot_be_recorded_the_keychain_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = MemoryStore::default();
        let store = Arc::new(selected(dir.path(), &keychain));
        CredentialVault::new(store.clone())
            .put(&monei(), OffsetDateTime::UNIX_EPOCH)
            .unwrap();
        let e = store
            .switch_to_file_vault(&Secret::new("a long vault passphrase"), |_| {
                Err(VaultError::VaultIo("disk full".into()))
            })
            .unwrap_err();
        assert_eq!(e, VaultError::VaultIo("disk full".into()));
        assert_eq!(store.kind(), StoreKind::Keychain);
        assert!(!store.file_vault().exists());
        assert_eq!(keychain.names().len(), 2);
    }

    #[test]
    fn a_locked_vault_in_use_refuses_every_call_with_the_unlock_message() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = MemoryStore::default();
        let store = selected(dir.path(), &keychain);
        store
            .switch_to_file_vault(&Secret::new("a long vault passphrase"), |_| Ok(()))
            .unwrap();
        store.file_vault().lock();
        let e = store.get("db/key").unwrap_err();
        assert_eq!(e, VaultError::VaultLocked);
        assert!(e.to_string().contains("enter your vault passphrase"));
    }
}
