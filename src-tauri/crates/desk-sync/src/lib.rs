//! The sync engine: flushes the payout outbox exactly once and pulls remote changes.
//!
//! Exactly once rests on three rules: (1) every state change is committed before the network
//! step that follows it (`queued → sending` is stored before the request goes out); (2) an
//! item whose outcome is unknown — `unknown`, or `sending` found after a crash — is reconciled
//! with the provider by its `orderId` before anything is sent again; (3) a resend uses the same
//! `orderId`, which the provider deduplicates. The provider is reached through the
//! [`PayoutGateway`] port, so the engine is tested without a network.
#![deny(missing_docs)]

pub mod engine;
pub mod gateway;

pub use engine::{Clock, Engine, FlushReport, backoff};
pub use gateway::{GatewayError, PayoutGateway, RemotePayout};
