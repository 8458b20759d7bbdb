//! The names of the files the desk saves (history exports, receipts, statements, batch
//! results and the batch template), in the merchant's language: "recibo-…pdf" for a Spanish
//! desk, "receipt-…pdf" for an English one. The words come from the message catalog
//! (`file.*`), and stay ASCII so that every file system and mail client keeps them whole.

use desk_i18n::{Language, Message};

/// A kind of file the desk saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SavedFile {
    /// The history's CSV export.
    History,
    /// A payment's or payout's PDF receipt.
    Receipt,
    /// A monthly statement (CSV or PDF).
    Statement,
    /// A batch's result CSV.
    BatchResult,
    /// The payout file template.
    BatchTemplate,
}

impl SavedFile {
    /// The fixed part of the file's name in `language`, e.g. "statement" or "estado-de-cuenta".
    pub(crate) fn word(self, language: Language) -> String {
        let code = match self {
            SavedFile::History => "file.history",
            SavedFile::Receipt => "file.receipt",
            SavedFile::Statement => "file.statement",
            SavedFile::BatchResult => "file.batch_result",
            SavedFile::BatchTemplate => "file.batch_template",
        };
        Message::new(code).render(language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [SavedFile; 5] = [
        SavedFile::History,
        SavedFile::Receipt,
        SavedFile::Statement,
        SavedFile::BatchResult,
        SavedFile::BatchTemplate,
    ];

    #[test]
    fn names_follow_the_language_and_stay_plain_ascii() {
        let words = |language| ALL.map(|f| f.word(language));
        assert_eq!(
            words(Language::En),
            [
                "merchant-desk-history",
                "receipt",
                "statement",
                "result",
                "merchant-desk-payouts-template",
            ]
        );
        assert_eq!(
            words(Language::Es),
            [
                "merchant-desk-historial",
                "recibo",
                "estado-de-cuenta",
                "resultado",
                "merchant-desk-plantilla-transferencias",
            ]
        );
        for word in words(Language::En).iter().chain(&words(Language::Es)) {
            assert!(
                word.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{word}"
            );
        }
    }
}
