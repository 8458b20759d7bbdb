//! The history as the UI asks for it: the active environment unless the filter says
//! otherwise, and CSV export into the Downloads folder.

use std::path::PathBuf;

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::history::{HistoryDetail, HistoryPage, HistoryQuery};

impl Desk {
    fn scoped(&self, query: &HistoryQuery) -> HistoryQuery {
        HistoryQuery {
            environment: query.environment.or(Some(self.environment())),
            ..query.clone()
        }
    }

    /// A filtered page of the history.
    pub fn list_history(&self, query: &HistoryQuery) -> Result<HistoryPage> {
        Ok(self.store()?.history(&self.scoped(query))?)
    }

    /// One record with its status timeline.
    pub fn history_detail(&self, id: &str) -> Result<HistoryDetail> {
        Ok(self.store()?.detail(id)?)
    }

    /// Writes the filtered history as CSV into `dir` and returns the file's path.
    pub fn export_history_csv(
        &self,
        query: &HistoryQuery,
        dir: &std::path::Path,
    ) -> Result<PathBuf> {
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
