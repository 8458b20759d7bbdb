//! The sandbox's clock: real time plus an offset tests can set or advance, so token expiry,
//! timestamp windows and payout lifecycles are testable.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use crate::http::{HeaderValue, Response, header};

/// Milliseconds since the Unix epoch, shifted by a controllable offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

fn system_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Clock {
    /// Now, in ms since the epoch.
    pub fn now_ms(&self) -> i64 {
        system_ms() + self.offset_ms.load(Ordering::SeqCst)
    }

    /// Moves time forward by `ms`.
    pub fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Sets now to `ms`.
    pub fn set(&self, ms: i64) {
        self.offset_ms.store(ms - system_ms(), Ordering::SeqCst);
    }
}

/// The HTTP `Date` header's text (IMF-fixdate, RFC 9110) of a time in ms.
pub fn http_date(ms: i64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64))
}

/// Stamps an answer with a `Date` header read from the sandbox clock (not the computer's,
/// which hyper would use), as a provider's own clock would: the last layer of every answer.
pub fn stamp_date(clock: &Clock, response: &mut Response) {
    if let Ok(date) = HeaderValue::from_str(&http_date(clock.now_ms())) {
        response.headers_mut().insert(header::DATE, date);
    }
}

/// RFC 3339 text of a time in ms.
pub fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Parses RFC 3339 text into ms.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
}
