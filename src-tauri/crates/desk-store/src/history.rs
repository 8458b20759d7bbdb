//! History queries: filters, text search (FTS5) and keyset pagination, in the merchant's
//! time zone. The CSV export is in [`crate::export`].

use desk_domain::{Currency, Environment, Money, Provider};
use jiff::tz::TimeZone;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::db::Store;
use crate::error::{Result, StoreError};

/// Filters of the history list; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct HistoryQuery {
    /// Only this provider.
    pub provider: Option<Provider>,
    /// Only this normalised status.
    pub status: Option<String>,
    /// Only this environment (the caller defaults it to the active one).
    pub environment: Option<Environment>,
    /// From this day (YYYY-MM-DD or RFC 3339), inclusive.
    pub from: Option<String>,
    /// Until this day, inclusive.
    pub to: Option<String>,
    /// Minimum amount, in minor units.
    #[ts(type = "number | null")]
    pub min_minor: Option<i64>,
    /// Maximum amount, in minor units.
    #[ts(type = "number | null")]
    pub max_minor: Option<i64>,
    /// Words to find in names, references and descriptions.
    pub text: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
    /// Where the previous page ended (`nextCursor`).
    pub cursor: Option<String>,
    /// The merchant's time zone, for the days of `from`/`to` and the times of the rows;
    /// `None` is the computer's. The desk sets it from its settings, never the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub zone: Option<TimeZone>,
}

impl HistoryQuery {
    /// The time zone days and times are read and written in.
    pub fn time_zone(&self) -> TimeZone {
        self.zone.clone().unwrap_or_else(TimeZone::system)
    }
}

/// One row of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryItem {
    /// Local id.
    pub id: String,
    /// Provider.
    pub provider: Provider,
    /// Environment.
    pub environment: Environment,
    /// `checkout`, `collection`, `payment` or `payout`.
    pub kind: String,
    /// Amount.
    pub amount: Money,
    /// Normalised status.
    pub status: String,
    /// Customer or beneficiary (in lists, emails and document numbers masked).
    pub counterparty: String,
    /// Merchant reference / orderId.
    pub reference: String,
    /// Description.
    pub description: String,
    /// Provider's id, once known.
    pub remote_id: Option<String>,
    /// Created (RFC 3339, in the merchant's time zone with its offset).
    pub created_at: String,
    /// Last change (RFC 3339, in the merchant's time zone with its offset).
    pub updated_at: String,
    /// What a capture took, when the payment was authorised first.
    pub captured: Option<Money>,
    /// What confirmed refunds gave back (zero when none).
    pub refunded: Money,
    /// What the merchant keeps: what was taken (the capture, or the charge once it
    /// succeeded), less refunds; zero for what took nothing (authorised, voided, failed).
    pub net: Money,
    /// For a refund, capture or void: the payment it follows.
    pub parent_id: Option<String>,
}

/// The statuses of a record whose money was taken.
const TAKEN: [&str; 6] = [
    "succeeded",
    "captured",
    "partially_refunded",
    "refunded",
    "paid",
    "processing",
];

/// A page of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryPage {
    /// Rows, newest first.
    pub items: Vec<HistoryItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many rows match, counted on the first page only (later pages repeat it as 0) and
    /// up to [`COUNT_CAP`]; see `total_is_capped`.
    #[ts(type = "number")]
    pub total: u64,
    /// Whether more rows match than were counted ("1,000+").
    pub total_is_capped: bool,
}

/// Counting stops here: an exact count of a million rows would cost more than the page.
pub const COUNT_CAP: u64 = 1_000;

/// One step of a record's status timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatusStep {
    /// Status reached.
    pub status: String,
    /// When (RFC 3339, in the merchant's time zone with its offset).
    pub at: String,
    /// Why, when known.
    pub note: Option<String>,
}

/// A record with its timeline and details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryDetail {
    /// The row.
    pub item: HistoryItem,
    /// Status changes, oldest first.
    pub timeline: Vec<StatusStep>,
    /// Labelled facts (bank, CLABE masked to its last four; email and document whole: the
    /// merchant opened this record).
    pub facts: Vec<(String, String)>,
    /// The refunds, captures and voids of this payment, oldest first.
    pub operations: Vec<HistoryItem>,
}

