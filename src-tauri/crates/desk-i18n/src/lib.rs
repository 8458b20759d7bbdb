//! Merchant Desk's sentences in English and Spanish.
//!
//! The UI and Rust share one catalog, `ui/messages/en.json` and `ui/messages/es.json` (flat
//! keys, `{name}` placeholders, the inlang message format that paraglide-js compiles for the
//! UI). Rust sends the messages whose key has a dot (`errors.validation`, `amount.empty`); the
//! build script compiles those into the binary, so there is nothing to load or parse at run
//! time. A [`Message`] is a code with its parameters: it renders in a language, and the
//! errors that cross to the UI carry the code and the parameters beside the rendered
//! sentence, so the UI can render them itself.
//!
//! ```
//! use desk_i18n::{Language, msg};
//! let m = msg!("clabe.length", count = 17);
//! assert_eq!(m.render(Language::En), "A CLABE has 18 digits; this one has 17.");
//! assert_eq!(m.render(Language::Es), "Una CLABE tiene 18 dígitos; esta tiene 17.");
//! ```
//!
//! How to add a message, and how the catalogs are checked: `docs/i18n.md`.
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

use serde::{Deserialize, Serialize};

mod stored;
pub use stored::{render_stored, render_stored_in};

/// The catalog as build.rs packed it: `code \u{1f} English \u{1f} Spanish \u{1e}` lines,
/// sorted by code, brotli-compressed.
static PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.br"));

/// One code of the catalog with its two texts.
struct Entry {
    code: &'static str,
    en: &'static str,
    es: &'static str,
}

/// The catalog, unpacked at its first use (a few hundred KB, once per process).
fn catalog() -> &'static [Entry] {
    static CATALOG: std::sync::OnceLock<Vec<Entry>> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut text = Vec::new();
        if brotli_decompressor::BrotliDecompress(&mut &PACKED[..], &mut text).is_err() {
            return Vec::new(); // cannot happen with what build.rs wrote; messages fall back
        }
        let text: &'static str =
            Box::leak(String::from_utf8(text).unwrap_or_default().into_boxed_str());
        text.split('\u{1e}')
            .filter_map(|line| {
                let mut fields = line.split('\u{1f}');
                Some(Entry {
                    code: fields.next()?,
                    en: fields.next()?,
                    es: fields.next()?,
                })
            })
            .collect()
    })
}

/// A language the desk speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub enum Language {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Spanish, neutral: valid in Mexico and in Spain.
    #[serde(rename = "es")]
    Es,
}

impl Language {
    /// Every language, in the order Settings offers them.
    pub const ALL: [Language; 2] = [Language::En, Language::Es];

    /// The tag used in settings and in the UI (`en`, `es`).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
        }
    }

    /// The language of an operating system's locale tag (`es_MX.UTF-8`, `es-419`, `en-GB`,
    /// `C`): Spanish for any Spanish, English for everything else.
    pub fn from_os_tag(tag: &str) -> Language {
        let language = tag.trim().split(['_', '-', '.', '@']).next().unwrap_or("");
        if language.eq_ignore_ascii_case("es") {
            Language::Es
        } else {
            Language::En
        }
    }

    fn from_u8(n: u8) -> Language {
        if n == 1 { Language::Es } else { Language::En }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language the desk speaks now (the merchant's setting; English until it is set).
pub fn language() -> Language {
    Language::from_u8(CURRENT.load(Ordering::Relaxed))
}

/// Sets the language of every message rendered from now on in this process. The core sets it
/// from the settings when the desk opens and when the merchant changes it.
pub fn set_language(language: Language) {
    CURRENT.store(language as u8, Ordering::Relaxed);
}

/// The template of `code` in `language` as the catalog has it (`{name}` placeholders), if the
/// catalog has it.
pub fn template(code: &str, language: Language) -> Option<&'static str> {
    let table = catalog();
    let entry = &table[table.binary_search_by(|e| e.code.cmp(code)).ok()?];
    Some(match language {
        Language::En => entry.en,
        Language::Es => entry.es,
    })
}

/// Every code of the Rust part of the catalog in `language`, sorted.
pub fn codes(language: Language) -> impl Iterator<Item = &'static str> {
    let _ = language; // both languages have every code (build.rs packs them together)
    catalog().iter().map(|e| e.code)
}

/// A parameter of a message: text, or another message rendered in the same language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// Text as it is (a name, a number, an amount already written in the amount locale).
    Text(String),
    /// A message, rendered in the language of the message it is in.
    Message(Box<Message>),
}

/// A sentence of the catalog: its code and its parameters. It renders in a language
/// ([`Message::render`]) or, through `Display`, in the desk's current language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    code: &'static str,
    params: Vec<(&'static str, Param)>,
}

impl Message {
    /// The message `code` with no parameters (see [`msg!`] for one with parameters).
    pub const fn new(code: &'static str) -> Self {
        Self {
            code,
            params: Vec::new(),
        }
    }

    /// The message with `{name}` set to `value`.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, Param::Text(value.to_string())));
        self
    }

    /// The message with `{name}` set to `value`, rendered in the same language as this one.
    pub fn arg_msg(mut self, name: &'static str, value: Message) -> Self {
        self.params.push((name, Param::Message(Box::new(value))));
        self
    }

    /// The code: the message's key in the catalog.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The parameters rendered in `language`, by name: what the UI gets beside the code.
    pub fn params_in(&self, language: Language) -> BTreeMap<String, String> {
        self.params
            .iter()
            .map(|(name, value)| (name.to_string(), render_param(value, language)))
            .collect()
    }

    /// The parameters rendered in the desk's current language.
    pub fn params(&self) -> BTreeMap<String, String> {
        self.params_in(language())
    }

    /// The sentence in `language`: the catalog's template with each `{name}` replaced. A code
    /// missing from that language falls back to English, then to the code itself (the tests
    /// keep both catalogs complete).
    pub fn render(&self, language: Language) -> String {
        let Some(template) =
            template(self.code, language).or_else(|| template(self.code, Language::En))
        else {
            return self.code.to_string();
        };
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match self.params.iter().find(|(n, _)| *n == name) {
                        Some((_, value)) => out.push_str(&render_param(value, language)),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn render_param(value: &Param, language: Language) -> String {
    match value {
        Param::Text(t) => t.clone(),
        Param::Message(m) => m.render(language),
    }
}

impl fmt::Display for Message {
    /// The sentence in the desk's current language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(language()))
    }
}

/// A [`Message`]: `msg!("clabe.length", count = 17)` is
/// `Message::new("clabe.length").arg("count", 17)`. The code must be a literal, so that the
/// tests find every code Rust sends.
#[macro_export]
macro_rules! msg {
    ($code:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::Message::new($code)$(.arg(stringify!($name), $value))*
    };
}

/// The placeholders of a template, in order (`{count}` → `count`).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests;
