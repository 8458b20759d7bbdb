//! Saved cards (MonEFlow Pay's Vault) from the customer's page. A charge of a saved card is a
//! MonEFlow Pay sale whose intent carries the card's payment method token instead of a card
//! page's nonce: reviewed, confirmed in production and above the merchant's limit, committed
//! under its own orderId and sent by the one engine, which looks the orderId up after any
//! doubt, exactly as for a checkout's charge. Removing a card deletes it at MonEFlow Pay first
//! (idempotent: a second try after a lost answer finds it gone), then here.

use desk_domain::{Environment, Provider};
use desk_i18n::{Message, msg};
use desk_store::customers::{CardToKeep, Customer, SavedCard};
use desk_store::history::rfc3339;
use desk_store::operation::{CardUse, Charge, ChargeCustomer, ChargeIntent};

use super::{about, who};
use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::checkout::{CheckoutResult, Confirmation};
use crate::views::customers::{CardChargeRequest, CardChargeReview};

fn card_text(card: &SavedCard) -> String {
    format!("{} •••• {}", card.brand, card.last4)
}

/// The production confirmation's action, `{amount}` standing for the amount.
fn action(card: &SavedCard) -> Message {
    Message::new("card.action_charge").arg("card", card_text(card))
}

impl Desk {
    /// The customer and card a request names, checked: the card is the customer's and was
    /// saved in the active environment.
    fn card_of(&self, customer_id: &str, card_id: i64) -> Result<(Customer, SavedCard)> {
        crate::input::text("customerId", customer_id, 64)?;
        let store = self.store()?;
        let c = store.customer(customer_id).map_err(about(customer_id))?;
        let card = store.saved_card(card_id).map_err(|e| match e {
            desk_store::StoreError::NotFound(_) => {
                CoreError::field_msg("card", Message::new("card.not_saved"))
            }
            other => other.into(),
        })?;
        if card.customer_id != c.id {
            return Err(CoreError::field_msg(
                "card",
                Message::new("card.other_customer"),
            ));
        }
        if card.environment != self.environment() {
            let environment = match card.environment {
                Environment::Production => Message::new("env.production"),
                Environment::Sandbox => Message::new("env.sandbox"),
            };
            return Err(CoreError::field_msg(
                "card",
                Message::new("card.other_environment").arg_msg("environment", environment),
            ));
        }
        Ok((c, card))
    }

    /// Reads and checks a charge of a saved card, storing and sending nothing: what the
    /// merchant reviews.
    pub fn review_card_charge(&self, req: &CardChargeRequest) -> Result<CardChargeReview> {
        let (c, card) = self.card_of(&req.customer_id, req.card_id)?;
        crate::input::text("description", &req.description, 200)?;
        let amount = self.parse_amount(&req.amount, &req.currency)?;
        let env = self.environment();
        let description = req.description.trim();
        Ok(CardChargeReview {
            amount_text: amount.display_in(self.amount_locale()),
            confirmation: self.confirmation_sentence(action(&card), amount, env),
            above_limit: self.above_limit_sentence(amount),
            amount,
            card: card_text(&card),
            provider: card.provider,
            customer: who(&c),
            description: if description.is_empty() {
                "Payment".into()
            } else {
                description.into()
            },
            environment: env,
        })
    }

    /// Charges a reviewed saved card (no card page): committed under a new orderId with its
    /// history row before anything is sent, then sent by the engine (queued if MonEFlow Pay
    /// cannot be reached, looked up by orderId if the answer is lost: never charged twice).
    /// In production the merchant must have confirmed the review's sentence, and above their
    /// limit the second question. Follow the result with [`Desk::checkout_status`].
    pub async fn charge_saved_card(
        &self,
        req: CardChargeRequest,
        confirmation: Confirmation,
    ) -> Result<CheckoutResult> {
        let review = self.review_card_charge(&req)?;
        let (c, card) = self.card_of(&req.customer_id, req.card_id)?;
        let env = review.environment;
        self.check_confirmation(action(&card), review.amount, env, confirmation)?;
        let now = self.now_ms();
        let reference = crate::checkout::reference("MF", now);
        let charge = Charge {
            amount: review.amount,
            description: review.description.clone(),
            customer_name: c.name.clone(),
            customer_email: c.email.clone(),
            nonce: None,
            intent: ChargeIntent::Sale,
            customer: Some(ChargeCustomer {
                id: c.id.clone(),
                card: CardUse::Saved {
                    token: card.token.clone(),
                },
            }),
        };
        let op = self.store()?.enqueue_charge(
            Provider::Moneflow,
            env,
            "checkout",
            &reference,
            &charge,
            now,
        )?;
        tracing::info!(%reference, customer = %c.id, "saved-card charge queued");
        let op = self.process_now(op.id).await?;
        self.sync_wake.notify_one();
        // Where the one attempt left it (a doubt is looked up on the next read, never resent
        // blind). The charge is committed: whatever the read of its outcome does, the merchant is
        // told where it stands (never asked to charge again).
        match self.status_with(&op.transaction_id, false).await {
            Ok(result) => Ok(result),
            Err(e) => Ok(CheckoutResult {
                local_id: op.transaction_id.clone(),
                provider: Provider::Moneflow,
                amount: review.amount,
                reference: op.reference.clone(),
                remote_id: op.remote_id.clone(),
                status: "checking".into(),
                failure: Some(msg!("card.outcome_unread", error = e).to_string()),
                card: Some(review.card),
                completed_at: rfc3339(self.now_ms()),
            }),
        }
    }

    /// Removes a saved card: deleted at MonEFlow Pay (gone already counts as done), then
    /// forgotten here, with an audit entry. After it a charge with its token is refused.
    pub async fn remove_saved_card(&self, customer_id: &str, card_id: i64) -> Result<()> {
        let (_, card) = self.card_of(customer_id, card_id)?;
        let set = self.credentials(Provider::Moneflow, card.environment)?;
        let client = self.moneflow_for(&set).await?;
        client
            .delete_payment_method(&card.token)
            .await
            .map_err(|e| CoreError::provider(msg!("card.removal_unconfirmed", error = e)))?;
        self.store()?.remove_card(card.id, self.now_ms())?;
        tracing::info!(customer = %card.customer_id, "saved card removed");
        Ok(())
    }

    /// Matches the customer's saved cards in `env` with MonEFlow Pay's list of them (nothing
    /// to do when MonEFlow Pay is not set up there).
    pub(super) async fn refresh_cards(&self, customer_id: &str, env: Environment) -> Result<()> {
        let Ok(set) = self.credentials(Provider::Moneflow, env) else {
            return Ok(());
        };
        let listed = self
            .moneflow_for(&set)
            .await?
            .list_payment_methods(customer_id)
            .await?;
        let cards: Vec<CardToKeep> = listed
            .into_iter()
            .filter(|m| m.customer_id.is_empty() || m.customer_id == customer_id)
            .map(|m| CardToKeep {
                token: m.token,
                brand: m.card.brand,
                last4: m.card.last4,
            })
            .collect();
        self.store()?
            .match_cards(customer_id, env, &cards, self.now_ms())?;
        Ok(())
    }
}
