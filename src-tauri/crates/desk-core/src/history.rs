//! The history as the UI asks for it: the active environment unless the filter says
//! otherwise, and CSV export into the Downloads folder.

use std::path::PathBuf;

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::history::{HistoryDetail, HistoryPage, HistoryQuery, Notice};

impl Desk {
    fn scoped(&self, query: &HistoryQuery) -> HistoryQuery {
        HistoryQuery {
            environment: query.environment.or(Some(self.environment())),
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
        Ok(self.store()?.detail(id)?)
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
        let path = dir.join(format!("merchant-desk-history-{stamp}.csv"));
        let file = std::fs::File::create(&path).map_err(|e| CoreError::Storage(e.to_string()))?;
        let rows = self
            .store()?
            .export_csv(&self.scoped(query), std::io::BufWriter::new(file))?;
        tracing::info!(rows, "history exported");
        Ok(path)
    }
}
