//! Payout batches: a file is read and checked row by row (the payout form's validation, the
//! other rows, and the payouts of the last 7 days), the merchant fixes, drops or keeps rows,
//! approves once, and the batch is queued whole; the one engine then sends each payout exactly
//! once. The import being reviewed lives in memory only: nothing is stored before approval.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use desk_domain::batch::{Batch, BatchError, BatchRow, OrderIdPrefix};
use desk_domain::{Environment, Money, PayoutDraft};
use desk_i18n::{Message, language, msg};
use desk_store::batches::BatchInfo;

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::file_names::SavedFile;
use crate::views::batches::{
    BatchApproval, BatchReview, BatchReviewRow, BatchRowFilter, BatchRowsQuery, BatchStatus,
    CellProblem,
};

/// How far back a payout counts as a possible repeat of a new one.
const REPEAT_WINDOW_MS: i64 = 7 * 86_400_000;
/// Rows per review page when the UI asks for none.
const PAGE: u32 = 200;

/// The file being reviewed, in the environment it was imported in.
pub struct PendingBatch {
    file_name: String,
    env: Environment,
    batch: Batch,
}

/// The desk's one import in review (a new import replaces it).
#[derive(Default)]
pub struct BatchDesk {
    pending: Mutex<Option<PendingBatch>>,
}

impl From<BatchError> for CoreError {
    fn from(e: BatchError) -> Self {
        CoreError::field_msg("batch", e.message())
    }
}

/// A store error about batch `id`, told as such (not as a missing history record).
fn batch_missing(id: i64) -> impl FnOnce(desk_store::StoreError) -> CoreError {
    move |e| match e {
        desk_store::StoreError::NotFound(_) => {
            CoreError::not_found(msg!("batch.not_found", id = id))
        }
        other => other.into(),
    }
}

/// An environment's name, as the batch's sentences say it.
fn environment_name(env: Environment) -> Message {
    match env {
        Environment::Sandbox => Message::new("batch.environment.sandbox"),
        Environment::Production => Message::new("batch.environment.production"),
    }
}

/// Amounts one after the other, as a sentence lists them ("… and …").
fn and_list(mut items: impl DoubleEndedIterator<Item = String>) -> Message {
    let last = Message::new("batch.one_total").arg("total", items.next_back().unwrap_or_default());
    items.rev().fold(last, |rest, first| {
        msg!("batch.totals_and", first = first).arg_msg("rest", rest)
    })
}

impl Desk {
    /// Reads `bytes` as a payout file and checks every row; replaces any import in review.
    pub fn import_batch(&self, file_name: &str, bytes: &[u8]) -> Result<BatchReview> {
        let env = self.environment();
        let name = clean_file_name(file_name);
        let prefix = self.order_id_prefix();
        let mut batch = Batch::parse(bytes, self.amount_locale(), prefix)?;
        self.compare_with_earlier(&mut batch, env)?;
        tracing::info!(rows = batch.rows().len(), "payout file imported");
        let mut pending = self
            .batches
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *pending = Some(PendingBatch {
            file_name: name,
            env,
            batch,
        });
        self.review_of(pending.as_ref(), BatchRowsQuery::default())
    }

    /// The import in review, with the page of rows `query` asks for.
    pub fn review_batch(&self, query: BatchRowsQuery) -> Result<BatchReview> {
        let pending = self
            .batches
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        self.review_of(pending.as_ref(), query)
    }

    /// Replaces row `row` with the merchant's fix and checks it again.
    pub fn fix_batch_row(
        &self,
        row: u32,
        draft: PayoutDraft,
        query: BatchRowsQuery,
    ) -> Result<BatchReview> {
        crate::input::payout_draft(&draft)?;
        self.change_batch(query, |desk, p| {
            p.batch.fix_row(row, draft)?;
            desk.compare_with_earlier(&mut p.batch, p.env)
        })
    }

    /// Takes row `row` out of the import.
    pub fn drop_batch_row(&self, row: u32, query: BatchRowsQuery) -> Result<BatchReview> {
        self.change_batch(query, |desk, p| {
            p.batch.drop_row(row)?;
            desk.compare_with_earlier(&mut p.batch, p.env)
        })
    }

    /// Keeps row `row` although it repeats another payout.
    pub fn keep_batch_row(&self, row: u32, query: BatchRowsQuery) -> Result<BatchReview> {
        self.change_batch(query, |_, p| Ok(p.batch.keep_duplicate(row)?))
    }

