//! Notices: a refused or reversed payout, or an operation in conflict at its provider, stays
//! in front of the merchant (a count in the status bar, a list) until they open the record.
//! Later sync passes never clear a notice.
//!
//! A notice's sentence is stored as a message of the catalog (`Message::to_stored`: its code
//! and parameters), or as the provider's own words, and rendered when it is read: a notice
//! raised while the desk spoke English reads in Spanish once the merchant chose Spanish. The
//! notes of a record's timeline and of an operation are kept the same way.

use desk_domain::Environment;
use desk_i18n::{Message, msg, render_stored};
use rusqlite::{Transaction, params};
use serde::Serialize;

use crate::db::Store;
use crate::error::Result;

/// Why a notice was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// The provider refused the operation.
    Refused,
    /// A paid payout came back from the bank.
    Reversed,
    /// The provider holds something else under the operation's reference.
    Attention,
}

impl NoticeKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Refused => "refused",
            NoticeKind::Reversed => "reversed",
            NoticeKind::Attention => "attention",
        }
    }

    /// The notice a record's new status raises, if any (`kind` is the record's kind).
    pub fn for_status(kind: &str, status: &str) -> Option<NoticeKind> {
        match (kind, status) {
            (_, "attention") => Some(NoticeKind::Attention),
            ("payout" | "refund" | "capture" | "void", "failed") => Some(NoticeKind::Refused),
            ("payout", "reversed") => Some(NoticeKind::Reversed),
            _ => None,
        }
    }
}

/// A notice as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Notice {
    /// The history record it is about (opening it closes the notice).
    pub transaction_id: String,
    /// `refused`, `reversed` or `attention`.
    pub kind: String,
    /// What happened, as a sentence in the desk's language (or the provider's own words).
    pub message: String,
    /// When it was raised (ms).
    #[ts(type = "number")]
    pub created_at: i64,
}

/// A record as a notice names it: "the payout PO-1", "la transferencia PO-1".
pub(crate) fn what(kind: &str, reference: &str) -> Message {
    match kind {
        "payout" => msg!("notice.what.payout", reference = reference),
        "refund" => msg!("notice.what.refund", reference = reference),
        "capture" => msg!("notice.what.capture", reference = reference),
        "void" => msg!("notice.what.void", reference = reference),
        "payment" | "checkout" => msg!("notice.what.payment", reference = reference),
        "collection" | "cancel" => msg!("notice.what.collection", reference = reference),
        other => msg!("notice.what.other", kind = other, reference = reference),
    }
}

/// The sentence of a notice raised by a record's new status, when the provider gave no reason.
pub(crate) fn sentence(notice: NoticeKind, kind: &str, reference: &str) -> Message {
    match notice {
        NoticeKind::Refused => Message::new("notice.refused"),
        NoticeKind::Reversed => Message::new("notice.reversed"),
        NoticeKind::Attention => Message::new("notice.attention"),
    }
    .arg_msg("what", what(kind, reference))
}

/// Raises `kind` for `transaction_id` inside `tx` (once per record and kind); `message` is
/// stored text (a stored message, or the provider's words), rendered when read.
pub(crate) fn raise(
    tx: &Transaction<'_>,
    transaction_id: &str,
    kind: NoticeKind,
    message: &str,
    now_ms: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO notices (transaction_id, kind, message, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (transaction_id, kind) DO NOTHING",
        params![transaction_id, kind.as_str(), message, now_ms],
    )?;
    Ok(())
}

impl Store {
    /// The notices of `env` the merchant has not opened yet, newest first.
    pub fn unopened_notices(&self, env: Environment) -> Result<Vec<Notice>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT n.transaction_id, n.kind, n.message, n.created_at FROM notices n
             JOIN transactions t ON t.id = n.transaction_id
             WHERE n.opened_at IS NULL AND t.environment = ?1 ORDER BY n.created_at DESC, n.id DESC",
        )?;
        let rows = stmt
            .query_map([env.as_str()], |r| {
                Ok(Notice {
                    transaction_id: r.get(0)?,
                    kind: r.get(1)?,
                    message: render_stored(&r.get::<_, String>(2)?),
                    created_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// How many notices of `env` the merchant has not opened (the status bar's count, read on
    /// every sync pass: counted by SQLite, not by reading the notices).
    pub fn unopened_notice_count(&self, env: Environment) -> Result<u32> {
        Ok(self.reader().query_row(
            "SELECT count(*) FROM notices n JOIN transactions t ON t.id = n.transaction_id
             WHERE n.opened_at IS NULL AND t.environment = ?1",
            [env.as_str()],
            |r| r.get(0),
        )?)
    }

    /// Marks every notice of `transaction_id` as opened; returns how many were open.
    pub fn open_notices(&self, transaction_id: &str, now_ms: i64) -> Result<usize> {
        self.write(|tx| {
            Ok(tx.execute(
                "UPDATE notices SET opened_at = ?2 WHERE transaction_id = ?1 AND opened_at IS NULL",
                params![transaction_id, now_ms],
            )?)
        })
    }
}

#[cfg(test)]
mod tests {
    use desk_i18n::{Language, render_stored_in};

    use super::*;

    #[test]
    fn a_notice_without_a_reason_names_the_record_in_either_language() {
        let stored = sentence(NoticeKind::Refused, "payout", "PO-7").to_stored();
        assert_eq!(
            render_stored_in(&stored, Language::En),
            "The provider refused the payout PO-7."
        );
        assert_eq!(
            render_stored_in(&stored, Language::Es),
            "El proveedor rechazó la transferencia PO-7."
        );
        let reversed = sentence(NoticeKind::Reversed, "payout", "PO-8");
        assert_eq!(
            reversed.render(Language::Es),
            "El banco devolvió la transferencia PO-8 después de haberse pagado."
        );
        assert_eq!(
            what("refund", "RF-1").render(Language::Es),
            "el reembolso RF-1"
        );
    }
}
