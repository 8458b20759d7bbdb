//! The opt-in file vault for computers without a usable keychain: every secret in one file,
//! encrypted with XChaCha20-Poly1305 under a key derived from the merchant's passphrase with
//! Argon2id. The key is derived once at unlock and held (zeroized on lock and drop); the
//! secrets themselves are decrypted only for the call that needs them.
//!
//! The file is JSON: a header (format, version, Argon2id parameters, salt), a 16-byte key
//! check that tells a wrong passphrase from a damaged file, a fresh 24-byte nonce per write
//! and the ciphertext. The header is the AEAD's associated data, so changing a parameter is
//! caught like changing the ciphertext. Writes go to a sibling file, are synced, then renamed
//! over the vault: a crash leaves the old vault or the new one, never half of either.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use desk_domain::Secret;
use desk_i18n::msg;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Result, VaultError};
use crate::store::SecretStore;

/// The shortest passphrase the vault accepts.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

const FORMAT: &str = "merchant-desk-vault";
const VERSION: u32 = 1;
const CHECK_CONTEXT: &[u8] = b"merchant-desk vault key check v1";

/// Argon2id cost parameters, stored in the vault's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// 64 MiB, 3 passes, 1 lane: RFC 9106's second recommended setting with one lane, well
    /// above OWASP's minimum (19 MiB, 2 passes).
    fn default() -> Self {
        Self {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Header {
    format: String,
    version: u32,
    kdf: KdfParams,
    salt: String,
}

impl Header {
    /// The associated data: the header as canonical JSON.
    fn aad(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(|e| VaultError::Damaged(e.to_string()))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct VaultFile {
    header: Header,
    /// SHA-256 of the header, so a changed header is told apart from a wrong passphrase
    /// (both would change the derived key). Absent in files written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    header_check: Option<String>,
    check: String,
    nonce: String,
    ciphertext: String,
}

/// The derived key and the header it belongs to, while the vault is unlocked.
struct Unlocked {
    key: Zeroizing<[u8; 32]>,
    header: Header,
}

/// Secrets in a passphrase-protected file.
pub struct FileVault {
    path: PathBuf,
    params: KdfParams,
    unlocked: Mutex<Option<Unlocked>>,
}

type SecretMap = BTreeMap<String, Zeroizing<String>>;

fn derive(passphrase: &Secret, header: &Header) -> Result<Zeroizing<[u8; 32]>> {
    let salt = hex::decode(&header.salt).map_err(|e| VaultError::Damaged(e.to_string()))?;
    let k = header.kdf;
    let params = Params::new(k.memory_kib, k.iterations, k.parallelism, Some(32))
        .map_err(|e| VaultError::Damaged(format!("key derivation parameters: {e}")))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.expose().as_bytes(), &salt, key.as_mut())
        .map_err(|e| VaultError::Damaged(format!("key derivation: {e}")))?;
    Ok(key)
}

fn header_check(header: &Header) -> Result<String> {
    Ok(hex::encode(Sha256::digest(header.aad()?)))
}

fn key_check(key: &[u8; 32]) -> String {
    let mut h = Sha256::new();
    h.update(CHECK_CONTEXT);
    h.update(key);
    hex::encode(&h.finalize()[..16])
}

/// The vault file could not be read, written or deleted (`action`), told in the desk's language.
fn io_error(action: &str, e: io::Error) -> VaultError {
    let told = match action {
        "read" => msg!("vault.file_read_failed", error = e),
        "write" => msg!("vault.file_write_failed", error = e),
        _ => msg!("vault.file_delete_failed", error = e),
    };
    VaultError::VaultIo(told.to_string())
}

impl FileVault {
    /// A vault at `path` with the default Argon2id cost.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self::with_params(path, KdfParams::default())
    }

    /// A vault at `path` whose new files use `params` (tests use a cheap cost; an existing
    /// file always uses the parameters in its header).
    pub fn with_params(path: impl Into<PathBuf>, params: KdfParams) -> Self {
        Self {
            path: path.into(),
            params,
            unlocked: Mutex::new(None),
        }
    }

    /// Where the vault file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a vault file exists.
    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    /// Whether the vault is unlocked in this process.
    pub fn is_unlocked(&self) -> bool {
        self.state().is_some()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Option<Unlocked>> {
        self.unlocked.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Creates an empty vault protected by `passphrase` and leaves it unlocked. Refuses to
    /// replace an existing vault.
    pub fn create(&self, passphrase: &Secret) -> Result<()> {
        if passphrase.expose().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(VaultError::WeakPassphrase(MIN_PASSPHRASE_CHARS));
        }
        if self.exists() {
            return Err(VaultError::VaultExists);
        }
        let header = Header {
            format: FORMAT.into(),
            version: VERSION,
            kdf: self.params,
            salt: hex::encode(rand::random::<[u8; 16]>()),
        };
        let key = derive(passphrase, &header)?;
        let unlocked = Unlocked { key, header };
        self.write(&unlocked, &SecretMap::new())?;
        *self.state() = Some(unlocked);
        Ok(())
    }

    /// Unlocks the vault with `passphrase`.
    pub fn unlock(&self, passphrase: &Secret) -> Result<()> {
        let file = self.read_file()?;
        let key = derive(passphrase, &file.header)?;
        if key_check(&key) != file.check {
            return Err(VaultError::WrongPassphrase);
        }
        let unlocked = Unlocked {
            key,
            header: file.header.clone(),
        };
        decrypt(&unlocked, &file)?;
        *self.state() = Some(unlocked);
        Ok(())
    }

    /// Forgets the derived key; secrets need the passphrase again.
    pub fn lock(&self) {
        *self.state() = None;
    }

    /// Deletes the vault file and locks (used after its secrets moved to the keychain).
    pub fn destroy(&self) -> Result<()> {
        let mut state = self.state();
        *state = None;
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error("delete", e)),
        }
    }

    fn read_file(&self) -> Result<VaultFile> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(VaultError::NoVault),
            Err(e) => return Err(io_error("read", e)),
        };
        let file: VaultFile =
            serde_json::from_slice(&bytes).map_err(|e| VaultError::Damaged(e.to_string()))?;
        if file.header.format != FORMAT || file.header.version != VERSION {
            return Err(VaultError::Damaged(format!(
                "unknown format {} version {}",
                file.header.format, file.header.version
            )));
        }
        if let Some(check) = &file.header_check
            && *check != header_check(&file.header)?
        {
            return Err(VaultError::Damaged("the vault's header was changed".into()));
        }
        Ok(file)
    }

    /// Reads and decrypts the whole map for one call.
    fn load(&self, unlocked: &Unlocked) -> Result<SecretMap> {
        let file = self.read_file()?;
        if file.header != unlocked.header || key_check(&unlocked.key) != file.check {
            return Err(VaultError::Damaged(
                "the vault file was replaced while it was unlocked".into(),
            ));
        }
        decrypt(unlocked, &file)
    }

    fn write(&self, unlocked: &Unlocked, map: &SecretMap) -> Result<()> {
        let plain = Zeroizing::new(
            serde_json::to_vec(map).map_err(|e| VaultError::Damaged(e.to_string()))?,
        );
        let nonce: [u8; 24] = rand::random();
        let aad = unlocked.header.aad()?;
        let ciphertext = XChaCha20Poly1305::new(unlocked.key.as_ref().into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::Damaged("encryption failed".into()))?;
        let file = VaultFile {
            header: unlocked.header.clone(),
            header_check: Some(header_check(&unlocked.header)?),
            check: key_check(&unlocked.key),
            nonce: hex::encode(nonce),
            ciphertext: hex::encode(ciphertext),
        };
        let bytes =
            serde_json::to_vec_pretty(&file).map_err(|e| VaultError::Damaged(e.to_string()))?;
        write_atomically(&self.path, &bytes).map_err(|e| io_error("write", e))
    }

    /// Runs `change` on the decrypted map and writes the result back.
    fn update(&self, change: impl FnOnce(&mut SecretMap)) -> Result<()> {
        let state = self.state();
        let unlocked = state.as_ref().ok_or(VaultError::VaultLocked)?;
        let mut map = self.load(unlocked)?;
        change(&mut map);
        self.write(unlocked, &map)
    }
}