/// RFC 3339 text of ms since the epoch.
pub fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The first (or last) millisecond of the merchant's day `text`, or the instant it names.
fn day_ms(text: &str, end_of_day: bool, tz: &TimeZone) -> Option<i64> {
    crate::local_time::day_ms(text, end_of_day, tz)
}

/// An FTS5 query from words a person typed: each word a quoted prefix term, all required.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

pub(crate) const COLUMNS: &str = "t.id, t.provider, t.environment, t.kind, t.amount_minor, t.currency, t.status, t.counterparty, t.reference, t.description, t.remote_id, t.created_at, t.updated_at, t.captured_minor, t.refunded_minor, t.parent_id";

/// Where a row is shown: in a list (and the export), or as the record the merchant opened.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Emails and document numbers masked.
    Listed,
    /// Whole.
    Opened,
}

/// How many columns [`COLUMNS`] names (a page reads the rowid after them).
const COLUMN_COUNT: usize = 16;

/// A row as `shown`, its times in `tz`; with its `created_at` in ms (the cursor's key).
pub(crate) fn row_to_item(
    r: &rusqlite::Row<'_>,
    tz: &TimeZone,
    shown: Shown,
) -> rusqlite::Result<(HistoryItem, i64)> {
    let parse_err = |i: usize, e: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    };
    let provider: String = r.get(1)?;
    let env: String = r.get(2)?;
    let currency: String = r.get(5)?;
    let created: i64 = r.get(11)?;
    // Any code a provider sent: ISO 4217 with its exponent, anything else as received.
    let currency = Currency::received(&currency);
    let personal = |text: String| match shown {
        Shown::Listed => desk_domain::personal::mask_personal(&text),
        Shown::Opened => text,
    };
    let amount: i64 = r.get(4)?;
    let status: String = r.get(6)?;
    let captured: Option<i64> = r.get(13)?;
    let refunded: i64 = r.get(14)?;
    let taken = if TAKEN.contains(&status.as_str()) {
        captured.unwrap_or(amount)
    } else {
        0
    };
    Ok((
        HistoryItem {
            id: r.get(0)?,
            provider: provider
                .parse()
                .map_err(|e: desk_domain::DomainError| parse_err(1, e.to_string()))?,
            environment: env
                .parse()
                .map_err(|e: desk_domain::DomainError| parse_err(2, e.to_string()))?,
            kind: r.get(3)?,
            amount: Money::new(amount, currency),
            status,
            counterparty: personal(r.get(7)?),
            reference: r.get(8)?,
            description: personal(r.get(9)?),
            remote_id: r.get(10)?,
            created_at: crate::local_time::rfc3339_in(created, tz),
            updated_at: crate::local_time::rfc3339_in(r.get(12)?, tz),
            captured: captured.map(|c| Money::new(c, currency)),
            refunded: Money::new(refunded, currency),
            net: Money::new(taken - refunded, currency),
            parent_id: r.get(15)?,
        },
        created,
    ))
}

/// The WHERE clause and its parameters for `q` (without the keyset part).
fn filter(q: &HistoryQuery) -> Result<(String, Vec<Value>)> {
    // Refunds, captures and voids are shown on their payment's detail, not as rows of their own.
    let mut clauses = vec!["t.parent_id IS NULL".to_string()];
    let tz = q.time_zone();
    let mut params: Vec<Value> = Vec::new();
    let mut push = |clause: &str, v: Value| {
        params.push(v);
        clauses.push(clause.replace('?', &format!("?{}", params.len())));
    };
    if let Some(p) = q.provider {
        push("t.provider = ?", Value::Text(p.as_str().into()));
    }
    if let Some(e) = q.environment {
        push("t.environment = ?", Value::Text(e.as_str().into()));
    }
    if let Some(s) = q.status.as_deref().filter(|s| !s.is_empty()) {
        push("t.status = ?", Value::Text(s.into()));
    }
    if let Some(from) = q.from.as_deref().filter(|s| !s.is_empty()) {
        let ms = day_ms(from, false, &tz)
            .ok_or_else(|| invalid("from", "Use a date like 2026-11-25."))?;
        push("t.created_at >= ?", Value::Integer(ms));
    }
    if let Some(to) = q.to.as_deref().filter(|s| !s.is_empty()) {
        let ms =
            day_ms(to, true, &tz).ok_or_else(|| invalid("to", "Use a date like 2026-11-25."))?;
        push("t.created_at <= ?", Value::Integer(ms));
    }
    if let Some(min) = q.min_minor {
        push("t.amount_minor >= ?", Value::Integer(min));
    }
    if let Some(max) = q.max_minor {
        push("t.amount_minor <= ?", Value::Integer(max));
    }
    Ok((clauses.join(" AND "), params))
}

