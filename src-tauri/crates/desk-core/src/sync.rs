//! Keeping the history in step: the payout outbox flushed exactly once through the sync
//! engine, and the other providers' records pulled by cursor, so two desktops of the same
//! merchant converge. Progress and connectivity go to the UI as `sync:progress`.

use std::sync::Arc;
use std::time::Duration;

use desk_domain::{Environment, Provider};
use desk_store::Store;
use desk_store::history::rfc3339;
use desk_store::records::Record;
use desk_sync::Engine;
use tokio::sync::watch;

use crate::desk::Desk;
use crate::error::Result;
use crate::gateway::MonnetGateway;
use crate::views::status::SyncStatus;

/// How often sync runs while online.
const INTERVAL: Duration = Duration::from_secs(15);

fn ms(text: &str) -> i64 {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or(0)
}

/// A provider's payment status in the desk's words.
pub fn normalise_payment(status: &str) -> &'static str {
    match status.to_ascii_lowercase().as_str() {
        "successful" | "succeeded" | "settled" | "authorized" => "succeeded",
        "pending" => "pending",
        "refunded" | "voided" | "canceled" => "refunded",
        _ => "failed",
    }
}

/// A payment record as a provider lists it, before it becomes a history row.
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
            status: normalise_payment(&self.status).into(),
            counterparty: self.counterparty,
            description: self.description,
            details: serde_json::json!({}),
            created_at: ms(&self.created),
            updated_at: ms(&self.updated),
            note: None,
        }
    }
}

impl Desk {
    /// The sync state now.
    pub fn sync_status(&self) -> SyncStatus {
        self.sync_status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Asks the sync loop to run now.
    pub fn sync_now(&self) {
        self.sync_wake.notify_one();
    }

    /// One pass: payouts through the outbox engine, then the other providers' records.
    pub async fn sync_pass(&self) -> Result<SyncStatus> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let env = self.environment();
        let store = self.store()?;
        let mut online = true;
        let mut last_error = None;
        let mut changed = 0u32;
        if let Ok(set) = self.credentials(Provider::Monnet, env) {
            let gateway = MonnetGateway(self.monnet_for(&set).await?);
            let clock_host = self.host().clone();
            let clock: desk_sync::Clock =
                Arc::new(move || (clock_host.now().unix_timestamp_nanos() / 1_000_000) as i64);
            let report = Engine::new(store.clone(), gateway, env, clock)
                .flush()
                .await?;
            online &= report.online;
            last_error = report.last_error;
            changed += report.sent + report.reconciled + report.failed + report.pulled;
        }
        if online {
            match self.pull_payments(&store, env).await {
                Ok(pulled) => changed += pulled,
                Err(e) => {
                    online = false;
                    last_error = Some(e.to_string());
                }
            }
        }
        let counts = store.outbox_counts(env)?;
        let status = {
            let mut s = self.sync_status.lock().unwrap_or_else(|p| p.into_inner());
            s.online = online;
            s.queued = counts.queued;
            s.in_flight = counts.in_flight;
            s.last_error = last_error;
            s.sandbox_network_off = self.sandbox.get().is_some_and(|sb| !sb.online());
            s.history_changed = changed;
            if online {
                s.last_sync_at = Some(rfc3339(self.now_ms()));
            }
            s.clone()
        };
        self.host().sync_progress(&status);
        Ok(status)
    }

