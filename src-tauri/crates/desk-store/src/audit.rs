//! The append-only audit log of the merchant's actions. Each row's hash covers the previous
//! row's hash and its own fields, so an edited, inserted or deleted row breaks the chain
//! (triggers also refuse UPDATE and DELETE).

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use crate::db::Store;
use crate::error::Result;

fn hash(prev: &str, seq: i64, at: i64, action: &str, detail: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), &at.to_string(), action, detail] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Appends an entry inside the caller's transaction (so it lands with the change it records).
pub fn append(tx: &Transaction<'_>, at: i64, action: &str, detail: &str) -> Result<()> {
    let last: Option<(i64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = last
        .map(|(s, h)| (s + 1, h))
        .unwrap_or((1, "genesis".into()));
    let h = hash(&prev, seq, at, action, detail);
    tx.prepare_cached(
        "INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![seq, at, action, detail, prev, h])?;
    Ok(())
}

impl Store {
    /// Checks the whole chain; `Ok(n)` with the number of entries, or `Err(seq)`-style
    /// [`crate::StoreError::Corrupt`] naming the first entry that does not fit.
    pub fn verify_audit_chain(&self) -> Result<usize> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT seq, at, action, detail, prev_hash, hash FROM audit_log ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut prev = "genesis".to_string();
        let mut n = 0;
        for (expected_seq, row) in (1..).zip(rows) {
            let (seq, at, action, detail, prev_hash, h) = row?;
            if seq != expected_seq
                || prev_hash != prev
                || hash(&prev, seq, at, &action, &detail) != h
            {
                return Err(crate::StoreError::Corrupt(format!(
                    "the audit log was altered at entry {seq}"
                )));
            }
            prev = h;
            n += 1;
        }
        Ok(n)
    }
}
