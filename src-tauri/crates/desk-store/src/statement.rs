//! Monthly statements: what changed the merchant's balance in one currency and one environment
//! during one month of their time zone, and the totals before and after that month.
//!
//! # What a statement counts
//!
//! The statement of month M (a calendar month in the merchant's time zone, from its first
//! instant up to the first instant of the next month) for currency C and environment E lists
//! every **movement** of C in E in that month, oldest first:
//!
//! | movement | which records | sign | when |
//! |---|---|---|---|
//! | payment received | a record that follows no other and is not a payout (checkout, payment), whose status is `succeeded`, `captured`, `partially_refunded` or `refunded` | + what was taken (the capture, else the amount) | the record's time |
//! | refund | a refund record (attached to its payment) whose status is `refunded` | − | the refund record's time |
//! | payout | a payout whose status is `paid` or `reversed` | − | the payout's time |
//! | payout reversed | a payout whose status is `reversed` (the bank returned it after it was paid) | + | when the reversal was learnt: the first `reversed` step of its timeline |
//!
//! A record's time is the one the history shows (`created_at`). Anything else moved no money
//! and is not listed: pending, processing, authorised, queued, failed, voided, canceled and
//! expired records, refunds not (yet) carried out, captures and voids as records of their own
//! (a capture shows as the payment's amount taken). A payout that was paid and then reversed
//! appears twice: paid (−) on its day, reversed (+) on the day the reversal was learnt.
//!
//! The **opening** total is the net of every such movement of C in E before M's first
//! instant; the **closing** total is the opening plus the net of M's movements. So the
//! closing total of one month is the opening of the next.
//!
//! Because a record's status can still change after its month ends (a payout pending on the
//! 31st and paid on the 1st counts on the 31st once it is paid), a statement made before every
//! record of its month settled may be different from one made later; the reversal is the one
//! movement dated when it was learnt, so a returned payout never changes a past month.
//!
//! # How it is read
//!
//! The month's movements come from the `created_at` index (`transactions_created`) in time
//! order, the reversals from the list's status index (`transactions_list_status`) with each
//! one's timeline by its own index (`status_history_tx`). The opening total does not read the
//! records before the month (a whole-table pass over a million encrypted records takes about
//! 3 s): it sums the day totals kept by migration 0010, which count exactly the movements
//! above except reversed payouts, and adds the reversed payouts on their own. The choices
//! (months and currencies) come from the same day totals. `statement_plans_use_indexes`
//! checks the plans; `cargo bench -p desk-store --bench statement` times them.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use desk_domain::{Currency, Environment, Provider};
use desk_i18n::{Language, Message, msg};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::params;
use serde::Serialize;

use crate::db::Store;
use crate::error::{Result, StoreError};

/// A payment whose money was taken (as a condition on `t`, the transactions table).
const TAKEN: &str = "(t.parent_id IS NULL AND t.kind NOT IN ('payout', 'refund', 'capture', 'void') AND t.status IN ('succeeded', 'captured', 'partially_refunded', 'refunded'))";

/// What the kept day totals count (migration 0010, [`crate::day_totals`]): payments taken,
/// refunds carried out, payouts paid and not reversed.
const COUNTED: &str = "(TAKEN OR (t.kind = 'refund' AND t.status = 'refunded') OR (t.kind = 'payout' AND t.status = 'paid'))";

/// Every record that moved money: what the day totals count, and the payouts paid and then
/// reversed (their payout; the reversal is a movement of its own).
const MOVED: &str = "(COUNTED OR (t.kind = 'payout' AND t.status = 'reversed'))";

/// What a moved record did to the balance, in minor units.
const SIGNED: &str = "CASE WHEN t.kind IN ('payout', 'refund') THEN -t.amount_minor ELSE coalesce(t.captured_minor, t.amount_minor) END";

/// The payouts of `?1` (environment) returned after they were paid.
const REVERSED: &str =
    "t.environment = ?1 AND t.status = 'reversed' AND t.parent_id IS NULL AND t.kind = 'payout'";

/// When a reversed payout's reversal was learnt: the first `reversed` step of its timeline
/// (its last change, should the timeline have lost it).
const REVERSED_AT: &str = "coalesce((SELECT min(h.at) FROM status_history h WHERE h.transaction_id = t.id AND h.status = 'reversed'), t.updated_at)";