    /// Forgets the import in review; nothing was stored.
    pub fn discard_batch(&self) {
        *self
            .batches
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Queues the import as the merchant approved it, all rows or none, and wakes the engine.
    /// Refused if the batch changed since the review, or, in production, without the
    /// confirmation that names the count, the totals and the environment.
    pub fn queue_batch(&self, approval: BatchApproval) -> Result<BatchStatus> {
        let mut pending = self
            .batches
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let p = pending
            .as_ref()
            .ok_or_else(|| CoreError::not_found(Message::new("batch.none_to_send")))?;
        if p.env != self.environment() {
            return Err(CoreError::field_msg(
                "batch",
                Message::new("batch.other_environment")
                    .arg_msg("environment", environment_name(p.env)),
            ));
        }
        let summary = p.batch.summary()?;
        if approval.rows_shown != summary.rows || approval.totals_shown != summary.totals {
            return Err(CoreError::field_msg("batch", Message::new("batch.changed")));
        }
        let payouts: Vec<_> = p.batch.payouts()?.map(|(r, v)| (r, v.clone())).collect();
        if let Some(sentence) = self.batch_confirmation(payouts.len(), &summary.totals, p.env)
            && !approval.confirmed
        {
            return Err(CoreError::needs_confirmation(sentence));
        }
        if let Some(sentence) = self.rows_above_limit(payouts.iter().map(|(_, v)| v.amount))
            && !approval.above_limit
        {
            return Err(CoreError::needs_confirmation(sentence));
        }
        let info = self
            .store()?
            .enqueue_batch(&p.file_name, &payouts, p.env, self.now_ms())?;
        tracing::info!(batch = info.id, rows = info.row_count, env = %p.env, "batch queued");
        *pending = None;
        self.sync_wake.notify_one();
        self.batch_status(info.id)
    }

    /// A queued batch and where its payouts are.
    pub fn batch_status(&self, id: i64) -> Result<BatchStatus> {
        let store = self.store()?;
        let info = store.batch(id).map_err(batch_missing(id))?;
        let progress = store.batch_progress(id)?;
        Ok(self.status_view(info, progress))
    }

    /// The latest batches of this environment, newest first.
    pub fn list_batches(&self) -> Result<Vec<BatchStatus>> {
        let store = self.store()?;
        store
            .batches(self.environment(), 20)?
            .into_iter()
            .map(|info| {
                let progress = store.batch_progress(info.id)?;
                Ok(self.status_view(info, progress))
            })
            .collect()
    }

    /// Writes batch `id`'s result (one line per row: paid, rejected with its reason, in doubt)
    /// as CSV into `dir`; returns its path.
    pub fn save_batch_result(&self, id: i64, dir: &Path) -> Result<PathBuf> {
        let store = self.store()?;
        let info = store.batch(id).map_err(batch_missing(id))?;
        let rows = store.batch_results(id)?;
        let csv = crate::batch_files::result_csv(&rows, self.amount_locale(), language())?;
        let stem = Path::new(&info.file_name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("batch");
        let word = SavedFile::BatchResult.word(language());
        let path = write_file(dir, &format!("{}-{word}-{id}.csv", safe_name(stem)), &csv)?;
        tracing::info!(batch = id, rows = rows.len(), "batch result saved");
        Ok(path)
    }

    /// Writes the payout file template (headers and examples in the merchant's language,
    /// separator and amounts in their amount locale) into `dir`; returns its path.
    pub fn save_batch_template(&self, dir: &Path) -> Result<PathBuf> {
        let text = desk_domain::batch::template(self.amount_locale(), language());
        let word = SavedFile::BatchTemplate.word(language());
        write_file(dir, &format!("{word}.csv"), text.as_bytes())
    }

    fn change_batch(
        &self,
        query: BatchRowsQuery,
        change: impl FnOnce(&Desk, &mut PendingBatch) -> Result<()>,
    ) -> Result<BatchReview> {
        let mut pending = self
            .batches
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let p = pending
            .as_mut()
            .ok_or_else(|| CoreError::not_found(Message::new("batch.none_in_review")))?;
        change(self, p)?;
        self.review_of(pending.as_ref(), query)
    }

    /// Marks rows whose orderId a stored payout already has, and rows that repeat a payout of
    /// the last 7 days (same CLABE and amount).
    fn compare_with_earlier(&self, batch: &mut Batch, env: Environment) -> Result<()> {
        let store = self.store()?;
        let recent = store.recent_payouts(env, self.now_ms() - REPEAT_WINDOW_MS)?;
        let tz = self.time_zone();
        let earlier = recent
            .into_iter()
            .map(|r| {
                let (when, _) = desk_store::local_time::sheet_time(r.created_at, &tz);
                let day = when.get(..10).unwrap_or(&when).to_string();
                desk_domain::batch::EarlierPayout {
                    clabe: r.clabe,
                    amount: r.amount,
                    description: msg!("batch.earlier_payout", reference = r.order_id, day = day)
                        .to_string(),
                }
            })
            .collect();
        let ids = batch.rows().iter().map(|r| r.draft.order_id.trim());
        let taken = store.taken_payout_references(env, ids.filter(|id| !id.is_empty()))?;
        batch.compare_with_earlier(earlier, |order_id| taken.contains(order_id));
        Ok(())
    }

    /// A prefix for generated orderIds that no earlier batch used: the batch's number in base 36.
    fn order_id_prefix(&self) -> OrderIdPrefix {
        let n = (self.now_ms() / 1000).max(1) as u64;
        OrderIdPrefix::new(&base36(n % 36u64.pow(6)))
            .unwrap_or_else(|| OrderIdPrefix::new("X").expect("one ASCII letter is a prefix"))
    }

    fn review_of(
        &self,
        pending: Option<&PendingBatch>,
        query: BatchRowsQuery,
    ) -> Result<BatchReview> {
        let p =
            pending.ok_or_else(|| CoreError::not_found(Message::new("batch.none_in_review")))?;
        let locale = self.amount_locale();
        let summary = p.batch.summary()?;
        let limit = if query.limit == 0 {
            PAGE
        } else {
            query.limit.min(1000)
        };
        let matching = |r: &&BatchRow| match query.filter {
            BatchRowFilter::All => true,
            BatchRowFilter::NeedsLook => {
                let repeats = r.duplicate_of.is_some() || r.repeats_earlier.is_some();
                !r.problems.is_empty() || (repeats && !r.duplicate_kept)
            }
        };
        let page_total = p.batch.rows().iter().filter(matching).count() as u32;
        let page = p
            .batch
            .rows()
            .iter()
            .filter(matching)
            .skip(query.offset as usize)
            .take(limit as usize)
            .map(|r| review_row(r, &p.batch, locale))
            .collect();
        let ready_amounts = p
            .batch
            .payouts()
            .map(|it| it.map(|(_, v)| v.amount).collect::<Vec<_>>())
            .unwrap_or_default();
        Ok(BatchReview {
            file_name: p.file_name.clone(),
            environment: p.env,
            rows: summary.rows,
            ready: summary.ready,
            with_problems: summary.with_problems,
            undecided_repeats: summary.undecided_duplicates,
            dropped: p.batch.dropped(),
            totals_text: summary
                .totals
                .iter()
                .map(|m| m.display_in(locale))
                .collect(),
            totals: summary.totals.clone(),
            warnings: p.batch.warnings().to_vec(),
            page,
            page_total,
            can_queue: summary.can_queue() && summary.rows > 0,
            confirmation: self
                .batch_confirmation(summary.ready as usize, &summary.totals, p.env)
                .map(|m| m.to_string()),
            above_limit: self
                .rows_above_limit(ready_amounts.into_iter())
                .map(|m| m.to_string()),
        })
    }

    /// The production sentence naming the count, the totals and the environment.
    fn batch_confirmation(
        &self,
        count: usize,
        totals: &[Money],
        env: Environment,
    ) -> Option<Message> {
        env.is_live().then(|| {
            let locale = self.amount_locale();
            let shown = and_list(totals.iter().map(|m| m.display_in(locale)));
            match count {
                1 => Message::new("batch.confirm_one"),
                _ => msg!("batch.confirm_many", count = count),
            }
            .arg_msg("totals", shown)
        })
    }

    /// The question asked once more when rows are above the merchant's limit for one payout.
    fn rows_above_limit(&self, amounts: impl Iterator<Item = Money>) -> Option<Message> {
        let above = amounts
            .filter(|a| self.above_limit_sentence(*a).is_some())
            .count();
        match above {
            0 => None,
            1 => Some(Message::new("batch.above_limit_one")),
            _ => Some(msg!("batch.above_limit_many", count = above)),
        }
    }

    fn status_view(
        &self,
        info: BatchInfo,
        progress: desk_store::batches::BatchProgress,
    ) -> BatchStatus {
        let locale = self.amount_locale();
        BatchStatus {
            totals_text: info.totals.iter().map(|m| m.display_in(locale)).collect(),
            finished: progress.finished(),
            info,
            progress,
        }
    }
}

fn review_row(r: &BatchRow, batch: &Batch, locale: desk_domain::AmountLocale) -> BatchReviewRow {
    BatchReviewRow {
        row: r.row,
        draft: r.draft.clone(),
        problems: r
            .problems
            .iter()
            .map(|p| CellProblem {
                column: p.column.clone().unwrap_or_default(),
                field: p.field.clone(),
                message: p.message.clone(),
            })
            .collect(),
        duplicate_of: batch.repeat_sentence(r),
        kept: r.duplicate_kept,
        order_id_generated: r.order_id_generated,
        amount_text: r
            .draft
            .currency
            .parse()
            .ok()
            .and_then(|c| Money::parse_in(&r.draft.amount, c, locale).ok())
            .map(|m| m.display_in(locale)),
    }
}

/// The file's own name without any folder, at most 100 characters.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let base: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if base.is_empty() {
        "payouts.csv".into()
    } else {
        base
    }
}

/// `name` with anything but ASCII letters, digits, `-` and `_` replaced.
fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| CoreError::Storage(e.to_string()))?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| CoreError::Storage(e.to_string()))?;
    Ok(path)
}

#[cfg(test)]
#[path = "batches_tests.rs"]
mod tests;
