//! Signed HTTP clients of the four payment providers. Every private key stays here, in Rust;
//! the UI only ever receives public keys and resource ids.
//!
//! Where the providers' documents are silent (paths, bodies, status values, error shapes, key
//! prefixes), the choices are those of `docs/provider-api.md`, and each lives in one place in
//! code: hosts and key prefixes in [`env`], paths in each provider's module, rate limits in
//! [`ratelimit`].
//!
//! Retries: reads (GET) are retried with backoff and jitter; a create is never retried by the
//! client, because only the caller knows whether a resend is safe (Monnet: the same `orderId`
//! is safe; the sync engine reconciles first).
#![deny(missing_docs)]

pub mod env;
pub mod error;
pub mod http;
pub mod mona;
pub mod moneflow;
pub mod monei;
pub mod monnet;
pub mod ratelimit;

pub use error::{ProviderError, Result};
