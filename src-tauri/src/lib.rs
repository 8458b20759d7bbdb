//! The Tauri shell of Merchant Desk: window, commands and state. Each command is a thin
//! adapter over `desk-core`.

mod commands;
mod error;
mod logging;
mod painting;
mod state;
mod updates;

use tauri::Manager;

/// Builds and runs the app until its last window closes.
pub fn run() {
    // before WebKit, or any thread, starts
    painting::choose();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(updates::PendingUpdate::default())
        .setup(|app| {
            let log_dir = app.path().app_log_dir()?;
            let guard = logging::init(&log_dir)?;
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
            commands::onboarding::rotate_credentials,
            commands::onboarding::rotate_sandbox_credentials,
            commands::onboarding::remove_credentials,
            commands::onboarding::lock_and_wipe,
            commands::vault::enable_file_vault,
            commands::vault::unlock_file_vault,
            commands::vault::lock_file_vault,
            commands::vault::use_system_keychain,
            commands::money::create_checkout,
            commands::money::submit_nonce,
            commands::money::checkout_status,
            commands::money::review_payout,
            commands::money::create_payout,
            commands::history::list_history,
            commands::history::history_detail,
            commands::history::export_history_csv,
            commands::history::sync_status,
            commands::history::sync_now,
            commands::history::set_sandbox_network,
            commands::updates::check_update,
            commands::updates::install_update,
        ])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Merchant Desk could not start: {e}");
            std::process::exit(1);
        }
    }
}
