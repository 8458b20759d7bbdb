//! A provider's timestamps, read as RFC 3339. One that cannot be read is never taken as 1970
//! (which would freeze the stream's cursor and let retention delete the row): the record
//! takes the time the desk received it, and keeps the provider's text in its details as
//! `provider_time`, shown when the merchant opens it.

use std::time::{SystemTime, UNIX_EPOCH};

/// The details key of a provider time that could not be read.
pub(crate) const PROVIDER_TIME: &str = "provider_time";

fn read(text: &str) -> Option<i64> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .and_then(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok())
}

/// `text` in ms since the epoch, or the time received (now) when it cannot be read.
pub(crate) fn ms(text: &str) -> i64 {
    read(text).unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    })
}

/// `details` with [`PROVIDER_TIME`] set to those of `times` that could not be read (their
/// texts joined with " / "); as they were when every time was read.
pub(crate) fn keep_unread(mut details: serde_json::Value, times: &[&str]) -> serde_json::Value {
    let mut unread: Vec<&str> = times
        .iter()
        .copied()
        .filter(|t| read(t).is_none())
        .collect();
    unread.dedup();
    if let (false, Some(o)) = (unread.is_empty(), details.as_object_mut()) {
        o.insert(PROVIDER_TIME.into(), unread.join(" / ").into());
    }
    details
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readable_time_is_read_and_leaves_the_details_alone() {
        assert_eq!(ms("2026-11-26T05:30:00Z"), 1_795_671_000_000);
        assert_eq!(ms("2026-11-25T23:30:00-06:00"), 1_795_671_000_000);
        let d = keep_unread(
            serde_json::json!({ "card": "Visa" }),
            &["2026-11-26T05:30:00Z"],
        );
        assert_eq!(d, serde_json::json!({ "card": "Visa" }));
    }

    #[test]
    fn an_unreadable_time_is_the_time_received_with_the_text_kept() {
        let start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis();
        let received = ms("25/11/2026 23:30");
        assert!(
            i128::from(received) >= start as i128,
            "{received} is now, not 1970"
        );
        let d = keep_unread(
            serde_json::json!({}),
            &["25/11/2026 23:30", "25/11/2026 23:30"],
        );
        assert_eq!(
            d,
            serde_json::json!({ "provider_time": "25/11/2026 23:30" })
        );
        let d = keep_unread(serde_json::json!({}), &["", "2026-11-26T05:30:00Z"]);
        assert_eq!(d, serde_json::json!({ "provider_time": "" }));
    }

    #[test]
    fn a_pulled_record_with_an_unreadable_time_keeps_it_and_is_dated_when_received() {
        use desk_domain::{Environment, Provider};
        let start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis();
        let pulled = super::super::Pulled {
            reference: "MN-1".into(),
            remote_id: "txn_1".into(),
            amount: 1_000,
            currency: "NGN".into(),
            status: crate::status::mona_status("successful"),
            counterparty: String::new(),
            description: String::new(),
            created: "2026-11-25T23:30:00-06:00".into(),
            updated: "mañana".into(),
            note: None,
        };
        let r = pulled.into_record(Provider::Mona, Environment::Sandbox, "checkout");
        assert_eq!(r.created_at, 1_795_671_000_000);
        assert!(i128::from(r.updated_at) >= start as i128, "not 1970");
        assert_eq!(r.details[PROVIDER_TIME], "mañana");
    }
}
