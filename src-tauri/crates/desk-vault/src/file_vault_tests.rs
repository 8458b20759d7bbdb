//! The file vault's unit tests.

#![allow(clippy::unwrap_used)]
use super::*;

const CHEAP: KdfParams = KdfParams {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

fn pass(s: &str) -> Secret {
    Secret::new(s)
}

fn vault(dir: &Path) -> FileVault {
    FileVault::with_params(dir.join("secrets.vault"), CHEAP)
}

fn created(dir: &Path) -> FileVault {
    let v = vault(dir);
    v.create(&pass("correct horse battery")).unwrap();
    v
}

#[test]
fn secrets_round_trip_through_a_reopened_vault_and_never_sit_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let v = created(dir.path());
    v.set("monnet/sandbox/api_secret", &pass("s3cr3t-value-xyz"))
        .unwrap();
    v.set("db/key", &pass("00ff00ff")).unwrap();
    v.delete("db/key").unwrap();

    let raw = fs::read_to_string(v.path()).unwrap();
    assert!(!raw.contains("s3cr3t-value-xyz"));
    assert!(!raw.contains("monnet/sandbox"), "names are secret too");

    let again = vault(dir.path());
    assert!(matches!(again.get("x"), Err(VaultError::VaultLocked)));
    again.unlock(&pass("correct horse battery")).unwrap();
    assert_eq!(
        again
            .get("monnet/sandbox/api_secret")
            .unwrap()
            .unwrap()
            .expose(),
        "s3cr3t-value-xyz"
    );
    assert!(again.get("db/key").unwrap().is_none());
}

#[test]
fn a_wrong_passphrase_is_refused_and_leaves_the_vault_locked() {
    let dir = tempfile::tempdir().unwrap();
    created(dir.path());
    let v = vault(dir.path());
    assert_eq!(
        v.unlock(&pass("wrong horse battery")),
        Err(VaultError::WrongPassphrase)
    );
    assert!(!v.is_unlocked());
}

#[test]
fn a_short_passphrase_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    assert_eq!(
        v.create(&pass("short")),
        Err(VaultError::WeakPassphrase(MIN_PASSPHRASE_CHARS))
    );
    assert!(!v.exists());
}

#[test]
fn an_existing_vault_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let v = created(dir.path());
    v.set("a", &pass("1")).unwrap();
    let other = vault(dir.path());
    assert_eq!(
        other.create(&pass("another long passphrase")),
        Err(VaultError::VaultExists)
    );
    assert_eq!(v.get("a").unwrap().unwrap().expose(), "1");
}

fn tamper(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut json: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    edit(&mut json);
    fs::write(path, serde_json::to_vec(&json).unwrap()).unwrap();
}

#[test]
fn a_changed_ciphertext_or_header_is_reported_as_damage_not_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let v = created(dir.path());
    v.set("a", &pass("value")).unwrap();
    let original = fs::read(v.path()).unwrap();

    tamper(v.path(), |j| {
        let c = j["ciphertext"].as_str().unwrap().to_string();
        let flipped = if c.starts_with('0') { "1" } else { "0" };
        j["ciphertext"] = format!("{flipped}{}", &c[1..]).into();
    });
    let fresh = vault(dir.path());
    assert!(matches!(
        fresh.unlock(&pass("correct horse battery")),
        Err(VaultError::Damaged(_))
    ));
    assert!(matches!(v.get("a"), Err(VaultError::Damaged(_))));

    fs::write(v.path(), &original).unwrap();
    tamper(v.path(), |j| j["header"]["kdf"]["iterations"] = 2.into());
    assert!(matches!(
        vault(dir.path()).unlock(&pass("correct horse battery")),
        Err(VaultError::Damaged(_))
    ));
    assert!(matches!(v.get("a"), Err(VaultError::Damaged(_))));

    fs::write(v.path(), &original).unwrap();
    assert_eq!(v.get("a").unwrap().unwrap().expose(), "value");
}

