//! The incident wipe for a merchant who keeps their secrets in the passphrase file vault
//! rather than the system keychain: nothing of a secret is left in the vault, the database
//! and its `-wal`/`-shm` files go, and the next start onboards afresh.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{draft, onboard, set_locale};
use desk_core::host::TestHost;
use desk_core::views::checkout::Confirmation;
use desk_core::{Desk, DeskPaths};
use desk_domain::{AmountLocale, Environment, Secret};
use desk_vault::{CredentialVault, FileVault, KdfParams, MemoryStore, SecretStore, StoreKind};

const PASSPHRASE: &str = "a long vault passphrase for the wipe";

/// A cheap key derivation: the wipe, not Argon2's cost, is under test.
fn cheap() -> KdfParams {
    KdfParams {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    }
}

/// A desk over `dir` whose keychain is `keychain` and whose file vault is cheap to unlock.
fn desk(dir: &Path, keychain: &Arc<MemoryStore>) -> Arc<Desk> {
    let paths = DeskPaths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
        log_dir: dir.join("logs"),
    };
    let d = Arc::new(
        Desk::open_with_vault(
            paths,
            Arc::new(TestHost::default()),
            keychain.clone(),
            |path| FileVault::with_params(path, cheap()),
        )
        .unwrap(),
    );
    set_locale(&d, AmountLocale::En);
    d
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_wipe_with_the_file_vault_leaves_no_secret_and_a_restart_onboards_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let vault_file = data.join("secrets.vault");
    let keychain = Arc::new(MemoryStore::default());
    let d = desk(dir.path(), &keychain);
    // The database (and so its key, in the keychain for now) exists before the switch: the
    // key is one of the secrets the vault must take over, and the wipe must then destroy.
    d.store().unwrap();
    let db_key = keychain.get("db/key").unwrap().unwrap();
    let view = d
        .enable_file_vault(&Secret::new(PASSPHRASE), &Secret::new(PASSPHRASE))
        .unwrap();
    assert_eq!(view.kind, StoreKind::FileVault);
    assert!(keychain.names().is_empty(), "{:?}", keychain.names());
    let d = onboard(d).await;
    d.create_payout(&draft("PO-VAULT-WIPE-1"), Confirmation::default())
        .unwrap();
    d.sync_pass().await.unwrap();
    let m = d.sandbox().await.unwrap().demo_merchant();
    let secrets = [
        m.mona.private_key.clone(),
        m.monei.api_key.clone(),
        m.moneflow.secret.clone(),
        m.monnet.api_key.clone(),
        m.monnet.api_secret.clone(),
        db_key.expose().to_string(),
    ];
    {
        // The premise: the vault holds the credentials and the database key, the keychain none.
        let probe = FileVault::with_params(&vault_file, cheap());
        probe.unlock(&Secret::new(PASSPHRASE)).unwrap();
        let creds = CredentialVault::new(Arc::new(probe));
        assert_eq!(creds.list(Environment::Sandbox).unwrap().len(), 4);
        assert_eq!(creds.database_key().unwrap().expose(), db_key.expose());
    }
    assert!(keychain.names().is_empty(), "{:?}", keychain.names());
    assert!(data.join("desk.db").exists());

    assert_eq!(d.lock_and_wipe("WIPE", true).unwrap(), 4);
    assert!(d.list_credentials().unwrap().is_empty());

    // No secret is left in the vault: the file is gone, or it opens with the passphrase and
    // holds neither a credential nor the database key (and its bytes none of them either).
    if vault_file.exists() {
        let bytes = std::fs::read(&vault_file).unwrap();
        for s in &secrets {
            assert!(
                !contains(&bytes, s),
                "the vault file holds a secret's bytes"
            );
        }
        let probe = FileVault::with_params(&vault_file, cheap());
        probe.unlock(&Secret::new(PASSPHRASE)).unwrap();
        assert!(
            probe.get("db/key").unwrap().is_none(),
            "the database key is left"
        );
        let creds = CredentialVault::new(Arc::new(probe));
        for env in [Environment::Sandbox, Environment::Production] {
            assert!(creds.list(env).unwrap().is_empty(), "credentials are left");
        }
    }
    assert!(keychain.names().is_empty(), "{:?}", keychain.names());
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.starts_with("desk.db") || name == "desk.db.lock",
            "{name} is left after the wipe"
        );
        if path.is_file() && !name.starts_with("sandbox") {
            let bytes = std::fs::read(&path).unwrap();
            for s in &secrets {
                assert!(!contains(&bytes, s), "{name} holds a secret after the wipe");
            }
        }
    }
    drop(d);

    // The next start is a new merchant's: it asks for no passphrase and onboards afresh.
    let restarted = desk(dir.path(), &keychain);
    let state = restarted.onboarding_state();
    assert!(state.needs_onboarding);
    assert_eq!(
        state.keychain_problem, None,
        "a fresh start asks for no vault passphrase"
    );
    let restarted = onboard(restarted).await;
    assert_eq!(restarted.list_credentials().unwrap().len(), 4);
    let page = restarted
        .list_history(&desk_core::views::history::HistoryQuery::default())
        .unwrap();
    assert!(
        page.items.iter().all(|i| i.reference != "PO-VAULT-WIPE-1"),
        "the wiped payout is not in the fresh history"
    );
}

// A wipe must not wait for a passphrase: with the vault locked, its file goes unread.
#[tokio::test]
async fn a_wipe_with_the_file_vault_locked_still_destroys_it() {
    let dir = tempfile::tempdir().unwrap();
    let vault_file = dir.path().join("data").join("secrets.vault");
    let keychain = Arc::new(MemoryStore::default());
    let d = desk(dir.path(), &keychain);
    d.enable_file_vault(&Secret::new(PASSPHRASE), &Secret::new(PASSPHRASE))
        .unwrap();
    let d = onboard(d).await;
    d.lock_file_vault();
    assert!(vault_file.exists());

    d.lock_and_wipe("WIPE", true).unwrap();
    assert!(!vault_file.exists(), "the locked vault file is left");
    for suffix in ["", "-wal", "-shm"] {
        let file = dir.path().join("data").join(format!("desk.db{suffix}"));
        assert!(!file.exists(), "{} is left", file.display());
    }
    assert_eq!(d.secret_store_view().kind, StoreKind::Keychain);
    // Onboarding again in the same session stores a new database key with the new database.
    let d = onboard(d).await;
    d.create_payout(&draft("PO-VAULT-WIPE-2"), Confirmation::default())
        .unwrap();
    drop(d);
    let restarted = desk(dir.path(), &keychain);
    assert_eq!(restarted.list_credentials().unwrap().len(), 4);
    assert!(
        restarted.store().is_ok(),
        "the new database opens with its key"
    );
}
