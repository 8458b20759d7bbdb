//! The credential lifecycle: add (only after the secret verifies), list without secrets,
//! rotate (the new secret replaces the old only after it verifies), remove, and the incident
//! lock-and-wipe. Rotation is due every 90 days, as the Monei guide recommends.

use std::sync::{Arc, Mutex};

use desk_domain::{Environment, Provider, Secret};
use time::OffsetDateTime;

use crate::error::{Result, VaultError};
use crate::meta::StoredMeta;
use crate::meta_cache::MetaCache;
use crate::store::SecretStore;

/// One provider's credentials for one environment: public parts and secret parts.
#[derive(Clone)]
pub struct CredentialSet {
    /// Provider.
    pub provider: Provider,
    /// Environment.
    pub environment: Environment,
    /// Non-secret identifiers (Mona public key, MonEFlow merchant + client id, Monnet merchant
    /// id), by name.
    pub public: Vec<(String, String)>,
    /// Secret parts by kind (`private_key`, `api_key`, `secret`, `api_secret`).
    pub secrets: Vec<(String, Secret)>,
}

impl CredentialSet {
    /// A public part by name.
    pub fn public(&self, name: &str) -> Option<&str> {
        self.public
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A secret part by kind.
    pub fn secret(&self, kind: &str) -> Option<&Secret> {
        self.secrets.iter().find(|(k, _)| k == kind).map(|(_, v)| v)
    }

    /// A fingerprint over all secret parts, to tell keys apart without showing them.
    pub fn fingerprint(&self) -> String {
        let joined: String = self
            .secrets
            .iter()
            .map(|(_, s)| s.expose())
            .collect::<Vec<_>>()
            .join("\u{1f}");
        Secret::new(joined).fingerprint()
    }
}

const DB_KEY: &str = "db/key";

/// Credentials over a [`SecretStore`].
pub struct CredentialVault {
    store: Arc<dyn SecretStore>,
    /// The database key once read; held locked while it is first read or created, so
    /// concurrent first callers cannot each create (and store) a different key.
    db_key: Mutex<Option<Secret>>,
    /// Metadata once read, so it is not asked of the keychain again.
    metas: MetaCache,
}

fn meta_name(p: Provider, e: Environment) -> String {
    format!("meta/{}/{}", p.as_str(), e.as_str())
}

fn secret_name(p: Provider, e: Environment, kind: &str) -> String {
    format!("{}/{}/{kind}", p.as_str(), e.as_str())
}

impl CredentialVault {
    /// A vault over `store`.
    pub fn new(store: Arc<dyn SecretStore>) -> Self {
        Self {
            store,
            db_key: Mutex::new(None),
            metas: MetaCache::default(),
        }
    }

    /// Stores `set` as added at `now`, replacing any previous set for the same provider and
    /// environment. Call only once the secret has verified with the provider.
    pub fn put(&self, set: &CredentialSet, now: OffsetDateTime) -> Result<StoredMeta> {
        let meta = StoredMeta {
            provider: set.provider,
            environment: set.environment,
            public: set.public.clone(),
            secret_kinds: set.secrets.iter().map(|(k, _)| k.clone()).collect(),
            fingerprint: set.fingerprint(),
            rotated_at: now,
        };
        let key = (set.provider, set.environment);
        self.metas.forget(key);
        for (kind, value) in &set.secrets {
            self.store
                .set(&secret_name(set.provider, set.environment, kind), value)?;
        }
        let json = serde_json::to_string(&meta).map_err(|e| VaultError::Corrupt(e.to_string()))?;
        self.store.set(
            &meta_name(set.provider, set.environment),
            &Secret::new(json),
        )?;
        self.metas.record(key, Some(meta.clone()));
        tracing::info!(provider = %set.provider, environment = %set.environment, fingerprint = %meta.fingerprint, "credentials stored");
        Ok(meta)
    }

