//! Manual payouts: review as the merchant types, then queue into the outbox; the sync engine
//! sends each exactly once, now if online, later if not.

use desk_domain::{Clabe, Currency, DomainError, Environment, Money, PayoutDraft};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::history::PayoutReview;
use crate::views::payouts::QueuedPayout;

impl Desk {
    /// Validates a draft field by field without storing anything.
    pub fn review_payout(&self, draft: &PayoutDraft) -> PayoutReview {
        let environment = self.environment();
        let amount = draft
            .currency
            .parse::<Currency>()
            .ok()
            .and_then(|c| Money::parse_major(&draft.amount, c).ok());
        let bank_name = Clabe::parse(&draft.clabe)
            .ok()
            .and_then(|c| c.bank_name().map(str::to_string));
        match draft.validate() {
            Ok(_) => PayoutReview {
                valid: true,
                fields: Vec::new(),
                amount,
                bank_name,
                environment,
            },
            Err(DomainError::Invalid(fields)) => PayoutReview {
                valid: false,
                fields,
                amount,
                bank_name,
                environment,
            },
            Err(other) => PayoutReview {
                valid: false,
                fields: vec![desk_domain::FieldError::new("form", other.to_string())],
                amount,
                bank_name,
                environment,
            },
        }
    }

    /// Queues a payout (validated, stored with its audit entry in one transaction) and wakes
    /// the sync engine. In production the merchant must have confirmed the review.
    pub fn create_payout(&self, draft: &PayoutDraft, confirmed: bool) -> Result<QueuedPayout> {
        let env = self.environment();
        if env == Environment::Production && !confirmed {
            return Err(CoreError::NeedsConfirmation(
                "This payout moves real money: review the amount and confirm it.".into(),
            ));
        }
        let item = self.store()?.enqueue_payout(draft, env, self.now_ms())?;
        tracing::info!(order_id = %item.order_id, amount = %item.payout.amount, %env, "payout queued");
        self.sync_wake.notify_one();
        let b = &item.payout.beneficiary;
        Ok(QueuedPayout {
            id: item.transaction_id,
            order_id: item.order_id,
            amount: item.payout.amount,
            beneficiary: format!("{} {}", b.first_name, b.last_name),
            clabe_masked: desk_domain::secret::mask_last4(item.payout.clabe.as_str()),
            environment: env,
            state: item.state.to_string(),
        })
    }
}
