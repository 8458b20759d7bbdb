//! Personal data in lists: emails and document numbers masked the way the CLABE is, so a list
//! or an export never shows them whole (the record the merchant opens does).

/// Fewer digits than this in a word is not a document number ("Visa •••• 4242", "Local 12").
const DOCUMENT_DIGITS: usize = 5;

/// `text` with each email (`m•••@example.com`) and each word that looks like a document
/// number (`PEGM9007151H0` → `••••51H0`) masked; other words as they were.
pub fn mask_personal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            out.push_str(&mask_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&mask_word(&word));
    out
}

/// Whether `text` holds something [`mask_personal`] masks.
pub fn has_personal(text: &str) -> bool {
    mask_personal(text) != text
}

fn mask_word(word: &str) -> String {
    if let Some((local, domain)) = word.split_once('@')
        && local.chars().any(char::is_alphanumeric)
        && domain.contains('.')
    {
        // "<maria@…" keeps its "<" and the first letter: "<m•••@…"
        let lead = local.len()
            - local
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let first: String = local[lead..].chars().take(1).collect();
        return format!("{}{first}•••@{domain}", &local[..lead]);
    }
    if word.chars().filter(char::is_ascii_digit).count() >= DOCUMENT_DIGITS {
        return crate::secret::mask_last4(word);
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_document_numbers_are_masked_names_are_not() {
        assert_eq!(mask_personal("maria@example.com"), "m•••@example.com");
        assert_eq!(
            mask_personal("Pago a María Pérez <maria@example.com> RFC PEGM9007151H0"),
            "Pago a María Pérez <m•••@example.com> RFC ••••51H0"
        );
        assert_eq!(mask_personal("DNI 12345678Z"), "DNI ••••678Z");
        for kept in [
            "Peña Café",
            "Visa •••• 4242",
            "Order 1234",
            "",
            "a @ b",
            "@once",
            "x@y",
        ] {
            assert_eq!(mask_personal(kept), kept);
            assert!(!has_personal(kept));
        }
        assert!(has_personal("x maria@example.com"));
    }
}
