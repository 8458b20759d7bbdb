//! What a batch is compared with beyond its file: the payouts of the last days (a row with the
//! same CLABE and amount may be one paid twice by mistake) and the references already used.

use std::collections::{HashMap, HashSet};

use crate::money::Money;

/// A payout already queued or sent, that a row of a new batch may repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierPayout {
    /// The CLABE it paid to.
    pub clabe: String,
    /// Its amount.
    pub amount: Money,
    /// How the merchant knows it ("payout PO-12 of 2026-12-01").
    pub description: String,
}

/// The earlier payouts by CLABE and amount, and the references taken, as the batch last heard.
#[derive(Debug, Clone, Default)]
pub(super) struct Earlier {
    /// The first earlier payout with each CLABE and amount.
    pub(super) repeats: HashMap<(String, Money), String>,
    /// The rows' references that a stored payout already has.
    pub(super) taken: HashSet<String>,
}

impl Earlier {
    /// The earlier payouts indexed by what a repeat shares with them.
    pub(super) fn new(payouts: Vec<EarlierPayout>, taken: HashSet<String>) -> Earlier {
        let mut repeats = HashMap::with_capacity(payouts.len());
        for p in payouts {
            repeats.entry((p.clabe, p.amount)).or_insert(p.description);
        }
        Earlier { repeats, taken }
    }
}