/// The currency condition: codes compared as the history shows them (ISO codes upper case).
const IN_CURRENCY: &str = "upper(trim(t.currency)) = ?2";

/// `sql` with the conditions above written out.
fn expand(sql: &str) -> String {
    sql.replace("MOVED", MOVED)
        .replace("COUNTED", COUNTED)
        .replace("TAKEN", TAKEN)
        .replace("SIGNED", SIGNED)
        .replace("REVERSED_AT", REVERSED_AT)
        .replace("REVERSED", REVERSED)
        .replace("IN_CURRENCY", IN_CURRENCY)
}

/// The month's moved records, oldest first (`?1` environment, `?2` currency, `?3`..`?4` the
/// month's instants), read in time order from the `created_at` index.
pub(crate) fn month_sql() -> String {
    expand(
        "SELECT t.created_at, t.id, t.provider, t.kind, t.reference, t.counterparty, SIGNED
         FROM transactions t INDEXED BY transactions_created
         WHERE t.created_at >= ?3 AND t.created_at < ?4 AND t.environment = ?1 AND IN_CURRENCY AND MOVED
         ORDER BY t.created_at, t.rowid",
    )
}

/// The reversals learnt in the month (same parameters as [`month_sql`]).
pub(crate) fn reversals_sql() -> String {
    expand(
        "SELECT at, id, provider, reference, counterparty, amount_minor FROM (
           SELECT REVERSED_AT AS at, t.id, t.provider, t.reference, t.counterparty, t.amount_minor
           FROM transactions t WHERE REVERSED AND IN_CURRENCY)
         WHERE at >= ?3 AND at < ?4",
    )
}

/// The net of every movement before `?3` (`?1` environment, `?2` currency, `?4` the bucket of
/// the day totals `?3` falls in): the kept totals of the whole buckets before it, the records
/// between that bucket's start and `?3` (none when the month starts on a quarter hour, as in
/// every time zone in use), and each reversed payout's payout and reversal before `?3` (the day
/// totals count neither).
pub(crate) fn opening_sql() -> String {
    expand(&format!(
        "SELECT (SELECT coalesce(sum(taken_minor - refunded_minor - paid_out_minor), 0) FROM day_totals
                 WHERE environment = ?1 AND bucket < ?4 AND upper(trim(currency)) = ?2)
              + (SELECT coalesce(sum(SIGNED), 0) FROM transactions t INDEXED BY transactions_created
                 WHERE t.created_at >= ?4 * {bucket} AND t.created_at < ?3 AND t.environment = ?1 AND IN_CURRENCY AND COUNTED)
              + (SELECT coalesce(sum(CASE WHEN t.created_at < ?3 THEN -t.amount_minor ELSE 0 END
                                   + CASE WHEN REVERSED_AT < ?3 THEN t.amount_minor ELSE 0 END), 0)
                 FROM transactions t WHERE REVERSED AND IN_CURRENCY)",
        bucket = crate::day_totals::BUCKET_MS
    ))
}

/// What moved the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovementKind {
    /// A payment received (+).
    Payment,
    /// A refund carried out (−).
    Refund,
    /// A payout paid (−).
    Payout,
    /// A paid payout the bank returned (+).
    PayoutReversed,
}

impl MovementKind {
    /// The name a file carries (`payment`, `refund`, `payout`, `payout_reversed`).
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Payment => "payment",
            MovementKind::Refund => "refund",
            MovementKind::Payout => "payout",
            MovementKind::PayoutReversed => "payout_reversed",
        }
    }

    /// The merchant's word for it ("Payout reversed"), in the desk's language.
    pub fn label(self) -> String {
        self.label_in(desk_i18n::language())
    }

    /// The merchant's word for it in `language` ("Payout reversed", "Transferencia devuelta").
    pub fn label_in(self, language: Language) -> String {
        let m = match self {
            MovementKind::Payment => Message::new("statement.kind.payment"),
            MovementKind::Refund => Message::new("statement.kind.refund"),
            MovementKind::Payout => Message::new("statement.kind.payout"),
            MovementKind::PayoutReversed => Message::new("statement.kind.payout_reversed"),
        };
        m.render(language)
    }
}

