//! Each provider's own pull state: when its records were last pulled, and the sentence of its
//! last error while its pull fails. Kept beside the provider's cursors (stream
//! [`STREAM`] of the store's sync cursors), so it outlives a restart and one provider's failure
//! never hides another's progress.

use desk_domain::{Environment, Provider};
use desk_store::{Store, StoreError};
use serde_json::{Value, json};

/// The sync-cursor stream the state is kept under.
pub const STREAM: &str = "pull-state";

/// One provider's pull state in one environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullState {
    /// When its pull last went through (ms).
    pub last_pulled_ms: Option<i64>,
    /// Its last error while its pull fails, as stored text: a message in its stored form
    /// (`desk_i18n::render_stored` renders it in the language of the moment) or a sentence.
    pub last_error: Option<String>,
    /// Since when its pull fails (ms).
    pub failing_since_ms: Option<i64>,
}

impl PullState {
    /// The state of `provider` in `env`, if it was ever pulled.
    pub fn load(
        store: &Store,
        provider: Provider,
        env: Environment,
    ) -> Result<Option<PullState>, StoreError> {
        let Some(text) = store.cursor(provider, env, STREAM)? else {
            return Ok(None);
        };
        let v: Value = serde_json::from_str(&text).unwrap_or_default();
        Ok(Some(PullState {
            last_pulled_ms: v["lastPulledMs"].as_i64(),
            last_error: v["lastError"].as_str().map(str::to_string),
            failing_since_ms: v["failingSinceMs"].as_i64(),
        }))
    }

    fn save(&self, store: &Store, provider: Provider, env: Environment) -> Result<(), StoreError> {
        let v = json!({
            "lastPulledMs": self.last_pulled_ms,
            "lastError": self.last_error,
            "failingSinceMs": self.failing_since_ms,
        });
        store.set_cursor(provider, env, STREAM, &v.to_string())
    }

    /// Records that `provider`'s pull went through at `now_ms`: its error, if any, is over.
    pub fn pulled(
        store: &Store,
        provider: Provider,
        env: Environment,
        now_ms: i64,
    ) -> Result<PullState, StoreError> {
        let state = PullState {
            last_pulled_ms: Some(now_ms),
            last_error: None,
            failing_since_ms: None,
        };
        state.save(store, provider, env)?;
        Ok(state)
    }

    /// Records that `provider`'s pull failed at `now_ms` with `sentence`; when it last went
    /// through is kept.
    pub fn failed(
        store: &Store,
        provider: Provider,
        env: Environment,
        now_ms: i64,
        sentence: &str,
    ) -> Result<PullState, StoreError> {
        let before = Self::load(store, provider, env)?.unwrap_or_default();
        let state = PullState {
            last_error: Some(sentence.to_string()),
            failing_since_ms: Some(before.failing_since_ms.unwrap_or(now_ms)),
            ..before
        };
        state.save(store, provider, env)?;
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test may stop at the first surprise

    use super::*;

    #[test]
    fn a_failure_keeps_the_last_pull_and_a_success_clears_the_error() {
        let store = Store::open_in_memory().unwrap();
        let (p, env) = (Provider::Monei, Environment::Sandbox);
        assert_eq!(PullState::load(&store, p, env).unwrap(), None);
        PullState::pulled(&store, p, env, 1_000).unwrap();
        PullState::failed(&store, p, env, 2_000, "Monei: no.").unwrap();
        let failing = PullState::failed(&store, p, env, 3_000, "Monei: still no.").unwrap();
        assert_eq!(
            failing,
            PullState {
                last_pulled_ms: Some(1_000),
                last_error: Some("Monei: still no.".into()),
                failing_since_ms: Some(2_000),
            }
        );
        assert_eq!(PullState::load(&store, p, env).unwrap(), Some(failing));
        assert_eq!(
            PullState::load(&store, Provider::Mona, env).unwrap(),
            None,
            "each provider has its own"
        );
        let back = PullState::pulled(&store, p, env, 4_000).unwrap();
        assert_eq!(back.last_error, None);
    }
}
