//! What the vault has read about each credential set, kept in memory. Only the vault changes
//! these entries, so after one read the first screen and every signed call skip a keychain
//! round trip (a D-Bus call each, 35 to 45 ms for the four at start-up on Linux).

use std::collections::HashMap;
use std::sync::Mutex;

use desk_domain::{Environment, Provider};

use crate::meta::StoredMeta;

type Key = (Provider, Environment);

#[derive(Default)]
struct Entries {
    known: HashMap<Key, Option<StoredMeta>>,
    /// Bumped by every change, so a read that raced with a change is not remembered.
    generation: u64,
}

/// Metadata already read or written (`None`: known to be absent). No secret is held here.
#[derive(Default)]
pub(crate) struct MetaCache(Mutex<Entries>);

/// Where a read started, to remember its result only if nothing changed meanwhile.
pub(crate) struct ReadTicket(u64);

impl MetaCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The known metadata, or a ticket to read it from the store.
    pub(crate) fn lookup(&self, key: Key) -> Result<Option<StoredMeta>, ReadTicket> {
        let entries = self.entries();
        match entries.known.get(&key) {
            Some(known) => Ok(known.clone()),
            None => Err(ReadTicket(entries.generation)),
        }
    }

    /// Remembers what a read begun with `ticket` found, unless something changed since.
    pub(crate) fn remember_read(&self, key: Key, ticket: ReadTicket, meta: &Option<StoredMeta>) {
        let mut entries = self.entries();
        if entries.generation == ticket.0 {
            entries.known.insert(key, meta.clone());
        }
    }

    /// Forgets `key` before the store changes it (a failed change is then read afresh).
    pub(crate) fn forget(&self, key: Key) {
        let mut entries = self.entries();
        entries.generation += 1;
        entries.known.remove(&key);
    }

    /// Records what the store now holds for `key` after a change succeeded.
    pub(crate) fn record(&self, key: Key, meta: Option<StoredMeta>) {
        let mut entries = self.entries();
        entries.generation += 1;
        entries.known.insert(key, meta);
    }

    /// Forgets everything (the store behind the vault was switched, locked or wiped).
    pub(crate) fn clear(&self) {
        let mut entries = self.entries();
        entries.generation += 1;
        entries.known.clear();
    }
}
