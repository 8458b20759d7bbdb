//! The desk: everything the app's commands operate on, built once at start.

use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex, RwLock};

use desk_domain::Environment;
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::SandboxHandle;
use desk_store::Store;
use desk_vault::{CredentialVault, FileVault, SecretStore, SelectedStore};
use tokio::sync::{Notify, OnceCell};

use crate::error::{CoreError, Result};
use crate::host::Host;
use crate::paths::DeskPaths;
use crate::settings::{Settings, SettingsView};
use crate::views::status::SyncStatus;

/// The app's core state. Cheap to share: commands hold an `Arc<Desk>`.
pub struct Desk {
    host: Arc<dyn Host>,
    paths: DeskPaths,
    settings: RwLock<Settings>,
    pub(crate) vault: CredentialVault,
    pub(crate) secrets: Arc<SelectedStore>,
    /// Opened on first use; locked while it opens so concurrent first callers share one.
    store: Mutex<Option<Arc<Store>>>,
    pub(crate) sandbox: OnceCell<SandboxHandle>,
    pub(crate) limiter: Arc<RateLimiter>,
    /// Monnet's clock minus this computer's (ms) in the sandbox and in production, as the
    /// Monnet clients learnt it: shared by every client the desk makes, and told in the status bar.
    pub(crate) monnet_clock: [Arc<AtomicI64>; 2],
    pub(crate) sync_wake: Arc<Notify>,
    pub(crate) sync_status: Mutex<SyncStatus>,
    /// One sync pass at a time (the loop and "Sync now" never overlap).
    pub(crate) sync_lock: tokio::sync::Mutex<()>,
    /// The payout file in review, before it is queued.
    pub(crate) batches: crate::batches::BatchDesk,
}

impl Desk {
    /// Opens the desk over `paths` with secrets in `keychain` (the OS keychain in the app),
    /// or in the passphrase-protected file vault if the merchant chose it: reads the settings
    /// (a new user gets the sandbox). Nothing slow happens here; the database, the sandbox
    /// and sync start on first use.
    pub fn open(
        paths: DeskPaths,
        host: Arc<dyn Host>,
        keychain: Arc<dyn SecretStore>,
    ) -> Result<Self> {
        Self::open_with_vault(paths, host, keychain, FileVault::new)
    }

    /// [`Desk::open`] with the file vault built by `file_vault` from its path (tests choose a
    /// cheaper key derivation).
    pub fn open_with_vault(
        paths: DeskPaths,
        host: Arc<dyn Host>,
        keychain: Arc<dyn SecretStore>,
        file_vault: impl FnOnce(std::path::PathBuf) -> FileVault,
    ) -> Result<Self> {
        let settings = Settings::load(&paths.settings_file())?;
        // every sentence from here on is in the merchant's language
        desk_i18n::set_language(settings.language);
        let secrets = Arc::new(SelectedStore::new(
            keychain,
            file_vault(paths.vault_file()),
            settings.secret_store,
        ));
        Ok(Self {
            host,
            paths,
            settings: RwLock::new(settings),
            vault: CredentialVault::new(secrets.clone()),
            secrets,
            store: Mutex::new(None),
            sandbox: OnceCell::new(),
            limiter: Arc::new(RateLimiter::default()),
            monnet_clock: Default::default(),
            sync_wake: Arc::new(Notify::new()),
            sync_status: Mutex::new(SyncStatus::default()),
            sync_lock: tokio::sync::Mutex::new(()),
            batches: Default::default(),
        })
    }

    /// The encrypted database, opened on first use with the key from the keychain.
    pub fn store(&self) -> Result<Arc<Store>> {
        let mut opened = self
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(s) = opened.as_ref() {
            return Ok(s.clone());
        }
        let key = self.vault.database_key()?;
        let store = Arc::new(Store::open(&self.database_file(), &key)?);
        Ok(opened.insert(store).clone())
    }

