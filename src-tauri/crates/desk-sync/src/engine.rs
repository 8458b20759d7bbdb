//! The engine: reconcile what is in doubt, send what is due, pull what changed.

use std::sync::Arc;
use std::time::Duration;

use desk_domain::{Environment, Provider};
use desk_store::outbox::OutboxState;
use desk_store::records::Record;
use desk_store::{Store, StoreError};
use rand::Rng;

use crate::gateway::{GatewayError, PayoutGateway, RemotePayout};

/// Milliseconds since the epoch, from a clock the host controls.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlushReport {
    /// Payouts the provider accepted in this pass.
    pub sent: u32,
    /// In-doubt payouts resolved by looking them up.
    pub reconciled: u32,
    /// Payouts the provider refused.
    pub failed: u32,
    /// Remote changes written to the history.
    pub pulled: u32,
    /// Whether the provider answered.
    pub online: bool,
    /// The last problem, as a sentence.
    pub last_error: Option<String>,
    /// How long to wait before the next pass when the provider asked for a pause.
    pub retry_after: Option<Duration>,
}

/// The sync stream name for payouts.
const STREAM: &str = "payouts";

/// Flushes one environment's outbox through one gateway.
pub struct Engine<G> {
    store: Arc<Store>,
    gateway: G,
    env: Environment,
    clock: Clock,
}

fn record_of(p: &RemotePayout, env: Environment) -> Record {
    Record {
        provider: Provider::Monnet,
        environment: env,
        kind: "payout".into(),
        reference: p.order_id.clone(),
        remote_id: Some(p.remote_id.clone()),
        amount_minor: p.amount_minor,
        currency: p.currency.clone(),
        status: p.status.clone(),
        counterparty: p.beneficiary.clone(),
        description: p.description.clone(),
        details: serde_json::json!({}),
        created_at: p.created_at,
        updated_at: p.changed_at,
        note: p.note.clone(),
    }
}

impl<G: PayoutGateway> Engine<G> {
    /// An engine for `env` over `store` and `gateway`.
    pub fn new(store: Arc<Store>, gateway: G, env: Environment, clock: Clock) -> Self {
        Self {
            store,
            gateway,
            env,
            clock,
        }
    }

    fn now(&self) -> i64 {
        (self.clock)()
    }

    /// One pass: reconcile items in doubt, send due items in order, pull remote changes.
    /// Stops at the first sign of being offline; everything done so far is committed.
    pub async fn flush(&self) -> Result<FlushReport, StoreError> {
        let mut report = FlushReport {
            online: true,
            ..FlushReport::default()
        };
        // 1. What may have reached the provider is looked up before anything is sent again.
        for item in self.store.in_doubt(self.env)? {
            match self.gateway.find_by_order_id(&item.order_id).await {
                Ok(Some(remote)) => {
                    self.store.transition(
                        item.id,
                        OutboxState::Confirmed,
                        self.now(),
                        None,
                        Some((&remote.remote_id, &remote.status)),
                        remote.note.as_deref(),
                    )?;
                    report.reconciled += 1;
                }
                Ok(None) => {
                    self.requeue(item.id, item.state, self.now())?;
                    report.reconciled += 1;
                }
                Err(e) => return Ok(self.offline(report, e)),
            }
        }
        // 2. Send what is due, oldest first; each state is committed before the request.
        while let Some(item) = self.store.next_due(self.env, self.now())? {
            self.store
                .transition(item.id, OutboxState::Sending, self.now(), None, None, None)?;
            match self.gateway.send(&item.payout).await {
                Ok(remote) => {
                    self.store.transition(
                        item.id,
                        OutboxState::Confirmed,
                        self.now(),
                        None,
                        Some((&remote.remote_id, &remote.status)),
                        remote.note.as_deref(),
                    )?;
                    report.sent += 1;
                }
                Err(GatewayError::Refused(reason)) => {
                    self.store.transition(
                        item.id,
                        OutboxState::Failed,
                        self.now(),
                        None,
                        None,
                        Some(&reason),
                    )?;
                    report.failed += 1;
                    report.last_error =
                        Some(format!("Payout {} was refused: {reason}", item.order_id));
                }
                Err(e @ GatewayError::NotSent { .. }) => {
                    let wait = match &e {
                        GatewayError::NotSent {
                            retry_after: Some(d),
                            ..
                        } => *d,
                        _ => backoff(item.attempts as u32),
                    };
                    self.store.transition(
                        item.id,
                        OutboxState::Queued,
                        self.now(),
                        Some(self.now() + wait.as_millis() as i64),
                        None,
                        Some(&e.to_string()),
                    )?;
                    return Ok(self.offline(report, e));
                }
                Err(e @ GatewayError::Unknown(_)) => {
                    self.store.transition(
                        item.id,
                        OutboxState::Unknown,
                        self.now(),
                        None,
                        None,
                        Some(&e.to_string()),
                    )?;
                    return Ok(self.offline(report, e));
                }
            }
        }
        // 3. Pull what changed at the provider (status moves, payouts made elsewhere).
        let cursor = self.store.cursor(Provider::Monnet, self.env, STREAM)?;
        match self.gateway.changed_since(cursor).await {
            Ok((remote, next)) => {
                let records: Vec<Record> = remote.iter().map(|p| record_of(p, self.env)).collect();
                report.pulled = self.store.upsert_many(&records)? as u32;
                if let Some(next) = next {
                    self.store
                        .set_cursor(Provider::Monnet, self.env, STREAM, &next)?;
                }
            }
            Err(e) => return Ok(self.offline(report, e)),
        }
        Ok(report)
    }

    fn requeue(&self, id: i64, from: OutboxState, now: i64) -> Result<(), StoreError> {
        if from == OutboxState::Sending {
            // Found in `sending` after a crash: record the doubt first, then requeue.
            self.store.transition(
                id,
                OutboxState::Unknown,
                now,
                None,
                None,
                Some("interrupted"),
            )?;
        }
        self.store
            .transition(id, OutboxState::Queued, now, Some(now), None, None)
    }

    fn offline(&self, mut report: FlushReport, e: GatewayError) -> FlushReport {
        report.online = matches!(e, GatewayError::Refused(_));
        if let GatewayError::NotSent {
            retry_after: Some(d),
            ..
        } = &e
        {
            report.retry_after = Some(*d);
        }
        report.last_error = Some(match e {
            GatewayError::NotSent { .. } | GatewayError::Unknown(_) => {
                "The payout provider is not reachable; queued payouts will go out when it is."
                    .to_string()
            }
            GatewayError::Refused(r) => r,
        });
        report
    }
}

/// Exponential backoff with jitter, capped at one minute.
pub fn backoff(attempt: u32) -> Duration {
    let cap_ms = (500u64 << attempt.min(7)).min(60_000);
    Duration::from_millis(rand::thread_rng().gen_range(cap_ms / 2..=cap_ms))
}
