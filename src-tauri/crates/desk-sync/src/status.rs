//! The providers' statuses in the desk's words. Every status a provider documents (its own
//! document, docs/provider-api.md, or its public docs where ours are silent) is mapped on
//! purpose; a word the desk does not know is shown as `unknown` with the provider's own word,
//! never as `failed`, which would invite the merchant to take the money a second time.
//!
//! The desk's statuses: `pending`, `processing`, `authorized`, `succeeded`, `captured`
//! (an authorisation taken), `paid` (a payout), `failed`, `voided`, `canceled`, `expired`,
//! `refunded`, `partially_refunded`, `reversed` (a paid payout returned by the bank) and
//! `unknown`.

use desk_domain::Provider;
use desk_i18n::{Message, msg, render_stored};

/// The status the desk shows when a provider answers with a word it does not know.
pub const UNKNOWN: &str = "unknown";

/// A provider's status word read in the desk's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The desk's status.
    pub status: &'static str,
    /// The provider's own word, kept when the desk does not know it (`status` is `unknown`).
    pub word: Option<String>,
}

impl Read {
    fn of(word: &str, known: Option<&'static str>) -> Read {
        match known {
            Some(status) => Read { status, word: None },
            None => Read {
                status: UNKNOWN,
                word: Some(word.to_string()),
            },
        }
    }

    /// For an unknown word, what the provider said, as a message: `unknown (Monei said:
    /// ON_HOLD)`.
    fn said(&self, provider: Provider) -> Option<Message> {
        self.word.as_ref().map(|w| {
            msg!(
                "sync.status_unknown_said",
                provider = provider.display_name(),
                word = w
            )
        })
    }

    /// For an unknown word, the sentence the record's timeline keeps, in the desk's language:
    /// `unknown (Monei said: ON_HOLD)`.
    pub fn note(&self, provider: Provider) -> Option<String> {
        self.said(provider).map(|m| m.to_string())
    }

    /// The note a record keeps, in the desk's language: the provider's own reason, or, for an
    /// unknown word, what the provider said.
    pub fn note_or(&self, provider: Provider, reason: Option<String>) -> Option<String> {
        self.stored_note_or(provider, reason)
            .map(|note| render_stored(&note))
    }

    /// [`Read::note_or`] as stored text: what the desk says is kept as a message, rendered
    /// when read in the language of that moment; the provider's own reason as it is.
    pub fn stored_note_or(&self, provider: Provider, reason: Option<String>) -> Option<String> {
        match (self.said(provider), reason) {
            (Some(said), Some(r)) if !r.is_empty() => Some(
                Message::new("sync.said_reason")
                    .arg_msg("said", said)
                    .arg("reason", r)
                    .to_stored(),
            ),
            (Some(said), _) => Some(said.to_stored()),
            (None, reason) => reason,
        }
    }
}

/// A Mona transaction's status (docs/provider-api.md: `pending`, `successful`, `failed`).
pub fn mona_status(word: &str) -> Read {
    let known = match word.to_ascii_lowercase().as_str() {
        "pending" => Some("pending"),
        "successful" => Some("succeeded"),
        "failed" => Some("failed"),
        _ => None,
    };
    Read::of(word, known)
}

/// A Mona collection's status (docs/provider-api.md: `pending_consent`, `active`, `refused`,
/// `cancelled`), kept in Mona's words: a collection moves no money by itself.
pub fn collection_status(word: &str) -> Read {
    let known = match word.to_ascii_lowercase().as_str() {
        "pending_consent" => Some("pending_consent"),
        "active" => Some("active"),
        "refused" => Some("refused"),
        "cancelled" => Some("cancelled"),
        _ => None,
    };
    Read::of(word, known)
}

/// A Monei payment's status: `PENDING`, `SUCCEEDED`, `FAILED`, `CANCELED`,
/// `PARTIALLY_REFUNDED`, `REFUNDED` (docs/provider-api.md), and `AUTHORIZED`, `EXPIRED` from
/// MONEI's public Payment schema (an uncaptured payment expires seven days after it is
/// created).
pub fn monei_status(word: &str) -> Read {
    let known = match word.to_ascii_uppercase().as_str() {
        "PENDING" => Some("pending"),
        "AUTHORIZED" => Some("authorized"),
        "SUCCEEDED" => Some("succeeded"),
        "FAILED" => Some("failed"),
        "CANCELED" => Some("canceled"),
        "EXPIRED" => Some("expired"),
        "PARTIALLY_REFUNDED" => Some("partially_refunded"),
        "REFUNDED" => Some("refunded"),
        _ => None,
    };
    Read::of(word, known)
}

/// A MonEFlow Pay sale's status (docs/provider-api.md: `settled`, `authorized`,
/// `authorization_expired`, `voided`, `partially_refunded`, `refunded`, `declined`): a
/// settled sale made with `intent` `authorize` was captured.
pub fn moneflow_status(word: &str, intent: &str) -> Read {
    let known = match word.to_ascii_lowercase().as_str() {
        "settled" if intent == "authorize" => Some("captured"),
        "settled" => Some("succeeded"),
        "authorized" => Some("authorized"),
        "authorization_expired" => Some("expired"),
        "voided" => Some("voided"),
        "partially_refunded" => Some("partially_refunded"),
        "refunded" => Some("refunded"),
        "declined" => Some("failed"),
        _ => None,
    };
    Read::of(word, known)
}

