//! Starting the sandbox: one loopback listener per provider, each routing to the handler
//! modules over the state in [`crate::shared`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use desk_domain::Provider;
use rand::SeedableRng;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::limit::RequestBodyLimitLayer;

use crate::clock::{self, Clock};
use crate::creates::CreateStats;
use crate::error::{Result, SandboxError};
use crate::merchant::MerchantCredentials;
use crate::shared::Shared;
use crate::strict::BODY_LIMIT;
use crate::{control, faults, mona, moneflow, monei, monnet, persist, refusals, sdk, seed};

/// How to start the sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Base port: Mona on it, Monei +1, MonEFlow +2, Monnet +3; `None` picks free ports.
    pub base_port: Option<u16>,
    /// Seed of the demo merchant's history and keys.
    pub seed: u64,
    /// Keep state in this SQLite file between runs.
    pub data_file: Option<PathBuf>,
    /// Monnet's accepted clock skew for request timestamps, in ms (default ±5 minutes).
    pub timestamp_window_ms: i64,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            base_port: None,
            seed: 7,
            data_file: None,
            timestamp_window_ms: 5 * 60 * 1000,
        }
    }
}

/// A running sandbox. Dropping it stops the listeners.
pub struct SandboxHandle {
    shared: Shared,
    addrs: [SocketAddr; 4],
    _stop: watch::Sender<bool>,
}

impl SandboxHandle {
    /// The base URL of `provider`'s listener (`http://127.0.0.1:<port>/`).
    pub fn url(&self, provider: Provider) -> String {
        format!("http://{}/", self.addrs[provider_index(provider)])
    }

    /// The demo merchant's current credentials (a roll changes them): the world's first
    /// merchant, which [`Sandbox::start`] guarantees and nothing removes.
    pub fn demo_merchant(&self) -> MerchantCredentials {
        self.shared
            .world()
            .merchants
            .first()
            .cloned()
            .expect("the sandbox starts with its demo merchant")
    }

    /// Rolls `provider`'s secret of the merchant whose current secret is `current` (see
    /// [`World::roll_secret`](crate::world::World::roll_secret)) and returns the merchant's
    /// new credentials, or `None` if no sandbox merchant has that secret.
    pub fn roll_secret(&self, provider: Provider, current: &str) -> Option<MerchantCredentials> {
        let rolled = self
            .shared
            .world()
            .roll_secret(provider, current, &mut rand::thread_rng());
        if rolled.is_some() {
            self.shared.save();
        }
        rolled
    }

    /// Registers a new merchant and returns its credentials.
    pub fn new_merchant(&self, name: &str) -> MerchantCredentials {
        control::new_merchant(&self.shared, name)
    }

    /// The clock tests control.
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    /// Sets `provider`'s injected faults, all of them: `faults.no_dedup` included (use
    /// [`set_no_dedup`](Self::set_no_dedup) to change that switch alone).
    pub fn set_faults(&self, provider: Provider, faults: faults::Faults) {
        self.shared.faults.set(provider, faults);
    }

    /// Switches `provider` to behave as a provider without deduplication (`on`) or back,
    /// leaving its other faults as they are. Monnet ignores it (always 2005).
    pub fn set_no_dedup(&self, provider: Provider, on: bool) {
        self.shared.faults.set_no_dedup(provider, on);
    }

    /// What `provider` received since the start or the last reset (`GET /__sandbox/creates`).
    pub fn create_stats(&self, provider: Provider) -> CreateStats {
        self.shared.creates().stats(provider)
    }

    /// How many of `provider`'s resources hold `reference` (Mona `reference`, elsewhere
    /// `orderId`), over all merchants: Mona transactions, Monei payments, MonEFlow
    /// transactions, Monnet payouts. More than one only under `noDedup`.
    pub fn resources_with_reference(&self, provider: Provider, reference: &str) -> usize {
        let w = self.shared.world();
        match provider {
            Provider::Mona => w.mona.iter().filter(|t| t.reference == reference).count(),
            // A refund counts under its own reference.
            Provider::Monei => w
                .monei
                .iter()
                .map(|p| {
                    usize::from(p.order_id == reference)
                        + p.refunds
                            .iter()
                            .filter(|r| r.reference == reference)
                            .count()
                })
                .sum(),
            Provider::Moneflow => w
                .moneflow
                .iter()
                .filter(|t| t.order_id == reference)
                .count(),
            Provider::Monnet => w.payouts.iter().filter(|p| p.order_id == reference).count(),
        }
    }

