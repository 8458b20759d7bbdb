//! Connectivity and sync progress, pushed to the UI as `sync:progress` events.

use desk_domain::Provider;
use serde::Serialize;

/// The sync engine's state as the status bar shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncStatus {
    /// Whether the providers (or the sandbox) answered recently.
    pub online: bool,
    /// Money movements waiting to be sent.
    pub queued: u32,
    /// Money movements being sent, or being checked at the provider.
    pub in_flight: u32,
    /// Money movements the provider holds differently from what was meant.
    pub attention: u32,
    /// Refused, reversed or conflicting money movements the merchant has not opened yet.
    pub notices: u32,
    /// Last successful sync (RFC 3339).
    pub last_sync_at: Option<String>,
    /// The last problem, as a sentence.
    pub last_error: Option<String>,
    /// The computer's clock is off from Monnet's (the sentence says by how much); the desk
    /// signs with Monnet's time meanwhile.
    pub clock_warning: Option<String>,
    /// Sandbox only: the merchant switched the simulated network off.
    pub sandbox_network_off: bool,
    /// History records the last pass added or changed: the history screen refreshes when
    /// this is not zero.
    pub history_changed: u32,
    /// Each provider's own sync state (those set up on this desk), for Settings and the
    /// status bar's "Monei: sync failing".
    pub providers: Vec<ProviderSync>,
}

/// One provider's own sync state: its pull goes on, or fails, independently of the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProviderSync {
    /// The provider.
    pub provider: Provider,
    /// When its records were last pulled (RFC 3339).
    pub last_pulled_at: Option<String>,
    /// The sentence of its last error, while its pull fails.
    pub last_error: Option<String>,
    /// Since when its pull fails (RFC 3339).
    pub failing_since: Option<String>,
    /// The provider documents no list: the desk follows by id what it created, and records
    /// created outside the desk do not appear.
    pub followed_by_id: bool,
}

/// An update the release channel offers, shown to the merchant before anything installs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateOffer {
    /// The new version.
    pub version: String,
    /// The running version.
    pub current_version: String,
    /// Release notes.
    pub notes: Option<String>,
    /// Release date (RFC 3339), when given.
    pub date: Option<String>,
}
