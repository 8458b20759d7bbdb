//! The day at a glance as the UI receives it: what was taken, refunded and paid out today, in
//! the last 7 and 30 of the merchant's local days (per currency and per provider), each
//! currency day by day, and what needs the merchant, each item with where it is settled.
//! What counts as taken, refunded and paid out is written in `desk_store::day_totals`.
//!
//! Amounts come as `Money` and as text in the merchant's locale; every other word the screen
//! shows is the UI's own, chosen by the item's `kind`.

use desk_domain::{Currency, Environment, Money, Provider};
use serde::Serialize;

/// The day at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DaySummaryView {
    /// The environment summed (the active one).
    pub environment: Environment,
    /// The merchant's time zone its days are in (an IANA name), when it has one.
    pub time_zone: Option<String>,
    /// When it was summed (RFC 3339, in the merchant's time zone).
    pub generated_at: String,
    /// Today, the last 7 days and the last 30 days, in that order.
    pub periods: Vec<PeriodSummary>,
    /// The 30 local days the daily series cover (`YYYY-MM-DD`), oldest first; the last is today.
    pub days: Vec<String>,
    /// Each currency day by day, the one with the most movements first (the chart's default).
    pub daily: Vec<DailySeries>,
    /// What needs the merchant, the most pressing first.
    pub attention: Vec<AttentionItem>,
}

/// Which stretch of days a period covers; each ends today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SummaryPeriod {
    /// Today, from local midnight.
    Today,
    /// Today and the 6 days before.
    Last7Days,
    /// Today and the 29 days before.
    Last30Days,
}

/// One period's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PeriodSummary {
    /// Which period.
    pub period: SummaryPeriod,
    /// Its first local day (`YYYY-MM-DD`).
    pub from: String,
    /// Its last local day, today (`YYYY-MM-DD`).
    pub to: String,
    /// Per currency, in currency order (none when nothing moved).
    pub currencies: Vec<CurrencyTotals>,
    /// Per provider and currency, in provider order.
    pub providers: Vec<ProviderTotals>,
}

/// A sum of money and how many movements made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Figure {
    /// The sum.
    pub amount: Money,
    /// The sum in the merchant's locale with its currency ("1.250,50 MXN").
    pub text: String,
    /// How many payments, refunds or payouts.
    pub count: u32,
}

/// Taken, refunded and paid out, in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MoneyTotals {
    /// Money received for payments (refunds do not lower it).
    pub taken: Figure,
    /// Money given back by confirmed refunds.
    pub refunded: Figure,
    /// Money paid out by payouts paid and not reversed.
    pub paid_out: Figure,
}

/// A period's totals in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CurrencyTotals {
    /// The currency.
    pub currency: Currency,
    /// Its totals.
    pub totals: MoneyTotals,
}

/// A period's totals at one provider, in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProviderTotals {
    /// The provider.
    pub provider: Provider,
    /// The currency.
    pub currency: Currency,
    /// Its totals.
    pub totals: MoneyTotals,
}

/// One currency day by day, in minor units, one entry per day of [`DaySummaryView::days`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DailySeries {
    /// The currency.
    pub currency: Currency,
    /// Taken each day.
    #[ts(type = "Array<number>")]
    pub taken: Vec<i64>,
    /// Refunded each day.
    #[ts(type = "Array<number>")]
    pub refunded: Vec<i64>,
    /// Paid out each day.
    #[ts(type = "Array<number>")]
    pub paid_out: Vec<i64>,
    /// How many movements over the 30 days (what orders the currencies).
    pub movements: u32,
}

/// What an attention item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AttentionKind {
    /// A provider holds something else under a money movement's reference.
    Conflict,
    /// A money movement's outcome is not known yet: it is being sent or checked.
    InDoubt,
    /// A payout the provider rejected (last 30 days).
    PayoutRejected,
    /// A payout the bank returned after it was paid (last 30 days).
    PayoutReversed,
    /// A provider's sync fails.
    SyncFailing,
    /// A key's rotation date has passed.
    KeyRotationOverdue,
    /// A key's rotation date is within the next 14 days.
    KeyRotationDue,
}

/// The part of Settings an item is settled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SettingsSection {
    /// Each provider's sync state.
    Sync,
    /// The stored keys and their rotation.
    Credentials,
}

/// Where an attention item leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "to", rename_all = "camelCase")]
#[ts(export)]
pub enum LeadsTo {
    /// The history record the item is about (History opens its details).
    Record {
        /// The record's id.
        id: String,
    },
    /// A section of Settings.
    Settings {
        /// Which section.
        section: SettingsSection,
    },
}

/// One thing that needs the merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttentionItem {
    /// What it is about.
    pub kind: AttentionKind,
    /// Where it is settled.
    pub leads_to: LeadsTo,
    /// The provider concerned.
    pub provider: Provider,
    /// For a record: its kind (`payout`, `checkout`, `refund`…).
    pub record_kind: Option<String>,
    /// For a record: the merchant's reference.
    pub reference: Option<String>,
    /// For a record: its amount.
    pub amount: Option<Money>,
    /// For a record: its amount in the merchant's locale.
    pub amount_text: Option<String>,
    /// For a record: the customer or beneficiary.
    pub counterparty: Option<String>,
    /// When it happened: the record's last change, since when the sync fails, or the key's
    /// rotation date (RFC 3339, in the merchant's time zone).
    pub at: Option<String>,
    /// The provider's or the desk's own sentence, when there is one (why a sync fails).
    pub detail: Option<String>,
}
