//! Keeping the history in step: every money movement sent exactly once through the engine
//! (desk-sync), payouts followed by their Monnet id, and the payment providers' records pulled
//! by cursor, so two desktops of the same merchant converge. Progress and connectivity go to
//! the UI as `sync:progress`.

use std::sync::Arc;
use std::time::Duration;

use desk_domain::{Environment, Provider};
use desk_store::Store;
use desk_store::history::rfc3339;
use desk_store::operation::Operation;
use desk_store::records::Record;
use desk_sync::status::{payment_status, payout_status};
use desk_sync::{Engine, FlushReport, ProviderGateway};
use tokio::sync::watch;

use crate::desk::Desk;
use crate::error::Result;
use crate::views::status::SyncStatus;

/// How often sync runs while online.
const INTERVAL: Duration = Duration::from_secs(15);

/// How long a paid payout is still read back: a bank can return it after "paid".
const FOLLOW_PAID_MS: i64 = 3 * 86_400_000;

fn ms(text: &str) -> i64 {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or(0)
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

    /// The engine for `env` over the clients the merchant has credentials for.
    async fn engine(&self, env: Environment) -> Result<Engine<ProviderGateway>> {
        let mut gateway = ProviderGateway::default();
        if let Ok(set) = self.credentials(Provider::Mona, env) {
            gateway.mona = self.mona_for(&set).await.ok();
        }
        if let Ok(set) = self.credentials(Provider::Monei, env) {
            gateway.monei = self.monei_for(&set).await.ok();
        }
        if let Ok(set) = self.credentials(Provider::Moneflow, env) {
            gateway.moneflow = self.moneflow_for(&set).await.ok();
        }
        if let Ok(set) = self.credentials(Provider::Monnet, env) {
            gateway.monnet = self.monnet_for(&set).await.ok();
        }
        let host = self.host().clone();
        let clock: desk_sync::Clock =
            Arc::new(move || (host.now().unix_timestamp_nanos() / 1_000_000) as i64);
        Ok(Engine::new(self.store()?, gateway, env, clock))
    }

    /// Moves one operation on now (a checkout's charge), in step with the sync loop.
    pub(crate) async fn process_now(&self, id: i64) -> Result<Operation> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let env = self.store()?.operation(id)?.environment;
        let (op, report) = self.engine(env).await?.process(id).await?;
        self.publish(env, &report, 1)?;
        Ok(op)
    }

    /// Counts, connectivity and the last problem to the status bar.
    fn publish(&self, env: Environment, report: &FlushReport, changed: u32) -> Result<SyncStatus> {
        let store = self.store()?;
        let counts = store.outbox_counts(env)?;
        let notices = u32::try_from(store.unopened_notices(env)?.len()).unwrap_or(u32::MAX);
        let status = {
            let mut s = self.sync_status.lock().unwrap_or_else(|p| p.into_inner());
            s.online = report.online();
            s.queued = counts.queued;
            s.in_flight = counts.in_flight;
            s.attention = counts.attention;
            s.notices = notices;
            s.last_error = report.last_error.clone();
            s.sandbox_network_off = self.sandbox.get().is_some_and(|sb| !sb.online());
            s.history_changed = changed;
            if report.online() {
                s.last_sync_at = Some(rfc3339(self.now_ms()));
            }
            s.clone()
        };
        self.host().sync_progress(&status);
        Ok(status)
    }

    /// One pass: every operation through the engine, payouts followed by id, then the payment
    /// providers' records. One provider's outage does not stop another's part.
    pub async fn sync_pass(&self) -> Result<SyncStatus> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let env = self.environment();
        let store = self.store()?;
        let mut report = self.engine(env).await?.flush().await?;
        let mut changed = report.confirmed + report.failed + report.conflicts;
        match self.follow_payouts(&store, env).await {
            Ok(n) => changed += n,
            Err(e) => {
                report.unreachable.push(Provider::Monnet);
                report.last_error = Some(e.to_string());
            }
        }
        match self.pull_payments(&store, env).await {
            Ok(pulled) => changed += pulled,
            Err(e) => {
                report.unreachable.push(Provider::Mona);
                report.last_error = Some(e.to_string());
            }
        }
        self.publish(env, &report, changed)
    }

    /// Reads every payout whose status may still change by its Monnet id (Monnet documents
    /// no list): pending and processing ones, and paid ones for a few days (a bank can return
    /// them). Returns how many history records changed.
    async fn follow_payouts(&self, store: &Store, env: Environment) -> Result<u32> {
        let Ok(set) = self.credentials(Provider::Monnet, env) else {
            return Ok(0);
        };
        let follow = store.to_follow(
            Provider::Monnet,
            env,
            "payout",
            &["pending", "processing"],
            self.now_ms() - FOLLOW_PAID_MS,
            200,
        )?;
        if follow.is_empty() {
            return Ok(0);
        }
        let client = self.monnet_for(&set).await?;
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
