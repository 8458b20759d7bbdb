//! The history as the UI asks for it: the active environment unless the filter says
//! otherwise, days and times in the merchant's time zone, and CSV export into the Downloads
//! folder.

use std::path::PathBuf;

use desk_store::local_time::{TimeZone, zone};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::history::{HistoryDetail, HistoryPage, HistoryQuery, Notice};

/// The time zone setting as it is saved: a known IANA name, trimmed, or `None` (empty text
/// follows the computer's zone again); a name the tz database does not know is refused.
pub(crate) fn time_zone_setting(name: Option<&str>) -> Result<Option<String>> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(None),
        Some(n) if n.len() <= 64 && zone(n).is_some() => Ok(Some(n.to_string())),
        Some(n) => Err(CoreError::field(
            "timeZone",
            format!(
                "{n:?} is not a time zone this computer knows: use a name like America/Mexico_City or Europe/Madrid."
            ),
        )),
    }
}

impl Desk {
    /// The merchant's time zone: the one set in Settings, else the computer's.
    pub fn time_zone(&self) -> TimeZone {
        self.settings()
            .time_zone
            .as_deref()
            .and_then(zone)
            .unwrap_or_else(TimeZone::system)
    }

    fn scoped(&self, query: &HistoryQuery) -> HistoryQuery {
        HistoryQuery {
            environment: query.environment.or(Some(self.environment())),
            zone: Some(self.time_zone()),
            ..query.clone()
        }
    }

    /// A filtered page of the history.
    pub fn list_history(&self, query: &HistoryQuery) -> Result<HistoryPage> {
        crate::input::history_query(query)?;
        Ok(self.store()?.history(&self.scoped(query))?)
    }

    /// One record with its status timeline.
    pub fn history_detail(&self, id: &str) -> Result<HistoryDetail> {
        crate::input::text("id", id, 64)?;
        Ok(self.store()?.detail_in(id, &self.time_zone())?)
    }

    /// One record as the merchant opens it: its notices are read from then on.
    pub fn open_record(&self, id: &str) -> Result<HistoryDetail> {
        let detail = self.history_detail(id)?;
        let store = self.store()?;
        if store.open_notices(id, self.now_ms())? > 0 {
            let count = store.unopened_notice_count(self.environment())?;
            let status = {
                let mut s = self.sync_status.lock().unwrap_or_else(|p| p.into_inner());
                s.notices = count;
                s.clone()
            };
            self.host().sync_progress(&status);
        }
        Ok(detail)
    }

    /// What did not go as meant and the merchant has not opened yet, newest first.
    pub fn notices(&self) -> Result<Vec<Notice>> {
        Ok(self.store()?.unopened_notices(self.environment())?)
    }

    /// Writes the filtered history as CSV into `dir` and returns the file's path.
    pub fn export_history_csv(
        &self,
        query: &HistoryQuery,
        dir: &std::path::Path,
    ) -> Result<PathBuf> {
        crate::input::history_query(query)?;
        std::fs::create_dir_all(dir).map_err(|e| CoreError::Storage(e.to_string()))?;
        let stamp = desk_store::history::rfc3339(self.now_ms()).replace([':', '.'], "-");
        let word = crate::file_names::SavedFile::History.word(desk_i18n::language());
        let path = dir.join(format!("{word}-{stamp}.csv"));
        let file = std::fs::File::create(&path).map_err(|e| CoreError::Storage(e.to_string()))?;
        let rows = self
            .store()?
            .export_csv(&self.scoped(query), std::io::BufWriter::new(file))?;
        tracing::info!(rows, "history exported");
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test may stop at the first surprise

    use super::*;

    #[test]
    fn a_time_zone_setting_is_a_known_iana_name_or_the_computers() {
        assert_eq!(
            time_zone_setting(Some(" Europe/Madrid "))
                .unwrap()
                .as_deref(),
            Some("Europe/Madrid")
        );
        assert_eq!(
            time_zone_setting(Some("America/Mexico_City"))
                .unwrap()
                .as_deref(),
            Some("America/Mexico_City")
        );
        assert_eq!(time_zone_setting(Some("  ")).unwrap(), None);
        assert_eq!(time_zone_setting(None).unwrap(), None);
        for bad in ["Mars/Olympus", "GMT+25", "../../etc/passwd"] {
            assert!(time_zone_setting(Some(bad)).is_err(), "{bad}");
        }
    }
}
