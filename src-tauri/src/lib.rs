//! The Tauri shell of Merchant Desk: window, commands and state. Each command is a thin
//! adapter over `desk-core`.

mod commands;
mod error;
#[cfg(target_os = "linux")]
mod instance;
pub mod logging;
mod notify;
mod painting;
mod state;
mod updates;

#[cfg(not(target_os = "linux"))]
use std::path::Path;

#[cfg(not(target_os = "linux"))]
use sha2::{Digest, Sha256};
use tauri::{AppHandle, Manager};

/// Builds and runs the app until its last window closes.
pub fn run() {
    // before WebKit, or any thread, starts
    painting::choose();
    let context = tauri::generate_context!();
    let identifier = context.config().identifier.clone();
    // Where Tauri will put the app's data (`app_data_dir`): resolved here, before the builder,
    // so the single-instance plugin can be the first one registered.
    let data_dir = dirs::data_dir().map(|dir| dir.join(&identifier));
    // First: a second launch on the same data folder focuses this window and exits before
    // anything else starts (so it never opens the database).
    #[cfg(target_os = "linux")]
    let listener = match data_dir.as_deref().map(instance::claim) {
        Some(Ok(instance::Claim::Another)) => return,
        Some(Ok(instance::Claim::First(listener))) => Some(listener),
        Some(Err(e)) => {
            eprintln!(
                "Merchant Desk could not claim its data folder ({e}); the database lock still keeps one desk per folder"
            );
            None
        }
        None => None,
    };
    let builder = tauri::Builder::default();
    #[cfg(not(target_os = "linux"))]
    let builder = builder.plugin(
        tauri_plugin_single_instance::Builder::new()
            .dbus_id(instance_id(&identifier, data_dir.as_deref()))
            .callback(|app, _argv, _cwd| bring_to_front(app))
            .build(),
    );
    #[cfg(not(target_os = "linux"))]
    let builder = builder.plugin(tauri_plugin_notification::init());
    let app = builder
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(updates::PendingUpdate::default())
        .manage(updates::Schedule::default())
        .setup(move |app| {
            let log_dir = app.path().app_log_dir()?;
            let guard = logging::init(&log_dir)?;
            #[cfg(target_os = "linux")]
            if let Some(listener) = listener {
                let handle = app.handle().clone();
                instance::listen(listener, move || {
                    let window_owner = handle.clone();
                    if let Err(e) = handle.run_on_main_thread(move || bring_to_front(&window_owner))
                    {
                        tracing::warn!(error = %e, "could not answer a second launch");
                    }
                });
            }
            if data_dir.as_deref() != Some(app.path().app_data_dir()?.as_path()) {
                tracing::warn!(
                    "the single-instance claim was made on another data folder than Tauri's"
                );
            }
            let paths = desk_core::DeskPaths {
                config_dir: app.path().app_config_dir()?,
                data_dir: app.path().app_data_dir()?,
                log_dir,
            };
            let state = state::AppState::open(paths, app.handle().clone(), guard)?;
            tracing::info!(environment = %state.desk.environment(), "Merchant Desk started");
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::info::app_info,
            commands::settings::get_settings,
            commands::settings::set_environment,
            commands::settings::update_settings,
            commands::onboarding::onboarding_state,
            commands::onboarding::start_sandbox_onboarding,
            commands::onboarding::list_credentials,
            commands::onboarding::add_credentials,
            commands::onboarding::read_key,
            commands::onboarding::add_keys,
            commands::onboarding::rotate_credentials,
            commands::onboarding::rotate_sandbox_credentials,
            commands::onboarding::remove_credentials,
            commands::onboarding::lock_and_wipe,
            commands::vault::enable_file_vault,
            commands::vault::unlock_file_vault,
            commands::vault::lock_file_vault,
            commands::vault::use_system_keychain,
            commands::money::read_amount,
            commands::money::review_checkout,
            commands::money::create_checkout,
            commands::money::resume_checkout,
            commands::money::submit_nonce,
            commands::money::checkout_status,
            commands::money::review_payout,
            commands::money::create_payout,
            commands::batches::import_batch,
            commands::batches::batches,
            commands::beneficiaries::beneficiaries,
            commands::customers::customers,
            commands::history::list_history,
            commands::history::history_detail,
            commands::history::list_notices,
            commands::history::export_history_csv,
            commands::history::sync_status,
            commands::history::sync_now,
            commands::history::set_sandbox_network,
            commands::summary::day_summary,
            commands::after_sale::payment_actions,
            commands::after_sale::review_after_sale,
            commands::after_sale::create_after_sale,
            commands::after_sale::after_sale_status,
            commands::after_sale::save_receipt,
            commands::statements::statement_choices,
            commands::statements::save_statement,
            commands::updates::check_update,
            commands::updates::install_update,
            commands::updates::update_status,
        ])
        .build(context);
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Merchant Desk could not start: {e}");
            std::process::exit(1);
        }
    }
}

/// The single-instance plugin's D-Bus ID (the plugin appends `.SingleInstance`): the app's
/// identifier and a digest of its data folder. One desk per data folder, as the database's own
/// lock has it; launches with other data folders (another HOME or XDG_DATA_HOME, as each
/// end-to-end test has) run side by side in one D-Bus session. Each element of the name is
/// letters and digits that start with a letter, as a D-Bus well-known name requires.
#[cfg(not(target_os = "linux"))]
fn instance_id(identifier: &str, data_dir: Option<&Path>) -> String {
    match data_dir {
        Some(dir) => {
            let digest = Sha256::digest(dir.as_os_str().as_encoded_bytes());
            format!("{identifier}.d{}", hex::encode(&digest[..8]))
        }
        None => identifier.to_owned(),
    }
}

/// What a second launch does to the first: shows, unminimises and focuses its window.
fn bring_to_front(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        tracing::warn!("a second launch found no main window to bring forward");
        return;
    };
    tracing::info!("a second launch was turned away; bringing this window forward");
    for (what, result) in [
        ("show", window.show()),
        ("unminimize", window.unminimize()),
        ("focus", window.set_focus()),
    ] {
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not {what} the window for a second launch");
        }
    }
}

#[cfg(all(test, not(target_os = "linux")))]
mod tests {
    use std::path::Path;

    use super::instance_id;

    #[test]
    fn each_data_folder_has_its_own_single_instance_name() {
        let a = instance_id(
            "com.merchantdesk.desk",
            Some(Path::new("/home/ana/.local/share/com.merchantdesk.desk")),
        );
        let b = instance_id(
            "com.merchantdesk.desk",
            Some(Path::new("/tmp/e2e 1/data/com.merchantdesk.desk")),
        );
        assert_ne!(a, b);
        assert_eq!(
            a,
            instance_id(
                "com.merchantdesk.desk",
                Some(Path::new("/home/ana/.local/share/com.merchantdesk.desk"))
            )
        );
        assert_eq!(
            instance_id("com.merchantdesk.desk", None),
            "com.merchantdesk.desk"
        );
        for id in [a, b] {
            let name = format!("{id}.SingleInstance");
            assert!(name.len() <= 255, "{name}");
            for element in name.split('.') {
                assert!(
                    element.starts_with(|c: char| c.is_ascii_alphabetic())
                        && element.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{name} is not a D-Bus well-known name"
                );
            }
        }
    }
}
