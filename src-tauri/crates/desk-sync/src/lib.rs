//! The one engine that moves money: every payout, checkout charge and operation still to come
//! is sent exactly once, and what each provider holds is compared with what was meant.
//!
//! Exactly once rests on four rules: (1) an operation and its reference are committed before
//! the network step, and every state change is committed before the step that follows it;
//! (2) a retry, a second click or a restart reuses the reference; (3) an outcome that is not
//! known (`unknown`, or `sending` found after a crash) is looked up at the provider by its
//! reference before anything is sent again, or, where the provider documents no lookup
//! (Monnet), learned by the documented resend after the documented wait; (4) what the
//! provider holds is compared with what was meant, and a difference is a conflict, never a
//! success. Providers are reached through the [`Gateway`] port, so the engine is tested
//! without a network; [`ProviderGateway`] is the port over the real clients, and also pulls
//! each provider's records into the history on its own ([`pull`]).
#![deny(missing_docs)]

pub mod compare;
pub mod engine;
pub mod gateway;
pub mod providers;
pub mod pull;
pub mod pull_state;
pub mod status;

pub use engine::{Clock, Engine, FlushReport, backoff};
pub use gateway::{Gateway, GatewayError, Lookup, Remote, Sent};
pub use providers::ProviderGateway;
pub use pull::{FOLLOWED_BY_ID, OVERLAP_MS, PullError, PullReport};
pub use pull_state::PullState;
