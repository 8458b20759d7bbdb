//! The embedded sandbox: a strict local emulator of the four providers and their client SDKs.
//!
//! It is a second, independent reading of the provider documents and `docs/provider-api.md`:
//! it shares domain types with the clients but none of their signing, token or request code.
//! Each provider listens on its own loopback port, so every documented path is exactly the
//! path requested. Refusals follow the contract: bad signature, stale timestamp, replay,
//! wrong-environment key, reused nonce, expired client token and rate limits are each refused
//! as the real provider would; so is whatever breaks what every request must be (a body over
//! 64 KiB or not UTF-8 JSON, an unknown currency, control or bidi characters in text), in each
//! provider's documented error shape ([`strict`], [`refusals`]).
#![deny(missing_docs)]
// Handlers return `Result<_, Response>` so a refusal is already the reply; boxing it would
// only add noise.
#![allow(clippy::result_large_err)]

pub mod clock;
pub mod control;
pub mod creates;
pub mod error;
pub mod faults;
pub mod http;
pub mod keys;
pub mod merchant;
pub mod mona;
pub mod moneflow;
pub mod monei;
pub mod monnet;
pub mod persist;
pub mod refusals;
pub mod reply;
pub mod sdk;
pub mod seed;
pub mod server;
pub mod shared;
pub mod strict;
#[cfg(feature = "rehearsal")]
pub mod tls;
pub mod world;

pub use creates::CreateStats;
pub use error::{Result, SandboxError};
pub use merchant::MerchantCredentials;
pub use server::{Sandbox, SandboxConfig, SandboxHandle};