fn invalid(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(vec![desk_domain::FieldError::new(field, message)])
}

fn bad_cursor() -> StoreError {
    invalid(
        "cursor",
        "This page marker is not valid: start from the first page.",
    )
}

fn parse_cursor(c: &str) -> Result<(i64, String)> {
    c.split_once(':')
        .and_then(|(t, id)| t.parse().ok().map(|t| (t, id.to_string())))
        .ok_or_else(bad_cursor)
}

/// The statements of one history page: the capped count (first page only) and the page.
pub(crate) struct PageSql {
    /// Counts the matching rows up to the cap; `None` after the first page, and on a search's
    /// first page, which counts as it reads.
    pub(crate) count: Option<String>,
    /// Reads the page, one row more than `limit` to learn whether another page follows.
    pub(crate) page: String,
    /// The count's parameters.
    pub(crate) params: Vec<Value>,
    /// The page's parameters (the count's, then the cursor's).
    pub(crate) page_params: Vec<Value>,
    /// Rows per page.
    pub(crate) limit: u32,
    /// Whether the page is read from the text index (its cursor is the rowid).
    pub(crate) text: bool,
    /// Whether the page reads on past its rows, up to the cap, to count the matches.
    pub(crate) counted_by_page: bool,
}

/// The SQL of the page `q` asks for, newest first. Without text, keyset-paginated on
/// `(created_at, id)` over the list's indexes. With text, the text index is read newest first
/// (its rowid order is time order, migration 0008) and stops after the page; its pages are keyed
/// on the rowid (`k<rowid>`).
pub(crate) fn page_sql(q: &HistoryQuery) -> Result<PageSql> {
    let (mut where_sql, mut params) = filter(q)?;
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let cursor = q.cursor.as_deref().filter(|c| !c.is_empty());
    let from = match q.text.as_deref().and_then(fts_query) {
        Some(fts) => {
            params.push(Value::Text(fts));
            where_sql = format!("f.transactions_fts MATCH ?{} AND {where_sql}", params.len());
            "transactions_fts f JOIN transactions t ON t.rowid = f.rowid"
        }
        None => "transactions t",
    };
    let text = from.starts_with("transactions_fts");
    let mut page_params = params.clone();
    let count = match cursor {
        Some(c) => {
            match (text, c.strip_prefix('k')) {
                (true, Some(key)) => {
                    let key: i64 = key.parse().map_err(|_| bad_cursor())?;
                    page_params.push(Value::Integer(key));
                    where_sql.push_str(&format!(" AND f.rowid < ?{}", page_params.len()));
                }
                (false, None) => {
                    let (t, id) = parse_cursor(c)?;
                    page_params.push(Value::Integer(t));
                    page_params.push(Value::Text(id));
                    let (a, b) = (page_params.len() - 1, page_params.len());
                    where_sql.push_str(&format!(
                        " AND (t.created_at < ?{a} OR (t.created_at = ?{a} AND t.id < ?{b}))"
                    ));
                }
                _ => return Err(bad_cursor()),
            }
            None
        }
        // A search's first page counts its matches as it reads them (one pass over the text
        // index instead of two).
        None if text => None,
        None => Some(format!(
            "SELECT count(*) FROM (SELECT 1 FROM {from} WHERE {where_sql} LIMIT {})",
            COUNT_CAP + 1
        )),
    };
    let counted_by_page = text && cursor.is_none();
    let order = match text {
        true => "f.rowid DESC",
        false => "t.created_at DESC, t.id DESC",
    };
    let page = format!(
        "SELECT {COLUMNS}, t.rowid FROM {from} WHERE {where_sql} ORDER BY {order} LIMIT {}",
        match counted_by_page {
            true => COUNT_CAP as u32 + 1,
            false => limit + 1,
        }
    );
    Ok(PageSql {
        count,
        page,
        params,
        page_params,
        limit,
        text,
        counted_by_page,
    })
}

