//! Following by id what the desk created, where the provider documents no list: Monei's
//! payments (MONEI's public REST API lists none) and Monnet's payouts. Each record whose
//! status may still change is read by its provider id and written as it comes.

use desk_domain::{Environment, Provider};
use desk_store::Store;
use desk_store::records::{FollowMark, Record, record_id};

use super::{PullError, Pulled, details, keep_unread, ms};
use crate::providers::ProviderGateway;
use crate::status::{Read, mona_status, moneflow_status, monei_status, payout_status};

/// How long a record in a final status is still read back: a bank can return a paid payout,
/// and a payment can be refunded or cancelled at the provider after it succeeded.
pub const FOLLOW_PAID_MS: i64 = 3 * 86_400_000;

/// How many records of one provider one pass reads back at most.
const FOLLOW_AT_MOST: usize = 200;

/// Monei statuses that may still change on their own.
const MONEI_OPEN: &[&str] = &["pending", "authorized", "unknown"];

/// Monnet statuses that may still change on their own.
const MONNET_OPEN: &[&str] = &["pending", "processing", "unknown"];

/// The stream under which a provider's place in its round of records to follow is kept.
const FOLLOW_ROUND: &str = "follow-round";

/// The next [`FOLLOW_AT_MOST`] records of `provider`'s round to read back (`(reference, provider
/// id)`), the round going on where the last pass left it, so every open record is read in turn
/// however many there are.
fn round(
    store: &Store,
    provider: Provider,
    env: Environment,
    kind: &str,
    open: &[&str],
    now_ms: i64,
) -> Result<Vec<(String, String)>, PullError> {
    let after = store
        .cursor(provider, env, FOLLOW_ROUND)?
        .as_deref()
        .and_then(FollowMark::from_text);
    let (records, next) = store.to_follow(
        provider,
        env,
        kind,
        open,
        now_ms - FOLLOW_PAID_MS,
        FOLLOW_AT_MOST,
        after.as_ref(),
    )?;
    let mark = next.map(|m| m.to_text()).unwrap_or_default();
    store.set_cursor(provider, env, FOLLOW_ROUND, &mark)?;
    Ok(records)
}

/// The status `provider`'s record of `kind` under `reference` has now in the history.
fn status_now(
    store: &Store,
    provider: Provider,
    env: Environment,
    kind: &str,
    reference: &str,
) -> Result<String, PullError> {
    let id = record_id(provider, env, kind, reference);
    Ok(store.status_of(&id)?.unwrap_or_default())
}

impl ProviderGateway {
    /// Reads every Monei payment the desk created whose status may still change by its id;
    /// `None` when Monei is not set up.
    pub(super) async fn follow_payments(
        &self,
        store: &Store,
        env: Environment,
        now_ms: i64,
    ) -> Result<Option<u32>, PullError> {
        let Some(client) = &self.monei else {
            return Ok(None);
        };
        let follow = round(store, Provider::Monei, env, "payment", MONEI_OPEN, now_ms)?;
        let mut changed = 0u32;
        for (reference, remote_id) in follow {
            let p = client.get_payment(&remote_id).await?;
            let status = monei_status(&p.status);
            // A checkout the desk ended as abandoned stays ended while Monei still says pending.
            if status.status == "pending"
                && status_now(store, Provider::Monei, env, "payment", &reference)? == "expired"
            {
                continue;
            }
            let record = Pulled {
                reference,
                remote_id,
                amount: p.amount,
                currency: p.currency,
                status,
                counterparty: p.customer_name,
                description: p.description,
                created: p.created_at,
                updated: p.updated_at,
                note: p.status_reason,
            }
            .into_record(Provider::Monei, env, "payment");
            changed += u32::from(store.upsert(&record)?.1);
        }
        Ok(Some(changed))
    }

    /// Reads every payout whose status may still change by its Monnet id: pending and
    /// processing ones, and paid ones for a few days (a bank rejection after "paid" is a
    /// reversal); `None` when Monnet is not set up.
    pub(super) async fn follow_payouts(
        &self,
        store: &Store,
        env: Environment,
        now_ms: i64,
    ) -> Result<Option<u32>, PullError> {
        let Some(client) = &self.monnet else {
            return Ok(None);
        };
        let follow = round(store, Provider::Monnet, env, "payout", MONNET_OPEN, now_ms)?;
        let mut changed = 0u32;
        for (reference, remote_id) in follow {
            let Ok(id) = remote_id.parse::<u64>() else {
                continue;
            };
            let p = client.get_payout(id).await?;
            let was_paid = p.status == "REJECTED_BANK"
                && status_now(store, Provider::Monnet, env, "payout", &reference)? == "paid";
            let status = payout_status(&p.status, p.error_code, was_paid);
            let record = Record {
                provider: Provider::Monnet,
                environment: env,
                kind: "payout".into(),
                details: keep_unread(details(&status), &[&p.status_change_date_time]),
                note: status.stored_note_or(Provider::Monnet, p.error_message),
                reference,
                remote_id: Some(remote_id),
                amount_minor: p.amount,
                currency: p.currency,
                status: status.status.into(),
                counterparty: p.beneficiary.unwrap_or_default(),
                description: p.description.unwrap_or_default(),
                created_at: 0,
                updated_at: ms(&p.status_change_date_time),
            };
            changed += u32::from(store.upsert(&record)?.1);
        }
        Ok(Some(changed))
    }
}

impl ProviderGateway {
    /// A checkout's status as its provider holds it now, read by the provider's id, with the
    /// provider's reason; `None` when that provider is not set up here (or takes no checkouts).
    pub async fn read_checkout(
        &self,
        provider: Provider,
        remote_id: &str,
    ) -> Result<Option<(Read, Option<String>)>, PullError> {
        Ok(match provider {
            Provider::Mona => match &self.mona {
                Some(c) => {
                    let t = c.get_transaction(remote_id).await?;
                    Some((mona_status(&t.status), t.failure_reason))
                }
                None => None,
            },
            Provider::Monei => match &self.monei {
                Some(c) => {
                    let p = c.get_payment(remote_id).await?;
                    Some((monei_status(&p.status), p.status_reason))
                }
                None => None,
            },
            Provider::Moneflow => match &self.moneflow {
                Some(c) => {
                    let t = c.get_transaction(remote_id).await?;
                    let approved = t.response_code == "10000";
                    let read = moneflow_status(&t.status, &t.intent);
                    Some((read, (!approved).then_some(t.response_message)))
                }
                None => None,
            },
            Provider::Monnet => None,
        })
    }
}
