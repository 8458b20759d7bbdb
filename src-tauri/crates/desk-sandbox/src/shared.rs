//! The state every listener and handler shares: the world, the clock, the injected faults,
//! the rate windows and the creates ledger. Handlers import it from here; only
//! [`crate::server`] builds it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::clock::Clock;
use crate::creates::CreateLedger;
use crate::faults::FaultTable;
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
    /// Monei rate-limit windows: requests per (key, endpoint class) in the current minute.
    pub rate_windows: Arc<Mutex<RateWindows>>,
    /// Creates counted per provider (`GET /__sandbox/creates`).
    creates: Arc<Mutex<CreateLedger>>,
    data_file: Option<PathBuf>,
    seed: u64,
}

impl Shared {
    /// The state of a sandbox over `world` (saved to `data_file` if given, reset to the world
    /// seeded by `seed`), with no faults, empty rate windows and creates counters, and a fresh
    /// random key for MonEFlow's client tokens.
    pub(crate) fn new(
        world: World,
        clock: Arc<Clock>,
        timestamp_window_ms: i64,
        data_file: Option<PathBuf>,
        seed: u64,
    ) -> Self {
        let mut token_key = [0u8; 32];
        rand::Rng::fill(&mut rand::thread_rng(), &mut token_key);
        Self {
            world: Arc::new(Mutex::new(world)),
            clock,
            faults: Arc::new(FaultTable::default()),
            timestamp_window_ms,
            token_key: Arc::new(token_key),
            rate_windows: Arc::default(),
            creates: Arc::default(),
            data_file,
            seed,
        }
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
        *self.world() = seed::world(self.seed, self.clock.now_ms());
        self.creates().clear();
        self.save();
    }
}
