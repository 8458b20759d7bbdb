//! Compiles the Rust part of the UI's message catalogs (`ui/messages/en.json`, `es.json`) into
//! two sorted tables: the messages whose key has a dot (`errors.validation`, `amount.empty`),
//! which are the ones Rust sends. The UI's own messages (`history_title`) stay out of the
//! binary, and nothing is parsed at run time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let messages = manifest.join("../../../ui/messages");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let mut code = String::new();
    for (lang, table) in [("en", "EN"), ("es", "ES")] {
        let path = messages.join(format!("{lang}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let catalog: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not a JSON object: {e}", path.display()));
        writeln!(code, "pub(crate) static {table}: &[(&str, &str)] = &[").expect("a String");
        for (key, value) in &catalog {
            if key.starts_with('$') || !key.contains('.') {
                continue; // the schema, and the UI's own messages
            }
            let Some(text) = value.as_str() else {
                panic!("{}: {key} is not a plain string", path.display());
            };
            writeln!(code, "    ({key:?}, {text:?}),").expect("a String");
        }
        writeln!(code, "];").expect("a String");
    }
    std::fs::write(out.join("catalog.rs"), code).expect("OUT_DIR is writable");
}
