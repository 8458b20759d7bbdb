//! The engine: every money movement, of every kind and provider, sent exactly once.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use desk_domain::{Environment, Provider};
use desk_i18n::{Message, msg, render_stored};
use desk_store::operation::{OpState, Operation};
use desk_store::{Store, StoreError};
use rand::Rng;

use crate::compare::mismatch;
use crate::gateway::{Gateway, GatewayError, Lookup, Remote, Sent};

/// Milliseconds since the epoch, from a clock the host controls.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// How many due operations one pass reads at a time.
const BATCH: usize = 200;

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlushReport {
    /// Operations the provider now holds as meant (sent, or found by a lookup).
    pub confirmed: u32,
    /// Operations the provider refused.
    pub failed: u32,
    /// Operations whose reference holds something else at the provider.
    pub conflicts: u32,
    /// Operations in doubt that wait for the provider's documented delay before a resend.
    pub waiting: u32,
    /// Providers that could not be reached in this pass.
    pub unreachable: Vec<Provider>,
    /// The last problem, as a sentence in the desk's language.
    pub last_error: Option<String>,
    /// How long to wait before the next pass when a provider asked for a pause.
    pub retry_after: Option<Duration>,
}

impl FlushReport {
    /// Whether every provider that was needed answered.
    pub fn online(&self) -> bool {
        self.unreachable.is_empty()
    }
}

/// Sends one environment's operations through one gateway.
pub struct Engine<G> {
    store: Arc<Store>,
    gateway: G,
    env: Environment,
    clock: Clock,
}

/// A pass in progress: what it did and which providers are down for the rest of it.
#[derive(Default)]
struct Pass {
    report: FlushReport,
    down: HashSet<Provider>,
}

impl Pass {
    fn unreachable(&mut self, provider: Provider, e: &GatewayError) {
        if self.down.insert(provider) {
            self.report.unreachable.push(provider);
        }
        if let GatewayError::NotSent {
            retry_after: Some(d),
            ..
        } = e
        {
            self.report.retry_after = Some(*d);
        }
        let provider = provider.display_name();
        self.report.last_error = Some(
            match e {
                GatewayError::Unknown(_) => msg!("sync.no_answer", provider = provider),
                _ => msg!("sync.unreachable", provider = provider),
            }
            .to_string(),
        );
    }
}

impl<G: Gateway> Engine<G> {
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

    /// The gateway the engine sends through (the pulls use the same clients).
    pub fn gateway(&self) -> &G {
        &self.gateway
    }

    /// One pass: look up every operation in doubt, then send what is due, oldest first. A
    /// provider that cannot be reached is left alone for the rest of the pass; the others go on.
    /// Every state is committed before the network step that follows it.
    pub async fn flush(&self) -> Result<FlushReport, StoreError> {
        let mut pass = Pass::default();
        for op in self.store.in_doubt(self.env)? {
            if !pass.down.contains(&op.provider) {
                self.reconcile(op, &mut pass).await?;
            }
        }
        loop {
            let due = self.store.due(self.env, self.now(), BATCH)?;
            let full = due.len() == BATCH;
            let mut progressed = false;
            for op in due {
                if !pass.down.contains(&op.provider) {
                    self.send(op, false, &mut pass).await?;
                    progressed = true;
                }
            }
            if !full || !progressed {
                break;
            }
        }
        Ok(pass.report)
    }

    /// Moves one operation on now (a checkout waiting for its charge): sends it if queued,
    /// looks it up if in doubt; returns it as it then stands, with the pass's report.
    pub async fn process(&self, id: i64) -> Result<(Operation, FlushReport), StoreError> {
        let op = self.store.operation(id)?;
        let mut pass = Pass::default();
        match op.state {
            OpState::Queued => self.send(op, false, &mut pass).await?,
            OpState::Sending | OpState::Unknown => self.reconcile(op, &mut pass).await?,
            _ => {}
        }
        Ok((self.store.operation(id)?, pass.report))
    }

    /// An operation whose outcome is unknown: find what the provider holds before anything
    /// is sent again.
    async fn reconcile(&self, mut op: Operation, pass: &mut Pass) -> Result<(), StoreError> {
        if op.state == OpState::Sending {
            // Found mid-send (a crash, a kill): the doubt is recorded before anything else.
            let now = self.now();
            self.store.transition(
                op.id,
                OpState::Unknown,
                now,
                None,
                None,
                Some(&Message::new("sync.stopped_while_sending").to_stored()),
            )?;
            op.state = OpState::Unknown;
            op.updated_at = now;
        }
        match self.gateway.lookup(&op).await {
            Err(e) => pass.unreachable(op.provider, &e),
            Ok(Lookup::Found(held)) if held.is_empty() => {
                // It never arrived: it goes out again under the same reference.
                let now = self.now();
                self.store
                    .transition(op.id, OpState::Queued, now, Some(now), None, None)?;
            }
            Ok(Lookup::Found(held)) => {
                if held.len() > 1 {
                    let note = msg!(
                        "sync.several_held",
                        count = held.len(),
                        reference = &op.reference
                    );
                    self.conflict(&op, &held[0], note, pass)?;
                } else {
                    self.settle(&op, &held[0], pass)?;
                }
            }
            Ok(Lookup::ResendToLearn { wait }) => {
                if self.now() >= op.updated_at + wait.as_millis() as i64 {
                    self.send(op, true, pass).await?;
                } else {
                    pass.report.waiting += 1;
                }
            }
        }
        Ok(())
    }