    /// Reads what the first screen asks for ahead of it: the app calls it on a background
    /// thread at launch, while the window loads. The credentials' metadata is read from the
    /// keychain (and kept by the vault) while a returning merchant's database opens. A new
    /// merchant's database and key are not created here, and a failure (a locked keychain,
    /// say) is left for the first command that needs them to report.
    pub fn warm_up(&self) {
        std::thread::scope(|scope| {
            scope.spawn(|| {
                if let Err(e) = self.vault.list(self.environment()) {
                    tracing::debug!(error = %e, "credentials not read ahead of the first screen");
                }
            });
            if self.database_file().exists()
                && let Err(e) = self.store()
            {
                tracing::debug!(error = %e, "database not opened ahead of the first screen");
            }
        });
    }

    fn database_file(&self) -> std::path::PathBuf {
        self.paths.data_dir.join("desk.db")
    }

    /// Closes the database and deletes its files. After a wipe its key is gone, so what they
    /// hold can never be read again; the next start begins a fresh one.
    pub(crate) fn discard_store(&self) -> Result<()> {
        drop(
            self.store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take(),
        );
        let db = self.database_file();
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db.clone().into_os_string();
            name.push(suffix);
            match std::fs::remove_file(&name) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(CoreError::Storage(format!(
                        "the unreadable database could not be deleted: {e}"
                    )));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Now, in ms since the epoch, from the host's clock.
    pub(crate) fn now_ms(&self) -> i64 {
        (self.host.now().unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// The host (clock, events).
    pub fn host(&self) -> &Arc<dyn Host> {
        &self.host
    }

    /// The desk's directories.
    pub fn paths(&self) -> &DeskPaths {
        &self.paths
    }

    /// A copy of the current settings.
    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The active environment.
    pub fn environment(&self) -> Environment {
        self.settings().environment
    }

    /// The settings and where files live, for the Settings screen.
    pub fn settings_view(&self) -> SettingsView {
        SettingsView {
            settings: self.settings(),
            data_dir: self.paths.data_dir.display().to_string(),
            log_dir: self.paths.log_dir.display().to_string(),
        }
    }

    /// Switches environment. Production moves real money, so it needs `confirmed` (the UI
    /// asks first and states the environment).
    pub fn set_environment(
        &self,
        environment: Environment,
        confirmed: bool,
    ) -> Result<SettingsView> {
        if environment.is_live() && !confirmed {
            return Err(CoreError::NeedsConfirmation(
                "Switching to production moves real money: confirm the switch first.".into(),
            ));
        }
        self.change_settings(|s| s.environment = environment)?;
        tracing::info!(%environment, "environment switched");
        Ok(self.settings_view())
    }

    /// Saves the update and sandbox preferences; the environment is left as it is (it changes
    /// only through [`Desk::set_environment`]).
    pub fn update_settings(&self, new: Settings) -> Result<SettingsView> {
        if let Some(endpoint) = &new.update_endpoint {
            check_update_endpoint(endpoint)?;
        }
        check_limits(&new.confirm_above)?;
        if let Some(name) = &new.merchant_name {
            crate::input::text("merchantName", name, 100)?;
        }
        let time_zone = crate::history::time_zone_setting(new.time_zone.as_deref())?;
        let language = new.language;
        self.change_settings(|s| {
            s.language = new.language;
            s.update_checks = new.update_checks;
            s.update_endpoint = new.update_endpoint.filter(|e| !e.trim().is_empty());
            s.sandbox_persistent = new.sandbox_persistent;
            s.locale = new.locale;
            s.confirm_above = new.confirm_above;
            s.merchant_name = new
                .merchant_name
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty());
            s.time_zone = time_zone;
            s.notifications = new.notifications;
        })?;
        desk_i18n::set_language(language);
        Ok(self.settings_view())
    }

    /// Applies `change` and writes the file; memory changes only once the file is written.
    pub(crate) fn change_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<()> {
        let mut guard = self.settings.write().unwrap_or_else(|p| p.into_inner());
        let mut next = guard.clone();
        change(&mut next);
        next.save(&self.paths.settings_file())?;
        *guard = next;
        Ok(())
    }
}

/// At most one limit per currency, none negative or absurd.
fn check_limits(limits: &[desk_domain::Money]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for l in limits {
        if !seen.insert(l.currency) {
            return Err(CoreError::field(
                "confirmAbove",
                format!("Set one limit for {}, not two.", l.currency),
            ));
        }
        if l.minor < 0 || l.minor > 100_000_000_000_000 {
            return Err(CoreError::field(
                "confirmAbove",
                "A limit is an amount from zero to a trillion.",
            ));
        }
    }
    Ok(())
}

/// An update endpoint must be https (plain http only to this computer, for testing).
fn check_update_endpoint(endpoint: &str) -> Result<()> {
    crate::input::text("updateEndpoint", endpoint, 2048)?;
    let e = endpoint.trim();
    let ok = e.is_empty()
        || e.starts_with("https://")
        || e.starts_with("http://127.0.0.1")
        || e.starts_with("http://localhost");
    if ok {
        Ok(())
    } else {
        Err(CoreError::Invalid(vec![desk_domain::FieldError::new(
            "updateEndpoint",
            "The update address must start with https://.",
        )]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::TestHost;

    fn paths(dir: &std::path::Path) -> DeskPaths {
        DeskPaths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
            log_dir: dir.join("logs"),
        }
    }

    fn desk(dir: &std::path::Path) -> Desk {
        Desk::open(
            paths(dir),
            Arc::new(TestHost::default()),
            Arc::new(desk_vault::MemoryStore::default()),
        )
        .unwrap()
    }

    #[test]
    fn production_needs_confirmation_and_the_refusal_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let d = desk(dir.path());
        let err = d
            .set_environment(Environment::Production, false)
            .unwrap_err();
        assert_eq!(err.code(), "errors.confirmation_required");
        assert_eq!(d.environment(), Environment::Sandbox);
        assert_eq!(
            desk(dir.path()).environment(),
            Environment::Sandbox,
            "nothing was written"
        );
        d.set_environment(Environment::Production, true).unwrap();
        assert_eq!(
            desk(dir.path()).environment(),
            Environment::Production,
            "the switch persists"
        );
    }

    fn store_is_open(d: &Desk) -> bool {
        d.store.lock().unwrap().is_some()
    }

    #[test]
    fn warm_up_opens_a_returning_merchants_store_and_creates_nothing_for_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Arc::new(desk_vault::MemoryStore::default());
        let open = || {
            Desk::open(
                paths(dir.path()),
                Arc::new(TestHost::default()),
                secrets.clone(),
            )
            .unwrap()
        };
        let new_merchant = open();
        new_merchant.warm_up();
        assert!(!store_is_open(&new_merchant));
        assert!(
            !new_merchant.database_file().exists(),
            "no database created"
        );
        assert!(secrets.get("db/key").unwrap().is_none(), "no key created");

        new_merchant.store().unwrap();
        let set = desk_vault::CredentialSet {
            provider: desk_domain::Provider::Monei,
            environment: Environment::Sandbox,
            public: Vec::new(),
            secrets: vec![(
                "api_key".into(),
                desk_domain::Secret::new("sk_test_warm1234"),
            )],
        };
        new_merchant
            .vault
            .put(&set, TestHost::default().now())
            .unwrap();
        drop(new_merchant);
        let returning = open();
        assert!(
            !store_is_open(&returning),
            "opening the desk alone opens no store"
        );
        returning.warm_up();
        assert!(store_is_open(&returning));
        // the credentials were read ahead: listing them no longer needs the keychain
        secrets.delete("meta/monei/sandbox").unwrap();
        let listed = returning.list_credentials().unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
    }

    #[test]
    fn update_settings_never_changes_the_environment_and_refuses_plain_http() {
        let dir = tempfile::tempdir().unwrap();
        let d = desk(dir.path());
        let mut s = d.settings();
        s.environment = Environment::Production;
        s.update_checks = false;
        let view = d.update_settings(s.clone()).unwrap();
        assert_eq!(view.settings.environment, Environment::Sandbox);
        assert!(!view.settings.update_checks);
        s.update_endpoint = Some("http://updates.example.com/latest.json".into());
        let err = d.update_settings(s).unwrap_err();
        assert_eq!(err.code(), "errors.validation");
        assert!(!d.settings().update_checks, "the earlier save stands");
        assert_eq!(
            d.settings().update_endpoint,
            None,
            "the refused endpoint was not stored"
        );
    }
}