/// One movement of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    /// When it counts (ms since the epoch).
    pub at_ms: i64,
    /// The history record it comes from.
    pub record_id: String,
    /// Provider.
    pub provider: Provider,
    /// What moved the money.
    pub kind: MovementKind,
    /// The merchant's reference of the record.
    pub reference: String,
    /// Customer or beneficiary, emails and document numbers masked as in every list.
    pub counterparty: String,
    /// What it did to the balance, in minor units (negative: money out).
    pub amount_minor: i64,
}

/// A calendar month (`2026-11`), read in some time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i16,
    month: i8,
}

impl Month {
    /// The month `ms` falls in, in `tz`.
    pub fn of(ms: i64, tz: &TimeZone) -> Option<Month> {
        let date = Timestamp::from_millisecond(ms)
            .ok()?
            .to_zoned_datetime(tz.clone())
            .date();
        Some(Month {
            year: date.year(),
            month: date.month(),
        })
    }

    /// Its first day.
    fn first_day(self) -> Option<Date> {
        Date::new(self.year, self.month, 1).ok()
    }

    /// The month after it.
    pub fn next(self) -> Option<Month> {
        let d = self
            .first_day()?
            .checked_add(jiff::Span::new().months(1))
            .ok()?;
        Some(Month {
            year: d.year(),
            month: d.month(),
        })
    }

    /// Its first instant in `tz` and the next month's (ms): the month is `start..end`.
    pub fn bounds(self, tz: &TimeZone) -> Option<(i64, i64)> {
        let start = |m: Month| crate::local_time::day_ms(&format!("{m}-01"), false, tz);
        Some((start(self)?, start(self.next()?)?))
    }

    /// `November 2026`, in the desk's language.
    pub fn name(self) -> String {
        self.name_in(desk_i18n::language())
    }

    /// `November 2026`, `noviembre de 2026`.
    pub fn name_in(self, language: Language) -> String {
        msg!(
            "statement.month_year",
            month = self.month_in(language),
            year = self.year
        )
        .render(language)
    }

    /// The month's own name in `language`: `November`, `noviembre`.
    pub fn month_in(self, language: Language) -> String {
        let names = Message::new("statement.months").render(language);
        let i = usize::try_from(self.month - 1).unwrap_or_default();
        names
            .split(' ')
            .nth(i.min(11))
            .unwrap_or_default()
            .to_string()
    }

    /// The day `day` of this month in `language`: `30 November 2026`, `30 de noviembre de 2026`.
    pub fn day_in(self, day: &str, language: Language) -> String {
        msg!(
            "statement.day",
            day = day,
            month = self.month_in(language),
            year = self.year
        )
        .render(language)
    }
}

impl fmt::Display for Month {
    /// `2026-11`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = StoreError;

