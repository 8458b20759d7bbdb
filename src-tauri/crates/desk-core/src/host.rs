//! What the core needs from its host (the Tauri app, or a test): a clock, a way to tell the
//! UI that something changed, and OS notifications.

use std::sync::Mutex;

use time::OffsetDateTime;

use crate::views::status::SyncStatus;

/// The host the core runs in.
pub trait Host: Send + Sync + 'static {
    /// Now. Logic never reads the system clock directly, so tests control time.
    fn now(&self) -> OffsetDateTime;
    /// Tells the UI the sync state changed (`sync:progress`).
    fn sync_progress(&self, status: &SyncStatus);
    /// Shows an OS notification (what [`crate::notifications`] decided to tell, already
    /// checked against the merchant's setting). A host without notifications shows nothing.
    fn notify(&self, _notification: &OsNotification) {}
}

/// An OS notification in the merchant's words: never a secret, a whole account number or an
/// email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsNotification {
    /// The headline ("Payout paid").
    pub title: String,
    /// One or two sentences.
    pub body: String,
}

/// The real clock, for hosts that have no reason to fake time.
pub fn system_now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// A host for tests: real time (moved on by [`TestHost::advance`]), and the events it was
/// sent, kept in order.
#[derive(Default)]
pub struct TestHost {
    events: Mutex<Vec<SyncStatus>>,
    ahead_ms: std::sync::atomic::AtomicI64,
    notifications: Mutex<Vec<OsNotification>>,
}

impl TestHost {
    /// Moves this host's clock `ms` ahead of real time.
    pub fn advance(&self, ms: i64) {
        self.ahead_ms
            .fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
    }

    /// The sync events received so far.
    pub fn events(&self) -> Vec<SyncStatus> {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The OS notifications shown so far, in order.
    pub fn notifications(&self) -> Vec<OsNotification> {
        self.notifications
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Host for TestHost {
    fn now(&self) -> OffsetDateTime {
        system_now()
            + time::Duration::milliseconds(self.ahead_ms.load(std::sync::atomic::Ordering::SeqCst))
    }

    fn sync_progress(&self, status: &SyncStatus) {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(status.clone());
    }

    fn notify(&self, notification: &OsNotification) {
        self.notifications
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(notification.clone());
    }
}
