//! The desk's receipts: a record of the history (payment, refund, capture, void or payout)
//! written as a [`Receipt`](crate::receipt::Receipt) in the merchant's words and saved as a
//! PDF into the Downloads folder.

use std::path::PathBuf;

use desk_domain::Environment;
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

fn fact<'a>(d: &'a HistoryDetail, key: &str) -> Option<&'a str> {
    d.facts
        .iter()
        .find(|(k, v)| k == key && !v.is_empty() && v != "null")
        .map(|(_, v)| v.as_str())
}

impl Desk {
    /// The receipt of record `id`, with times in the zone `tz` (the merchant's, from Settings).
    /// Nothing that changes between two calls goes into it: the same record gives the same
    /// receipt.
    pub fn receipt(&self, id: &str, tz: &desk_store::local_time::TimeZone) -> Result<Receipt> {
        crate::input::text("id", id, 64)?;
        let store = self.store()?;
        let d = store.detail_in(id, tz)?;
        let item = &d.item;
        let parent = match &item.parent_id {
            Some(p) => Some(store.detail_in(p, tz)?),
            None => None,
        };
        let locale = self.amount_locale();
        let title = match item.kind.as_str() {
            "payout" => "Payout receipt",
            "refund" => "Refund receipt",
            "capture" => "Capture receipt",
            "void" => "Receipt: authorisation released",
            _ => "Payment receipt",
        };
        let mut lines = vec![(
            match item.kind.as_str() {
                "refund" => "Refunded",
                "payout" => "Paid out",
                "void" => "Released",
                _ => "Amount",
            }
            .to_string(),
            item.amount.display_in(locale),
        )];
        if item.refunded.minor > 0 {
            lines.push(("Refunded".into(), item.refunded.display_in(locale)));
            lines.push(("Net".into(), item.net.display_in(locale)));
        }
        lines.push(("Currency".into(), item.amount.currency.code().to_string()));
        lines.push(("Date and time".into(), local_time(&item.created_at)));
        lines.push(("Reference".into(), item.reference.clone()));
        if let Some(p) = &parent {
            lines.push(("For payment".into(), p.item.reference.clone()));
        }
        lines.push((
            format!("{} id", item.provider.display_name()),
            item.remote_id
                .clone()
                .unwrap_or_else(|| "not known yet".into()),
        ));
        let card = fact(&d, "card").or_else(|| parent.as_ref().and_then(|p| fact(p, "card")));
        if let Some(card) = card {
            lines.push(("Card".into(), card.to_string()));
        }
        if let Some(clabe) = fact(&d, "clabe") {
            lines.push(("CLABE".into(), clabe.to_string()));
        }
        if !item.counterparty.is_empty() {
            let who = if item.kind == "payout" {
                "Beneficiary"
            } else {
                "Customer"
            };
            lines.push((who.into(), item.counterparty.clone()));
        }
        lines.push(("Status".into(), item.status.replace('_', " ")));
        Ok(Receipt {
            title: title.into(),
            merchant: self
                .settings()
                .merchant_name
                .unwrap_or_else(|| "Merchant Desk".into()),
            lines,
            environment_note: (item.environment != Environment::Production).then(|| {
                format!(
                    "{}: a test record, no real money moved.",
                    item.environment.as_str().to_uppercase()
                )
            }),
        })
    }

    /// The receipt of record `id` as PDF bytes, in the computer's time zone.
    pub fn receipt_pdf(&self, id: &str) -> Result<Vec<u8>> {
        Ok(pdf(&self.receipt(id, &self.time_zone())?))
    }

    /// Writes the receipt of record `id` into `dir` as `receipt-<reference>.pdf` and returns
    /// its path.
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
        let path = dir.join(format!("receipt-{safe}.pdf"));
        std::fs::write(&path, bytes).map_err(|e| CoreError::Storage(e.to_string()))?;
        tracing::info!(%reference, "receipt saved");
        Ok(path)
    }
}
