//! Messages kept in the database (a record's note, a notice, a pull's last error), rendered
//! when they are read, in the language of that moment rather than the one they were written in.
//!
//! The stored form is a small JSON object, `{"code":"sync.reference_taken","params":{…}}`, a
//! parameter being text or another stored message. Any other text (a sentence stored before
//! messages were, a provider's own words) is shown as it is.
//!
//! ```
//! use desk_i18n::{Language, msg, render_stored_in};
//! let stored = msg!("clabe.length", count = 17).to_stored();
//! assert_eq!(render_stored_in(&stored, Language::Es), "Una CLABE tiene 18 dígitos; esta tiene 17.");
//! assert_eq!(render_stored_in("Monnet said no.", Language::Es), "Monnet said no.");
//! ```

use serde_json::{Map, Value};

use crate::{Language, Message, Param, codes, language, placeholders, template};

/// How a stored message starts; nothing a person writes does.
const OPENING: &str = "{\"code\":";

impl Message {
    /// The message as text to store: its code and its parameters, rendered when read
    /// ([`render_stored`]).
    pub fn to_stored(&self) -> String {
        self.stored_value().to_string()
    }

    fn stored_value(&self) -> Value {
        let params: Map<String, Value> = self
            .params
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Param::Text(t) => Value::String(t.clone()),
                    Param::Message(m) => m.stored_value(),
                };
                (name.to_string(), value)
            })
            .collect();
        let mut object = Map::new();
        object.insert("code".into(), Value::String(self.code.to_string()));
        object.insert("params".into(), Value::Object(params));
        Value::Object(object)
    }

    /// The message `text` stores, if it is one whose code the catalog has; `None` for any
    /// other text. Parameters the message has no placeholder for are left out.
    pub fn from_stored(text: &str) -> Option<Message> {
        if !text.starts_with(OPENING) {
            return None;
        }
        Self::from_value(&serde_json::from_str(text).ok()?)
    }

    fn from_value(value: &Value) -> Option<Message> {
        let code = value.get("code")?.as_str()?;
        let code = codes(Language::En).find(|c| *c == code)?;
        let names = placeholders(template(code, Language::En)?);
        let mut message = Message::new(code);
        if let Some(params) = value.get("params").and_then(Value::as_object) {
            for (name, value) in params {
                let Some(name) = names.iter().find(|n| **n == name.as_str()) else {
                    continue;
                };
                message = match value {
                    Value::String(t) => message.arg(name, t),
                    other => match Self::from_value(other) {
                        Some(inner) => message.arg_msg(name, inner),
                        None => message.arg(name, other),
                    },
                };
            }
        }
        Some(message)
    }
}

/// Stored text in `language`: a stored message rendered in it, any other text as it is.
pub fn render_stored_in(text: &str, language: Language) -> String {
    match Message::from_stored(text) {
        Some(message) => message.render(language),
        None => text.to_string(),
    }
}

/// Stored text in the desk's current language (see [`render_stored_in`]).
pub fn render_stored(text: &str) -> String {
    render_stored_in(text, language())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg;

    #[test]
    fn a_stored_message_renders_in_the_language_it_is_read_in() {
        let m = msg!("payout.wrong_currency", expected = "MXN", currency = "EUR")
            .arg_msg("country", Message::new("country.mex"));
        let stored = m.to_stored();
        assert!(stored.starts_with(OPENING), "{stored}");
        let read = Message::from_stored(&stored).expect("a stored message");
        assert_eq!(read.code(), m.code());
        assert_eq!(read.to_stored(), stored);
        assert_eq!(
            render_stored_in(&stored, Language::Es),
            m.render(Language::Es)
        );
        assert_eq!(
            render_stored_in(&stored, Language::En),
            m.render(Language::En)
        );
    }

    #[test]
    fn other_text_is_shown_as_it_is() {
        for text in [
            "",
            "Invalid CLABE",
            "{\"code\": 1}",
            "{\"code\":\"no.such.code\",\"params\":{}}",
            "{\"code\":\"clabe.length\"",
        ] {
            assert_eq!(render_stored_in(text, Language::Es), text, "{text:?}");
        }
        // a parameter the message does not have is left out; one it has and lacks shows so
        let m = Message::from_stored("{\"code\":\"clabe.length\",\"params\":{\"x\":\"1\"}}");
        assert_eq!(
            m.map(|m| m.render(Language::En)).as_deref(),
            Some("A CLABE has 18 digits; this one has {count}.")
        );
    }
}
