//! Errors of provider calls. Messages never contain a key, a secret, a signature or a
//! response body that could echo one.

use std::time::Duration;

/// Why a provider call failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// A key of one environment aimed at the other; refused before any request was built.
    #[error("{0}")]
    WrongEnvironment(String),
    /// A key that does not have the provider's documented format.
    #[error("{0}")]
    InvalidKey(String),
    /// Plain http to a host that is not this computer.
    #[error("refusing plain http to {0}: provider traffic must use https (TLS 1.3)")]
    InsecureUrl(String),
    /// The request could not be sent: the provider never saw it.
    #[error("could not reach the provider: {0}")]
    Unreachable(String),
    /// The request may have reached the provider but no answer came back (timeout, dropped
    /// connection, 5xx): the outcome is unknown and must be reconciled before a resend.
    #[error("no answer from the provider (the request may have been processed): {0}")]
    UnknownOutcome(String),
    /// Too many requests; try again after the given delay.
    #[error("the provider's rate limit was reached; retry in {} s", retry_after.as_secs())]
    RateLimited {
        /// How long to wait.
        retry_after: Duration,
    },
    /// The provider refused the request.
    #[error("the provider refused the request ({status} {code}): {message}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// The provider's error code.
        code: String,
        /// The provider's message.
        message: String,
    },
    /// Monnet refused a create because the merchant already holds a payout with its
    /// `orderId` (error 2005 "Duplicated orderId"): an earlier request with it did arrive.
    #[error(
        "the provider already has a request with this reference (Monnet 2005 \"Duplicated orderId\"): an earlier send arrived"
    )]
    DuplicateReference,
    /// The provider's answer was not what the contract says.
    #[error("unexpected answer from the provider: {0}")]
    Decode(String),
    /// Monnet refused the request's timestamp (1002) or signature as replayed (1003) even
    /// signed with its own time, learnt from its `Date` header: this computer's clock is
    /// `offset_seconds` behind Monnet's (ahead when negative). Nothing was created.
    #[error(
        "Your computer's clock is {} Monnet's. Set the clock right (automatic time); meanwhile the desk signs with Monnet's time.",
        skew_text(*offset_seconds)
    )]
    ClockSkew {
        /// Monnet's clock minus this computer's, in seconds.
        offset_seconds: i64,
    },
}

/// "10 minutes behind" / "2 hours ahead of" / "45 seconds behind", for a clock `offset_seconds`
/// behind the provider's (ahead when negative).
fn skew_text(offset_seconds: i64) -> String {
    let secs = offset_seconds.unsigned_abs();
    let (n, unit) = match secs {
        0..90 => (secs, "second"),
        90..5_400 => ((secs + 30) / 60, "minute"),
        _ => ((secs + 1_800) / 3_600, "hour"),
    };
    let plural = if n == 1 { "" } else { "s" };
    let side = if offset_seconds >= 0 {
        "behind"
    } else {
        "ahead of"
    };
    format!("{n} {unit}{plural} {side}")
}

impl ProviderError {
    /// Whether the request may have taken effect at the provider.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ProviderError::UnknownOutcome(_))
    }

    /// Whether the provider refused the request's time, not its credentials: a
    /// [`ClockSkew`](Self::ClockSkew), or Monnet's 401 with 1002 (timestamp outside the
    /// window) or 1003 (signature already used) when its clock could not be measured.
    pub fn clock_refused(&self) -> bool {
        match self {
            ProviderError::ClockSkew { .. } => true,
            ProviderError::Rejected {
                status: 401, code, ..
            } => crate::monnet::is_clock_refusal(code),
            _ => false,
        }
    }
}

/// The result of a provider call.
pub type Result<T> = std::result::Result<T, ProviderError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_skew_tells_how_far_and_which_way() {
        let told = |s| ProviderError::ClockSkew { offset_seconds: s }.to_string();
        assert_eq!(
            told(599),
            "Your computer's clock is 10 minutes behind Monnet's. Set the clock right (automatic time); meanwhile the desk signs with Monnet's time."
        );
        assert!(told(-600).contains("10 minutes ahead of Monnet's"));
        assert!(told(61).contains("61 seconds behind"));
        assert!(told(-7_300).contains("2 hours ahead of"));
        assert!(told(60).contains("60 seconds"));
        assert!(told(100).contains("2 minutes"));
    }

    #[test]
    fn monnets_1002_and_1003_are_clock_refusals_and_1001_is_not() {
        let refused = |code: &str| ProviderError::Rejected {
            status: 401,
            code: code.into(),
            message: String::new(),
        };
        assert!(refused("1002").clock_refused());
        assert!(refused("1003").clock_refused());
        assert!(!refused("1001").clock_refused());
        assert!(!refused("invalid_api_key").clock_refused());
        assert!(ProviderError::ClockSkew { offset_seconds: 1 }.clock_refused());
    }
}
