//! Manual payouts: review as the merchant types (amount read in the desk's locale), then
//! queue into the outbox; the engine sends each exactly once, now if online, later if not.

use desk_domain::{Clabe, Currency, DomainError, Money, PayoutDraft};
use desk_i18n::Message;

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::checkout::Confirmation;
use crate::views::history::PayoutReview;
use crate::views::payouts::QueuedPayout;

/// What the production confirmation of a payout says, in the desk's language, `{amount}`
/// standing for the amount.
fn payout_action() -> String {
    Message::new("payout.confirm_action").to_string()
}

impl Desk {
    /// Validates a draft field by field without storing anything.
    pub fn review_payout(&self, draft: &PayoutDraft) -> PayoutReview {
        let environment = self.environment();
        let locale = self.amount_locale();
        if let Err(CoreError::Invalid(fields)) = crate::input::payout_draft(draft) {
            return PayoutReview {
                valid: false,
                fields,
                amount: None,
                amount_text: None,
                confirmation: None,
                above_limit: None,
                bank_name: None,
                environment,
            };
        }
        let amount = draft
            .currency
            .parse::<Currency>()
            .ok()
            .and_then(|c| Money::parse_in(&draft.amount, c, locale).ok());
        let bank_name = Clabe::parse(&draft.clabe)
            .ok()
            .and_then(|c| c.bank_name().map(str::to_string));
        let fields = match draft.validate_in(locale) {
            Ok(_) => Vec::new(),
            Err(DomainError::Invalid(fields)) => fields,
            Err(other) => vec![desk_domain::FieldError::new("form", other.to_string())],
        };
        PayoutReview {
            valid: fields.is_empty(),
            fields,
            amount_text: amount.map(|a| a.display_in(locale)),
            confirmation: amount
                .and_then(|a| self.confirmation_sentence(&payout_action(), a, environment)),
            above_limit: amount.and_then(|a| self.above_limit_sentence(a)),
            amount,
            bank_name,
            environment,
        }
    }

    /// Queues a payout (validated, stored with its audit entry in one transaction) and wakes
    /// the engine. In production the merchant must have confirmed the review, and above
    /// their limit answered the second question.
    pub fn create_payout(
        &self,
        draft: &PayoutDraft,
        confirmation: Confirmation,
    ) -> Result<QueuedPayout> {
        let env = self.environment();
        crate::input::payout_draft(draft)?;
        let payout = draft
            .validate_in(self.amount_locale())
            .map_err(|e| match e {
                DomainError::Invalid(fields) => CoreError::Invalid(fields),
                other => CoreError::field("form", other.to_string()),
            })?;
        self.check_confirmation(&payout_action(), payout.amount, env, confirmation)?;
        let op = self
            .store()?
            .enqueue_valid_payout(&payout, env, self.now_ms())?;
        tracing::info!(order_id = %op.reference, amount = %payout.amount, %env, "payout queued");
        self.sync_wake.notify_one();
        let b = &payout.beneficiary;
        Ok(QueuedPayout {
            id: op.transaction_id,
            order_id: op.reference,
            amount: payout.amount,
            beneficiary: format!("{} {}", b.first_name, b.last_name),
            clabe_masked: desk_domain::secret::mask_last4(payout.clabe.as_str()),
            environment: env,
            state: op.state.to_string(),
        })
    }
}
