//! When the desk looks for updates, and what it says when the update server is away. An
//! unreachable server is a quiet state shown in Settings ("Update server not reachable — will
//! try again at …"), logged at INFO once for a run of failures and at DEBUG after that, never
//! as an error. The shell performs the check (`tauri-plugin-updater`), records each outcome
//! here and logs it at the level [`UpdateSchedule::record`] decides; the UI schedules the next
//! check at [`UpdateStatus::next_check_at`].

use desk_store::history::rfc3339;
use tracing::Level;

use crate::views::updates::UpdateStatus;

/// Between two checks that reached the update server.
pub const CHECK_INTERVAL_MS: i64 = 6 * 60 * 60 * 1000;
/// The first retry after the server could not be reached; each further failure doubles it,
/// up to [`CHECK_INTERVAL_MS`].
pub const FIRST_RETRY_MS: i64 = 15 * 60 * 1000;

/// What one check came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateCheckOutcome {
    /// The server answered: no newer version.
    UpToDate,
    /// The server offered a newer version.
    Available,
    /// The server could not be reached (no network, DNS, refused, timeout, no release).
    Unreachable,
    /// The server answered with something the desk refuses (a bad manifest or signature).
    Refused,
}

/// The checks' history of this run: when the last one was made, when the next one is due,
/// and how many in a row could not reach the server.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct UpdateSchedule {
    last_checked_ms: Option<i64>,
    next_check_ms: Option<i64>,
    unreachable_in_a_row: u32,
}

impl UpdateSchedule {
    /// Records the outcome of a check made at `now_ms`, sets the next check, and returns the
    /// level to log the outcome at: INFO for the first of a run of unreachable checks, DEBUG
    /// for the others and for answers, WARN for a refused answer; never ERROR.
    pub fn record(&mut self, outcome: UpdateCheckOutcome, now_ms: i64) -> Level {
        self.last_checked_ms = Some(now_ms);
        let level = match outcome {
            UpdateCheckOutcome::Unreachable => {
                self.unreachable_in_a_row = self.unreachable_in_a_row.saturating_add(1);
                if self.unreachable_in_a_row == 1 {
                    Level::INFO
                } else {
                    Level::DEBUG
                }
            }
            UpdateCheckOutcome::Refused => {
                self.unreachable_in_a_row = 0;
                Level::WARN
            }
            UpdateCheckOutcome::UpToDate | UpdateCheckOutcome::Available => {
                self.unreachable_in_a_row = 0;
                Level::DEBUG
            }
        };
        let wait = match self.unreachable_in_a_row {
            0 => CHECK_INTERVAL_MS,
            n => FIRST_RETRY_MS
                .saturating_mul(1_i64 << (n - 1).min(10))
                .min(CHECK_INTERVAL_MS),
        };
        self.next_check_ms = Some(now_ms.saturating_add(wait));
        level
    }

    /// The schedule as Settings shows it.
    pub fn view(&self) -> UpdateStatus {
        UpdateStatus {
            last_checked_at: self.last_checked_ms.map(rfc3339),
            next_check_at: self.next_check_ms.map(rfc3339),
            server_unreachable: self.unreachable_in_a_row > 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_780_000_000_000;

    #[test]
    fn an_unreachable_server_is_logged_once_at_info_then_quietly_and_retried_later() {
        let mut s = UpdateSchedule::default();
        assert_eq!(s.view().last_checked_at, None);
        assert_eq!(s.record(UpdateCheckOutcome::Unreachable, T0), Level::INFO);
        let v = s.view();
        assert!(v.server_unreachable);
        assert_eq!(v.last_checked_at, Some(rfc3339(T0)));
        assert_eq!(v.next_check_at, Some(rfc3339(T0 + FIRST_RETRY_MS)));
        let t1 = T0 + FIRST_RETRY_MS;
        assert_eq!(s.record(UpdateCheckOutcome::Unreachable, t1), Level::DEBUG);
        assert_eq!(
            s.view().next_check_at,
            Some(rfc3339(t1 + 2 * FIRST_RETRY_MS)),
            "each failure waits twice as long"
        );
        for i in 0..40 {
            assert_eq!(
                s.record(UpdateCheckOutcome::Unreachable, t1 + i),
                Level::DEBUG
            );
        }
        assert_eq!(
            s.view().next_check_at,
            Some(rfc3339(t1 + 39 + CHECK_INTERVAL_MS)),
            "never longer than the normal interval"
        );
    }

    #[test]
    fn a_reachable_server_ends_the_quiet_state_and_a_refusal_is_a_warning() {
        let mut s = UpdateSchedule::default();
        s.record(UpdateCheckOutcome::Unreachable, T0);
        assert_eq!(s.record(UpdateCheckOutcome::UpToDate, T0 + 1), Level::DEBUG);
        let v = s.view();
        assert!(!v.server_unreachable);
        assert_eq!(v.next_check_at, Some(rfc3339(T0 + 1 + CHECK_INTERVAL_MS)));
        assert_eq!(
            s.record(UpdateCheckOutcome::Unreachable, T0 + 2),
            Level::INFO,
            "a new run of failures is told once again"
        );
        assert_eq!(s.record(UpdateCheckOutcome::Refused, T0 + 3), Level::WARN);
        assert_ne!(
            s.record(UpdateCheckOutcome::Available, T0 + 4),
            Level::ERROR
        );
    }
}
