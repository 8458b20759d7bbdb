//! The day at a glance: the store's kept totals (see `desk_store::day_totals` for what counts)
//! in the merchant's days and locale, and what needs the merchant, each item leading to the
//! record or the setting that settles it.

use desk_domain::{AmountLocale, Currency, Money};
use desk_store::attention::Troubled;
use desk_store::day_totals::{DaySummary, Period, Totals};
use desk_store::local_time::{TimeZone, rfc3339_in};
use desk_store::operation::OpState;

use crate::desk::Desk;
use crate::error::Result;
use crate::views::summary::{
    AttentionItem, AttentionKind, CurrencyTotals, DailySeries, DaySummaryView, Figure, LeadsTo,
    MoneyTotals, PeriodSummary, ProviderTotals, SettingsSection, SummaryPeriod,
};

/// At most this many records of each kind of trouble are listed.
const LISTED: usize = 50;

/// A key is "due" this long before its rotation date.
const DUE_SOON_MS: i64 = 14 * 86_400_000;

fn figure(minor: i64, count: u32, currency: Currency, locale: AmountLocale) -> Figure {
    let amount = Money::new(minor, currency);
    Figure {
        amount,
        text: amount.display_in(locale),
        count,
    }
}

fn money_totals(t: &Totals, currency: Currency, locale: AmountLocale) -> MoneyTotals {
    MoneyTotals {
        taken: figure(t.taken, t.taken_count, currency, locale),
        refunded: figure(t.refunded, t.refunded_count, currency, locale),
        paid_out: figure(t.paid_out, t.paid_out_count, currency, locale),
    }
}

/// The store's figures as the UI receives them (without the attention list).
pub(crate) fn figures(
    sums: &DaySummary,
    locale: AmountLocale,
) -> (Vec<PeriodSummary>, Vec<String>, Vec<DailySeries>) {
    let days: Vec<String> = sums.days.iter().map(ToString::to_string).collect();
    let today = days.last().cloned().unwrap_or_default();
    let periods = sums
        .periods
        .iter()
        .map(|p| PeriodSummary {
            period: match p.period {
                Period::Today => SummaryPeriod::Today,
                Period::Last7Days => SummaryPeriod::Last7Days,
                Period::Last30Days => SummaryPeriod::Last30Days,
            },
            from: days
                .get(days.len().saturating_sub(p.period.days()))
                .cloned()
                .unwrap_or_default(),
            to: today.clone(),
            currencies: p
                .by_currency
                .iter()
                .map(|(currency, t)| CurrencyTotals {
                    currency: *currency,
                    totals: money_totals(t, *currency, locale),
                })
                .collect(),
            providers: p
                .by_provider
                .iter()
                .map(|(provider, currency, t)| ProviderTotals {
                    provider: *provider,
                    currency: *currency,
                    totals: money_totals(t, *currency, locale),
                })
                .collect(),
        })
        .collect();
    let daily = sums
        .daily
        .iter()
        .map(|s| DailySeries {
            currency: s.currency,
            taken: s.days.iter().map(|t| t.taken).collect(),
            refunded: s.days.iter().map(|t| t.refunded).collect(),
            paid_out: s.days.iter().map(|t| t.paid_out).collect(),
            movements: u32::try_from(s.days.iter().map(Totals::movements).sum::<u64>())
                .unwrap_or(u32::MAX),
        })
        .collect();
    (periods, days, daily)
}

/// A record in trouble as an attention item of `kind`.
fn record_item(
    kind: AttentionKind,
    t: Troubled,
    tz: &TimeZone,
    locale: AmountLocale,
) -> AttentionItem {
    AttentionItem {
        kind,
        leads_to: LeadsTo::Record {
            id: t.transaction_id,
        },
        provider: t.provider,
        record_kind: Some(t.kind),
        reference: Some(t.reference),
        amount_text: Some(t.amount.display_in(locale)),
        amount: Some(t.amount),
        counterparty: Some(t.counterparty),
        at: Some(rfc3339_in(t.updated_at, tz)),
        detail: None,
    }
}

