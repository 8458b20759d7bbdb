//! Signed HTTP clients of the four payment providers. Every private key stays here, in Rust;
//! the UI only ever receives public keys and resource ids.
//!
//! Where the providers' documents are silent (paths, bodies, status values, error shapes, key
//! prefixes), the choices are those of `docs/provider-api.md`, and each lives in one place in
//! code: hosts and key prefixes in [`env`], paths in each provider's module, rate limits in
//! [`ratelimit`].
//!
//! Retries: reads (GET) are retried with backoff and jitter; a POST (a create above all) is
//! sent exactly once: neither [`http::Http`] nor reqwest underneath resends it (reqwest's own
//! retry policy is switched off), because only the caller knows whether a resend is safe; the
//! one exception is a Monnet request refused for its timestamp (1002, 1003: nothing was
//! created), re-signed once with Monnet's time (see [`monnet::MonnetClient`]). After
//! an unknown outcome the caller looks the reference up first (Mona, Monei, MonEFlow Pay:
//! `find_by_*`), or follows Monnet's rule (resend the same `orderId` after 30 s: a
//! [`ProviderError::DuplicateReference`] says the first one arrived).
#![deny(missing_docs)]

pub mod created;
pub mod customer_id;
pub mod env;
pub mod error;
pub mod http;
pub mod mona;
pub mod moneflow;
pub mod monei;
pub mod monnet;
pub mod ratelimit;
#[cfg(debug_assertions)]
pub mod rehearsal;

pub use created::Created;
pub use error::{ProviderError, Result};
