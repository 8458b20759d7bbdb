//! The day at a glance: what was taken, refunded and paid out today, in the last 7 and the
//! last 30 of the merchant's local days, per currency and per provider, and day by day.
//!
//! What counts, decided once here and kept by the triggers of migration 0010:
//!
//! - **Taken**: money received for a payment. A record counts when it has no parent (it is a
//!   payment, not one of its refunds, captures or voids), is not a payout, and its status says
//!   the money came in: `succeeded`, `captured`, `partially_refunded` or `refunded` (a
//!   provider's "settled" is read as one of the first two). It counts what a capture took,
//!   else its amount, at the payment's creation time. Refunds do not lower it: they are
//!   counted on their own, so taken less refunded is what stayed. An authorisation not yet
//!   captured, a failed, voided, expired or unknown payment takes nothing.
//! - **Refunded**: a refund record (`kind` refund) its provider confirmed (status `refunded`),
//!   its amount at the refund's creation time. A refund queued, in doubt, failed or in conflict
//!   is not refunded. (A refund made outside the desk shows only as its payment's status.)
//! - **Paid out**: a payout whose provider paid it (status `paid`), its amount at its creation
//!   time. A payout still pending or processing, rejected (`failed`) or reversed by the bank
//!   after it was paid is not paid out: a reversal takes it off again.
//!
//! The totals live in `day_totals`, one row per 15 minutes of UTC time, environment, provider
//! and currency, kept by triggers on every insert, update and delete of a record (so a sync,
//! an operation's confirmation or a retention delete moves them in the same transaction).
//! Every UTC offset in use is a whole number of quarter hours (+05:30 and +05:45 included), so
//! each local day is a whole number of buckets and the sums are exact: the summary reads at
//! most 30 days of buckets, whatever the size of the history.

use std::collections::BTreeMap;

use desk_domain::{Currency, Environment, Provider};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::db::Store;
use crate::error::{Result, StoreError};

/// The width of a bucket of `day_totals`: 15 minutes of UTC time, in ms.
pub const BUCKET_MS: i64 = 15 * 60 * 1000;

/// How many local days the summary covers (today and the 29 before it).
pub const SUMMARY_DAYS: usize = 30;

/// What was taken, refunded and paid out over some time, in minor units of one currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Money received for payments.
    pub taken: i64,
    /// How many payments took it.
    pub taken_count: u32,
    /// Money given back by confirmed refunds.
    pub refunded: i64,
    /// How many refunds.
    pub refunded_count: u32,
    /// Money paid out (payouts paid and not reversed).
    pub paid_out: i64,
    /// How many payouts.
    pub paid_out_count: u32,
}

impl Totals {
    /// Adds `other` to these totals.
    pub fn add(&mut self, other: &Totals) {
        self.taken += other.taken;
        self.taken_count += other.taken_count;
        self.refunded += other.refunded;
        self.refunded_count += other.refunded_count;
        self.paid_out += other.paid_out;
        self.paid_out_count += other.paid_out_count;
    }

    /// How many movements these totals count (the "volume" a currency is chosen by).
    pub fn movements(&self) -> u64 {
        u64::from(self.taken_count)
            + u64::from(self.refunded_count)
            + u64::from(self.paid_out_count)
    }
}

/// A stretch of the merchant's local days that ends today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Today, from local midnight.
    Today,
    /// Today and the 6 days before.
    Last7Days,
    /// Today and the 29 days before.
    Last30Days,
}

impl Period {
    /// The three periods, shortest first.
    pub const ALL: [Period; 3] = [Period::Today, Period::Last7Days, Period::Last30Days];

    /// How many local days it spans.
    pub fn days(self) -> usize {
        match self {
            Period::Today => 1,
            Period::Last7Days => 7,
            Period::Last30Days => 30,
        }
    }
}

