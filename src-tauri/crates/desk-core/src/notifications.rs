//! OS notifications: a payout paid, rejected or reversed, and a provider whose sync has failed
//! for over an hour, told through the host ([`Host::notify`](crate::Host::notify)) after each
//! sync pass, unless the merchant turned them off in Settings.
//!
//! Where the news comes from: every status change of a record is a step of its timeline
//! (`status_history`), whichever path made it (a pull, the engine sending a payout), so the
//! payouts' news is read there, after a mark kept in the store (desk-store's
//! [`payout_news`](desk_store::payout_news)); a provider's failing sync is its pull state
//! (`failing_since`), and the episode told is kept beside it. Both marks are in the store's
//! sync cursors, so a restart repeats nothing, and both move on while notifications are off,
//! so turning them on does not bring back what happened meanwhile. A desk that has never told
//! anything starts from the newest step: what happened before is not news.
//!
//! What a notification says: the amount, the reference and the beneficiary's name (emails and
//! document numbers masked as in lists); never an account number or a secret. Many payouts
//! changing in one pass (a batch) are told as one notification per status.

use std::collections::BTreeMap;

use desk_domain::{Environment, Money, Provider};
use desk_i18n::{Message, msg};
use desk_store::Store;
use desk_store::payout_news::PayoutNews;
use desk_sync::PullState;

use crate::desk::Desk;
use crate::error::Result;
use crate::host::OsNotification;

/// The stream (under Monnet, the provider of every payout) of the last timeline step told.
const PAYOUTS_TOLD: &str = "os-notified-step";

/// The stream (under each provider) of the failing sync told: its `failing_since`.
const FAILURE_TOLD: &str = "os-notified-failure";

/// How long a provider's sync fails before the merchant is told.
pub const SYNC_FAILURE_AFTER_MS: i64 = 3_600_000;

/// More payouts than this reaching one status in one pass are told as one notification.
const ONE_BY_ONE: usize = 3;

/// How many steps are read at a time.
const PAGE: usize = 500;

/// The headline for a payout that reached `status`.
fn headline(status: &str) -> Message {
    match status {
        "paid" => Message::new("notification.payout_paid.title"),
        "failed" => Message::new("notification.payout_rejected.title"),
        _ => Message::new("notification.payout_returned.title"),
    }
}

/// `items` as one phrase in the desk's language: `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            msg!("notification.and", first = rest.join(", "), last = last).to_string()
        }
    }
}

impl Desk {
    /// Before a sync pass: a desk that has never told anything in `env` starts after the
    /// newest step of the timeline.
    pub(crate) fn start_notifications(&self, store: &Store, env: Environment) -> Result<()> {
        if store.cursor(Provider::Monnet, env, PAYOUTS_TOLD)?.is_none() {
            let newest = store.last_status_step()?;
            store.set_cursor(Provider::Monnet, env, PAYOUTS_TOLD, &newest.to_string())?;
        }
        Ok(())
    }

    /// After a sync pass: tells what is new since the last one (if the merchant wants to be
    /// told) and moves the marks on.
    pub(crate) fn notify_news(&self, store: &Store, env: Environment, now_ms: i64) -> Result<()> {
        let on = self.settings().notifications;
        let mut told = Vec::new();
        let payouts = self.payouts_to_tell(store, env)?;
        told.extend(self.payout_notifications(&payouts, env));
        told.extend(self.failure_notification(store, env, now_ms)?);
        if on {
            for n in &told {
                self.host().notify(n);
            }
        }
        if !told.is_empty() {
            tracing::info!(count = told.len(), shown = on, "OS notifications");
        }
        Ok(())
    }

    /// Every payout news after the mark, the mark moved past them and past every step read
    /// on the way (news or not), so that no pass reads a step twice.
    fn payouts_to_tell(&self, store: &Store, env: Environment) -> Result<Vec<PayoutNews>> {
        let Some(start) = store
            .cursor(Provider::Monnet, env, PAYOUTS_TOLD)?
            .and_then(|m| m.parse::<i64>().ok())
        else {
            return Ok(Vec::new());
        };
        // Read before the pages: the last page sees every step up to it.
        let newest = store.last_status_step()?;
        let mut mark = start;
        let mut all = Vec::new();
        loop {
            let page = store.payout_news(env, mark, PAGE)?;
            let Some(last) = page.last() else { break };
            mark = last.step;
            let full = page.len() == PAGE;
            all.extend(page);
            if !full {
                break;
            }
        }
        let mark = mark.max(newest);
        if mark != start {
            store.set_cursor(Provider::Monnet, env, PAYOUTS_TOLD, &mark.to_string())?;
        }
        Ok(all)
    }