    /// What is stored for `provider` in `environment`, without secrets.
    pub fn meta(&self, provider: Provider, environment: Environment) -> Result<Option<StoredMeta>> {
        let key = (provider, environment);
        let ticket = match self.metas.lookup(key) {
            Ok(known) => return Ok(known),
            Err(ticket) => ticket,
        };
        let meta = match self.store.get(&meta_name(provider, environment))? {
            Some(json) => Some(
                serde_json::from_str(json.expose())
                    .map_err(|e| VaultError::Corrupt(e.to_string()))?,
            ),
            None => None,
        };
        self.metas.remember_read(key, ticket, &meta);
        Ok(meta)
    }

    /// Forgets the metadata read so far: the store behind the vault was switched, locked or
    /// unlocked, so the next reads go to it.
    pub fn forget_cached(&self) {
        self.metas.clear();
    }

    /// Forgets everything held in memory, the database key too: the store behind the vault
    /// was destroyed (an incident wipe of the file vault), so nothing read from it may be used.
    pub fn forget_all_cached(&self) {
        self.metas.clear();
        *self
            .db_key
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }

    /// Every stored set in `environment`, without secrets.
    pub fn list(&self, environment: Environment) -> Result<Vec<StoredMeta>> {
        // read together: each keychain read is a D-Bus round trip, and the first screen waits
        std::thread::scope(|scope| {
            let reads: Vec<_> = Provider::ALL
                .iter()
                .map(|p| scope.spawn(move || self.meta(*p, environment)))
                .collect();
            reads
                .into_iter()
                .filter_map(|read| match read.join() {
                    Ok(meta) => meta.transpose(),
                    Err(_) => Some(Err(VaultError::Keychain("a keychain read failed".into()))),
                })
                .collect()
        })
    }

    /// The full set, secrets included, for the one call that needs them.
    pub fn get(&self, provider: Provider, environment: Environment) -> Result<CredentialSet> {
        let missing = || VaultError::Missing(format!("{provider} {environment}"));
        let meta = self.meta(provider, environment)?.ok_or_else(missing)?;
        let mut secrets = Vec::new();
        for kind in &meta.secret_kinds {
            let value = self
                .store
                .get(&secret_name(provider, environment, kind))?
                .ok_or_else(missing)?;
            secrets.push((kind.clone(), value));
        }
        Ok(CredentialSet {
            provider,
            environment,
            public: meta.public,
            secrets,
        })
    }

    /// Removes one provider's credentials for an environment.
    pub fn remove(&self, provider: Provider, environment: Environment) -> Result<()> {
        let key = (provider, environment);
        let stored = self.meta(provider, environment)?;
        self.metas.forget(key);
        if let Some(meta) = stored {
            for kind in &meta.secret_kinds {
                self.store
                    .delete(&secret_name(provider, environment, kind))?;
            }
        }
        self.store.delete(&meta_name(provider, environment))?;
        self.metas.record(key, None);
        Ok(())
    }

    /// The database key: created once (256 random bits, hex) and cached for the process so
    /// the keychain is asked at most once.
    pub fn database_key(&self) -> Result<Secret> {
        let mut cached = self
            .db_key
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(k) = cached.as_ref() {
            return Ok(k.clone());
        }
        let key = match self.store.get(DB_KEY)? {
            Some(k) => k,
            None => {
                let bytes: [u8; 32] = rand::random();
                let k = Secret::new(hex::encode(bytes));
                self.store.set(DB_KEY, &k)?;
                k
            }
        };
        Ok(cached.insert(key).clone())
    }

