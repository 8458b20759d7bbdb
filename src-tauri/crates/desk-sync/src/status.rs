//! The providers' statuses in the desk's words.

/// A payment provider's status (Mona, Monei, MonEFlow Pay) as the history shows it:
/// `pending`, `succeeded`, `authorized` (held, not taken), `expired` (an authorisation that
/// lapsed), `voided`, `partially_refunded`, `refunded` or `failed`.
pub fn payment_status(status: &str) -> &'static str {
    match status.to_ascii_lowercase().as_str() {
        "successful" | "succeeded" | "settled" => "succeeded",
        "captured" => "captured",
        "authorized" => "authorized",
        "authorization_expired" | "expired" => "expired",
        "pending" => "pending",
        "voided" | "canceled" => "voided",
        "partially_refunded" => "partially_refunded",
        "refunded" => "refunded",
        _ => "failed",
    }
}

/// A MonEFlow Pay sale's status as the history shows it: a settled authorisation was
/// captured.
pub fn sale_status(status: &str, intent: &str) -> &'static str {
    match payment_status(status) {
        "succeeded" if intent == "authorize" => "captured",
        other => other,
    }
}

/// Monnet's payout status as the history shows it: `pending`, `processing`, `paid`, `failed`,
/// `reversed` (paid, then returned by the bank: paid is not final).
pub fn payout_status(status: &str, error_code: Option<i64>) -> &'static str {
    match (status, error_code) {
        ("CREATED", _) => "pending",
        ("PROCESSING", _) => "processing",
        ("PAID", _) => "paid",
        ("REJECTED_BANK", Some(4003)) => "reversed",
        _ => "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bank_return_after_paid_is_a_reversal_not_a_failure() {
        assert_eq!(payout_status("REJECTED_BANK", Some(4003)), "reversed");
        assert_eq!(payout_status("REJECTED_BANK", Some(4001)), "failed");
        assert_eq!(payment_status("SUCCEEDED"), "succeeded");
        assert_eq!(payment_status("declined"), "failed");
        assert_eq!(payment_status("PARTIALLY_REFUNDED"), "partially_refunded");
        assert_eq!(payment_status("authorized"), "authorized");
        assert_eq!(sale_status("settled", "authorize"), "captured");
    }
}
