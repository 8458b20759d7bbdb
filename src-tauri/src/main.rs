//! Merchant Desk's entry point.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    merchant_desk::run();
}
