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
use desk_core::views::status::UpdateOffer;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};

use crate::error::CommandError;

/// The update found by the last check, kept until the merchant installs it.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

fn debug_override(name: &str) -> Option<String> {
    if cfg!(debug_assertions) {
        std::env::var(name).ok()
    } else {
        None
    }
}

fn update_error(e: tauri_plugin_updater::Error) -> CommandError {
    use tauri_plugin_updater::Error as E;
    tracing::warn!(error = %e, "update failed");
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

/// Asks the release channel whether a newer version exists.
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    settings: &Settings,
    pending: &PendingUpdate,
) -> Result<Option<UpdateOffer>, CommandError> {
    let mut builder = app.updater_builder();
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
    let update = builder
        .build()
        .map_err(update_error)?
        .check()
        .await
        .map_err(update_error)?;
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
    let bytes = update
        .download(|_, _| {}, || {})
        .await
        .map_err(update_error)?;
    update.install(bytes).map_err(update_error)?;
    tracing::info!(version = %update.version, "update installed; it runs after a restart");
    Ok(())
}