    /// `2026-11`, from 1970 to 9998.
    fn from_str(s: &str) -> Result<Month> {
        let bad = || {
            StoreError::Invalid(vec![desk_domain::FieldError::msg(
                "month",
                Message::new("statement.month_format"),
            )])
        };
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (year, month): (i16, i8) =
            (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if y.len() != 4
            || m.len() != 2
            || !(1970..=9998).contains(&year)
            || !(1..=12).contains(&month)
        {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

/// The statement of one month, currency and environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The month.
    pub month: Month,
    /// Its first instant in the merchant's zone (ms).
    pub starts_ms: i64,
    /// The next month's first instant (ms): the month is `starts_ms..ends_ms`.
    pub ends_ms: i64,
    /// The environment.
    pub environment: Environment,
    /// The currency.
    pub currency: Currency,
    /// The net of every movement before the month, in minor units.
    pub opening_minor: i64,
    /// The month's movements, oldest first.
    pub movements: Vec<Movement>,
    /// The opening plus the month's net, in minor units.
    pub closing_minor: i64,
}

/// The months and currencies a statement can be asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatementChoices {
    /// Months (`2026-11`) with at least one movement in any currency, newest first.
    pub months: Vec<String>,
    /// Currencies with at least one movement in any month, in alphabetical order.
    pub currencies: Vec<String>,
}

fn corrupt(i: usize, e: impl fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.to_string().into())
}

fn movement(
    r: &rusqlite::Row<'_>,
    kind: MovementKind,
    amount_at: usize,
) -> rusqlite::Result<Movement> {
    let provider: String = r.get(2)?;
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    Ok(Movement {
        at_ms: r.get(0)?,
        record_id: r.get(1)?,
        provider: provider.parse().map_err(|e| corrupt(2, e))?,
        kind,
        reference: text(amount_at - 2)?,
        counterparty: desk_domain::personal::mask_personal(&text(amount_at - 1)?),
        amount_minor: r.get(amount_at)?,
    })
}

impl Store {
    /// The statement of `month` in `tz` for `currency` in `env` (see the module's
    /// documentation for what counts).
    pub fn statement(
        &self,
        env: Environment,
        currency: Currency,
        month: Month,
        tz: &TimeZone,
    ) -> Result<Statement> {
        let (starts_ms, ends_ms) = month.bounds(tz).ok_or_else(|| {
            StoreError::Invalid(vec![desk_domain::FieldError::msg(
                "month",
                Message::new("statement.month_unreadable"),
            )])
        })?;
        let code = currency.code().trim().to_uppercase();
        let args = params![env.as_str(), code, starts_ms, ends_ms];
        let conn = self.reader();
        let bucket = starts_ms.div_euclid(crate::day_totals::BUCKET_MS);
        let opening_minor: i64 = conn.query_row(
            &opening_sql(),
            params![env.as_str(), code, starts_ms, bucket],
            |r| r.get(0),
        )?;
        let mut movements = conn
            .prepare(&month_sql())?
            .query_map(args, |r| {
                let kind = match r.get::<_, String>(3)?.as_str() {
                    "payout" => MovementKind::Payout,
                    "refund" => MovementKind::Refund,
                    _ => MovementKind::Payment,
                };
                // columns: at, id, provider, kind, reference, counterparty, amount
                movement(r, kind, 6)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let reversals = conn
            .prepare(&reversals_sql())?
            .query_map(args, |r| movement(r, MovementKind::PayoutReversed, 5))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if !reversals.is_empty() {
            movements.extend(reversals);
            // stable: records of one instant keep their order, a reversal after them
            movements.sort_by_key(|m| m.at_ms);
        }
        let net: i64 = movements.iter().map(|m| m.amount_minor).sum();
        Ok(Statement {
            month,
            starts_ms,
            ends_ms,
            environment: env,
            currency,
            opening_minor,
            movements,
            closing_minor: opening_minor + net,
        })
    }

    /// The months (in `tz`) and currencies of `env` that have movements: read from the kept
    /// day totals (one row per quarter hour, provider and currency that had any) and the
    /// reversed payouts, never from every record.
    pub fn statement_choices(&self, env: Environment, tz: &TimeZone) -> Result<StatementChoices> {
        let conn = self.reader();
        let mut months = BTreeSet::new();
        let mut currencies = BTreeSet::new();
        // the month last seen and its bounds: the rows come in time order
        let mut current: Option<(i64, i64)> = None;
        let mut see = |at: i64, code: String| {
            if !current.is_some_and(|(a, b)| at >= a && at < b)
                && let Some(m) = Month::of(at, tz)
            {
                months.insert(m);
                current = m.bounds(tz);
            }
            currencies.insert(Currency::received(&code).code().to_uppercase());
        };
        let sqls = [
            format!(
                "SELECT bucket * {}, currency FROM day_totals WHERE environment = ?1 ORDER BY bucket",
                crate::day_totals::BUCKET_MS
            ),
            expand("SELECT t.created_at, t.currency FROM transactions t WHERE REVERSED"),
            expand("SELECT REVERSED_AT, t.currency FROM transactions t WHERE REVERSED"),
        ];
        for sql in sqls {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query([env.as_str()])?;
            while let Some(r) = rows.next()? {
                see(r.get(0)?, r.get(1)?);
            }
        }
        Ok(StatementChoices {
            months: months.iter().rev().map(Month::to_string).collect(),
            currencies: currencies.into_iter().collect(),
        })
    }
}

#[cfg(test)]
#[path = "statement_tests.rs"]
mod tests;
