//! Opening the file: the lock, key, pragmas, migrations.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use desk_domain::Secret;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Result, StoreError};

/// The migrations, in order; each runs in its own transaction and bumps `user_version`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_search_and_audit.sql"),
    include_str!("../migrations/0003_filter_index.sql"),
    include_str!("../migrations/0004_operations.sql"),
    include_str!("../migrations/0005_notices.sql"),
    include_str!("../migrations/0006_after_sale.sql"),
    include_str!("../migrations/0007_list_indexes.sql"),
    include_str!("../migrations/0008_search_in_time_order.sql"),
    include_str!("../migrations/0009_beneficiaries_and_batches.sql"),
    include_str!("../migrations/0010_day_totals.sql"),
    include_str!("../migrations/0011_customers.sql"),
    include_str!("../migrations/0012_payout_news.sql"),
];

/// The store: a write connection and a read connection (WAL lets reads go on beside writes).
///
/// A file store holds an exclusive lock on its lock file ([`lock_file`]) for as long as it
/// lives, so no other process (and no second `Store` in this one) opens the same database.
pub struct Store {
    writer: Mutex<Connection>,
    reader: Option<Mutex<Connection>>,
    // Declared last, so dropped last: both connections are closed (the WAL checkpointed) before
    // another process may open the file.
    _lock: Option<File>,
}

/// The lock file that guards the database at `db`: `desk.db` → `desk.db.lock`, beside it.
pub fn lock_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes the exclusive advisory lock on `db`'s lock file, without waiting: the OS releases it
/// when the returned file is closed, and also when the process dies (even by SIGKILL).
fn lock(db: &Path) -> Result<File> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_file(db))
        .map_err(StoreError::Folder)?;
    // fs4's, spelled out: std's own `File::try_lock` is newer than the workspace's rust-version.
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => Ok(file),
        Err(fs4::TryLockError::WouldBlock) => Err(StoreError::InUse),
        Err(fs4::TryLockError::Error(e)) => Err(StoreError::Folder(e)),
    }
}

fn keyed(conn: &Connection, key: &Secret) -> Result<()> {
    let hex_ok = key.expose().len() == 64 && key.expose().chars().all(|c| c.is_ascii_hexdigit());
    if !hex_ok {
        return Err(StoreError::WrongKey);
    }
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.expose()))?;
    // The first read fails when the key does not open the file.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|_| StoreError::WrongKey)?;
    Ok(())
}

// synchronous = FULL: in WAL mode each commit syncs the WAL before it returns, so a state an
// operation commits (say "sending") is on disk before the network step that follows it; NORMAL
// could lose the last commits to a power cut after the money already moved.
fn pragmas(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
    )?;
    Ok(())
}

/// Runs the migrations after `user_version`.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let version: usize =
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database migrated");
    }
    Ok(())
}

impl Store {
    /// Opens (or creates) the encrypted database at `path` with `key` (64 hex digits).
    ///
    /// Fails at once with [`StoreError::InUse`] while another `Store` (in any process) has the
    /// same file open.
    pub fn open(path: &Path, key: &Secret) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(StoreError::Folder)?;
        }
        // Before SQLite touches the file: a refused second opener never runs a migration.
        let lock = lock(path)?;
        let mut writer = Connection::open(path)?;
        keyed(&writer, key)?;
        pragmas(&writer)?;
        migrate(&mut writer)?;
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        keyed(&reader, key)?;
        // 8 MiB of decrypted pages for the reader (SQLite's default is 2 MiB): a text search over a
        // large history and its count fit, so the next keystroke's search does not decrypt
        // the same pages again.
        reader.execute_batch(
            "PRAGMA busy_timeout = 5000; PRAGMA query_only = ON; PRAGMA cache_size = -8192;",
        )?;
        Ok(Self {
            writer: Mutex::new(writer),
            reader: Some(Mutex::new(reader)),
            _lock: Some(lock),
        })
    }

    /// An unencrypted in-memory store for unit tests.
    pub fn open_in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        migrate(&mut conn)?;
        Ok(Self {
            writer: Mutex::new(conn),
            reader: None,
            _lock: None,
        })
    }

    /// The write connection (one writer at a time).
    pub(crate) fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A read connection (the writer's, for in-memory stores).
    pub(crate) fn reader(&self) -> MutexGuard<'_, Connection> {
        match &self.reader {
            Some(r) => r.lock().unwrap_or_else(|p| p.into_inner()),
            None => self.writer(),
        }
    }

    /// Gives the writer a page cache large enough for one very large transaction (a batch of
    /// 10,000 payouts touches tens of MB of pages): with the default 2 MB, SQLite spills dirty
    /// pages to the WAL mid-transaction and reads them back, each spill and read an encryption
    /// or a decryption, which made such a batch three times slower. The cache returns to its
    /// default size, and its memory to the system, when the guard drops.
    pub(crate) fn large_write_cache(&self) -> Result<impl Drop + '_> {
        self.writer().execute_batch("PRAGMA cache_size = -65536;")?;
        Ok(WriteCacheGuard(self))
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is stored, or none.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Deletes transaction records older than 7 years (the Monei guide's retention for
    /// transaction logs) at `now_ms`; returns how many went.
    pub fn prune(&self, now_ms: i64) -> Result<usize> {
        let cutoff = now_ms - 7 * 365 * 86_400_000 - 2 * 86_400_000;
        self.write(|tx| {
            tx.execute("DELETE FROM status_history WHERE transaction_id IN (SELECT id FROM transactions WHERE created_at < ?1 AND id NOT IN (SELECT transaction_id FROM operations))", [cutoff])?;
            Ok(tx.execute("DELETE FROM transactions WHERE created_at < ?1 AND id NOT IN (SELECT transaction_id FROM operations)", [cutoff])?)
        })
    }
}

/// Puts the writer's page cache back to SQLite's default size when dropped.
struct WriteCacheGuard<'a>(&'a Store);

impl Drop for WriteCacheGuard<'_> {
    fn drop(&mut self) {
        // Nothing to report if it fails: the cache stays larger until the desk closes.
        let _ = self
            .0
            .writer()
            .execute_batch("PRAGMA cache_size = -2000; PRAGMA shrink_memory;");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test may stop at the first surprise

    use super::*;

    // Durable before the network: FULL (2) on the connection every commit goes through.
    #[test]
    fn the_writer_of_a_file_store_syncs_every_commit() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            Store::open(&dir.path().join("desk.db"), &Secret::new("c4".repeat(32))).unwrap();
        let synchronous: i64 = store
            .writer()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(synchronous, 2, "PRAGMA synchronous must be FULL (2)");
        let journal: String = store
            .writer()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
    }

    #[test]
    fn the_lock_file_sits_beside_the_database() {
        assert_eq!(
            lock_file(Path::new("/data/desk.db")),
            Path::new("/data/desk.db.lock")
        );
    }
}
