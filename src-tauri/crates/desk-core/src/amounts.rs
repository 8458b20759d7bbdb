//! Amounts as the merchant means them: read in the desk's locale, shown back as read, and
//! confirmed before money moves (in production, and once more above the merchant's limit).

use desk_domain::{AmountLocale, Currency, Environment, Money};
use desk_i18n::{Language, Message, msg};

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

/// The computer's language as a language of the desk: Spanish for any Spanish, else English.
pub fn os_language() -> Language {
    sys_locale::get_locale()
        .map(|tag| Language::from_os_tag(&tag))
        .unwrap_or_default()
}

/// What a production confirmation is about: a sentence of the catalog, whose `{amount}` the
/// amount fills (`Charge {amount} with Monei`), or a text not in the catalog yet, with
/// `{amount}` where the amount goes.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    /// A catalog sentence with an `{amount}` placeholder.
    Told(Message),
    /// A sentence not in the catalog, with `{amount}` where the amount goes.
    Text(String),
}

impl From<Message> for Action {
    fn from(m: Message) -> Self {
        Action::Told(m)
    }
}

impl From<&Message> for Action {
    fn from(m: &Message) -> Self {
        Action::Told(m.clone())
    }
}

impl From<&str> for Action {
    fn from(text: &str) -> Self {
        Action::Text(text.to_string())
    }
}

impl From<&String> for Action {
    fn from(text: &String) -> Self {
        Action::Text(text.clone())
    }
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
        let currency: Currency = currency.parse().map_err(|_| {
            CoreError::field_msg("currency", Message::new("amount.choose_currency"))
        })?;
        let amount = Money::parse_in(text, currency, self.amount_locale())
            .map_err(|e| CoreError::Invalid(vec![e.to_field_error("amount")]))?;
        if amount.minor <= 0 {
            return Err(CoreError::field_msg(
                "amount",
                Message::new("amount.not_positive"),
            ));
        }
        Ok(amount)
    }

    /// The sentence the merchant confirms before `action` (a sentence with `{amount}` where
    /// the amount goes) moves `amount` in `env`, when one is needed (production).
    pub(crate) fn confirmation_message(
        &self,
        action: impl Into<Action>,
        amount: Money,
        env: Environment,
    ) -> Option<Message> {
        env.is_live().then(|| {
            let shown = amount.display_in(self.amount_locale());
            match action.into() {
                Action::Told(what) => {
                    Message::new("confirm.production").arg_msg("action", what.arg("amount", shown))
                }
                Action::Text(what) => msg!(
                    "confirm.production",
                    action = what.replace("{amount}", &shown)
                ),
            }
        })
    }

    /// [`Desk::confirmation_message`] in the desk's language, as a review shows it.
    pub(crate) fn confirmation_sentence(
        &self,
        action: impl Into<Action>,
        amount: Money,
        env: Environment,
    ) -> Option<String> {
        self.confirmation_message(action, amount, env)
            .map(|m| m.to_string())
    }

    /// The second question for an amount above the merchant's limit, when it is.
    pub(crate) fn above_limit_message(&self, amount: Money) -> Option<Message> {
        let locale = self.amount_locale();
        self.settings()
            .limit_for(amount)
            .filter(|limit| amount.minor > limit.minor)
            .map(|limit| {
                msg!(
                    "confirm.above_limit",
                    amount = amount.display_in(locale),
                    limit = limit.display_in(locale)
                )
            })
    }

    /// [`Desk::above_limit_message`] in the desk's language, as a review shows it.
    pub(crate) fn above_limit_sentence(&self, amount: Money) -> Option<String> {
        self.above_limit_message(amount).map(|m| m.to_string())
    }

    /// Refuses to move `amount` unless the merchant confirmed what a review showed.
    pub(crate) fn check_confirmation(
        &self,
        action: impl Into<Action>,
        amount: Money,
        env: Environment,
        c: Confirmation,
    ) -> Result<()> {
        if c.amount_shown.is_some_and(|shown| shown != amount) {
            return Err(CoreError::field_msg(
                "amount",
                Message::new("confirm.amount_changed"),
            ));
        }
        if let Some(sentence) = self.confirmation_message(action, amount, env)
            && !c.confirmed
        {
            return Err(CoreError::needs_confirmation(sentence));
        }
        if let Some(sentence) = self.above_limit_message(amount)
            && !c.above_limit
        {
            return Err(CoreError::needs_confirmation(sentence));
        }
        Ok(())
    }
}
