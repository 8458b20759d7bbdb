//! A bare Tauri 2 window showing one static page: the floor Merchant Desk is measured against.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the floor app could not start: {e}");
        std::process::exit(1);
    }
}
