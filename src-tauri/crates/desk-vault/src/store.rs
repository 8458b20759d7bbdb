//! Where secrets are kept.

use desk_domain::Secret;

use crate::error::Result;

/// A place for named secrets. Implementations must never log or expose values.
pub trait SecretStore: Send + Sync {
    /// The secret named `name`, if any.
    fn get(&self, name: &str) -> Result<Option<Secret>>;
    /// Stores `value` under `name`, replacing what was there.
    fn set(&self, name: &str, value: &Secret) -> Result<()>;
    /// Deletes `name`; deleting what is not there is fine.
    fn delete(&self, name: &str) -> Result<()>;
}