impl Store {
    /// A page of history matching `q`, newest first, with keyset pagination on
    /// `(created_at, id)`.
    pub fn history(&self, q: &HistoryQuery) -> Result<HistoryPage> {
        let PageSql {
            count,
            page,
            params,
            page_params,
            limit,
            text,
            counted_by_page,
        } = page_sql(q)?;
        let conn = self.reader();
        let tz = q.time_zone();
        let mut total: i64 = match count {
            Some(count) => {
                conn.query_row(&count, rusqlite::params_from_iter(params.iter()), |r| {
                    r.get(0)
                })?
            }
            None => 0,
        };
        let mut stmt = conn.prepare(&page)?;
        let mut found = stmt.query(rusqlite::params_from_iter(page_params.iter()))?;
        let mut rows: Vec<(HistoryItem, i64, i64)> = Vec::new();
        while let Some(r) = found.next()? {
            // Past the page's rows (and the one that says another page follows), a search's
            // first page only counts.
            if rows.len() <= limit as usize {
                let (item, created) = row_to_item(r, &tz, Shown::Listed)?;
                rows.push((item, created, r.get(COLUMN_COUNT)?));
            }
            if counted_by_page {
                total += 1;
            }
        }
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|(item, created, rowid)| match text {
                true => format!("k{rowid}"),
                false => format!("{created}:{}", item.id),
            })
        } else {
            None
        };
        let total = total as u64;
        Ok(HistoryPage {
            items: rows.into_iter().map(|(i, _, _)| i).collect(),
            next_cursor,
            total: total.min(COUNT_CAP),
            total_is_capped: total > COUNT_CAP,
        })
    }

    /// One record as the merchant opens it, its times in the computer's time zone.
    pub fn detail(&self, id: &str) -> Result<HistoryDetail> {
        self.detail_in(id, &TimeZone::system())
    }

    /// One record as the merchant opens it (counterparty, email and document whole; the
    /// CLABE masked), with its status timeline, its times in `tz`.
    pub fn detail_in(&self, id: &str, tz: &TimeZone) -> Result<HistoryDetail> {
        let conn = self.reader();
        let (item, _) = conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM transactions t WHERE t.id = ?1"),
                [id],
                |r| row_to_item(r, tz, Shown::Opened),
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound(id.to_string()),
                other => other.into(),
            })?;
        let details: String = conn.query_row(
            "SELECT details FROM transactions WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(
            "SELECT status, at, note FROM status_history WHERE transaction_id = ?1 ORDER BY at, id",
        )?;
        let timeline = stmt
            .query_map([id], |r| {
                Ok(StatusStep {
                    status: r.get(0)?,
                    at: crate::local_time::rfc3339_in(r.get(1)?, tz),
                    // a stored message reads in the language of now (notices.rs)
                    note: r
                        .get::<_, Option<String>>(2)?
                        .map(|n| desk_i18n::render_stored(&n)),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let details: serde_json::Value = serde_json::from_str(&details).unwrap_or_default();
        let facts = details
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| {
                        let text = v
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string());
                        // Full account numbers never leave the store: the UI sees the last four.
                        let text = if k == "clabe" {
                            desk_domain::secret::mask_last4(&text)
                        } else {
                            text
                        };
                        (k.clone(), text)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM transactions t WHERE t.parent_id = ?1 ORDER BY t.created_at, t.id"
        ))?;
        let operations = stmt
            .query_map([id], |r| row_to_item(r, tz, Shown::Listed))?
            .map(|r| r.map(|(item, _)| item))
            .collect::<rusqlite::Result<_>>()?;
        Ok(HistoryDetail {
            item,
            timeline,
            facts,
            operations,
        })
    }
}
