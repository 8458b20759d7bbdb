//! The vault on the real OS keychain. The test command runs these inside a D-Bus session with
//! an unlocked gnome-keyring and sets `DESK_REQUIRE_KEYCHAIN=1`, so a missing keychain fails
//! them; elsewhere they are skipped with a message.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{Environment, Provider, Secret};
use desk_vault::{CredentialSet, CredentialVault, KeychainStore, SecretStore, VaultError};

/// Whether the run requires the real keychain (`DESK_REQUIRE_KEYCHAIN=1`, as the test command
/// sets it): then a missing keychain or tool fails a test instead of skipping it.
fn keychain_required() -> bool {
    std::env::var("DESK_REQUIRE_KEYCHAIN").is_ok_and(|v| v == "1")
}

fn keychain() -> Option<KeychainStore> {
    let store = KeychainStore::new(format!("merchant-desk-test-{}", std::process::id()));
    match store.probe() {
        Ok(()) => Some(store),
        Err(e) if keychain_required() => {
            panic!("the keychain is required but unavailable: {e}")
        }
        Err(e) => {
            eprintln!("skipping keychain test: {e}");
            None
        }
    }
}

#[test]
fn secrets_round_trip_through_the_real_keychain_and_wipe_removes_them() {
    let Some(store) = keychain() else { return };
    let vault = CredentialVault::new(Arc::new(store.clone()));
    let set = CredentialSet {
        provider: Provider::Monnet,
        environment: Environment::Sandbox,
        public: vec![("merchant_id".into(), "22".into())],
        secrets: vec![(
            "api_secret".into(),
            Secret::new("real-keychain-secret-value"),
        )],
    };
    vault.put(&set, time::OffsetDateTime::now_utc()).unwrap();
    let back = vault.get(Provider::Monnet, Environment::Sandbox).unwrap();
    assert_eq!(
        back.secret("api_secret").unwrap().expose(),
        "real-keychain-secret-value"
    );
    let out = std::process::Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            &format!("merchant-desk-test-{}", std::process::id()),
            "username",
            "monnet/sandbox/api_secret",
        ])
        .output();
    // secret-tool (libsecret-tools, installed by the bootstrap) sees the entry by its
    // service and name; only a machine without the tool that does not require the keychain
    // skips this look.
    match out {
        Ok(out) => assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "real-keychain-secret-value",
            "the entry is in the Secret Service: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) if keychain_required() => {
            panic!("DESK_REQUIRE_KEYCHAIN=1 needs secret-tool (libsecret-tools): {e}")
        }
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{e}"),
    }
    vault.wipe_all().unwrap();
    assert!(store.get("monnet/sandbox/api_secret").unwrap().is_none());
}

// With no D-Bus session the keychain cannot be reached: the merchant must get the sentence that
// says what to install, not a hang and not a silent fallback.
#[test]
fn without_a_session_bus_the_error_says_what_to_install() {
    if std::env::var("DESK_VAULT_CHILD").is_ok() {
        let err = KeychainStore::new("merchant-desk-test-nobus")
            .probe()
            .unwrap_err();
        assert!(matches!(err, VaultError::NoKeychain), "{err:?}");
        println!("MESSAGE:{err}");
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let mut child = std::process::Command::new(exe);
    child
        .args([
            "--exact",
            "without_a_session_bus_the_error_says_what_to_install",
            "--nocapture",
        ])
        .env("DESK_VAULT_CHILD", "1")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    println!("{}", message_of(child));
}

/// Runs `child` (this test binary re-entered in another environment) and returns the
/// `MESSAGE:` line it printed, failing if it failed or printed none.
fn message_of(mut child: std::process::Command) -> String {
    let out = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let message = stdout.lines().find(|l| l.starts_with("MESSAGE:"));
    assert!(message.is_some(), "{stdout}");
    message.unwrap_or_default().to_string()
}

// A keyring locked when the app calls (the merchant locked the screen, the login keyring was
// never unlocked): the merchant must be told to unlock it, within the call's time limit, not
// be told to install a keychain and not wait forever on a prompt nobody can see. Runs in a
// private D-Bus session with its own gnome-keyring, so locking it disturbs no other test.
#[test]
fn a_locked_keyring_gets_the_unlock_message_not_a_hang() {
    if std::env::var("DESK_VAULT_LOCKED_CHILD").is_ok() {
        let store = KeychainStore::new("merchant-desk-test-locked");
        store.set("probe", &Secret::new("before-the-lock")).unwrap();
        let locked = std::process::Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .status()
            .unwrap();
        assert!(locked.success(), "could not lock the test keyring");
        let started = std::time::Instant::now();
        let err = store.get("probe").unwrap_err();
        let took = started.elapsed();
        println!("MESSAGE:{err} after {took:?}");
        // The unlock message itself, promptly: a timeout (the 5 s limit) is the hang this
        // test exists to rule out, even if its sentence also says "unlock".
        assert!(matches!(err, VaultError::Locked), "{err:?} after {took:?}");
        assert!(
            took < std::time::Duration::from_secs(1),
            "the unlock message came after {took:?}"
        );
        assert!(err.to_string().contains("unlock"), "{err}");
        return;
    }
    let tools = ["dbus-run-session", "gnome-keyring-daemon", "dbus-send"];
    if !tools.iter().all(|t| which(t)) {
        if keychain_required() {
            panic!("the keychain tests need {tools:?}");
        }
        eprintln!("skipping: {tools:?} not all installed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let script = r#"printf locked-test | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
        sleep 1
        "$0" --exact a_locked_keyring_gets_the_unlock_message_not_a_hang --nocapture"#;
    let mut child = std::process::Command::new("dbus-run-session");
    child
        .args(["--", "sh", "-c", script])
        .arg(&exe)
        .env("DESK_VAULT_LOCKED_CHILD", "1")
        .env("XDG_DATA_HOME", home.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    println!("{}", message_of(child));
}

fn which(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}
