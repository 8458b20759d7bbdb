//! Generates the Tauri context and one permission per app command, so capabilities can grant
//! the main window exactly the commands the UI calls.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "get_settings",
        "set_environment",
        "update_settings",
        "onboarding_state",
        "start_sandbox_onboarding",
        "list_credentials",
        "add_credentials",
        "read_key",
        "add_keys",
        "rotate_credentials",
        "rotate_sandbox_credentials",
        "remove_credentials",
        "lock_and_wipe",
        "enable_file_vault",
        "unlock_file_vault",
        "lock_file_vault",
        "use_system_keychain",
        "read_amount",
        "review_checkout",
        "create_checkout",
        "resume_checkout",
        "submit_nonce",
        "checkout_status",
        "review_payout",
        "create_payout",
        "import_batch",
        "batches",
        "beneficiaries",
        "customers",
        "list_history",
        "history_detail",
        "list_notices",
        "export_history_csv",
        "sync_status",
        "sync_now",
        "set_sandbox_network",
        "day_summary",
        "payment_actions",
        "review_after_sale",
        "create_after_sale",
        "after_sale_status",
        "save_receipt",
        "statement_choices",
        "save_statement",
        "check_update",
        "install_update",
        "update_status",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
