//! Monnet payouts: HMAC-SHA256 signed requests, exactly as Monnet's authentication document
//! describes (content `METHOD:path?timestamp=T:sha256hex(body)`, keyed with the API secret's
//! UTF-8 bytes, lower-case hex; `timestamp` and `signature` as query parameters; the API key in
//! the `monnet-api-key` header; the merchant id in the path).

mod client;
mod sign;
mod types;

pub use client::{MonnetClient, MonnetCredentials, is_clock_refusal};
pub use sign::{canonical_content, sha256_hex, sign};
pub use types::{Payout, PayoutBody};
