//! History queries: filters, text search (FTS5), keyset pagination and CSV export.

use std::io::Write;

use desk_domain::{Currency, Environment, Money, Provider};
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
    /// Customer or beneficiary.
    pub counterparty: String,
    /// Merchant reference / orderId.
    pub reference: String,
    /// Description.
    pub description: String,
    /// Provider's id, once known.
    pub remote_id: Option<String>,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last change (RFC 3339).
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
    /// When (RFC 3339).
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
    /// Labelled facts (bank, masked CLABE, email…), already masked.
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

fn day_ms(text: &str, end_of_day: bool) -> Option<i64> {
    if let Ok(t) = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
    {
        return Some((t.unix_timestamp_nanos() / 1_000_000) as i64);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(text, &fmt).ok()?;
    let start = d.midnight().assume_utc().unix_timestamp() * 1000;
    Some(if end_of_day {
        start + 86_400_000 - 1
    } else {
        start
    })
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

const COLUMNS: &str = "t.id, t.provider, t.environment, t.kind, t.amount_minor, t.currency, t.status, t.counterparty, t.reference, t.description, t.remote_id, t.created_at, t.updated_at, t.captured_minor, t.refunded_minor, t.parent_id";

fn row_to_item(r: &rusqlite::Row<'_>) -> rusqlite::Result<(HistoryItem, i64)> {
    let parse_err = |i: usize, e: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    };
    let provider: String = r.get(1)?;
    let env: String = r.get(2)?;
    let currency: String = r.get(5)?;
    let created: i64 = r.get(11)?;
    let currency = currency
        .parse::<Currency>()
        .map_err(|e| parse_err(5, e.to_string()))?;
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
            counterparty: r.get(7)?,
            reference: r.get(8)?,
            description: r.get(9)?,
            remote_id: r.get(10)?,
            created_at: rfc3339(created),
            updated_at: rfc3339(r.get(12)?),
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
        let ms =
            day_ms(from, false).ok_or_else(|| invalid("from", "Use a date like 2026-11-25."))?;
        push("t.created_at >= ?", Value::Integer(ms));
    }
    if let Some(to) = q.to.as_deref().filter(|s| !s.is_empty()) {
        let ms = day_ms(to, true).ok_or_else(|| invalid("to", "Use a date like 2026-11-25."))?;
        push("t.created_at <= ?", Value::Integer(ms));
    }
    if let Some(min) = q.min_minor {
        push("t.amount_minor >= ?", Value::Integer(min));
    }
    if let Some(max) = q.max_minor {
        push("t.amount_minor <= ?", Value::Integer(max));
    }
    if let Some(fts) = q.text.as_deref().and_then(fts_query) {
        push(
            "t.rowid IN (SELECT rowid FROM transactions_fts WHERE transactions_fts MATCH ?)",
            Value::Text(fts),
        );
    }
    Ok((clauses.join(" AND "), params))
}

fn invalid(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(vec![desk_domain::FieldError::new(field, message)])
}

fn parse_cursor(c: &str) -> Result<(i64, String)> {
    c.split_once(':')
        .and_then(|(t, id)| t.parse().ok().map(|t| (t, id.to_string())))
        .ok_or_else(|| {
            invalid(
                "cursor",
                "This page marker is not valid: start from the first page.",
            )
        })
}

/// The statements of one history page: the capped count (first page only) and the page.
pub(crate) struct PageSql {
    /// Counts the matching rows up to the cap; `None` after the first page.
    pub(crate) count: Option<String>,
    /// Reads the page, one row more than `limit` to learn whether another page follows.
    pub(crate) page: String,
    /// The count's parameters.
    pub(crate) params: Vec<Value>,
    /// The page's parameters (the count's, then the cursor's).
    pub(crate) page_params: Vec<Value>,
    /// Rows per page.
    pub(crate) limit: u32,
}

