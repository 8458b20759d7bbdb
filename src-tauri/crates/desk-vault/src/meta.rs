//! What is stored about a credential set besides its secrets, and when its rotation is due.
//! Both the vault ([`crate::credentials`]) and its in-memory copy ([`crate::meta_cache`])
//! use it; it uses neither.

use desk_domain::{Environment, Provider};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// Days after which a secret should be rotated.
pub const ROTATION_DAYS: i64 = 90;

/// What is stored about a credential set besides its secrets (no secret in here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMeta {
    /// Provider.
    pub provider: Provider,
    /// Environment.
    pub environment: Environment,
    /// Non-secret identifiers.
    pub public: Vec<(String, String)>,
    /// The kinds of secret stored.
    pub secret_kinds: Vec<String>,
    /// Fingerprint of the secrets.
    pub fingerprint: String,
    /// Added or last rotated.
    #[serde(with = "time::serde::rfc3339")]
    pub rotated_at: OffsetDateTime,
}

impl StoredMeta {
    /// When rotation is due.
    pub fn rotation_due(&self) -> OffsetDateTime {
        self.rotated_at + Duration::days(ROTATION_DAYS)
    }

    /// Whether rotation is due at `now`.
    pub fn rotation_overdue(&self, now: OffsetDateTime) -> bool {
        now >= self.rotation_due()
    }
}
