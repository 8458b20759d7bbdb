//! The state every listener and handler shares: the world, the clock, the injected faults,
//! the rate windows and the creates ledger. Handlers import it from here; only
//! [`crate::server`] builds it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use desk_domain::{Environment, Provider};

use crate::clock::Clock;
use crate::creates::CreateLedger;
use crate::faults::FaultTable;
use crate::http::HeaderMap;
use crate::world::World;
use crate::{persist, seed};

/// Requests per (API key, endpoint class) in the current minute: (minute, count).
pub type RateWindows = HashMap<(String, u8), (i64, u32)>;

/// State shared by every listener.
#[derive(Clone)]
pub struct Shared {
    world: Arc<Mutex<World>>,
    /// The controllable clock.
    pub clock: Arc<Clock>,
    /// Injected faults.
    pub faults: Arc<FaultTable>,
    /// Monnet timestamp window (ms).
    pub timestamp_window_ms: i64,
    /// The key MonEFlow client tokens are signed with.
    pub token_key: Arc<[u8; 32]>,
    /// Rate-limit windows: Monei requests per (key, endpoint class), Monnet creates per
    /// merchant, in the current minute.
    pub rate_windows: Arc<Mutex<RateWindows>>,
    /// Creates counted per provider (`GET /__sandbox/creates`).
    creates: Arc<Mutex<CreateLedger>>,
    data_file: Option<PathBuf>,
    seed: u64,
    /// The environment played: the sandbox, or the production rehearsal.
    environment: Environment,
    /// Where each provider's pages are served when not on the listener asked (the rehearsal's
    /// plain-HTTP frame listeners), by [`crate::faults::index`].
    page_bases: Arc<[Option<String>; 4]>,
    /// Sandbox keys the production rehearsal was shown.
    sandbox_keys_seen: Arc<AtomicU64>,
}

/// How a [`Shared`] is set up besides its world and clock.
#[derive(Debug, Clone)]
pub(crate) struct SharedSetup {
    /// Monnet timestamp window (ms).
    pub timestamp_window_ms: i64,
    /// The SQLite file the world is saved to.
    pub data_file: Option<PathBuf>,
    /// The seed a reset goes back to.
    pub seed: u64,
    /// The environment played.
    pub environment: Environment,
    /// Where each provider's pages are served, if not on the listener asked.
    pub page_bases: [Option<String>; 4],
}

impl Shared {
    /// The state of a sandbox over `world` (saved to `data_file` if given, reset to the world
    /// seeded by `seed`), with no faults, empty rate windows and creates counters, and a fresh
    /// random key for MonEFlow's client tokens.
    pub(crate) fn new(world: World, clock: Arc<Clock>, setup: SharedSetup) -> Self {
        let mut token_key = [0u8; 32];
        rand::Rng::fill(&mut rand::thread_rng(), &mut token_key);
        Self {
            world: Arc::new(Mutex::new(world)),
            clock,
            faults: Arc::new(FaultTable::default()),
            timestamp_window_ms: setup.timestamp_window_ms,
            token_key: Arc::new(token_key),
            rate_windows: Arc::default(),
            creates: Arc::default(),
            data_file: setup.data_file,
            seed: setup.seed,
            environment: setup.environment,
            page_bases: Arc::new(setup.page_bases),
            sandbox_keys_seen: Arc::default(),
        }
    }

    /// A sandbox state over the world seeded with 7 for `environment`, for unit tests.
    #[cfg(test)]
    pub(crate) fn for_tests(environment: Environment) -> Self {
        Self::new(
            seed::world_in(environment, 7, 0),
            Arc::default(),
            SharedSetup {
                timestamp_window_ms: 300_000,
                data_file: None,
                seed: 7,
                environment,
                page_bases: Default::default(),
            },
        )
    }

    /// The environment played: the sandbox, or the production rehearsal.
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// Counts a sandbox key shown to the production rehearsal.
    pub fn note_sandbox_key(&self) {
        self.sandbox_keys_seen.fetch_add(1, Ordering::SeqCst);
        tracing::warn!("the production rehearsal was shown a sandbox key");
    }

    /// How many sandbox keys the production rehearsal was shown since it started.
    pub fn sandbox_keys_seen(&self) -> u64 {
        self.sandbox_keys_seen.load(Ordering::SeqCst)
    }

    /// The base URL of `provider`'s pages (Mona's checkout, Monei's payment page): the
    /// rehearsal's frame listener, else the listener the request came to (`Host`).
    pub fn page_base(&self, provider: Provider, headers: &HeaderMap) -> String {
        if let Some(base) = &self.page_bases[crate::faults::index(provider)] {
            return base.clone();
        }
        headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .map(|h| format!("http://{h}/"))
            .unwrap_or_default()
    }

    /// Locks the world.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Saves the world if a data file was given (after each change).
    pub fn save(&self) {
        if let Some(path) = &self.data_file
            && let Err(e) = persist::save(path, &self.world())
        {
            tracing::warn!(error = %e, "could not save the sandbox state");
        }
    }

    /// The creates counters. Never lock the world while holding this lock.
    pub fn creates(&self) -> MutexGuard<'_, CreateLedger> {
        self.creates.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Back to the seeded state, with the creates counters at zero (faults stay).
    pub fn reset(&self) {
        *self.world() = seed::world_in(self.environment, self.seed, self.clock.now_ms());
        self.creates().clear();
        self.save();
    }
}