/// The error code the sandbox gives a payout returned by the bank after it was paid.
const RETURNED_BY_BANK: i64 = 4003;

/// A Monnet payout's status (`CREATED`, `PROCESSING`, `PAID`, `REJECTED`, `REJECTED_BANK`).
/// A bank rejection of a payout the desk saw paid (`was_paid`), or one Monnet reports as
/// returned by the bank, is a reversal: paid is not final.
pub fn payout_status(word: &str, error_code: Option<i64>, was_paid: bool) -> Read {
    let known = match word.to_ascii_uppercase().as_str() {
        "CREATED" => Some("pending"),
        "PROCESSING" => Some("processing"),
        "PAID" => Some("paid"),
        "REJECTED" => Some("failed"),
        "REJECTED_BANK" if was_paid || error_code == Some(RETURNED_BY_BANK) => Some("reversed"),
        "REJECTED_BANK" => Some("failed"),
        _ => None,
    };
    Read::of(word, known)
}

/// A payment provider's status word, read by that provider's mapping (`intent` only matters
/// for MonEFlow Pay; Monnet's payouts are read by [`payout_status`]).
pub fn payment_status(provider: Provider, word: &str, intent: &str) -> Read {
    match provider {
        Provider::Mona => mona_status(word),
        Provider::Monei => monei_status(word),
        Provider::Moneflow => moneflow_status(word, intent),
        Provider::Monnet => payout_status(word, None, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(r: Read) -> &'static str {
        r.status
    }

    #[test]
    fn every_mona_status_is_mapped() {
        assert_eq!(st(mona_status("pending")), "pending");
        assert_eq!(st(mona_status("successful")), "succeeded");
        assert_eq!(st(mona_status("failed")), "failed");
    }

    #[test]
    fn every_collection_status_is_mapped_and_another_word_is_unknown() {
        for word in ["pending_consent", "active", "refused", "cancelled"] {
            assert_eq!(st(collection_status(word)), word);
        }
        assert_eq!(st(collection_status("paused")), "unknown");
    }

    #[test]
    fn every_monei_status_is_mapped_and_canceled_is_not_voided() {
        for (word, shown) in [
            ("PENDING", "pending"),
            ("AUTHORIZED", "authorized"),
            ("SUCCEEDED", "succeeded"),
            ("FAILED", "failed"),
            ("CANCELED", "canceled"),
            ("EXPIRED", "expired"),
            ("PARTIALLY_REFUNDED", "partially_refunded"),
            ("REFUNDED", "refunded"),
        ] {
            assert_eq!(monei_status(word), Read::of(word, Some(shown)), "{word}");
        }
    }

    #[test]
    fn every_moneflow_status_is_mapped() {
        for (word, intent, shown) in [
            ("settled", "sale", "succeeded"),
            ("settled", "authorize", "captured"),
            ("authorized", "authorize", "authorized"),
            ("authorization_expired", "authorize", "expired"),
            ("voided", "authorize", "voided"),
            ("partially_refunded", "sale", "partially_refunded"),
            ("refunded", "sale", "refunded"),
            ("declined", "sale", "failed"),
        ] {
            assert_eq!(st(moneflow_status(word, intent)), shown, "{word} {intent}");
        }
    }

    #[test]
    fn every_monnet_status_is_mapped_and_a_bank_return_after_paid_is_a_reversal() {
        assert_eq!(st(payout_status("CREATED", None, false)), "pending");
        assert_eq!(st(payout_status("PROCESSING", None, false)), "processing");
        assert_eq!(st(payout_status("PAID", None, false)), "paid");
        assert_eq!(st(payout_status("REJECTED", Some(4002), false)), "failed");
        assert_eq!(
            st(payout_status("REJECTED_BANK", Some(4001), false)),
            "failed"
        );
        assert_eq!(
            st(payout_status("REJECTED_BANK", Some(4001), true)),
            "reversed"
        );
        assert_eq!(
            st(payout_status("REJECTED_BANK", Some(4003), false)),
            "reversed"
        );
    }

    #[test]
    fn an_unknown_word_is_unknown_with_the_word_never_failed() {
        let read = monei_status("ON_HOLD");
        assert_eq!(read.status, "unknown");
        assert_eq!(
            read.note(Provider::Monei).as_deref(),
            Some("unknown (Monei said: ON_HOLD)")
        );
        for r in [
            mona_status("reversing"),
            moneflow_status("submitted_for_settlement", "sale"),
            payout_status("ON_HOLD", None, true),
            payment_status(Provider::Mona, "", ""),
        ] {
            assert_eq!(r.status, "unknown", "{r:?}");
        }
        assert_eq!(
            mona_status("weird")
                .note_or(Provider::Mona, Some("x".into()))
                .as_deref(),
            Some("unknown (Mona said: weird): x")
        );
        assert_eq!(mona_status("failed").note_or(Provider::Mona, None), None);
        let kept = monei_status("ON_HOLD")
            .stored_note_or(Provider::Monei, Some("held".into()))
            .unwrap();
        assert_eq!(
            desk_i18n::render_stored_in(&kept, desk_i18n::Language::Es),
            "desconocido (Monei dijo: ON_HOLD): held"
        );
        assert_eq!(
            mona_status("failed").stored_note_or(Provider::Mona, Some("Declined".into())),
            Some("Declined".into()),
            "the provider's own words are kept as they are"
        );
    }
}