    /// One notification a payout, or one a status when many reached it together.
    fn payout_notifications(&self, news: &[PayoutNews], env: Environment) -> Vec<OsNotification> {
        let locale = self.amount_locale();
        let tag = tag(env);
        let mut by_status: BTreeMap<&str, Vec<&PayoutNews>> = BTreeMap::new();
        for n in news {
            by_status.entry(n.status.as_str()).or_default().push(n);
        }
        let mut out = Vec::new();
        // each status in the order it was first reached
        let mut order: Vec<&str> = Vec::new();
        for n in news {
            if !order.contains(&n.status.as_str()) {
                order.push(n.status.as_str());
            }
        }
        for status in order {
            let group = &by_status[status];
            if group.len() <= ONE_BY_ONE {
                for n in group {
                    let amount = n.amount.display_in(locale);
                    let what = match n.beneficiary.trim() {
                        "" => format!("{amount} ({})", n.reference),
                        name => msg!(
                            "notification.payout.to",
                            amount = amount,
                            beneficiary = name,
                            reference = &n.reference
                        )
                        .to_string(),
                    };
                    let body = match status {
                        "paid" => msg!("notification.payout_paid.body", payout = what),
                        "failed" => msg!("notification.payout_rejected.body", payout = what),
                        _ => msg!("notification.payout_returned.body", payout = what),
                    };
                    out.push(OsNotification {
                        title: format!("{}{tag}", headline(status)),
                        body: body.to_string(),
                    });
                }
            } else {
                let mut totals: BTreeMap<String, Money> = BTreeMap::new();
                for n in group {
                    let t = totals
                        .entry(n.amount.currency.code().to_string())
                        .or_insert(Money::new(0, n.amount.currency));
                    t.minor += n.amount.minor;
                }
                let totals: Vec<String> = totals.values().map(|m| m.display_in(locale)).collect();
                let title = match status {
                    "paid" => Message::new("notification.payouts_paid.title"),
                    "failed" => Message::new("notification.payouts_rejected.title"),
                    _ => Message::new("notification.payouts_returned.title"),
                };
                out.push(OsNotification {
                    title: format!("{title}{tag}"),
                    body: msg!(
                        "notification.payouts.body",
                        count = group.len(),
                        totals = and_list(&totals)
                    )
                    .to_string(),
                });
            }
        }
        out
    }

    /// The providers whose sync has failed for over an hour and were not told in this
    /// failure, as one notification; each one's failure marked as told.
    fn failure_notification(
        &self,
        store: &Store,
        env: Environment,
        now_ms: i64,
    ) -> Result<Option<OsNotification>> {
        let mut failing = Vec::new();
        for provider in Provider::ALL {
            let Some(since) =
                PullState::load(store, provider, env)?.and_then(|s| s.failing_since_ms)
            else {
                continue;
            };
            if now_ms - since < SYNC_FAILURE_AFTER_MS {
                continue;
            }
            let mark = since.to_string();
            if store.cursor(provider, env, FAILURE_TOLD)?.as_deref() == Some(mark.as_str()) {
                continue;
            }
            store.set_cursor(provider, env, FAILURE_TOLD, &mark)?;
            failing.push((provider, since));
        }
        let Some(first) = failing.iter().map(|(_, since)| *since).min() else {
            return Ok(None);
        };
        let names: Vec<String> = failing
            .iter()
            .map(|(p, _)| p.display_name().to_string())
            .collect();
        let (local, _) = desk_store::local_time::sheet_time(first, &self.time_zone());
        let since = local.get(..16).unwrap_or(&local).to_string();
        Ok(Some(OsNotification {
            title: format!(
                "{}{}",
                msg!(
                    "notification.sync_failing.title",
                    providers = names.join(", ")
                ),
                tag(env)
            ),
            body: msg!(
                "notification.sync_failing.body",
                providers = and_list(&names),
                since = since
            )
            .to_string(),
        }))
    }
}

/// What a notification's title adds outside production.
fn tag(env: Environment) -> String {
    match env {
        Environment::Production => String::new(),
        other => format!(" ({})", other.as_str()),
    }
}

#[cfg(test)]
#[path = "notifications_tests.rs"]
mod tests;
