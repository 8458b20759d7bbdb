//! Checkout: the merchant reviews what the desk read; the charge is committed to the outbox
//! under its reference and created at the provider by the one exactly-once engine; the UI then
//! hosts the provider's SDK page with public values only, and the outcome is read from the
//! provider (never taken from the page).

use desk_domain::Provider;
use desk_i18n::{Message, msg};
use desk_store::history::rfc3339;
use desk_store::operation::{CardUse, Charge, ChargeCustomer, ChargeIntent, OpState, Operation};
use desk_store::records::Record;
use desk_sync::status::{mona_status, moneflow_status, monei_status};
use rand::Rng;

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::checkout::{
    CheckoutRequest, CheckoutResult, CheckoutReview, CheckoutSession, Confirmation, NonceSubmission,
};

/// The origin of the app's page, to which the SDK pages post their messages.
pub(crate) const APP_ORIGIN: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

/// The longest description or customer field the desk sends.
const MAX_TEXT: usize = 200;

/// A new reference: `prefix`, the day, and six random characters (`RF-261203-K7Q2MX`).
pub(crate) fn reference(prefix: &str, now_ms: i64) -> String {
    let day = time::OffsetDateTime::from_unix_timestamp(now_ms / 1000)
        .map(|t| {
            format!(
                "{:02}{:02}{:02}",
                t.year() % 100,
                u8::from(t.month()),
                t.day()
            )
        })
        .unwrap_or_default();
    let tail: String = (0..6)
        .map(|_| {
            char::from(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[rand::thread_rng().gen_range(0..32)])
        })
        .collect();
    format!("{prefix}-{day}-{tail}")
}

fn failure_sentence(reason: &str) -> String {
    match reason {
        "card_declined" | "Declined" => Message::new("checkout.card_declined"),
        "insufficient_funds" | "Insufficient funds" => Message::new("checkout.insufficient_funds"),
        "sca_refused" => Message::new("checkout.sca_refused"),
        other => msg!("checkout.payment_failed", reason = other),
    }
    .to_string()
}