    /// Simulates the network going down (`false`) or coming back.
    pub fn set_online(&self, online: bool) {
        self.shared.faults.set_offline(!online);
    }

    /// Whether the network is simulated as up.
    pub fn online(&self) -> bool {
        !self.shared.faults.offline()
    }

    /// How many Monnet payouts exist with `order_id` (tests of exactly-once delivery); the
    /// same as [`resources_with_reference`](Self::resources_with_reference) for Monnet.
    pub fn monnet_payouts_with_order_id(&self, order_id: &str) -> usize {
        self.resources_with_reference(Provider::Monnet, order_id)
    }

    /// How many Monnet payouts exist.
    pub fn monnet_payout_count(&self) -> usize {
        self.shared.world().payouts.len()
    }
}

fn provider_index(p: Provider) -> usize {
    faults::index(p)
}

/// The sandbox.
pub struct Sandbox;

impl Sandbox {
    /// Starts the four listeners on 127.0.0.1 and returns once they accept connections.
    pub async fn start(config: SandboxConfig) -> Result<SandboxHandle> {
        let clock = Arc::new(Clock::default());
        let mut world = match &config.data_file {
            Some(path) if path.exists() => persist::load(path)?,
            _ => seed::world(config.seed, clock.now_ms()),
        };
        if world.merchants.is_empty() {
            // a saved world without merchants: the demo merchant must exist to be handed out
            world.merchants.push(MerchantCredentials::generate(
                "Demo",
                0,
                &mut rand_chacha::ChaCha8Rng::seed_from_u64(config.seed),
            ));
        }
        let shared = Shared::new(
            world,
            clock,
            config.timestamp_window_ms,
            config.data_file.clone(),
            config.seed,
        );
        shared.save();
        let (stop, stop_rx) = watch::channel(false);
        let mut addrs = Vec::new();
        for (i, provider) in [
            Provider::Mona,
            Provider::Monei,
            Provider::Moneflow,
            Provider::Monnet,
        ]
        .into_iter()
        .enumerate()
        {
            let port = config.base_port.map(|p| p + i as u16).unwrap_or(0);
            let listener = TcpListener::bind(("127.0.0.1", port))
                .await
                .map_err(|source| SandboxError::Bind { port, source })?;
            addrs.push(
                listener
                    .local_addr()
                    .map_err(|source| SandboxError::Bind { port, source })?,
            );
            let app = router(provider, shared.clone());
            let mut rx = stop_rx.clone();
            tokio::spawn(async move {
                let shutdown = async move {
                    let _ = rx.wait_for(|s| *s).await;
                };
                if let Err(e) = axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await
                {
                    tracing::warn!(error = %e, "sandbox listener stopped");
                }
            });
        }
        let addrs = [addrs[0], addrs[1], addrs[2], addrs[3]];
        tracing::info!(mona = %addrs[0], monei = %addrs[1], moneflow = %addrs[2], monnet = %addrs[3], "sandbox started");
        Ok(SandboxHandle {
            shared,
            addrs,
            _stop: stop,
        })
    }
}

fn router(provider: Provider, shared: Shared) -> Router {
    let api = match provider {
        Provider::Mona => mona::routes().merge(sdk::mona_routes()),
        Provider::Monei => monei::routes().merge(sdk::monei_routes()),
        Provider::Moneflow => moneflow::routes().merge(sdk::moneflow_routes()),
        Provider::Monnet => monnet::routes(),
    };
    // Innermost first: faults, the body limit (axum's own 2 MB default off), the refusals'
    // shapes, then the `Date` header on every answer.
    api.merge(control::routes())
        .layer(from_fn_with_state(
            (shared.faults.clone(), provider),
            faults::apply,
        ))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(from_fn_with_state(provider, refusals::shape))
        .layer(from_fn_with_state(shared.clock.clone(), clock::stamp_date))
        .with_state(shared)
}
