//! Amounts as the merchant means them: read in the desk's locale, shown back as read, and
//! confirmed before money moves (in production, and once more above the merchant's limit).

use desk_domain::{AmountLocale, Currency, Environment, Money};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::checkout::{AmountReading, Confirmation};

/// The computer's language as an amount locale (`LC_ALL`, `LC_NUMERIC`, `LANG`, or the
/// platform's setting).
pub fn os_locale() -> AmountLocale {
    sys_locale::get_locale()
        .map(|tag| AmountLocale::from_os_tag(&tag))
        .unwrap_or_default()
}

impl Desk {
    /// The locale amounts are read and written in: the merchant's choice, or the computer's.
    pub fn amount_locale(&self) -> AmountLocale {
        self.settings().locale.unwrap_or_else(os_locale)
    }

    /// Reads `text` as an amount of `currency` in the desk's locale, storing nothing.
    pub fn read_amount(&self, text: &str, currency: &str) -> AmountReading {
        let locale = self.amount_locale();
        match self.parse_amount(text, currency) {
            Ok(amount) => AmountReading {
                amount: Some(amount),
                text: Some(amount.display_in(locale)),
                problem: None,
            },
            Err(CoreError::Invalid(fields)) => AmountReading {
                amount: None,
                text: None,
                problem: fields.into_iter().next().map(|f| f.message),
            },
            Err(other) => AmountReading {
                amount: None,
                text: None,
                problem: Some(other.to_string()),
            },
        }
    }

    /// `text` as a positive amount of `currency` in the desk's locale, or a field error.
    pub(crate) fn parse_amount(&self, text: &str, currency: &str) -> Result<Money> {
        crate::input::text("amount", text, 32)?;
        crate::input::text("currency", currency, 8)?;
        let currency: Currency = currency
            .parse()
            .map_err(|_| CoreError::field("currency", "Choose a currency."))?;
        let amount = Money::parse_in(text, currency, self.amount_locale())
            .map_err(|e| CoreError::field("amount", e.to_string()))?;
        if amount.minor <= 0 {
            return Err(CoreError::field(
                "amount",
                "The amount must be more than zero.",
            ));
        }
        Ok(amount)
    }

    /// The sentence the merchant confirms before `action` (with `{amount}` where the amount
    /// goes) moves `amount` in `env`, when one is needed (production).
    pub(crate) fn confirmation_sentence(
        &self,
        action: &str,
        amount: Money,
        env: Environment,
    ) -> Option<String> {
        env.is_live().then(|| {
            let what = action.replace("{amount}", &amount.display_in(self.amount_locale()));
            format!("{what} in PRODUCTION: this is real money.")
        })
    }

    /// The second question for an amount above the merchant's limit, when it is.
    pub(crate) fn above_limit_sentence(&self, amount: Money) -> Option<String> {
        let locale = self.amount_locale();
        self.settings()
            .limit_for(amount)
            .filter(|limit| amount.minor > limit.minor)
            .map(|limit| {
                format!(
                    "{} is above your limit of {}. Is this amount right?",
                    amount.display_in(locale),
                    limit.display_in(locale)
                )
            })
    }

    /// Refuses to move `amount` unless the merchant confirmed what a review showed.
    pub(crate) fn check_confirmation(
        &self,
        action: &str,
        amount: Money,
        env: Environment,
        c: Confirmation,
    ) -> Result<()> {
        if c.amount_shown.is_some_and(|shown| shown != amount) {
            return Err(CoreError::field(
                "amount",
                "The amount changed since you reviewed it: review it again.",
            ));
        }
        if let Some(sentence) = self.confirmation_sentence(action, amount, env)
            && !c.confirmed
        {
            return Err(CoreError::NeedsConfirmation(sentence));
        }
        if let Some(sentence) = self.above_limit_sentence(amount)
            && !c.above_limit
        {
            return Err(CoreError::NeedsConfirmation(sentence));
        }
        Ok(())
    }
}
