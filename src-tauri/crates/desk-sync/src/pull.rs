//! The pulls beside the engine: each provider's records brought into the history on its own,
//! so one provider's 401, timeout or outage never stops another's. Mona, Monei and MonEFlow
//! Pay are read by cursor from their lists; Monnet documents no list, so the payouts the desk
//! sent are followed by their Monnet id until their status can no longer change.

use desk_domain::{Environment, Provider};
use desk_providers::ProviderError;
use desk_store::history::rfc3339;
use desk_store::records::Record;
use desk_store::{Store, StoreError};

use crate::providers::ProviderGateway;
use crate::status::{payment_status, payout_status};

/// How long a paid payout is still read back: a bank can return it after "paid".
pub const FOLLOW_PAID_MS: i64 = 3 * 86_400_000;

/// How many payouts one pass reads back at most.
const FOLLOW_AT_MOST: usize = 200;

/// Why one provider's pull stopped.
#[derive(Debug, thiserror::Error)]
pub enum PullError {
    /// The provider did not answer as it should.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// The history could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one pass of pulls did.
#[derive(Debug, Default)]
pub struct PullReport {
    /// History records added or changed.
    pub changed: u32,
    /// The providers whose pull failed, with why.
    pub failed: Vec<(Provider, PullError)>,
}

fn ms(text: &str) -> i64 {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or(0)
}

/// A payment as a provider lists it, before it becomes a history row.
struct Pulled {
    reference: String,
    remote_id: String,
    amount: i64,
    currency: String,
    status: String,
    counterparty: String,
    description: String,
    created: String,
    updated: String,
}

impl Pulled {
    fn into_record(self, provider: Provider, env: Environment, kind: &str) -> Record {
        Record {
            provider,
            environment: env,
            kind: kind.into(),
            reference: self.reference,
            remote_id: Some(self.remote_id),
            amount_minor: self.amount,
            currency: self.currency,
            status: payment_status(&self.status).into(),
            counterparty: self.counterparty,
            description: self.description,
            details: serde_json::json!({}),
            created_at: ms(&self.created),
            updated_at: ms(&self.updated),
            note: None,
        }
    }
}

/// Writes `records` and moves the stream's cursor to the latest change among them.
fn store_pulled(
    store: &Store,
    provider: Provider,
    env: Environment,
    stream: &str,
    records: &[Record],
) -> Result<u32, PullError> {
    let changed = store.upsert_many(records)?;
    if let Some(latest) = records.iter().map(|r| r.updated_at).max() {
        store.set_cursor(provider, env, stream, &rfc3339(latest))?;
    }
    Ok(u32::try_from(changed).unwrap_or(u32::MAX))
}

/// Every page of a list, from `fetch(page cursor)` answering `(items, next page cursor)`.
async fn all_pages<T, Fut>(
    mut fetch: impl FnMut(Option<String>) -> Fut,
) -> Result<Vec<T>, PullError>
where
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<String>), ProviderError>>,
{
    let (mut items, mut page) = (Vec::new(), None);
    loop {
        let (data, next) = fetch(page).await?;
        items.extend(data);
        match next {
            Some(next) => page = Some(next),
            None => return Ok(items),
        }
    }
}

impl ProviderGateway {
    /// Pulls every provider the desk has credentials for, each on its own.
    pub async fn pull(&self, store: &Store, env: Environment, now_ms: i64) -> PullReport {
        let mut report = PullReport::default();
        let results = [
            (Provider::Mona, self.pull_mona(store, env).await),
            (Provider::Monei, self.pull_monei(store, env).await),
            (Provider::Moneflow, self.pull_moneflow(store, env).await),
            (
                Provider::Monnet,
                self.follow_payouts(store, env, now_ms).await,
            ),
        ];
        for (provider, result) in results {
            match result {
                Ok(n) => report.changed += n,
                Err(e) => report.failed.push((provider, e)),
            }
        }
        report
    }