/// One period's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodTotals {
    /// Which period.
    pub period: Period,
    /// Its first instant (ms since the epoch): local midnight of its first day.
    pub from_ms: i64,
    /// Per currency, in currency order.
    pub by_currency: Vec<(Currency, Totals)>,
    /// Per provider and currency, in provider then currency order.
    pub by_provider: Vec<(Provider, Currency, Totals)>,
}

/// One currency's totals for each local day of the summary, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySeries {
    /// The currency.
    pub currency: Currency,
    /// One entry per day of [`DaySummary::days`].
    pub days: Vec<Totals>,
}

/// The summary's figures: the periods and the daily series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySummary {
    /// The local days covered, oldest first; the last is today.
    pub days: Vec<Date>,
    /// Where each day starts (ms since the epoch), and after the last one where tomorrow does.
    pub day_starts_ms: Vec<i64>,
    /// Today, the last 7 and the last 30 days.
    pub periods: Vec<PeriodTotals>,
    /// Each currency day by day, the one with the most movements over the 30 days first.
    pub daily: Vec<DaySeries>,
}

/// The first instant of each of the `days` local days in `tz` that end with the one holding
/// `now_ms`, and where the day after them starts: `days + 1` instants, oldest first.
pub fn local_day_starts(tz: &TimeZone, now_ms: i64, days: usize) -> Result<(Vec<Date>, Vec<i64>)> {
    let bad = |e: jiff::Error| StoreError::Corrupt(format!("a day the calendar cannot hold: {e}"));
    let today = Timestamp::from_millisecond(now_ms)
        .map_err(bad)?
        .to_zoned_datetime(tz.clone())
        .date();
    // Midnight may not exist (a change of clocks at 00:00): a day starts at its first instant.
    let start = |d: Date| -> Result<i64> {
        Ok(d.to_zoned_datetime(tz.clone())
            .and_then(|z| z.start_of_day())
            .map_err(bad)?
            .timestamp()
            .as_millisecond())
    };
    let mut dates = vec![today];
    while dates.len() < days {
        let earlier = dates[dates.len() - 1].yesterday().map_err(bad)?;
        dates.push(earlier);
    }
    dates.reverse();
    let mut starts = dates
        .iter()
        .map(|d| start(*d))
        .collect::<Result<Vec<_>>>()?;
    starts.push(start(today.tomorrow().map_err(bad)?)?);
    Ok((dates, starts))
}

/// The first bucket that starts at or after `ms`.
fn bucket_at_or_after(ms: i64) -> i64 {
    ms.div_euclid(BUCKET_MS) + i64::from(ms.rem_euclid(BUCKET_MS) != 0)
}

/// Each provider and currency's totals, one entry per day.
type Cells = Vec<((Provider, Currency), Vec<Totals>)>;

impl Store {
    /// The summary of `env` at `now_ms` in the merchant's time zone `tz`: totals for today,
    /// the last 7 and the last 30 local days, per currency and per provider, and each
    /// currency day by day over the 30 days. Read from the kept totals (at most 30 days of
    /// 15-minute buckets), never from the records.
    pub fn day_summary(&self, env: Environment, tz: &TimeZone, now_ms: i64) -> Result<DaySummary> {
        let (days, starts) = local_day_starts(tz, now_ms, SUMMARY_DAYS)?;
        let cells = self.cells(env, &starts)?;
        let periods = Period::ALL
            .into_iter()
            .map(|period| {
                let first = SUMMARY_DAYS - period.days();
                let mut by_currency: BTreeMap<Currency, Totals> = BTreeMap::new();
                let mut by_provider = Vec::new();
                for ((provider, currency), per_day) in &cells {
                    let mut sum = Totals::default();
                    per_day[first..].iter().for_each(|t| sum.add(t));
                    if sum.movements() > 0 {
                        by_currency.entry(*currency).or_default().add(&sum);
                        by_provider.push((*provider, *currency, sum));
                    }
                }
                PeriodTotals {
                    period,
                    from_ms: starts[first],
                    by_currency: by_currency.into_iter().collect(),
                    by_provider,
                }
            })
            .collect();
        let mut daily: BTreeMap<Currency, Vec<Totals>> = BTreeMap::new();
        for ((_, currency), per_day) in &cells {
            let series = daily
                .entry(*currency)
                .or_insert_with(|| vec![Totals::default(); SUMMARY_DAYS]);
            for (into, t) in series.iter_mut().zip(per_day) {
                into.add(t);
            }
        }
        let mut daily: Vec<DaySeries> = daily
            .into_iter()
            .map(|(currency, days)| DaySeries { currency, days })
            .collect();
        let volume = |s: &DaySeries| s.days.iter().map(Totals::movements).sum::<u64>();
        // most movements first; a tie keeps currency order (the sort is stable)
        daily.sort_by_key(|s| std::cmp::Reverse(volume(s)));
        Ok(DaySummary {
            days,
            day_starts_ms: starts,
            periods,
            daily,
        })
    }

