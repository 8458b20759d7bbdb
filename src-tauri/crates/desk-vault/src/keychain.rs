//! The OS keychain through the `keyring` crate, every call bounded by a timeout: a locked
//! keyring can wait forever on an unlock prompt, and the app must say so instead of freezing.

use std::sync::mpsc;
use std::time::Duration;

use desk_domain::Secret;

use crate::error::{Result, VaultError};
use crate::store::SecretStore;

/// How long one keychain call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// Secrets in the OS keychain under one service name.
#[derive(Clone)]
pub struct KeychainStore {
    service: String,
}

impl KeychainStore {
    /// A store under `service`; builds of different kinds use different services so a
    /// development build never reads production keys.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// Checks that the keychain answers (a harmless read), with the actionable error if not.
    pub fn probe(&self) -> Result<()> {
        self.get("probe").map(|_| ())
    }
}

fn map(e: keyring::Error) -> VaultError {
    match e {
        keyring::Error::NoStorageAccess(_) => VaultError::Locked,
        keyring::Error::PlatformFailure(p) => {
            let text = p.to_string();
            // no session bus, or no Secret Service on it
            const UNREACHABLE: [&str; 4] = [
                "org.freedesktop.secrets",
                "ServiceUnknown",
                "D-Bus",
                "DBus error",
            ];
            if UNREACHABLE.iter().any(|m| text.contains(m)) {
                VaultError::NoKeychain
            } else {
                VaultError::Keychain(text)
            }
        }
        other => VaultError::Keychain(other.to_string()),
    }
}

/// Runs `call` on a helper thread and waits at most [`CALL_TIMEOUT`].
fn bounded<T: Send + 'static>(call: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(call());
    });
    rx.recv_timeout(CALL_TIMEOUT)
        .unwrap_or(Err(VaultError::Timeout(CALL_TIMEOUT.as_secs())))
}

impl SecretStore for KeychainStore {
    fn get(&self, name: &str) -> Result<Option<Secret>> {
        let (service, name) = (self.service.clone(), name.to_string());
        bounded(move || {
            let entry = keyring::Entry::new(&service, &name).map_err(map)?;
            match entry.get_password() {
                Ok(v) => Ok(Some(Secret::new(v))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(map(e)),
            }
        })
    }

    fn set(&self, name: &str, value: &Secret) -> Result<()> {
        let (service, name, value) = (self.service.clone(), name.to_string(), value.clone());
        bounded(move || {
            keyring::Entry::new(&service, &name)
                .map_err(map)?
                .set_password(value.expose())
                .map_err(map)
        })
    }

    fn delete(&self, name: &str) -> Result<()> {
        let (service, name) = (self.service.clone(), name.to_string());
        bounded(move || {
            match keyring::Entry::new(&service, &name)
                .map_err(map)?
                .delete_credential()
            {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(map(e)),
            }
        })
    }
}
