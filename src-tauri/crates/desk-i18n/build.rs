//! Packs the Rust part of the UI's message catalogs (`ui/messages/en.json`, `es.json`): the
//! messages whose key has a dot (`errors.validation`, `amount.empty`), which are the ones Rust
//! sends, one line per code with its English and Spanish texts, sorted by code and compressed
//! with brotli. The UI's own messages (`history_title`) stay out of the binary. Compressed, the
//! catalog costs the binary about a fifth of a table of string slices (and their relocations);
//! it is unpacked once, at the first message rendered (the decompressor is already linked:
//! Tauri unpacks the UI's assets with it).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;

/// Separates a line's fields (code, English, Spanish): no message contains it.
const FIELD: char = '\u{1f}';
/// Ends a line.
const LINE: char = '\u{1e}';

fn read(messages: &std::path::Path, lang: &str) -> BTreeMap<String, String> {
    let path = messages.join(format!("{lang}.json"));
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let catalog: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a JSON object: {e}", path.display()));
    catalog
        .into_iter()
        .filter(|(key, _)| !key.starts_with('$') && key.contains('.'))
        .map(|(key, value)| {
            let Some(text) = value.as_str() else {
                panic!("{}: {key} is not a plain string", path.display());
            };
            assert!(
                !text.contains([FIELD, LINE]),
                "{key}: a message may not hold the separators"
            );
            (key, text.to_string())
        })
        .collect()
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let messages = manifest.join("../../../ui/messages");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let (en, es) = (read(&messages, "en"), read(&messages, "es"));
    let mut packed = String::new();
    for (code, english) in &en {
        // A code missing in either language is left out, so desk-i18n's test of every code
        // Rust uses fails on it.
        let Some(spanish) = es.get(code) else {
            continue;
        };
        packed.extend([
            code.as_str(),
            "\u{1f}",
            english,
            "\u{1f}",
            spanish,
            "\u{1e}",
        ]);
    }
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
        writer
            .write_all(packed.as_bytes())
            .expect("compressing into memory");
    }
    std::fs::write(out.join("catalog.br"), compressed).expect("OUT_DIR is writable");
}
