//! Starting the sandbox: one loopback listener per provider, each routing to the handler
//! modules over the state in [`crate::shared`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use desk_domain::{Environment, Provider};
use rand::SeedableRng;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::creates::CreateStats;
use crate::error::{Result, SandboxError};
use crate::http::{App, Router, serve};
use crate::merchant::MerchantCredentials;
use crate::shared::{Shared, SharedSetup};
#[cfg(feature = "rehearsal")]
use crate::tls::TestAuthority;
use crate::{control, faults, mona, moneflow, monei, monnet, persist, sdk, seed};

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
    /// Play the providers' production (the production rehearsal): production-format keys,
    /// sandbox keys refused and counted, HTTPS with a test authority on the API listeners and
    /// the pages on plain-HTTP frame listeners (`docs/provider-api.md`).
    pub production: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            base_port: None,
            seed: 7,
            data_file: None,
            timestamp_window_ms: 5 * 60 * 1000,
            production: false,
        }
    }
}

/// A running sandbox. Dropping it stops the listeners.
pub struct SandboxHandle {
    shared: Shared,
    addrs: [SocketAddr; 4],
    frames: [Option<SocketAddr>; 4],
    ca_pem: Option<String>,
    customer_device: mona::customer_device::CustomerDevice,
    _stop: watch::Sender<bool>,
}

impl SandboxHandle {
    /// The base URL of `provider`'s API listener (`http://127.0.0.1:<port>/`; `https://` in
    /// the production rehearsal).
    pub fn url(&self, provider: Provider) -> String {
        let scheme = if self.ca_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}/", self.addrs[provider_index(provider)])
    }

    /// The base URL `provider`'s pages are framed from: the rehearsal's plain-HTTP frame
    /// listener, else the API listener itself; `None` for Monnet in the rehearsal (no pages).
    pub fn frame_url(&self, provider: Provider) -> Option<String> {
        match self.frames[provider_index(provider)] {
            Some(addr) => Some(format!("http://{addr}/")),
            None if self.ca_pem.is_none() => Some(self.url(provider)),
            None => None,
        }
    }

    /// The test authority's certificate (PEM) the rehearsal's HTTPS chains to; `None` in
    /// the sandbox.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// How many sandbox keys the production rehearsal was shown
    /// (`GET /__sandbox/sandbox-keys-seen`).
    pub fn sandbox_keys_seen(&self) -> u64 {
        self.shared.sandbox_keys_seen()
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

    /// **[sandbox only]** The simulated customer's phone answers the Mona consent for the
    /// transaction, collection or verification `id` (tests that cannot drive the SDK page):
    /// `approve` (a checkout with the approved test card) or refuse. The same challenge,
    /// signature and device checks as the page's; the phone is one device for every customer,
    /// so a customer who registered another device refuses it (401 `sca_device_unknown`).
    /// Returns the status and body `POST /sdk/v1/authorize` would have answered.
    pub async fn mona_customer_consent(&self, id: &str, approve: bool) -> (u16, serde_json::Value) {
        mona::customer_device::answer(&self.shared, &self.customer_device, id, approve)
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
    /// Starts the four listeners on 127.0.0.1 (in the production rehearsal also the frame
    /// listeners of Mona, Monei and MonEFlow Pay) and returns once they accept connections.
    pub async fn start(config: SandboxConfig) -> Result<SandboxHandle> {
        let environment = if config.production {
            Environment::Production
        } else {
            Environment::Sandbox
        };
        let clock = Arc::new(Clock::default());
        let mut world = match &config.data_file {
            Some(path) if path.exists() => persist::load(path)?,
            _ => seed::world_in(environment, config.seed, clock.now_ms()),
        };
        if world.merchants.is_empty() {
            // a saved world without merchants: the demo merchant must exist to be handed out
            world.merchants.push(MerchantCredentials::generate(
                environment,
                "Demo",
                0,
                &mut rand_chacha::ChaCha8Rng::seed_from_u64(config.seed),
            ));
        }
        #[cfg(feature = "rehearsal")]
        let authority = config
            .production
            .then(TestAuthority::generate)
            .transpose()?;
        #[cfg(not(feature = "rehearsal"))]
        if config.production {
            return Err(SandboxError::Tls(
                "this build has no production rehearsal (desk-sandbox's `rehearsal` feature)"
                    .into(),
            ));
        }
        let mut api = Vec::new();
        let mut frames = Vec::new();
        for (i, provider) in Provider::ALL.into_iter().enumerate() {
            let port = config.base_port.map(|p| p + i as u16).unwrap_or(0);
            api.push(bind(port).await?);
            frames.push(match provider {
                Provider::Monnet => None,
                _ if config.production => Some(bind(0).await?),
                _ => None,
            });
        }
        let addrs: Vec<SocketAddr> = api.iter().map(|(_, a)| *a).collect();
        let frame_addrs: Vec<Option<SocketAddr>> =
            frames.iter().map(|f| f.as_ref().map(|(_, a)| *a)).collect();
        let page_bases = [0, 1, 2, 3].map(|i| frame_addrs[i].map(|a| format!("http://{a}/")));
        let shared = Shared::new(
            world,
            clock,
            SharedSetup {
                timestamp_window_ms: config.timestamp_window_ms,
                data_file: config.data_file.clone(),
                seed: config.seed,
                environment,
                page_bases,
            },
        );
        shared.save();
        let (stop, stop_rx) = watch::channel(false);
        for ((provider, (listener, _)), frame) in Provider::ALL.into_iter().zip(api).zip(frames) {
            let app = Arc::new(app(provider, shared.clone())?);
            #[cfg(feature = "rehearsal")]
            match &authority {
                Some(ca) => serve(ca.listener(listener), app.clone(), stop_rx.clone()),
                None => serve(listener, app.clone(), stop_rx.clone()),
            }
            #[cfg(not(feature = "rehearsal"))]
            serve(listener, app.clone(), stop_rx.clone());
            if let Some((listener, _)) = frame {
                serve(listener, app, stop_rx.clone());
            }
        }
        let addrs = [addrs[0], addrs[1], addrs[2], addrs[3]];
        tracing::info!(mona = %addrs[0], monei = %addrs[1], moneflow = %addrs[2], monnet = %addrs[3], %environment, "sandbox started");
        Ok(SandboxHandle {
            shared,
            addrs,
            frames: [
                frame_addrs[0],
                frame_addrs[1],
                frame_addrs[2],
                frame_addrs[3],
            ],
            #[cfg(feature = "rehearsal")]
            ca_pem: authority.map(|a| a.ca_pem().to_string()),
            #[cfg(not(feature = "rehearsal"))]
            ca_pem: None,
            customer_device: mona::customer_device::CustomerDevice::new(),
            _stop: stop,
        })
    }
}

async fn bind(port: u16) -> Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|source| SandboxError::Bind { port, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { port, source })?;
    Ok((listener, addr))
}

/// `provider`'s listener: its API (and pages), the control endpoints on every port, and the
/// layers of [`crate::http`] around them.
fn app(provider: Provider, shared: Shared) -> Result<App> {
    let api = match provider {
        Provider::Mona => mona::routes().merge(sdk::mona_routes()),
        Provider::Monei => monei::routes().merge(sdk::monei_routes()),
        Provider::Moneflow => moneflow::routes().merge(sdk::moneflow_routes()),
        Provider::Monnet => monnet::routes(),
    };
    let router = Router::new(api.merge(control::routes()))?;
    Ok(App::new(provider, router, shared))
}