fn text_field(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > MAX_TEXT {
        return Err(CoreError::field_msg(
            field,
            msg!("checkout.text_too_long", max = MAX_TEXT),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(CoreError::field_msg(
            field,
            Message::new("checkout.control_characters"),
        ));
    }
    Ok(v.to_string())
}

/// The history's kind and the reference prefix of a provider's checkout.
fn kind_of(provider: Provider) -> Result<(&'static str, &'static str)> {
    match provider {
        Provider::Mona => Ok(("checkout", "MN")),
        Provider::Moneflow => Ok(("checkout", "MF")),
        Provider::Monei => Ok(("payment", "ME")),
        Provider::Monnet => Err(CoreError::field_msg(
            "provider",
            Message::new("checkout.monnet_payouts"),
        )),
    }
}

/// The production confirmation's action for a checkout, `{amount}` standing for the amount.
fn charge_action(req: &CheckoutRequest) -> Message {
    if req.authorize_only {
        Message::new("checkout.action_authorize")
    } else {
        Message::new("checkout.action_charge")
    }
    .arg("provider", req.provider.display_name())
}

/// What a state means for the merchant while the charge is not settled.
fn state_of(op: &Operation) -> (&'static str, Option<String>) {
    match op.state {
        OpState::Confirmed | OpState::CreatedEarlier => ("ready", None),
        OpState::Queued if op.attempts == 0 => (
            "queued",
            Some(msg!("checkout.queued", provider = op.provider.display_name()).to_string()),
        ),
        OpState::Queued | OpState::Sending | OpState::Unknown => (
            "checking",
            Some(msg!("checkout.checking", provider = op.provider.display_name()).to_string()),
        ),
        OpState::Conflict => ("attention", op.last_error.clone()),
        OpState::Failed => ("failed", op.last_error.clone()),
    }
}

impl Desk {
    /// Reads and checks a checkout form, storing and sending nothing: what the merchant
    /// reviews before the charge is created.
    pub fn review_checkout(&self, req: &CheckoutRequest) -> Result<CheckoutReview> {
        kind_of(req.provider)?;
        let amount = self.parse_amount(&req.amount, &req.currency)?;
        if req.provider == Provider::Mona && amount.currency.code() != "NGN" {
            return Err(CoreError::field_msg(
                "currency",
                Message::new("checkout.mona_currency"),
            ));
        }
        let description = text_field("description", &req.description)?;
        let name = text_field("customerName", &req.customer_name)?;
        let email = text_field("customerEmail", &req.customer_email)?;
        if !email.is_empty() && !email.contains('@') {
            return Err(CoreError::field_msg(
                "customerEmail",
                Message::new("checkout.email"),
            ));
        }
        if req.authorize_only && req.provider != Provider::Moneflow {
            return Err(CoreError::field_msg(
                "authorizeOnly",
                Message::new("checkout.authorize_only_moneflow"),
            ));
        }
        self.check_save_card(req)?;
        let env = self.environment();
        let action = charge_action(req);
        Ok(CheckoutReview {
            authorize_only: req.authorize_only,
            save_card: req.save_card,
            amount_text: amount.display_in(self.amount_locale()),
            confirmation: self.confirmation_sentence(action, amount, env),
            above_limit: self.above_limit_sentence(amount),
            amount,
            provider: req.provider,
            customer: match (name.is_empty(), email.is_empty()) {
                (true, true) => String::new(),
                (false, true) => name,
                (true, false) => email,
                (false, false) => format!("{name} <{email}>"),
            },
            description: if description.is_empty() {
                Message::new("checkout.default_description").to_string()
            } else {
                description
            },
            environment: env,
        })
    }

    /// Creates a reviewed checkout. Mona and Monei: the charge is committed under a new
    /// reference, then created through the engine; MonEFlow Pay: the card page opens first
    /// and the charge is created from its nonce ([`Desk::submit_nonce`]).
    pub async fn create_checkout(
        &self,
        req: CheckoutRequest,
        confirmation: Confirmation,
    ) -> Result<CheckoutSession> {
        let review = self.review_checkout(&req)?;
        let env = review.environment;
        let action = charge_action(&req);
        self.check_confirmation(action, review.amount, env, confirmation)?;
        let (kind, prefix) = kind_of(req.provider)?;
        let now = self.now_ms();
        let reference = reference(prefix, now);
        // A checkout naming a customer by email records them (or finds them) first.
        let customer = self.checkout_customer(&req)?;
        let charge = Charge {
            amount: review.amount,
            description: review.description.clone(),
            customer_name: req.customer_name.trim().into(),
            customer_email: req.customer_email.trim().into(),
            nonce: None,
            intent: if req.authorize_only {
                ChargeIntent::Authorize
            } else {
                ChargeIntent::Sale
            },
            customer: customer.clone().map(|id| ChargeCustomer {
                id,
                card: CardUse::Once,
            }),
        };
        let store = self.store()?;
        if req.provider == Provider::Moneflow {
            // No money moves until the card page gives a nonce: the record waits for it.
            self.credentials(Provider::Moneflow, env)?;
            let (local_id, _) = store.upsert(&Record {
                provider: Provider::Moneflow,
                environment: env,
                kind: kind.into(),
                reference: reference.clone(),
                remote_id: None,
                amount_minor: review.amount.minor,
                currency: review.amount.currency.code().into(),
                status: "pending".into(),
                counterparty: charge.customer_name.clone(),
                description: charge.description.clone(),
                details: match &customer {
                    None => serde_json::json!({ "intent": charge.intent.as_str() }),
                    Some(id) => serde_json::json!({
                        "customerEmail": charge.customer_email, "intent": charge.intent.as_str(),
                        "customerId": id, "saveCard": req.save_card,
                    }),
                },
                created_at: now,
                updated_at: now,
                note: None,
            })?;
            return self.session_with(&local_id, false).await;
        }
        let op = store.enqueue_charge(req.provider, env, kind, &reference, &charge, now)?;
        self.audit(&format!(
            "checkout.created {} {reference} {}",
            req.provider.as_str(),
            review.amount
        ));
        self.process_now(op.id).await?;
        self.session_with(&op.transaction_id, false).await
    }

    /// The checkout `local_id` as it stands: moves its charge on first (sends it if queued,
    /// looks it up if in doubt), and gives the SDK page once the provider holds it.
    pub async fn session(&self, local_id: &str) -> Result<CheckoutSession> {
        self.session_with(local_id, true).await
    }

    /// The checkout as it stands, its charge moved on first when `move_on`.
    async fn session_with(&self, local_id: &str, move_on: bool) -> Result<CheckoutSession> {
        let detail = self.history_detail(local_id)?;
        let offer_vault = detail
            .facts
            .iter()
            .any(|(k, v)| k == "saveCard" && v == "true");
        let item = detail.item;
        let store = self.store()?;
        let op = match store.operation_for_record(local_id)? {
            Some(op)
                if move_on && !matches!(op.state, OpState::Confirmed | OpState::CreatedEarlier) =>
            {
                Some(self.process_now(op.id).await?)
            }
            other => other,
        };
        let (state, note) = op.as_ref().map_or(("ready", None), state_of);
        if state == "failed" {
            return Err(match note {
                Some(note) => CoreError::Provider(note),
                None => CoreError::provider(Message::new("checkout.refused")),
            });
        }
        let remote_id = op
            .as_ref()
            .and_then(|o| o.remote_id.clone())
            .or(item.remote_id);
        let sdk = if state != "ready" {
            None
        } else {
            let set = self.credentials(item.provider, item.environment)?;
            match item.provider {
                Provider::Mona => {
                    let client = self.mona_for(&set).await?;
                    let mut url = desk_providers::env::page_base(client.base())
                        .join("sdk/checkout")
                        .map_err(|e| CoreError::Provider(e.to_string()))?;
                    url.query_pairs_mut()
                        .append_pair("key", client.public_key())
                        .append_pair("transactionId", remote_id.as_deref().unwrap_or_default())
                        .append_pair("parentOrigin", APP_ORIGIN);
                    Some(url)
                }
                // Monei's page is the one the payment points at (`nextAction.redirectUrl`),
                // framed only from Monei's page origin; none once the payment is complete.
                Provider::Monei => match remote_id.as_deref() {
                    Some(id) => {
                        let client = self.monei_for(&set).await?;
                        let payment = client.get_payment(id).await?;
                        client.payment_page(&payment)?.map(|mut url| {
                            url.query_pairs_mut()
                                .append_pair("parentOrigin", APP_ORIGIN);
                            url
                        })
                    }
                    None => None,
                },
                Provider::Moneflow if op.is_none() => {
                    let client = self.moneflow_for(&set).await?;
                    let token = client.client_token().await?;
                    Some(client.card_fields_page(&token.access_token, offer_vault, APP_ORIGIN)?)
                }
                _ => None,
            }
        };
        Ok(CheckoutSession {
            local_id: item.id,
            provider: item.provider,
            amount: item.amount,
            reference: item.reference,
            resource_id: remote_id,
            sdk_origin: sdk.as_ref().map(crate::frames::framed_origin).transpose()?,
            sdk_url: sdk.map(|u| u.to_string()),
            state: state.into(),
            note,
        })
    }

    /// Turns a MonEFlow Pay one-time nonce into a charge through the engine. A second
    /// submission for the same checkout reuses the charge already committed.
    pub async fn submit_nonce(&self, sub: NonceSubmission) -> Result<CheckoutResult> {
        let item = self.history_detail(&sub.local_id)?.item;
        if item.provider != Provider::Moneflow {
            return Err(CoreError::field_msg(
                "nonce",
                Message::new("checkout.nonce_moneflow_only"),
            ));
        }
        let nonce = sub.nonce.trim();
        if !nonce.starts_with("nonce_")
            || nonce.len() > 128
            || !nonce
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(CoreError::field_msg(
                "nonce",
                Message::new("checkout.nonce_invalid"),
            ));
        }
        let facts = self.history_detail(&sub.local_id)?.facts;
        let authorize = facts.iter().any(|(k, v)| k == "intent" && v == "authorize");
        let charge = Charge {
            amount: item.amount,
            description: item.description.clone(),
            customer_name: item.counterparty.clone(),
            customer_email: String::new(),
            nonce: Some(nonce.to_string()),
            intent: if authorize {
                ChargeIntent::Authorize
            } else {
                ChargeIntent::Sale
            },
            customer: Desk::nonce_customer(&facts, sub.vault_consent),
        };
        let op = self.store()?.enqueue_charge(
            Provider::Moneflow,
            item.environment,
            &item.kind,
            &item.reference,
            &charge,
            self.now_ms(),
        )?;
        self.process_now(op.id).await?;
        self.status_with(&item.id, false).await
    }

    /// Reads a checkout's outcome: a charge not yet settled is moved on first (never sent
    /// twice); a created one is read from the provider and recorded.
    pub async fn checkout_status(&self, local_id: &str) -> Result<CheckoutResult> {
        self.status_with(local_id, true).await
    }

    /// A checkout's outcome, its charge moved on first when `move_on`.
    pub(crate) async fn status_with(
        &self,
        local_id: &str,
        move_on: bool,
    ) -> Result<CheckoutResult> {
        let item = self.history_detail(local_id)?.item;
        let env = item.environment;
        let pending =
            |status: &str, failure: Option<String>, remote_id: Option<String>| CheckoutResult {
                local_id: item.id.clone(),
                provider: item.provider,
                amount: item.amount,
                reference: item.reference.clone(),
                remote_id,
                status: status.into(),
                failure,
                card: None,
                completed_at: item.updated_at.clone(),
            };
        if let Some(op) = self.store()?.operation_for_record(local_id)? {
            let op = if !move_on || matches!(op.state, OpState::Confirmed | OpState::CreatedEarlier)
            {
                op
            } else {
                self.process_now(op.id).await?
            };
            let (state, note) = state_of(&op);
            if state != "ready" {
                return Ok(pending(state, note, op.remote_id));
            }
        }
        let Some(remote_id) = self.history_detail(local_id)?.item.remote_id else {
            return Ok(pending("pending", None, None));
        };
        let set = self.credentials(item.provider, env)?;
        let (read, reason, card) = match item.provider {
            Provider::Mona => {
                let t = self
                    .mona_for(&set)
                    .await?
                    .get_transaction(&remote_id)
                    .await?;
                (mona_status(&t.status), t.failure_reason, None)
            }
            Provider::Monei => {
                let p = self.monei_for(&set).await?.get_payment(&remote_id).await?;
                let card = p
                    .payment_method
                    .and_then(|m| m.card)
                    .map(|c| format!("{} •••• {}", c.brand, c.last4));
                (monei_status(&p.status), p.status_reason, card)
            }
            Provider::Moneflow => {
                let t = self
                    .moneflow_for(&set)
                    .await?
                    .get_transaction(&remote_id)
                    .await?;
                if let Err(e) = self.keep_saved_card(local_id, &t) {
                    tracing::warn!(error = %e, "the saved card could not be kept");
                }
                (
                    moneflow_status(&t.status, &t.intent),
                    Some(t.response_message),
                    Some(format!("{} •••• {}", t.card.brand, t.card.last4)),
                )
            }
            Provider::Monnet => {
                return Err(CoreError::field_msg(
                    "id",
                    Message::new("checkout.not_a_checkout"),
                ));
            }
        };
        let status = read.status;
        // An unknown word is kept with the record ("unknown (Monei said: …)"), never shown
        // as a failure.
        let failure = match read.note(item.provider) {
            Some(said) => Some(said),
            None => (status == "failed")
                .then(|| failure_sentence(reason.as_deref().unwrap_or("unknown"))),
        };
        self.record_outcome(&item, &remote_id, status, failure.clone(), card.clone())?;
        Ok(CheckoutResult {
            remote_id: Some(remote_id),
            status: status.into(),
            failure,
            card,
            completed_at: rfc3339(self.now_ms()),
            ..pending("", None, None)
        })
    }

    fn record_outcome(
        &self,
        item: &desk_store::history::HistoryItem,
        remote_id: &str,
        status: &str,
        failure: Option<String>,
        card: Option<String>,
    ) -> Result<()> {
        self.store()?.upsert(&Record {
            provider: item.provider,
            environment: item.environment,
            kind: item.kind.clone(),
            reference: item.reference.clone(),
            remote_id: Some(remote_id.into()),
            amount_minor: item.amount.minor,
            currency: item.amount.currency.code().into(),
            status: status.into(),
            counterparty: item.counterparty.clone(),
            description: item.description.clone(),
            details: serde_json::json!({ "card": card }),
            created_at: 0,
            updated_at: self.now_ms(),
            note: failure,
        })?;
        Ok(())
    }
}
