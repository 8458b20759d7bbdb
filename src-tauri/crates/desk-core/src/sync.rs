//! Keeping the history in step: every money movement sent exactly once through the engine
//! (desk-sync), each provider pulled on its own (Mona and MonEFlow Pay by cursor from their
//! lists, Monei payments and Monnet payouts followed by id), and abandoned checkouts ended.
//! Each provider keeps its own sync state (last pulled, last error); progress, connectivity
//! and those states go to the UI as `sync:progress`.

use std::sync::Arc;
use std::time::Duration;

use desk_domain::{Environment, Provider};
use desk_i18n::{msg, render_stored};
use desk_providers::ProviderError;
use desk_store::Store;
use desk_store::history::rfc3339;
use desk_store::operation::Operation;
use desk_sync::{Engine, FOLLOWED_BY_ID, FlushReport, ProviderGateway, PullError, PullState};
use tokio::sync::watch;

use crate::desk::Desk;
use crate::error::Result;
use crate::views::status::{ProviderSync, SyncStatus};

/// How often sync runs while online.
const INTERVAL: Duration = Duration::from_secs(15);

impl Desk {
    /// The sync state now (each provider's own state from the first pass of this run on).
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

    /// The engine for `env` over the clients the merchant has credentials for (`only` that
    /// provider's, when given).
    async fn engine(
        &self,
        env: Environment,
        only: Option<Provider>,
    ) -> Result<Engine<ProviderGateway>> {
        // Each client reads its keys from the keychain: a single operation builds only its own.
        let wanted = |p: Provider| only.is_none_or(|o| o == p);
        let mut gateway = ProviderGateway::default();
        if let Some(Ok(set)) = wanted(Provider::Mona).then(|| self.credentials(Provider::Mona, env))
        {
            gateway.mona = self.mona_for(&set).await.ok();
        }
        if let Some(Ok(set)) =
            wanted(Provider::Monei).then(|| self.credentials(Provider::Monei, env))
        {
            gateway.monei = self.monei_for(&set).await.ok();
        }
        if let Some(Ok(set)) =
            wanted(Provider::Moneflow).then(|| self.credentials(Provider::Moneflow, env))
        {
            gateway.moneflow = self.moneflow_for(&set).await.ok();
        }
        if let Some(Ok(set)) =
            wanted(Provider::Monnet).then(|| self.credentials(Provider::Monnet, env))
        {
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
        let queued = self.store()?.operation(id)?;
        let env = queued.environment;
        let engine = self.engine(env, Some(queued.provider)).await?;
        let (op, report) = engine.process(id).await?;
        self.publish(env, &report, 1)?;
        Ok(op)
    }

    /// Each provider's own sync state in `env`, for those ever pulled.
    fn provider_states(store: &Store, env: Environment) -> Result<Vec<ProviderSync>> {
        let mut states = Vec::new();
        for provider in Provider::ALL {
            if let Some(s) = PullState::load(store, provider, env)? {
                states.push(ProviderSync {
                    provider,
                    last_pulled_at: s.last_pulled_ms.map(rfc3339),
                    last_error: s.last_error.map(|e| render_stored(&e)),
                    failing_since: s.failing_since_ms.map(rfc3339),
                    followed_by_id: FOLLOWED_BY_ID.contains(&provider),
                });
            }
        }
        Ok(states)
    }

    /// What the merchant is told when Monnet's clock and this computer's differ (learnt from a
    /// refused timestamp); `None` while they agree.
    fn clock_warning(&self, env: Environment) -> Option<String> {
        let offset_ms = self
            .monnet_clock_offset(env)
            .load(std::sync::atomic::Ordering::SeqCst);
        (offset_ms != 0).then(|| {
            desk_providers::ProviderError::ClockSkew {
                offset_seconds: (offset_ms as f64 / 1000.0).round() as i64,
            }
            .to_string()
        })
    }

    /// Counts, connectivity, the last problem and each provider's state to the status bar.
    fn publish(&self, env: Environment, report: &FlushReport, changed: u32) -> Result<SyncStatus> {
        let store = self.store()?;
        let counts = store.outbox_counts(env)?;
        let notices = store.unopened_notice_count(env)?;
        let providers = Self::provider_states(&store, env)?;
        let status = {
            let mut s = self.sync_status.lock().unwrap_or_else(|p| p.into_inner());
            s.online = report.online();
            s.queued = counts.queued;
            s.in_flight = counts.in_flight;
            s.attention = counts.attention;
            s.notices = notices;
            s.last_error = report.last_error.clone();
            s.clock_warning = self.clock_warning(env);
            s.sandbox_network_off = self.sandbox.get().is_some_and(|sb| !sb.online());
            s.history_changed = changed;
            s.providers = providers;
            if report.online() {
                s.last_sync_at = Some(rfc3339(self.now_ms()));
            }
            s.clone()
        };
        self.host().sync_progress(&status);
        Ok(status)
    }

    /// One pass: every operation through the engine, then each provider's records pulled on
    /// its own, then abandoned checkouts ended. One provider's failure does not stop another's
    /// part: it is kept in that provider's own state, with its sentence. A provider that
    /// cannot be reached at all also counts as offline.
    pub async fn sync_pass(&self) -> Result<SyncStatus> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let env = self.environment();
        let store = self.store()?;
        if let Err(e) = self.start_notifications(&store, env) {
            tracing::warn!(error = %e, "OS notifications not started");
        }
        let engine = self.engine(env, None).await?;
        let mut report = engine.flush().await?;
        let now = self.now_ms();
        let pulled = engine.gateway().pull(&store, env, now).await;
        for provider in &pulled.pulled {
            PullState::pulled(&store, *provider, env, now)?;
        }
        for (provider, e) in pulled.failed {
            tracing::debug!(%provider, error = %e, "pull failed");
            // No connection, no answer or a server error: the provider could not be reached
            // (the desk is offline for it). A refusal (a revoked key) is that provider's own
            // failing sync while the desk stays online.
            let offline = matches!(
                e,
                PullError::Provider(
                    ProviderError::Unreachable(_) | ProviderError::UnknownOutcome(_)
                )
            );
            // kept as a message where it is one, so Settings shows it in the language of then
            let error = crate::CoreError::from(e);
            let stored = match error.message() {
                Some(m) => msg!("sync.pull_failed", provider = provider.display_name())
                    .arg_msg("error", m.clone())
                    .to_stored(),
                None => format!("{}: {error}", provider.display_name()),
            };
            PullState::failed(&store, provider, env, now, &stored)?;
            let sentence = render_stored(&stored);
            if offline {
                if !report.unreachable.contains(&provider) {
                    report.unreachable.push(provider);
                }
                report.last_error = Some(sentence);
            }
        }
        let ended = self.end_abandoned_checkouts(&engine, env).await?;
        // what the merchant should hear of even with the window closed
        if let Err(e) = self.notify_news(&store, env, self.now_ms()) {
            tracing::warn!(error = %e, "OS notifications skipped this pass");
        }
        let changed = report.confirmed + report.failed + report.conflicts + pulled.changed + ended;
        self.publish(env, &report, changed)
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