    /// Copies every credential set and the database key from `from` to `to`, returning the
    /// names copied (so the caller can delete the originals once the copy is in place).
    pub fn copy_all(from: &dyn SecretStore, to: &dyn SecretStore) -> Result<Vec<String>> {
        let mut names = Vec::new();
        for env in [Environment::Sandbox, Environment::Production] {
            for p in Provider::ALL {
                let meta = meta_name(p, env);
                if let Some(json) = from.get(&meta)? {
                    let stored: StoredMeta = serde_json::from_str(json.expose())
                        .map_err(|e| VaultError::Corrupt(e.to_string()))?;
                    for kind in &stored.secret_kinds {
                        names.push(secret_name(p, env, kind));
                    }
                    names.push(meta);
                }
            }
        }
        names.push(DB_KEY.to_string());
        let mut copied = Vec::new();
        for name in names {
            if let Some(value) = from.get(&name)? {
                to.set(&name, &value)?;
                copied.push(name);
            }
        }
        Ok(copied)
    }

    /// Incident response: deletes every secret of every provider and environment and the
    /// database key. Returns how many credential sets were removed.
    pub fn wipe_all(&self) -> Result<usize> {
        let mut removed = 0;
        for env in [Environment::Sandbox, Environment::Production] {
            for p in Provider::ALL {
                if self.meta(p, env)?.is_some() {
                    removed += 1;
                }
                self.remove(p, env)?;
            }
        }
        self.store.delete(DB_KEY)?;
        self.metas.clear();
        // the copy held in memory goes too (zeroized as it drops)
        *self
            .db_key
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        tracing::warn!(removed, "all credentials and the database key were wiped");
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStore;

    fn set(secret: &str) -> CredentialSet {
        CredentialSet {
            provider: Provider::Monei,
            environment: Environment::Sandbox,
            public: vec![("key_hint".into(), "••••1234".into())],
            secrets: vec![("api_key".into(), Secret::new(secret))],
        }
    }

    fn t0() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_764_000_000).unwrap()
    }

    #[test]
    fn stored_credentials_round_trip_and_metadata_holds_no_secret() {
        let store = MemoryStore::default();
        let vault = CredentialVault::new(Arc::new(store.clone()));
        let meta = vault.put(&set("sk_test_supersecret1"), t0()).unwrap();
        let back = vault.get(Provider::Monei, Environment::Sandbox).unwrap();
        assert_eq!(
            back.secret("api_key").unwrap().expose(),
            "sk_test_supersecret1"
        );
        let meta_json = store.get("meta/monei/sandbox").unwrap().unwrap();
        assert!(
            !meta_json.expose().contains("supersecret"),
            "metadata never holds the secret"
        );
        assert_eq!(meta.fingerprint.len(), 8);
    }

    #[test]
    fn rotation_is_due_after_90_days() {
        let vault = CredentialVault::new(Arc::new(MemoryStore::default()));
        let meta = vault.put(&set("sk_test_a1234567"), t0()).unwrap();
        assert!(!meta.rotation_overdue(t0() + time::Duration::days(89)));
        assert!(meta.rotation_overdue(t0() + time::Duration::days(90)));
    }

    #[test]
    fn wipe_removes_every_secret_and_the_database_key() {
        let store = MemoryStore::default();
        let vault = CredentialVault::new(Arc::new(store.clone()));
        vault.put(&set("sk_test_a1234567"), t0()).unwrap();
        vault.database_key().unwrap();
        assert!(!store.names().is_empty());
        assert_eq!(vault.wipe_all().unwrap(), 1);
        assert!(store.names().is_empty(), "left behind: {:?}", store.names());
    }

    #[test]
    fn the_database_key_is_created_once_and_reused() {
        let store = MemoryStore::default();
        let a = CredentialVault::new(Arc::new(store.clone()))
            .database_key()
            .unwrap();
        let b = CredentialVault::new(Arc::new(store))
            .database_key()
            .unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_eq!(a.expose().len(), 64);
    }

    /// A keychain as slow as a real one's D-Bus round trip, so racing callers overlap.
    struct SlowStore(MemoryStore);

