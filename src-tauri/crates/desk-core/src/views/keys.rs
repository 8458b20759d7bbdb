//! What the desk reads from a key before storing it.

use desk_domain::{Environment, Provider};
use serde::Serialize;

/// A key as the desk reads it from its prefix, shown before anything is stored. Carries no
/// part of the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyReading {
    /// The provider the key is for.
    pub provider: Provider,
    /// The environment the key's prefix names; `None` when it names none (Monnet's keys, or
    /// a key the desk does not recognise).
    pub environment: Option<Environment>,
    /// The desk's environment, which the key must match.
    pub desk_environment: Environment,
    /// Whether the desk takes this key in its environment (it is then verified with the
    /// provider before it is stored).
    pub accepted: bool,
    /// What the desk read, or why it refuses the key, as a sentence for the merchant.
    pub sentence: String,
}