/// The SQL of the page `q` asks for, keyset-paginated on `(created_at, id)`, newest first.
pub(crate) fn page_sql(q: &HistoryQuery) -> Result<PageSql> {
    let (mut where_sql, params) = filter(q)?;
    let mut page_params = params.clone();
    let count = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => {
            let (t, id) = parse_cursor(c)?;
            page_params.push(Value::Integer(t));
            page_params.push(Value::Text(id));
            let (a, b) = (page_params.len() - 1, page_params.len());
            where_sql.push_str(&format!(
                " AND (t.created_at < ?{a} OR (t.created_at = ?{a} AND t.id < ?{b}))"
            ));
            None
        }
        None => Some(format!(
            "SELECT count(*) FROM (SELECT 1 FROM transactions t WHERE {where_sql} LIMIT {})",
            COUNT_CAP + 1
        )),
    };
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let page = format!(
        "SELECT {COLUMNS} FROM transactions t WHERE {where_sql} ORDER BY t.created_at DESC, t.id DESC LIMIT {}",
        limit + 1
    );
    Ok(PageSql {
        count,
        page,
        params,
        page_params,
        limit,
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
        } = page_sql(q)?;
        let conn = self.reader();
        let total: i64 = match count {
            Some(count) => {
                conn.query_row(&count, rusqlite::params_from_iter(params.iter()), |r| {
                    r.get(0)
                })?
            }
            None => 0,
        };
        let mut stmt = conn.prepare(&page)?;
        let mut rows: Vec<(HistoryItem, i64)> = stmt
            .query_map(rusqlite::params_from_iter(page_params.iter()), row_to_item)?
            .collect::<rusqlite::Result<_>>()?;
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last()
                .map(|(item, created)| format!("{created}:{}", item.id))
        } else {
            None
        };
        let total = total as u64;
        Ok(HistoryPage {
            items: rows.into_iter().map(|(i, _)| i).collect(),
            next_cursor,
            total: total.min(COUNT_CAP),
            total_is_capped: total > COUNT_CAP,
        })
    }

    /// One record with its status timeline and masked facts.
    pub fn detail(&self, id: &str) -> Result<HistoryDetail> {
        let conn = self.reader();
        let (item, _) = conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM transactions t WHERE t.id = ?1"),
                [id],
                row_to_item,
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
                    at: rfc3339(r.get(1)?),
                    note: r.get(2)?,
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
            .query_map([id], row_to_item)?
            .map(|r| r.map(|(item, _)| item))
            .collect::<rusqlite::Result<_>>()?;
        Ok(HistoryDetail {
            item,
            timeline,
            facts,
            operations,
        })
    }

    /// Writes every row matching `q` (all pages) as CSV; returns how many rows.
    pub fn export_csv(&self, q: &HistoryQuery, out: impl Write) -> Result<usize> {
        let mut w = csv::Writer::from_writer(out);
        let csv_err = |e: csv::Error| StoreError::Corrupt(e.to_string());
        w.write_record([
            "created_at",
            "provider",
            "environment",
            "kind",
            "reference",
            "counterparty",
            "description",
            "amount",
            "currency",
            "status",
            "provider_id",
            "refunded",
            "net",
        ])
        .map_err(csv_err)?;
        let mut page_q = HistoryQuery {
            limit: Some(500),
            cursor: None,
            ..q.clone()
        };
        let mut n = 0;
        loop {
            let page = self.history(&page_q)?;
            for i in &page.items {
                w.write_record([
                    &i.created_at,
                    i.provider.as_str(),
                    i.environment.as_str(),
                    &i.kind,
                    &i.reference,
                    &i.counterparty,
                    &i.description,
                    &i.amount.to_major_string(),
                    i.amount.currency.code(),
                    &i.status,
                    i.remote_id.as_deref().unwrap_or(""),
                    &i.refunded.to_major_string(),
                    &i.net.to_major_string(),
                ])
                .map_err(csv_err)?;
                n += 1;
            }
            match page.next_cursor {
                Some(c) => page_q.cursor = Some(c),
                None => break,
            }
        }
        w.flush().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(n)
    }
}
