//! Logging: `tracing` to a daily file in the app's log directory (kept 30 days, as the Monei
//! guide says for application logs), and to stderr in debug builds. Every line passes through
//! [`desk_core::redact::redact`] before it is written: [`layer`] is the app's one formatting
//! and redaction layer, which the tests capture at TRACE level
//! (`src-tauri/tests/trace_redaction.rs`).

use std::io::{self, Write};
use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// Days of application logs kept.
const LOG_RETENTION_DAYS: usize = 30;

/// A writer that redacts secrets from each buffer before passing it on.
struct Redacting<W>(W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0
            .write_all(desk_core::redact::redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Makes [`Redacting`] writers over an inner `MakeWriter`.
struct RedactingMakeWriter<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for RedactingMakeWriter<M> {
    type Writer = Redacting<M::Writer>;
    fn make_writer(&'a self) -> Self::Writer {
        Redacting(self.0.make_writer())
    }
}

/// The app's log layer: lines formatted without colours and redacted, written to `writer`.
pub fn layer<S, M>(writer: M) -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    M: for<'a> MakeWriter<'a> + 'static,
{
    tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(RedactingMakeWriter(writer))
}

/// Starts logging into `log_dir`; the returned guard flushes the file when dropped.
pub fn init(log_dir: &Path) -> Result<WorkerGuard, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(log_dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("merchant-desk")
        .filename_suffix("log")
        .max_log_files(LOG_RETENTION_DAYS)
        .build(log_dir)?;
    let (file, guard) = tracing_appender::non_blocking(appender);
    // DESK_LOG takes `level` or `target=level,...` (e.g. `desk_sync=debug,info`). The updater
    // plugin's own lines are left out: it logs an unreachable update server as an ERROR on
    // every check, and src/updates.rs logs each outcome itself, at the level it deserves.
    let filter = std::env::var("DESK_LOG")
        .ok()
        .and_then(|s| s.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO))
        .with_target("tauri_plugin_updater", LevelFilter::OFF);
    let output = layer(file.and(debug_stderr()));
    tracing_subscriber::registry()
        .with(output.with_filter(filter))
        .try_init()
        .map_err(|e| e.to_string())?;
    Ok(guard)
}

#[cfg(debug_assertions)]
fn debug_stderr() -> impl for<'a> MakeWriter<'a> {
    io::stderr
}

#[cfg(not(debug_assertions))]
fn debug_stderr() -> impl for<'a> MakeWriter<'a> {
    io::sink
}