#[test]
fn a_failed_write_leaves_the_previous_vault_whole() {
    let dir = tempfile::tempdir().unwrap();
    let v = created(dir.path());
    v.set("a", &pass("kept")).unwrap();
    // A directory where the temporary file must go makes the write fail.
    fs::create_dir(v.path().with_extension("vault.tmp")).unwrap();
    assert!(matches!(
        v.set("b", &pass("lost")),
        Err(VaultError::VaultIo(_))
    ));
    let again = vault(dir.path());
    again.unlock(&pass("correct horse battery")).unwrap();
    assert_eq!(again.get("a").unwrap().unwrap().expose(), "kept");
    assert!(again.get("b").unwrap().is_none());
}

#[test]
fn lock_forgets_the_key_and_destroy_removes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let v = created(dir.path());
    v.lock();
    assert!(matches!(
        v.set("a", &pass("x")),
        Err(VaultError::VaultLocked)
    ));
    v.unlock(&pass("correct horse battery")).unwrap();
    v.destroy().unwrap();
    assert!(!v.exists());
    assert_eq!(
        v.unlock(&pass("correct horse battery")),
        Err(VaultError::NoVault)
    );
}

#[cfg(unix)]
#[test]
fn the_vault_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let v = created(dir.path());
    let mode = fs::metadata(v.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn the_default_cost_meets_owasp_minimums() {
    let p = KdfParams::default();
    assert!(p.memory_kib >= 19 * 1024 && p.iterations >= 2);
}

// What the README and the security page claim: a vault created with the defaults derives its
// key with Argon2id over 64 MiB in 3 passes (1 lane), says so in its header, and its key
// check is that of a key derived with exactly those costs.
#[test]
fn a_new_vault_derives_its_key_with_64_mib_and_3_passes() {
    assert_eq!(
        KdfParams::default(),
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1
        }
    );
    let dir = tempfile::tempdir().unwrap();
    let v = FileVault::new(dir.path().join("secrets.vault"));
    v.create(&pass("correct horse battery")).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&fs::read(v.path()).unwrap()).unwrap();
    assert_eq!(
        json["header"]["kdf"],
        serde_json::json!({"memoryKib": 65536, "iterations": 3, "parallelism": 1})
    );
    let salt = hex::decode(json["header"]["salt"].as_str().unwrap()).unwrap();
    let mut key = [0u8; 32];
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(64 * 1024, 3, 1, Some(32)).unwrap(),
    )
    .hash_password_into(b"correct horse battery", &salt, &mut key)
    .unwrap();
    assert_eq!(json["check"], key_check(&key));
}

// Every part of the header (costs, salt) changed on disk is damage, never a wrong passphrase,
// and the right passphrase still opens the untouched file.
#[test]
fn a_tampered_header_is_damage_not_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let v = created(dir.path());
    v.set("a", &pass("value")).unwrap();
    let original = fs::read(v.path()).unwrap();
    let edits: [fn(&mut serde_json::Value); 4] = [
        |j| j["header"]["kdf"]["iterations"] = 2.into(),
        |j| j["header"]["kdf"]["memoryKib"] = 16.into(),
        |j| j["header"]["kdf"]["parallelism"] = 2.into(),
        |j| {
            let s = j["header"]["salt"].as_str().unwrap().to_string();
            let flipped = if s.starts_with('0') { "1" } else { "0" };
            j["header"]["salt"] = format!("{flipped}{}", &s[1..]).into();
        },
    ];
    for edit in edits {
        fs::write(v.path(), &original).unwrap();
        tamper(v.path(), edit);
        let got = vault(dir.path()).unlock(&pass("correct horse battery"));
        assert!(matches!(got, Err(VaultError::Damaged(_))), "{got:?}");
    }
    fs::write(v.path(), &original).unwrap();
    assert_eq!(
        vault(dir.path()).unlock(&pass("not the passphrase")),
        Err(VaultError::WrongPassphrase)
    );
    vault(dir.path())
        .unlock(&pass("correct horse battery"))
        .unwrap();
}