    async fn pull_mona(&self, store: &Store, env: Environment) -> Result<u32, PullError> {
        let Some(client) = &self.mona else {
            return Ok(0);
        };
        let cursor = store.cursor(Provider::Mona, env, "transactions")?;
        let cursor = cursor.as_deref();
        let records: Vec<Record> = all_pages(|page| async move {
            let list = client.list_transactions(cursor, page.as_deref()).await?;
            Ok((list.data, list.next_cursor))
        })
        .await?
        .into_iter()
        .map(|t| {
            Pulled {
                reference: t.reference,
                remote_id: t.transaction_id,
                amount: t.amount,
                currency: t.currency,
                status: t.status,
                counterparty: t.customer_name,
                description: t.description,
                created: t.created_at,
                updated: t.updated_at,
            }
            .into_record(Provider::Mona, env, "checkout")
        })
        .collect();
        store_pulled(store, Provider::Mona, env, "transactions", &records)
    }

    async fn pull_monei(&self, store: &Store, env: Environment) -> Result<u32, PullError> {
        let Some(client) = &self.monei else {
            return Ok(0);
        };
        let cursor = store.cursor(Provider::Monei, env, "payments")?;
        let cursor = cursor.as_deref();
        let records: Vec<Record> = all_pages(|page| async move {
            let list = client.list_payments(cursor, page.as_deref()).await?;
            Ok((list.data, list.next_cursor))
        })
        .await?
        .into_iter()
        .map(|p| {
            Pulled {
                reference: p.order_id,
                remote_id: p.id,
                amount: p.amount,
                currency: p.currency,
                status: p.status,
                counterparty: p.customer_name,
                description: p.description,
                created: p.created_at,
                updated: p.updated_at,
            }
            .into_record(Provider::Monei, env, "payment")
        })
        .collect();
        store_pulled(store, Provider::Monei, env, "payments", &records)
    }

    async fn pull_moneflow(&self, store: &Store, env: Environment) -> Result<u32, PullError> {
        let Some(client) = &self.moneflow else {
            return Ok(0);
        };
        let cursor = store.cursor(Provider::Moneflow, env, "transactions")?;
        let cursor = cursor.as_deref();
        let records: Vec<Record> = all_pages(|page| async move {
            let list = client.list_transactions(cursor, page.as_deref()).await?;
            Ok((list.data, list.next_cursor))
        })
        .await?
        .into_iter()
        // Credits are refunds: the desk follows its own through the engine.
        .filter(|t| t.kind != "credit")
        .map(|t| {
            let status = crate::status::sale_status(&t.status, &t.intent);
            let holder = if t.holder_name.is_empty() {
                format!("{} •••• {}", t.card.brand, t.card.last4)
            } else {
                t.holder_name
            };
            Pulled {
                reference: t.order_id,
                remote_id: t.id,
                amount: t.amount,
                currency: t.currency,
                status: status.into(),
                counterparty: holder,
                description: String::new(),
                created: t.created_at,
                updated: t.updated_at,
            }
            .into_record(Provider::Moneflow, env, "checkout")
        })
        .collect();
        store_pulled(store, Provider::Moneflow, env, "transactions", &records)
    }

    /// Reads every payout whose status may still change by its Monnet id (Monnet documents
    /// no list): pending and processing ones, and paid ones for a few days.
    async fn follow_payouts(
        &self,
        store: &Store,
        env: Environment,
        now_ms: i64,
    ) -> Result<u32, PullError> {
        let Some(client) = &self.monnet else {
            return Ok(0);
        };
        let follow = store.to_follow(
            Provider::Monnet,
            env,
            "payout",
            &["pending", "processing"],
            now_ms - FOLLOW_PAID_MS,
            FOLLOW_AT_MOST,
        )?;
        let mut records = Vec::new();
        for (reference, remote_id) in follow {
            let Ok(id) = remote_id.parse::<u64>() else {
                continue;
            };
            let p = client.get_payout(id).await?;
            records.push(Record {
                provider: Provider::Monnet,
                environment: env,
                kind: "payout".into(),
                reference,
                remote_id: Some(remote_id),
                amount_minor: p.amount,
                currency: p.currency,
                status: payout_status(&p.status, p.error_code).into(),
                counterparty: p.beneficiary.unwrap_or_default(),
                description: p.description.unwrap_or_default(),
                details: serde_json::json!({}),
                created_at: 0,
                updated_at: ms(&p.status_change_date_time),
                note: p.error_message,
            });
        }
        Ok(u32::try_from(store.upsert_many(&records)?).unwrap_or(u32::MAX))
    }
}
