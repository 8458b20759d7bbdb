//! An in-memory store for unit tests; clones share one map.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use desk_domain::Secret;

use crate::error::Result;
use crate::store::SecretStore;

/// Secrets in memory, shared across clones.
#[derive(Clone, Default)]
pub struct MemoryStore(Arc<Mutex<HashMap<String, Secret>>>);

impl MemoryStore {
    /// The names stored (tests check what a wipe left).
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .cloned()
            .collect();
        v.sort();
        v
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, name: &str) -> Result<Option<Secret>> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned())
    }
    fn set(&self, name: &str, value: &Secret) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_string(), value.clone());
        Ok(())
    }
    fn delete(&self, name: &str) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(name);
        Ok(())
    }
}