fn decrypt(unlocked: &Unlocked, file: &VaultFile) -> Result<SecretMap> {
    let damaged = |what: &str| VaultError::Damaged(what.to_string());
    let nonce = hex::decode(&file.nonce).map_err(|_| damaged("bad nonce"))?;
    if nonce.len() != 24 {
        return Err(damaged("bad nonce length"));
    }
    let ciphertext = hex::decode(&file.ciphertext).map_err(|_| damaged("bad ciphertext"))?;
    let aad = file.header.aad()?;
    let plain = Zeroizing::new(
        XChaCha20Poly1305::new(unlocked.key.as_ref().into())
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| damaged("the contents do not match their authentication tag"))?,
    );
    serde_json::from_slice(&plain).map_err(|_| damaged("the decrypted contents are not a vault"))
}

/// Writes `bytes` to a sibling file readable by the owner only, syncs it, renames it over
/// `path` and syncs the directory.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = path.with_extension("vault.tmp");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, path)?;
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    Ok(())
}

impl SecretStore for FileVault {
    fn get(&self, name: &str) -> Result<Option<Secret>> {
        let state = self.state();
        let unlocked = state.as_ref().ok_or(VaultError::VaultLocked)?;
        let map = self.load(unlocked)?;
        Ok(map.get(name).map(|v| Secret::new(v.as_str())))
    }

    fn set(&self, name: &str, value: &Secret) -> Result<()> {
        self.update(|map| {
            map.insert(name.to_string(), Zeroizing::new(value.expose().to_string()));
        })
    }

    fn delete(&self, name: &str) -> Result<()> {
        self.update(|map| {
            map.remove(name);
        })
    }
}

#[cfg(test)]
#[path = "file_vault_tests.rs"]
mod tests;