    impl SecretStore for SlowStore {
        fn get(&self, name: &str) -> Result<Option<Secret>> {
            std::thread::sleep(std::time::Duration::from_millis(20));
            self.0.get(name)
        }
        fn set(&self, name: &str, value: &Secret) -> Result<()> {
            self.0.set(name, value)
        }
        fn delete(&self, name: &str) -> Result<()> {
            self.0.delete(name)
        }
    }

    #[test]
    fn concurrent_first_callers_share_one_database_key() {
        let memory = MemoryStore::default();
        let vault = Arc::new(CredentialVault::new(Arc::new(SlowStore(memory.clone()))));
        let keys: Vec<String> = (0..4)
            .map(|_| {
                let vault = vault.clone();
                std::thread::spawn(move || vault.database_key().unwrap().expose().to_string())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        let stored = memory.get(DB_KEY).unwrap().unwrap();
        assert!(keys.iter().all(|k| k == stored.expose()), "{keys:?}");
    }

    /// A keychain that counts its reads and can be told to refuse writes.
    #[derive(Default)]
    struct CountingStore {
        inner: MemoryStore,
        reads: std::sync::atomic::AtomicUsize,
        refuse_writes: std::sync::atomic::AtomicBool,
    }

    impl CountingStore {
        fn reads(&self) -> usize {
            self.reads.load(std::sync::atomic::Ordering::SeqCst)
        }
    }

    impl SecretStore for CountingStore {
        fn get(&self, name: &str) -> Result<Option<Secret>> {
            self.reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            self.inner.get(name)
        }
        fn set(&self, name: &str, value: &Secret) -> Result<()> {
            if self.refuse_writes.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(VaultError::Keychain(
                    "the keychain refused the write".into(),
                ));
            }
            self.inner.set(name, value)
        }
        fn delete(&self, name: &str) -> Result<()> {
            self.inner.delete(name)
        }
    }

    #[test]
    fn metadata_is_read_from_the_keychain_once_and_follows_every_change() {
        let store = Arc::new(CountingStore::default());
        let vault = CredentialVault::new(store.clone());
        assert!(vault.list(Environment::Sandbox).unwrap().is_empty());
        let first_reads = store.reads();
        assert_eq!(first_reads, Provider::ALL.len());
        assert!(vault.list(Environment::Sandbox).unwrap().is_empty());
        assert_eq!(
            store.reads(),
            first_reads,
            "a second list asked the keychain again"
        );

        let added = vault.put(&set("sk_test_a1234567"), t0()).unwrap();
        let listed = vault.list(Environment::Sandbox).unwrap();
        assert_eq!(listed, vec![added]);
        assert_eq!(store.reads(), first_reads);

        vault.remove(Provider::Monei, Environment::Sandbox).unwrap();
        assert!(vault.list(Environment::Sandbox).unwrap().is_empty());
        assert!(
            store.inner.names().is_empty(),
            "left: {:?}",
            store.inner.names()
        );
    }

    #[test]
    fn a_failed_write_or_a_switched_store_is_read_afresh() {
        let store = Arc::new(CountingStore::default());
        let vault = CredentialVault::new(store.clone());
        let kept = vault.put(&set("sk_test_a1234567"), t0()).unwrap();
        store
            .refuse_writes
            .store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(vault.put(&set("sk_test_b7654321"), t0()).is_err());
        let reads = store.reads();
        let after = vault.meta(Provider::Monei, Environment::Sandbox).unwrap();
        assert_eq!(after, Some(kept), "the failed write must not show");
        assert_eq!(
            store.reads(),
            reads + 1,
            "the failed write's key was not read afresh"
        );

        // a change the vault did not make (another store behind it) shows after forgetting
        store.inner.delete("meta/monei/sandbox").unwrap();
        assert!(
            vault
                .meta(Provider::Monei, Environment::Sandbox)
                .unwrap()
                .is_some()
        );
        vault.forget_cached();
        assert_eq!(
            vault.meta(Provider::Monei, Environment::Sandbox).unwrap(),
            None
        );
    }
}
