//! Generates the Tauri context and one permission per app command, so capabilities can grant
//! the main window exactly the commands the UI calls.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "get_settings",
        "set_environment",
        "update_settings",
        "check_update",
        "install_update",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
