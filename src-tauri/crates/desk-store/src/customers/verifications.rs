//! A customer's identity verifications (Mona): the reference is committed (`creating`)
//! before the create is sent; each change of status is audited.

use desk_domain::Environment;
use rusqlite::{OptionalExtension, Row, params};

use super::{corrupt, customer_in};
use crate::audit;
use crate::db::Store;
use crate::error::{Result, StoreError};

/// An identity verification asked of a customer (Mona).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The row's id.
    pub id: i64,
    /// Whose.
    pub customer_id: String,
    /// Sandbox or production.
    pub environment: Environment,
    /// The desk's reference (sent again, unchanged, after a lost answer).
    pub reference: String,
    /// Mona's `verificationId`, once Mona answered.
    pub remote_id: Option<String>,
    /// `creating` (sent, no answer yet), `pending`, `verified` or `failed`.
    pub status: String,
    /// When it was asked for (ms).
    pub created_at: i64,
    /// When its status last changed (ms).
    pub updated_at: i64,
}

const VERIFICATION_COLUMNS: &str =
    "id, customer_id, environment, reference, remote_id, status, created_at, updated_at";

fn verification(r: &Row<'_>) -> rusqlite::Result<(Verification, String)> {
    Ok((
        Verification {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            environment: Environment::Sandbox,
            reference: r.get(3)?,
            remote_id: r.get(4)?,
            status: r.get(5)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
        },
        r.get(2)?,
    ))
}

fn checked_verification((mut v, env): (Verification, String)) -> Result<Verification> {
    v.environment = env.parse().map_err(corrupt)?;
    Ok(v)
}

impl Store {
    /// Records a verification of customer `customer_id` about to be asked of Mona under
    /// `reference` (`creating`), with its audit entry, before anything is sent.
    pub fn begin_verification(
        &self,
        customer_id: &str,
        env: Environment,
        reference: &str,
        now_ms: i64,
    ) -> Result<Verification> {
        self.write(|tx| {
            customer_in(tx, customer_id)?;
            tx.execute(
                "INSERT INTO verifications (customer_id, environment, reference, status, created_at, updated_at) VALUES (?1, ?2, ?3, 'creating', ?4, ?4)",
                params![customer_id, env.as_str(), reference, now_ms],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                now_ms,
                "verification.started",
                &format!("mona {reference} for {customer_id}"),
            )?;
            let found = tx.query_row(
                &format!("SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE id = ?1"),
                [id],
                verification,
            )?;
            checked_verification(found)
        })
    }

    /// Records what Mona holds of verification `id` (its id there and status); a change of
    /// status is audited.
    pub fn set_verification(
        &self,
        id: i64,
        remote_id: &str,
        status: &str,
        now_ms: i64,
    ) -> Result<Verification> {
        self.write(|tx| {
            let (before, _) = tx
                .query_row(
                    &format!("SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE id = ?1"),
                    [id],
                    verification,
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(format!("verification {id}")))?;
            if before.status != status || before.remote_id.as_deref() != Some(remote_id) {
                tx.execute(
                    "UPDATE verifications SET remote_id = ?2, status = ?3, updated_at = ?4 WHERE id = ?1",
                    params![id, remote_id, status, now_ms],
                )?;
                audit::append(
                    tx,
                    now_ms,
                    &format!("verification.{status}"),
                    &format!("mona {} for {}", before.reference, before.customer_id),
                )?;
            }
            let found = tx.query_row(
                &format!("SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE id = ?1"),
                [id],
                verification,
            )?;
            checked_verification(found)
        })
    }

    /// Customer `customer_id`'s latest verification in `env`, if any.
    pub fn latest_verification(
        &self,
        customer_id: &str,
        env: Environment,
    ) -> Result<Option<Verification>> {
        let found = self
            .reader()
            .query_row(
                &format!("SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE customer_id = ?1 AND environment = ?2 ORDER BY created_at DESC, id DESC LIMIT 1"),
                params![customer_id, env.as_str()],
                verification,
            )
            .optional()?;
        found.map(checked_verification).transpose()
    }
}
