//! Creates counted per provider (a sandbox-only convenience, `GET /__sandbox/creates`): how
//! many creates arrived, how many were for a reference the merchant already held, how many
//! were resends nobody looked up first, and (Monnet) how long a resend waited.
//!
//! Exactly-once tests need these to be able to fail: a provider that deduplicates hides a
//! blind resend, the counters do not.

use std::collections::HashMap;

use desk_domain::Provider;
use serde::{Deserialize, Serialize};

use crate::faults::index;

/// What one provider received since the start or the last reset.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateStats {
    /// Create requests that reached the handler and passed authentication and validation.
    pub creates: u64,
    /// Creates for a reference the merchant already held (200 with the existing resource, a
    /// second resource under `noDedup`, or Monnet's 2005).
    pub duplicates: u64,
    /// Creates for a reference after an earlier create for it with no lookup for it served
    /// in between (never counted for Monnet, which has no lookup).
    pub resends_without_lookup: u64,
    /// Monnet: for each duplicate create, the sandbox-clock milliseconds since the previous
    /// create with that `orderId` reached the handler.
    pub resend_gaps_ms: Vec<i64>,
}

/// The last event seen for one (provider, merchant, reference).
#[derive(Debug, Clone, Copy)]
struct Last {
    /// When the last create reached the handler (sandbox clock, ms).
    create_ms: i64,
    /// Whether a lookup was served since that create.
    looked_up: bool,
}

/// The counters of the four providers and the last event per reference.
#[derive(Debug, Default)]
pub struct CreateLedger {
    stats: [CreateStats; 4],
    last: HashMap<(usize, String, String), Last>,
}

impl CreateLedger {
    /// Records a create for `reference` of `merchant` at `provider` at `now_ms`; `existed`
    /// says whether the merchant already held a resource with that reference.
    pub fn create(
        &mut self,
        provider: Provider,
        merchant: &str,
        reference: &str,
        existed: bool,
        now_ms: i64,
    ) {
        let i = index(provider);
        let stats = &mut self.stats[i];
        stats.creates += 1;
        if existed {
            stats.duplicates += 1;
        }
        let key = (i, merchant.to_string(), reference.to_string());
        if let Some(prev) = self.last.get(&key) {
            if provider == Provider::Monnet {
                if existed {
                    stats.resend_gaps_ms.push(now_ms - prev.create_ms);
                }
            } else if !prev.looked_up {
                stats.resends_without_lookup += 1;
            }
        }
        self.last.insert(
            key,
            Last {
                create_ms: now_ms,
                looked_up: false,
            },
        );
    }

    /// Records that a lookup for `reference` of `merchant` at `provider` was served (a lookup
    /// by reference, or a read by the id of a resource holding it).
    pub fn lookup(&mut self, provider: Provider, merchant: &str, reference: &str) {
        let key = (index(provider), merchant.to_string(), reference.to_string());
        if let Some(last) = self.last.get_mut(&key) {
            last.looked_up = true;
        }
    }

    /// `provider`'s counters.
    pub fn stats(&self, provider: Provider) -> CreateStats {
        self.stats[index(provider)].clone()
    }

    /// The four providers' counters as `GET /__sandbox/creates` serves them.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "mona": self.stats(Provider::Mona),
            "monei": self.stats(Provider::Monei),
            "moneflow": self.stats(Provider::Moneflow),
            "monnet": self.stats(Provider::Monnet),
        })
    }

    /// Back to zero (with `POST /__sandbox/reset`).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_create_create_is_a_resend_without_lookup_and_create_lookup_create_is_not() {
        let mut l = CreateLedger::default();
        l.create(Provider::Mona, "m", "R", false, 0);
        l.create(Provider::Mona, "m", "R", true, 10);
        assert_eq!(l.stats(Provider::Mona).resends_without_lookup, 1);
        l.lookup(Provider::Mona, "m", "R");
        l.create(Provider::Mona, "m", "R", true, 20);
        let s = l.stats(Provider::Mona);
        assert_eq!(
            (s.creates, s.duplicates, s.resends_without_lookup),
            (3, 2, 1)
        );
        l.lookup(Provider::Mona, "other", "R");
        l.create(Provider::Mona, "m", "R", true, 30);
        assert_eq!(
            l.stats(Provider::Mona).resends_without_lookup,
            2,
            "another merchant's lookup is not this one's"
        );
    }

    #[test]
    fn monnet_records_gaps_and_never_a_resend_without_lookup() {
        let mut l = CreateLedger::default();
        l.create(Provider::Monnet, "m", "PO", false, 1_000);
        l.create(Provider::Monnet, "m", "PO", true, 31_500);
        let s = l.stats(Provider::Monnet);
        assert_eq!(s.resend_gaps_ms, vec![30_500]);
        assert_eq!(
            (s.creates, s.duplicates, s.resends_without_lookup),
            (2, 1, 0)
        );
        l.clear();
        assert_eq!(l.stats(Provider::Monnet), CreateStats::default());
    }
}
