//! Errors of provider calls. Messages never contain a key, a secret, a signature or a
//! response body that could echo one. Each is a sentence of the message catalog
//! ([`ProviderError::message`]), told in the merchant's language (docs/i18n.md).

use std::time::Duration;

use desk_i18n::{Message, msg};

/// Why a provider call failed.
#[derive(Debug)]
pub enum ProviderError {
    /// A key of one environment aimed at the other; refused before any request was built.
    WrongEnvironment(Message),
    /// A key that does not have the provider's documented format.
    InvalidKey(Message),
    /// Plain http to a host that is not this computer.
    InsecureUrl(String),
    /// The request could not be sent: the provider never saw it.
    Unreachable(String),
    /// The request may have reached the provider but no answer came back (timeout, dropped
    /// connection, 5xx): the outcome is unknown and must be reconciled before a resend.
    UnknownOutcome(String),
    /// Too many requests; try again after the given delay.
    RateLimited {
        /// How long to wait.
        retry_after: Duration,
    },
    /// The provider refused the request.
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
    DuplicateReference,
    /// The provider's answer was not what the contract says.
    Decode(String),
    /// Monnet refused the request's timestamp (1002) or signature as replayed (1003) even
    /// signed with its own time, learnt from its `Date` header: this computer's clock is
    /// `offset_seconds` behind Monnet's (ahead when negative). Nothing was created.
    ClockSkew {
        /// Monnet's clock minus this computer's, in seconds.
        offset_seconds: i64,
    },
}

/// "10 minutes" / "2 hours" / "45 seconds": how far a clock `offset_seconds` off is.
fn skew_amount(offset_seconds: i64) -> Message {
    let secs = offset_seconds.unsigned_abs();
    match secs {
        1 => msg!("provider.seconds_one", count = 1),
        0..90 => msg!("provider.seconds_many", count = secs),
        90..5_400 => match (secs + 30) / 60 {
            1 => msg!("provider.minutes_one", count = 1),
            n => msg!("provider.minutes_many", count = n),
        },
        _ => match (secs + 1_800) / 3_600 {
            1 => msg!("provider.hours_one", count = 1),
            n => msg!("provider.hours_many", count = n),
        },
    }
}

impl std::fmt::Display for ProviderError {
    /// The error's sentence in the desk's current language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for ProviderError {}

impl ProviderError {
    /// The sentence of the catalog that tells this error (what `Display` renders).
    pub fn message(&self) -> Message {
        match self {
            ProviderError::WrongEnvironment(m) | ProviderError::InvalidKey(m) => m.clone(),
            ProviderError::InsecureUrl(url) => msg!("provider.insecure_url", url = url),
            ProviderError::Unreachable(detail) => msg!("provider.unreachable", detail = detail),
            ProviderError::UnknownOutcome(detail) => {
                msg!("provider.unknown_outcome", detail = detail)
            }
            ProviderError::RateLimited { retry_after } => {
                msg!("provider.rate_limited", seconds = retry_after.as_secs())
            }
            ProviderError::Rejected {
                status,
                code,
                message,
            } => msg!(
                "provider.rejected",
                status = status,
                code = code,
                message = message
            ),
            ProviderError::DuplicateReference => Message::new("provider.duplicate_reference"),
            ProviderError::Decode(detail) => msg!("provider.decode", detail = detail),
            ProviderError::ClockSkew { offset_seconds } if *offset_seconds >= 0 => {
                Message::new("provider.clock_behind")
                    .arg_msg("amount", skew_amount(*offset_seconds))
            }
            ProviderError::ClockSkew { offset_seconds } => {
                Message::new("provider.clock_ahead").arg_msg("amount", skew_amount(*offset_seconds))
            }
        }
    }

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
        assert!(told(1).contains("1 second behind"));
        assert!(told(-3_600).contains("60 minutes ahead of"));
        let es = |s| {
            ProviderError::ClockSkew { offset_seconds: s }
                .message()
                .render(desk_i18n::Language::Es)
        };
        assert_eq!(
            es(599),
            "El reloj de este equipo va 10 minutos por detrás del de Monnet. Ponlo en hora (hora automática); mientras tanto, la aplicación firma con la hora de Monnet."
        );
        assert!(es(-7_300).contains("2 horas por delante"), "{}", es(-7_300));
        assert!(es(1).contains("1 segundo por detrás"), "{}", es(1));
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
