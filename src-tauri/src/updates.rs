//! Signed auto-updates through `tauri-plugin-updater`: check, show, and install only after the
//! merchant agreed. The release public key is in `tauri.conf.json`; a release is signed with
//! minisign (see docs/releasing.md). The updater refuses an artifact whose signature or signed
//! version does not match, before anything is written.
//!
//! Debug builds read three overrides so the end-to-end test can run a throwaway release channel
//! on loopback: `DESK_UPDATER_PUBKEY`, `DESK_UPDATE_ENDPOINT` and `DESK_UPDATE_EXECUTABLE` (the
//! AppImage to replace). Release builds ignore them.

use std::sync::Mutex;

use desk_core::Settings;
use desk_core::update_check::{UpdateCheckOutcome, UpdateSchedule};
use desk_core::views::status::UpdateOffer;
use desk_core::views::updates::UpdateStatus;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};
use tracing::Level;

use crate::error::CommandError;

/// The update found by the last check, kept until the merchant installs it.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

/// When this run last checked and checks next ([`UpdateSchedule`] decides, and how loudly
/// each outcome is logged).
#[derive(Default)]
pub struct Schedule(Mutex<UpdateSchedule>);

impl Schedule {
    /// The schedule as Settings shows it.
    pub fn view(&self) -> UpdateStatus {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).view()
    }

    /// Records a check's outcome now and logs it at the level the schedule chose.
    fn record(&self, outcome: UpdateCheckOutcome, detail: Option<&str>) {
        let now_ms = (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
        let mut schedule = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let level = schedule.record(outcome, now_ms);
        let next = schedule.view().next_check_at.unwrap_or_default();
        let detail = detail.unwrap_or_default();
        if level == Level::INFO {
            tracing::info!(next_check = %next, detail, "update server not reachable; will try again");
        } else if level <= Level::WARN {
            // `Level` orders ERROR < WARN < INFO: this is WARN (the schedule never says ERROR)
            tracing::warn!(?outcome, next_check = %next, detail, "update check refused");
        } else {
            tracing::debug!(?outcome, next_check = %next, detail, "update check");
        }
    }
}

/// What a failed check means: a server that could not be reached is a quiet state, any other
/// failure a refused answer.
fn outcome_of(e: &tauri_plugin_updater::Error) -> UpdateCheckOutcome {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Network(_) | E::Reqwest(_) | E::ReleaseNotFound => UpdateCheckOutcome::Unreachable,
        _ => UpdateCheckOutcome::Refused,
    }
}

fn debug_override(name: &str) -> Option<String> {
    if cfg!(debug_assertions) {
        std::env::var(name).ok()
    } else {
        None
    }
}

fn update_error(e: tauri_plugin_updater::Error) -> CommandError {
    use tauri_plugin_updater::Error as E;
    let message = match e {
        E::Minisign(_) | E::SignatureUtf8(_) | E::Base64(_) => {
            "The update's signature does not match Merchant Desk's release key, so it was not installed."
        }
        E::Network(_) | E::Reqwest(_) | E::ReleaseNotFound => {
            "The update server could not be reached. Try again later."
        }
        E::InsecureTransportProtocol => "The update address must use https.",
        _ => "The update could not be installed; the app was left as it is.",
    };
    CommandError::new("errors.update", message)
}

/// Asks the release channel whether a newer version exists. `None` when up to date, and when
/// the server could not be reached: that quiet state is recorded in `schedule`, which the
/// UI reads (`update_status`) to say when the desk tries again.
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    settings: &Settings,
    pending: &PendingUpdate,
    schedule: &Schedule,
) -> Result<Option<UpdateOffer>, CommandError> {
    // The update server gets the same TLS floor as the providers (TLS 1.3 where the system's
    // TLS library has it), not the library's default.
    let mut builder = app
        .updater_builder()
        .configure_client(|client| client.tls_version_min(desk_core::MIN_TLS));
    if let Some(key) = debug_override("DESK_UPDATER_PUBKEY") {
        builder = builder.pubkey(key);
    }
    if let Some(path) = debug_override("DESK_UPDATE_EXECUTABLE") {
        builder = builder.executable_path(path);
    }
    let endpoint =
        debug_override("DESK_UPDATE_ENDPOINT").or_else(|| settings.update_endpoint.clone());
    if let Some(url) = endpoint {
        let url = url.parse().map_err(|_| {
            CommandError::new(
                "errors.update",
                "The update address in Settings is not a valid URL.",
            )
        })?;
        builder = builder.endpoints(vec![url]).map_err(update_error)?;
    }
    let update = match builder.build().map_err(update_error)?.check().await {
        Ok(update) => {
            let outcome = match update {
                Some(_) => UpdateCheckOutcome::Available,
                None => UpdateCheckOutcome::UpToDate,
            };
            schedule.record(outcome, None);
            update
        }
        Err(e) => {
            let outcome = outcome_of(&e);
            schedule.record(outcome, Some(&e.to_string()));
            if outcome == UpdateCheckOutcome::Unreachable {
                *pending.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
                return Ok(None);
            }
            return Err(update_error(e));
        }
    };
    let offer = update.as_ref().map(|u| UpdateOffer {
        version: u.version.clone(),
        current_version: u.current_version.clone(),
        notes: u.body.clone(),
        date: u.date.map(|d| d.to_string()),
    });
    *pending.0.lock().unwrap_or_else(|p| p.into_inner()) = update;
    Ok(offer)
}

/// Downloads, verifies and installs the update found by the last check.
pub async fn install(pending: &PendingUpdate) -> Result<(), CommandError> {
    let update = pending
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
        .ok_or_else(|| {
            CommandError::new(
                "errors.update",
                "Check for updates first: no update is waiting.",
            )
        })?;
    let installed = match update.download(|_, _| {}, || {}).await {
        Ok(bytes) => update.install(bytes),
        Err(e) => Err(e),
    };
    if let Err(e) = installed {
        tracing::warn!(error = %e, "update not installed");
        return Err(update_error(e));
    }
    tracing::info!(version = %update.version, "update installed; it runs after a restart");
    Ok(())
}