    /// Sends `op` (`resend`: a documented resend to learn an unknown outcome).
    async fn send(&self, op: Operation, resend: bool, pass: &mut Pass) -> Result<(), StoreError> {
        self.store
            .transition(op.id, OpState::Sending, self.now(), None, None, None)?;
        let result = self.gateway.send(&op).await;
        let now = self.now();
        match result {
            Ok(Sent::Created(remote) | Sent::AlreadyExisted(remote)) => {
                self.settle(&op, &remote, pass)?
            }
            Ok(Sent::DuplicateReference) if resend => {
                let note = msg!(
                    "sync.created_earlier",
                    provider = op.provider.display_name(),
                    reference = &op.reference
                );
                self.store.transition(
                    op.id,
                    OpState::CreatedEarlier,
                    now,
                    None,
                    None,
                    Some(&note.to_stored()),
                )?;
                pass.report.confirmed += 1;
            }
            Ok(Sent::DuplicateReference) => {
                let note = msg!(
                    "sync.reference_taken",
                    provider = op.provider.display_name(),
                    reference = &op.reference
                );
                self.store.transition(
                    op.id,
                    OpState::Conflict,
                    now,
                    None,
                    None,
                    Some(&note.to_stored()),
                )?;
                pass.report.conflicts += 1;
            }
            Err(GatewayError::Refused(reason)) => {
                self.store
                    .transition(op.id, OpState::Failed, now, None, None, Some(&reason))?;
                pass.report.failed += 1;
                pass.report.last_error = Some(render_stored(&reason));
            }
            Err(e @ GatewayError::NotSent { .. }) if resend => {
                // The resend that was to learn the outcome did not go out: the doubt stands
                // (queued again, its next send would take the first request's 2005 for
                // someone else's payout). It is looked up again after the documented wait.
                self.store.transition(
                    op.id,
                    OpState::Unknown,
                    now,
                    None,
                    None,
                    Some(e.stored()),
                )?;
                pass.unreachable(op.provider, &e);
            }
            Err(e @ GatewayError::NotSent { .. }) => {
                let wait = match &e {
                    GatewayError::NotSent {
                        retry_after: Some(d),
                        ..
                    } => *d,
                    _ => backoff(op.attempts as u32),
                };
                self.store.transition(
                    op.id,
                    OpState::Queued,
                    now,
                    Some(now + wait.as_millis() as i64),
                    None,
                    Some(e.stored()),
                )?;
                pass.unreachable(op.provider, &e);
            }
            Err(e @ GatewayError::Unknown(_)) => {
                self.store.transition(
                    op.id,
                    OpState::Unknown,
                    now,
                    None,
                    None,
                    Some(e.stored()),
                )?;
                pass.unreachable(op.provider, &e);
            }
        }
        Ok(())
    }

    /// The provider holds `remote` under `op`'s reference: confirmed if it is what was meant.
    fn settle(&self, op: &Operation, remote: &Remote, pass: &mut Pass) -> Result<(), StoreError> {
        match mismatch(&op.intent, remote) {
            None => {
                self.store.transition(
                    op.id,
                    OpState::Confirmed,
                    self.now(),
                    None,
                    Some((&remote.remote_id, &remote.status)),
                    remote.note.as_deref(),
                )?;
                pass.report.confirmed += 1;
                Ok(())
            }
            Some(note) => self.conflict(op, remote, note, pass),
        }
    }

    fn conflict(
        &self,
        op: &Operation,
        remote: &Remote,
        note: Message,
        pass: &mut Pass,
    ) -> Result<(), StoreError> {
        let note = msg!("sync.conflict_note", id = &remote.remote_id).arg_msg("note", note);
        self.store.transition(
            op.id,
            OpState::Conflict,
            self.now(),
            None,
            None,
            Some(&note.to_stored()),
        )?;
        pass.report.conflicts += 1;
        Ok(())
    }
}

/// Exponential backoff with jitter, capped at one minute.
pub fn backoff(attempt: u32) -> Duration {
    let cap_ms = (500u64 << attempt.min(7)).min(60_000);
    Duration::from_millis(rand::thread_rng().gen_range(cap_ms / 2..=cap_ms))
}