impl Desk {
    /// The day at a glance for the active environment, in the merchant's time zone and
    /// locale: totals for today, the last 7 and 30 days (per currency and per provider), each
    /// currency day by day, and what needs the merchant: money movements in conflict or in
    /// doubt, payouts rejected or reversed in the 30 days, providers whose sync fails and
    /// keys due for rotation.
    pub fn day_summary(&self) -> Result<DaySummaryView> {
        let env = self.environment();
        let tz = self.time_zone();
        let locale = self.amount_locale();
        let now = self.now_ms();
        let store = self.store()?;
        let sums = store.day_summary(env, &tz, now)?;
        let (periods, days, daily) = figures(&sums, locale);

        let mut attention = Vec::new();
        let open = store.in_doubt_or_conflict(env, LISTED)?;
        let (conflicts, doubts): (Vec<_>, Vec<_>) = open
            .into_iter()
            .partition(|t| t.state == Some(OpState::Conflict));
        attention.extend(
            conflicts
                .into_iter()
                .map(|t| record_item(AttentionKind::Conflict, t, &tz, locale)),
        );
        attention.extend(
            doubts
                .into_iter()
                .map(|t| record_item(AttentionKind::InDoubt, t, &tz, locale)),
        );
        let since = sums.day_starts_ms.first().copied().unwrap_or(now);
        let (reversed, rejected): (Vec<_>, Vec<_>) = store
            .payouts_rejected_or_reversed(env, since, LISTED)?
            .into_iter()
            .partition(|t| t.status == "reversed");
        attention.extend(
            reversed
                .into_iter()
                .map(|t| record_item(AttentionKind::PayoutReversed, t, &tz, locale)),
        );
        attention.extend(
            rejected
                .into_iter()
                .map(|t| record_item(AttentionKind::PayoutRejected, t, &tz, locale)),
        );
        for p in self.sync_status().providers {
            if let Some(error) = p.last_error {
                attention.push(AttentionItem {
                    kind: AttentionKind::SyncFailing,
                    leads_to: LeadsTo::Settings {
                        section: SettingsSection::Sync,
                    },
                    provider: p.provider,
                    record_kind: None,
                    reference: None,
                    amount: None,
                    amount_text: None,
                    counterparty: None,
                    at: p.failing_since,
                    detail: Some(error),
                });
            }
        }
        attention.extend(self.keys_due(&tz, now));

        Ok(DaySummaryView {
            environment: env,
            time_zone: tz.iana_name().map(str::to_string),
            generated_at: rfc3339_in(now, &tz),
            periods,
            days,
            daily,
            attention,
        })
    }

    /// Keys whose rotation date has passed, then those due within 14 days.
    fn keys_due(&self, tz: &TimeZone, now: i64) -> Vec<AttentionItem> {
        let metas = match self.vault.list(self.environment()) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "the keys' rotation dates could not be read for the summary");
                return Vec::new();
            }
        };
        let mut due: Vec<(i64, AttentionItem)> = metas
            .iter()
            .filter_map(|m| {
                let at = (m.rotation_due().unix_timestamp_nanos() / 1_000_000) as i64;
                let kind = if at <= now {
                    AttentionKind::KeyRotationOverdue
                } else if at - now <= DUE_SOON_MS {
                    AttentionKind::KeyRotationDue
                } else {
                    return None;
                };
                Some((
                    at,
                    AttentionItem {
                        kind,
                        leads_to: LeadsTo::Settings {
                            section: SettingsSection::Credentials,
                        },
                        provider: m.provider,
                        record_kind: None,
                        reference: None,
                        amount: None,
                        amount_text: None,
                        counterparty: None,
                        at: Some(rfc3339_in(at, tz)),
                        detail: None,
                    },
                ))
            })
            .collect();
        due.sort_by_key(|(at, _)| *at);
        due.into_iter().map(|(_, item)| item).collect()
    }
}

#[cfg(test)]
mod tests;