    /// Pulls Mona, Monei and MonEFlow Pay records changed since each stream's cursor; returns
    /// how many history records changed.
    async fn pull_payments(&self, store: &Store, env: Environment) -> Result<u32> {
        let mut changed = 0;
        if let Ok(set) = self.credentials(Provider::Mona, env) {
            let client = self.mona_for(&set).await?;
            let cursor = store.cursor(Provider::Mona, env, "transactions")?;
            let (mut records, mut page) = (Vec::new(), None);
            loop {
                let list = client
                    .list_transactions(cursor.as_deref(), page.as_deref())
                    .await?;
                records.extend(list.data.into_iter().map(|t| {
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
                }));
                if list.next_cursor.is_none() {
                    break;
                }
                page = list.next_cursor;
            }
            changed += self.store_pulled(store, Provider::Mona, env, "transactions", &records)?;
        }
        if let Ok(set) = self.credentials(Provider::Monei, env) {
            let client = self.monei_for(&set).await?;
            let cursor = store.cursor(Provider::Monei, env, "payments")?;
            let (mut records, mut page) = (Vec::new(), None);
            loop {
                let list = client
                    .list_payments(cursor.as_deref(), page.as_deref())
                    .await?;
                records.extend(list.data.into_iter().map(|p| {
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
                }));
                if list.next_cursor.is_none() {
                    break;
                }
                page = list.next_cursor;
            }
            changed += self.store_pulled(store, Provider::Monei, env, "payments", &records)?;
        }
        if let Ok(set) = self.credentials(Provider::Moneflow, env) {
            let client = self.moneflow_for(&set).await?;
            let cursor = store.cursor(Provider::Moneflow, env, "transactions")?;
            let (mut records, mut page) = (Vec::new(), None);
            loop {
                let list = client
                    .list_transactions(cursor.as_deref(), page.as_deref())
                    .await?;
                records.extend(list.data.into_iter().map(|t| {
                    let card = format!("{} •••• {}", t.card.brand, t.card.last4);
                    let holder = if t.holder_name.is_empty() {
                        card
                    } else {
                        t.holder_name
                    };
                    Pulled {
                        reference: t.order_id,
                        remote_id: t.id,
                        amount: t.amount,
                        currency: t.currency,
                        status: t.status,
                        counterparty: holder,
                        description: String::new(),
                        created: t.created_at,
                        updated: t.updated_at,
                    }
                    .into_record(Provider::Moneflow, env, "checkout")
                }));
                if list.next_cursor.is_none() {
                    break;
                }
                page = list.next_cursor;
            }
            changed +=
                self.store_pulled(store, Provider::Moneflow, env, "transactions", &records)?;
        }
        Ok(changed)
    }

    fn store_pulled(
        &self,
        store: &Store,
        provider: Provider,
        env: Environment,
        stream: &str,
        records: &[Record],
    ) -> Result<u32> {
        let changed = store.upsert_many(records)?;
        if let Some(latest) = records.iter().map(|r| r.updated_at).max() {
            store.set_cursor(provider, env, stream, &rfc3339(latest))?;
        }
        Ok(u32::try_from(changed).unwrap_or(u32::MAX))
    }

    /// Runs sync passes until `stop` turns true: every 15 s online, backing off with jitter
    /// while offline, and at once when woken (a new payout, new credentials, the network back).
    pub async fn run_sync(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        // Retention, once a run: transaction records older than 7 years go (Monei guide).
        match self.store().and_then(|s| Ok(s.prune(self.now_ms())?)) {
            Ok(n) if n > 0 => tracing::info!(removed = n, "old transaction records pruned"),
            Ok(_) => {}
            Err(e) => tracing::debug!(error = %e, "retention skipped"),
        }
        let mut failures = 0u32;
        loop {
            let pause = match self.sync_pass().await {
                Ok(s) if s.online => {
                    failures = 0;
                    INTERVAL
                }
                Ok(_) => {
                    failures += 1;
                    desk_sync::backoff(failures).min(INTERVAL)
                }
                Err(e) => {
                    tracing::debug!(error = %e, "sync pass skipped");
                    failures += 1;
                    desk_sync::backoff(failures).max(Duration::from_secs(2))
                }
            };
            tokio::select! {
                _ = self.sync_wake.notified() => {}
                _ = tokio::time::sleep(pause) => {}
                _ = stop.wait_for(|s| *s) => return,
            }
        }
    }
}
