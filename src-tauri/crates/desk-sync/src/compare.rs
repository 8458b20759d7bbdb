//! What the provider holds, compared with what the merchant meant.

use desk_domain::Money;
use desk_i18n::{Message, msg};
use desk_store::operation::Intent;

use crate::gateway::Remote;

fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    fold(a) == fold(b)
}

/// A desk status word as the sentences say it ("voided", "anulado"); a word the desk does not
/// know as it is.
fn status_word(word: &str) -> Message {
    let code = match word {
        "pending" => "sync.status.pending",
        "processing" => "sync.status.processing",
        "authorized" => "sync.status.authorized",
        "succeeded" => "sync.status.succeeded",
        "captured" => "sync.status.captured",
        "paid" => "sync.status.paid",
        "failed" => "sync.status.failed",
        "voided" => "sync.status.voided",
        "canceled" | "cancelled" => "sync.status.canceled",
        "expired" => "sync.status.expired",
        "refunded" => "sync.status.refunded",
        "partially_refunded" => "sync.status.partially_refunded",
        "reversed" => "sync.status.reversed",
        "active" => "sync.status.active",
        "refused" => "sync.status.refused",
        "pending_consent" => "sync.status.pending_consent",
        other => return Message::new("sync.word").arg("word", other),
    };
    Message::new(code)
}

/// `None` when `remote` is what `intent` meant; otherwise a sentence saying what differs.
/// Only what the provider reports is compared (amount and currency always; for a payout the
/// CLABE and the beneficiary's name when the provider reports them).
pub fn mismatch(intent: &Intent, remote: &Remote) -> Option<Message> {
    let meant = intent.amount();
    let mut differs = Vec::new();
    if remote.currency != meant.currency.code() || remote.amount_minor != meant.minor {
        let held = remote
            .currency
            .parse()
            .map(|c| Money::new(remote.amount_minor, c).to_string())
            .unwrap_or_else(|_| format!("{} {}", remote.amount_minor, remote.currency));
        differs.push(msg!("sync.differs.amount", held = held, meant = meant));
    }
    let meant_status = match intent {
        Intent::Refund(_) => Some("refunded"),
        Intent::Capture(_) => Some("captured"),
        Intent::Void(_) => Some("voided"),
        Intent::Cancel(_) => Some("cancelled"),
        Intent::Payout(_) | Intent::Charge(_) | Intent::Collection(_) => None,
    };
    if let Some(meant) = meant_status
        && remote.status != meant
    {
        differs.push(
            Message::new("sync.differs.status")
                .arg_msg("held", status_word(&remote.status))
                .arg_msg("meant", status_word(meant)),
        );
    }
    if let Intent::Payout(p) = intent {
        if let Some(clabe) = &remote.clabe
            && clabe != p.clabe.as_str()
        {
            differs.push(Message::new("sync.differs.clabe"));
        }
        let meant_name = format!("{} {}", p.beneficiary.first_name, p.beneficiary.last_name);
        if let Some(name) = &remote.beneficiary
            && !name.trim().is_empty()
            && !same_name(name, &meant_name)
        {
            differs.push(msg!(
                "sync.differs.beneficiary",
                held = name,
                meant = meant_name
            ));
        }
    }
    let last = differs.pop()?;
    let differences = differs.into_iter().rev().fold(last, |rest, first| {
        Message::new("sync.differs_and")
            .arg_msg("first", first)
            .arg_msg("rest", rest)
    });
    Some(msg!("sync.mismatch", reference = &remote.reference).arg_msg("differences", differences))
}

#[cfg(test)]
mod tests {
    use desk_domain::{Currency, Money};
    use desk_i18n::Language;
    use desk_store::operation::Charge;

    use super::*;

    fn remote(amount: i64, currency: &str) -> Remote {
        Remote {
            remote_id: "p1".into(),
            reference: "ME-1".into(),
            status: "pending".into(),
            amount_minor: amount,
            currency: currency.into(),
            beneficiary: None,
            clabe: None,
            note: None,
        }
    }

    fn charge(minor: i64) -> Intent {
        Intent::Charge(Charge {
            amount: Money::new(minor, Currency::EUR),
            description: String::new(),
            customer_name: String::new(),
            customer_email: String::new(),
            nonce: None,
            intent: desk_store::operation::ChargeIntent::Sale,
            customer: None,
        })
    }

    #[test]
    fn a_capture_read_back_as_voided_or_for_less_is_a_conflict() {
        let capture = Intent::Capture(desk_store::operation::Capture {
            remote_id: "mft_1".into(),
            payment_record: "moneflow_1".into(),
            amount: Money::new(4_000, Currency::EUR),
        });
        let held = |status: &str, amount| Remote {
            status: status.into(),
            ..remote(amount, "EUR")
        };
        assert_eq!(mismatch(&capture, &held("captured", 4_000)), None);
        assert!(
            mismatch(&capture, &held("voided", 4_000))
                .unwrap()
                .render(Language::En)
                .contains("it is voided, not captured")
        );
        assert!(mismatch(&capture, &held("captured", 5_000)).is_some());
    }

    #[test]
    fn the_same_charge_matches_and_another_amount_or_currency_does_not() {
        assert_eq!(mismatch(&charge(1250), &remote(1250, "EUR")), None);
        let m = mismatch(&charge(1250), &remote(125000, "EUR")).unwrap();
        assert_eq!(
            m.render(Language::En),
            "The provider already holds reference ME-1 and the amount is 1250.00 EUR, not \
             12.50 EUR. Nothing was sent again: check it with the provider."
        );
        assert_eq!(
            m.render(Language::Es),
            "El proveedor ya tiene la referencia ME-1 y el importe es 1250.00 EUR, no 12.50 \
             EUR. No se volvió a enviar nada: revísalo con el proveedor."
        );
        assert!(mismatch(&charge(1250), &remote(1250, "MXN")).is_some());
    }
}
