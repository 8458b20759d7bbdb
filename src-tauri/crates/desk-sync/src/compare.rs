//! What the provider holds, compared with what the merchant meant.

use desk_domain::Money;
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

/// `None` when `remote` is what `intent` meant; otherwise a sentence saying what differs.
/// Only what the provider reports is compared (amount and currency always; for a payout the
/// CLABE and the beneficiary's name when the provider reports them).
pub fn mismatch(intent: &Intent, remote: &Remote) -> Option<String> {
    let meant = intent.amount();
    let mut differs = Vec::new();
    if remote.currency != meant.currency.code() || remote.amount_minor != meant.minor {
        let held = remote
            .currency
            .parse()
            .map(|c| Money::new(remote.amount_minor, c).to_string())
            .unwrap_or_else(|_| format!("{} {}", remote.amount_minor, remote.currency));
        differs.push(format!("the amount is {held}, not {meant}"));
    }
    let meant_status = match intent {
        Intent::Refund(_) => Some("refunded"),
        Intent::Capture(_) => Some("captured"),
        Intent::Void(_) => Some("voided"),
        Intent::Payout(_) | Intent::Charge(_) => None,
    };
    if let Some(meant) = meant_status
        && remote.status != meant
    {
        differs.push(format!("it is {}, not {meant}", remote.status));
    }
    if let Intent::Payout(p) = intent {
        if let Some(clabe) = &remote.clabe
            && clabe != p.clabe.as_str()
        {
            differs.push("the CLABE is another account".to_string());
        }
        let meant_name = format!("{} {}", p.beneficiary.first_name, p.beneficiary.last_name);
        if let Some(name) = &remote.beneficiary
            && !name.trim().is_empty()
            && !same_name(name, &meant_name)
        {
            differs.push(format!("the beneficiary is {name}, not {meant_name}"));
        }
    }
    (!differs.is_empty()).then(|| {
        format!(
            "The provider already holds reference {} and {}. Nothing was sent again: check it with the provider.",
            remote.reference,
            differs.join(", and ")
        )
    })
}

#[cfg(test)]
mod tests {
    use desk_domain::{Currency, Money};
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
                .contains("voided")
        );
        assert!(mismatch(&capture, &held("captured", 5_000)).is_some());
    }

    #[test]
    fn the_same_charge_matches_and_another_amount_or_currency_does_not() {
        assert_eq!(mismatch(&charge(1250), &remote(1250, "EUR")), None);
        let m = mismatch(&charge(1250), &remote(125000, "EUR")).unwrap();
        assert!(m.contains("1250.00 EUR") || m.contains("1,250.00"), "{m}");
        assert!(mismatch(&charge(1250), &remote(1250, "MXN")).is_some());
    }
}
