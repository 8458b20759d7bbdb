//! The update checks as Settings shows them.

use serde::Serialize;

/// When the desk last looked for updates and when it looks next, as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateStatus {
    /// When the last check was made (RFC 3339); `None` before the first.
    pub last_checked_at: Option<String>,
    /// When the next check is due (RFC 3339).
    pub next_check_at: Option<String>,
    /// Whether the last check could not reach the update server (a quiet state, not an
    /// error: the desk tries again at `next_check_at`).
    pub server_unreachable: bool,
}
