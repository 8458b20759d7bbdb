//! The desk's receipts: a record of the history (payment, refund, capture, void or payout)
//! written as a [`Receipt`](crate::receipt::Receipt) in the merchant's words and saved as a
//! PDF into the Downloads folder.

use std::path::PathBuf;

use desk_domain::Environment;
use desk_i18n::{Language, Message, msg};
use desk_store::history::HistoryDetail;

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::receipt::{Receipt, pdf};

/// `2026-12-03 15:04 (UTC+01:00)`: an RFC 3339 time, at the offset it was written with (the
/// merchant's zone at that instant).
fn local_time(rfc3339: &str) -> String {
    let Ok(t) =
        time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
    else {
        return rfc3339.to_string();
    };
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute] (UTC[offset_hour sign:mandatory]:[offset_minute])"
    );
    t.format(&fmt).unwrap_or_else(|_| rfc3339.to_string())
}

/// The catalog's word for a record's status, as History shows it.
fn status_word(status: &str) -> Option<Message> {
    Some(match status {
        "pending" => Message::new("receipt.status.pending"),
        "processing" => Message::new("receipt.status.processing"),
        "authorized" => Message::new("receipt.status.authorized"),
        "succeeded" => Message::new("receipt.status.succeeded"),
        "captured" => Message::new("receipt.status.captured"),
        "paid" => Message::new("receipt.status.paid"),
        "failed" => Message::new("receipt.status.failed"),
        "voided" => Message::new("receipt.status.voided"),
        "canceled" => Message::new("receipt.status.canceled"),
        "expired" => Message::new("receipt.status.expired"),
        "refunded" => Message::new("receipt.status.refunded"),
        "partially_refunded" => Message::new("receipt.status.partially_refunded"),
        "reversed" => Message::new("receipt.status.reversed"),
        "unknown" => Message::new("receipt.status.unknown"),
        "attention" => Message::new("receipt.status.attention"),
        "queued" => Message::new("receipt.status.queued"),
        "sending" => Message::new("receipt.status.sending"),
        _ => return None,
    })
}

fn fact<'a>(d: &'a HistoryDetail, key: &str) -> Option<&'a str> {
    d.facts
        .iter()
        .find(|(k, v)| k == key && !v.is_empty() && v != "null")
        .map(|(_, v)| v.as_str())
}

impl Desk {
    /// The receipt of record `id`, with times in the zone `tz` (the merchant's, from Settings),
    /// in the desk's language. Nothing that changes between two calls goes into it: the same
    /// record gives the same receipt.
    pub fn receipt(&self, id: &str, tz: &desk_store::local_time::TimeZone) -> Result<Receipt> {
        self.receipt_in(id, tz, desk_i18n::language())
    }

    /// The receipt of record `id` in `language`, with times in the zone `tz`.
    pub fn receipt_in(
        &self,
        id: &str,
        tz: &desk_store::local_time::TimeZone,
        language: Language,
    ) -> Result<Receipt> {
        crate::input::text("id", id, 64)?;
        let store = self.store()?;
        let d = store.detail_in(id, tz)?;
        let item = &d.item;
        let parent = match &item.parent_id {
            Some(p) => Some(store.detail_in(p, tz)?),
            None => None,
        };
        let locale = self.amount_locale();
        let say = |m: Message| m.render(language);
        let title = say(match item.kind.as_str() {
            "payout" => Message::new("receipt.title.payout"),
            "refund" => Message::new("receipt.title.refund"),
            "capture" => Message::new("receipt.title.capture"),
            "void" => Message::new("receipt.title.void"),
            _ => Message::new("receipt.title.payment"),
        });
        let mut lines = vec![(
            say(match item.kind.as_str() {
                "refund" => Message::new("receipt.label.refunded"),
                "payout" => Message::new("receipt.label.paid_out"),
                "void" => Message::new("receipt.label.released"),
                _ => Message::new("receipt.label.amount"),
            }),
            item.amount.display_in(locale),
        )];
        if item.refunded.minor > 0 {
            lines.push((
                say(Message::new("receipt.label.refunded")),
                item.refunded.display_in(locale),
            ));
            lines.push((
                say(Message::new("receipt.label.net")),
                item.net.display_in(locale),
            ));
        }
        lines.push((
            say(Message::new("receipt.label.currency")),
            item.amount.currency.code().to_string(),
        ));
        lines.push((
            say(Message::new("receipt.label.date_time")),
            local_time(&item.created_at),
        ));
        lines.push((
            say(Message::new("receipt.label.reference")),
            item.reference.clone(),
        ));
        if let Some(p) = &parent {
            lines.push((
                say(Message::new("receipt.label.for_payment")),
                p.item.reference.clone(),
            ));
        }
        lines.push((
            msg!(
                "receipt.label.provider_id",
                provider = item.provider.display_name()
            )
            .render(language),
            item.remote_id
                .clone()
                .unwrap_or_else(|| say(Message::new("receipt.value.not_known_yet"))),
        ));
        let card = fact(&d, "card").or_else(|| parent.as_ref().and_then(|p| fact(p, "card")));
        if let Some(card) = card {
            lines.push((say(Message::new("receipt.label.card")), card.to_string()));
        }
        if let Some(clabe) = fact(&d, "clabe") {
            lines.push((say(Message::new("receipt.label.clabe")), clabe.to_string()));
        }
        if !item.counterparty.is_empty() {
            let who = if item.kind == "payout" {
                Message::new("receipt.label.beneficiary")
            } else {
                Message::new("receipt.label.customer")
            };
            lines.push((say(who), item.counterparty.clone()));
        }
        lines.push((
            say(Message::new("receipt.label.status")),
            status_word(&item.status)
                .map(say)
                .unwrap_or_else(|| item.status.replace('_', " ")),
        ));
        Ok(Receipt {
            title,
            merchant: self
                .settings()
                .merchant_name
                .unwrap_or_else(|| "Merchant Desk".into()),
            lines,
            environment_note: (item.environment != Environment::Production).then(|| {
                msg!(
                    "receipt.note.test_record",
                    environment = item.environment.as_str().to_uppercase()
                )
                .render(language)
            }),
        })
    }

    /// The receipt of record `id` as PDF bytes, in the computer's time zone.
    pub fn receipt_pdf(&self, id: &str) -> Result<Vec<u8>> {
        Ok(pdf(&self.receipt(id, &self.time_zone())?))
    }

    /// Writes the receipt of record `id` into `dir` as `receipt-<reference>.pdf` ("receipt" in
    /// the merchant's language) and returns its path.
    pub fn save_receipt(&self, id: &str, dir: &std::path::Path) -> Result<PathBuf> {
        let bytes = self.receipt_pdf(id)?;
        let reference = self.history_detail(id)?.item.reference;
        let safe: String = reference
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        std::fs::create_dir_all(dir).map_err(|e| CoreError::Storage(e.to_string()))?;
        let word = crate::file_names::SavedFile::Receipt.word(desk_i18n::language());
        let path = dir.join(format!("{word}-{safe}.pdf"));
        std::fs::write(&path, bytes).map_err(|e| CoreError::Storage(e.to_string()))?;
        tracing::info!(%reference, "receipt saved");
        Ok(path)
    }
}
