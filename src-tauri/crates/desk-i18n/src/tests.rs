use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;

#[test]
fn a_message_renders_in_each_language_with_its_parameters() {
    let m = msg!("clabe.length", count = 17);
    assert_eq!(m.code(), "clabe.length");
    assert_eq!(
        m.render(Language::En),
        "A CLABE has 18 digits; this one has 17."
    );
    assert_eq!(
        m.render(Language::Es),
        "Una CLABE tiene 18 dígitos; esta tiene 17."
    );
    assert_eq!(m.params_in(Language::Es)["count"], "17");
}

#[test]
fn a_message_inside_a_message_renders_in_the_outer_ones_language() {
    let m = msg!("payout.wrong_currency", expected = "MXN", currency = "EUR")
        .arg_msg("country", Message::new("country.mex"));
    assert_eq!(
        m.render(Language::En),
        "Payouts to Mexico are paid in MXN, not EUR."
    );
    assert_eq!(
        m.render(Language::Es),
        "Las transferencias a México se pagan en MXN, no en EUR."
    );
    assert_eq!(m.params_in(Language::Es)["country"], "México");
}

#[test]
fn an_unknown_code_or_a_missing_parameter_shows_what_is_missing() {
    assert_eq!(
        Message::new("no.such.code").render(Language::Es),
        "no.such.code"
    );
    assert_eq!(
        Message::new("clabe.length").render(Language::En),
        "A CLABE has 18 digits; this one has {count}."
    );
}

#[test]
fn os_tags_give_spanish_for_any_spanish() {
    for (tag, want) in [
        ("es_MX.UTF-8", Language::Es),
        ("es-ES", Language::Es),
        ("es-419", Language::Es),
        ("es", Language::Es),
        ("ES_es", Language::Es),
        ("en_US.UTF-8", Language::En),
        ("est_EE", Language::En),
        ("C", Language::En),
        ("", Language::En),
    ] {
        assert_eq!(Language::from_os_tag(tag), want, "{tag:?}");
    }
    assert_eq!(serde_json::to_string(&Language::Es).unwrap(), "\"es\"");
}

#[test]
fn both_languages_have_the_same_codes_with_the_same_placeholders() {
    let en: Vec<_> = codes(Language::En).collect();
    let es: Vec<_> = codes(Language::Es).collect();
    assert_eq!(
        en, es,
        "ui/messages/en.json and es.json differ in their Rust codes"
    );
    assert!(
        en.windows(2).all(|w| w[0] < w[1]),
        "sorted, for the binary search"
    );
    for code in en {
        let names = |l| {
            let mut p = placeholders(template(code, l).unwrap_or_default());
            p.sort_unstable();
            p
        };
        assert_eq!(names(Language::En), names(Language::Es), "{code}");
    }
}

/// The `src` folders of the app and of every crate under `src-tauri/crates`.
fn rust_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = vec![root.join("src")];
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        dirs.push(entry.unwrap().path().join("src"));
    }
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The codes in `source`: the string literal right after each `msg!(` and `Message::new(`.
fn codes_in(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for opener in [concat!("msg", "!("), concat!("Message", "::new(")] {
        let mut rest = source;
        while let Some(at) = rest.find(opener) {
            rest = &rest[at + opener.len()..];
            let literal = rest.trim_start();
            if let Some(body) = literal.strip_prefix('"')
                && let Some(end) = body.find('"')
            {
                found.push(body[..end].to_string());
            }
        }
    }
    found
}

// Every code Rust sends has a sentence in both languages: a code typed in Rust and not added
// to ui/messages/*.json fails here, not on a merchant's screen.
#[test]
fn every_code_rust_sends_is_in_both_catalogs() {
    let files = rust_sources();
    assert!(files.len() > 50, "found the sources: {}", files.len());
    let mut used = BTreeSet::new();
    let mut missing = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for code in codes_in(&source) {
            if code == "no.such.code" {
                continue; // the test above, of an unknown code
            }
            for l in Language::ALL {
                if template(&code, l).is_none() {
                    missing.push(format!("{code} ({l}) in {}", file.display()));
                }
            }
            used.insert(code);
        }
    }
    assert!(
        missing.is_empty(),
        "codes with no message:\n{}",
        missing.join("\n")
    );
    assert!(used.contains("errors.validation") && used.contains("clabe.length"));
}

#[test]
fn the_code_finder_reads_both_forms() {
    let src = concat!(
        "let a = msg",
        "!(\"a.b\", x = 1);\n let b = Message",
        "::new(\n  \"c.d\");"
    );
    assert_eq!(codes_in(src), ["a.b", "c.d"]);
}