    /// The kept totals of `env` from `starts[0]` to the last of `starts`, summed per provider
    /// and currency and per day (`starts` holds where each day begins), in provider then
    /// currency order. Tens of thousands of buckets are read here: each row is taken as it
    /// comes (in bucket order, so the day only moves forward), its provider and currency
    /// compared as text with those already seen rather than parsed again.
    fn cells(&self, env: Environment, starts: &[i64]) -> Result<Cells> {
        let (Some(&from), Some(&to)) = (starts.first(), starts.last()) else {
            return Ok(Vec::new());
        };
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(SUMMARY_SQL)?;
        let mut rows = stmt.query(rusqlite::params![
            env.as_str(),
            bucket_at_or_after(from),
            bucket_at_or_after(to)
        ])?;
        // (provider, currency) as stored, and their totals per day
        let mut seen: Vec<(String, String, Vec<Totals>)> = Vec::new();
        let last_day = starts.len().saturating_sub(2);
        let mut day = 0;
        while let Some(r) = rows.next()? {
            let at = r.get::<_, i64>(0)? * BUCKET_MS;
            // the day whose start is the last at or before the bucket's
            while day < last_day && starts[day + 1] <= at {
                day += 1;
            }
            let text = |i: usize| -> Result<&str> {
                r.get_ref(i)?
                    .as_str()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))
            };
            let (provider, currency) = (text(1)?, text(2)?);
            let at = match seen
                .iter()
                .position(|(p, c, _)| p == provider && c == currency)
            {
                Some(i) => i,
                None => {
                    seen.push((
                        provider.to_string(),
                        currency.to_string(),
                        vec![Totals::default(); last_day + 1],
                    ));
                    seen.len() - 1
                }
            };
            seen[at].2[day].add(&Totals {
                taken: r.get(3)?,
                taken_count: r.get(4)?,
                refunded: r.get(5)?,
                refunded_count: r.get(6)?,
                paid_out: r.get(7)?,
                paid_out_count: r.get(8)?,
            });
        }
        let corrupt = |e: desk_domain::DomainError| StoreError::Corrupt(e.to_string());
        let mut cells = seen
            .into_iter()
            .map(|(provider, currency, per_day)| {
                Ok((
                    (
                        provider.parse().map_err(corrupt)?,
                        Currency::received(&currency),
                    ),
                    per_day,
                ))
            })
            .collect::<Result<Cells>>()?;
        cells.sort_by_key(|(key, _)| *key);
        // two spellings of one currency ("mxn", "MXN") are one
        cells.dedup_by(|(key, later), (kept, into)| {
            let same = key == kept;
            if same {
                for (into, t) in into.iter_mut().zip(later.iter()) {
                    into.add(t);
                }
            }
            same
        });
        Ok(cells)
    }
}

/// The kept totals of one environment between two buckets (the primary key's range).
pub(crate) const SUMMARY_SQL: &str = "SELECT bucket, provider, currency, taken_minor, taken_count, refunded_minor, refunded_count, paid_out_minor, paid_out_count
     FROM day_totals WHERE environment = ?1 AND bucket >= ?2 AND bucket < ?3";

#[cfg(test)]
mod tests;
