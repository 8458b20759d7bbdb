//! After the sale: refunds (Monei, MonEFlow Pay), captures and voids (MonEFlow Pay
//! authorisations). Each is reviewed (nothing sent), confirmed like a checkout, committed to
//! the outbox with its own reference (the store checks, in the same transaction, that no
//! refund exceeds what was taken and no capture what was authorised), and sent by the one
//! exactly-once engine: now when online, when the network returns otherwise.

use desk_domain::{Money, Provider};
use desk_i18n::{Message, msg};
use desk_store::after_sale::{PaymentFigures, REFUNDABLE};
use desk_store::history::rfc3339;
use desk_store::operation::{Capture, Intent, OpState, Operation, Refund, Void};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::after_sale::{
    AfterSaleAction, AfterSaleRequest, AfterSaleResult, AfterSaleReview, PaymentActions,
};
use crate::views::checkout::Confirmation;

/// The reasons a refund may give (MONEI's list; MonEFlow Pay keeps it with the refund).
pub const REFUND_REASONS: [&str; 3] = ["requested_by_customer", "duplicated", "fraudulent"];

/// An authorisation is shown as expiring on its last day.
const EXPIRING_MS: i64 = 86_400_000;

/// How to refund a Mona payment, which the desk cannot (docs/provider-api.md: Mona documents
/// no refund API).
fn mona_refund_outside(f: &PaymentFigures) -> Message {
    let told = msg!("after_sale.mona_refund_outside", reference = &f.reference);
    match f.remote_id.as_deref() {
        Some(id) => told.arg("transaction", id),
        None => told.arg_msg("transaction", Message::new("after_sale.not_known_yet")),
    }
}

/// The production confirmation's action, `{amount}` standing for the amount.
fn action_sentence(action: AfterSaleAction, provider: Provider) -> Message {
    match action {
        AfterSaleAction::Refund => Message::new("after_sale.action_refund"),
        AfterSaleAction::Capture => Message::new("after_sale.action_capture"),
        AfterSaleAction::Void => Message::new("after_sale.action_void"),
    }
    .arg("provider", provider.display_name())
}

fn result_of(op: &Operation, payment_id: &str, action: AfterSaleAction) -> AfterSaleResult {
    let told = |m: Message| Some(m.arg("provider", op.provider.display_name()).to_string());
    let (state, note) = match op.state {
        OpState::Confirmed | OpState::CreatedEarlier => ("done", None),
        // Queued: surely not at the provider (never sent, refused at the door, or looked up
        // and not found); it goes out when the provider can be reached.
        OpState::Queued => (
            "queued",
            told(match action {
                AfterSaleAction::Refund => Message::new("after_sale.queued_refund"),
                AfterSaleAction::Capture => Message::new("after_sale.queued_capture"),
                AfterSaleAction::Void => Message::new("after_sale.queued_void"),
            }),
        ),
        OpState::Sending | OpState::Unknown => (
            "checking",
            told(match action {
                AfterSaleAction::Refund => Message::new("after_sale.checking_refund"),
                AfterSaleAction::Capture => Message::new("after_sale.checking_capture"),
                AfterSaleAction::Void => Message::new("after_sale.checking_void"),
            }),
        ),
        OpState::Failed => ("failed", op.last_error.clone()),
        OpState::Conflict => ("attention", op.last_error.clone()),
    };
    AfterSaleResult {
        id: op.transaction_id.clone(),
        payment_id: payment_id.to_string(),
        action,
        reference: op.reference.clone(),
        amount: op.intent.amount(),
        state: state.into(),
        note,
    }
}

impl Desk {
    /// What a payment's detail offers after the sale, with its net figures (no network).
    pub fn payment_actions(&self, payment_id: &str) -> Result<PaymentActions> {
        crate::input::text("paymentId", payment_id, 64)?;
        let f = self.store()?.payment_figures(payment_id)?;
        let now = self.now_ms();
        let currency = f.amount.currency;
        let held = f.remote_id.is_some();
        let refunds = matches!(f.provider, Provider::Monei | Provider::Moneflow);
        let expires = f.authorization_expires_at();
        let authorization = match (f.status.as_str(), expires) {
            ("expired", _) => Some("expired"),
            (_, Some(at)) if now >= at => Some("expired"),
            (_, Some(at)) if now >= at - EXPIRING_MS => Some("expiring"),
            (_, Some(_)) => Some("active"),
            _ => None,
        };
        let open = f.provider == Provider::Moneflow
            && held
            && !f.settling
            && matches!(authorization, Some("active" | "expiring"));
        Ok(PaymentActions {
            payment_id: f.record.clone(),
            taken: f.taken(),
            refunded: f.refunded,
            refunds_pending: f.refunds_pending,
            remaining: Money::new(f.taken().minor - f.refunded.minor, currency),
            refundable: f.refundable(),
            can_refund: refunds
                && held
                && REFUNDABLE.contains(&f.status.as_str())
                && f.refundable().minor > 0,
            can_capture: open,
            can_void: open,
            authorization: authorization.map(str::to_string),
            authorization_expires_at: expires.map(rfc3339),
            refund_outside: (f.provider == Provider::Mona
                && REFUNDABLE.contains(&f.status.as_str()))
            .then(|| mona_refund_outside(&f).to_string()),
        })
    }

    /// The operation `req` asks for, checked against the payment, storing and sending nothing.
    fn after_sale_intent(&self, req: &AfterSaleRequest) -> Result<(PaymentFigures, Intent)> {
        crate::input::text("paymentId", &req.payment_id, 64)?;
        crate::input::text("reason", &req.reason, 32)?;
        let f = self.store()?.payment_figures(&req.payment_id)?;
        match (req.action, f.provider) {
            (AfterSaleAction::Refund, Provider::Mona) => {
                return Err(CoreError::field_msg("payment", mona_refund_outside(&f)));
            }
            (_, Provider::Monnet) => {
                return Err(CoreError::field_msg(
                    "payment",
                    Message::new("after_sale.payout"),
                ));
            }
            (AfterSaleAction::Capture | AfterSaleAction::Void, p) if p != Provider::Moneflow => {
                return Err(CoreError::field_msg(
                    "payment",
                    Message::new("after_sale.moneflow_only"),
                ));
            }
            _ => {}
        }
        let Some(remote_id) = f.remote_id.clone() else {
            return Err(CoreError::field_msg(
                "payment",
                Message::new("after_sale.not_held"),
            ));
        };
        let code = f.amount.currency.code();
        let amount = match req.action {
            AfterSaleAction::Void => f.amount,
            _ if req.amount.trim().is_empty() => match req.action {
                AfterSaleAction::Refund => f.refundable(),
                _ => f.amount,
            },
            _ => self.parse_amount(&req.amount, code)?,
        };
        let payment_record = f.record.clone();
        let intent = match req.action {
            AfterSaleAction::Refund => {
                let reason = if req.reason.trim().is_empty() {
                    REFUND_REASONS[0]
                } else {
                    req.reason.trim()
                };
                if !REFUND_REASONS.contains(&reason) {
                    return Err(CoreError::field_msg(
                        "reason",
                        Message::new("after_sale.reason_choice"),
                    ));
                }
                Intent::Refund(Refund {
                    payment_remote_id: remote_id,
                    payment_record,
                    amount,
                    reason: reason.into(),
                })
            }
            AfterSaleAction::Capture => Intent::Capture(Capture {
                remote_id,
                payment_record,
                amount,
            }),
            AfterSaleAction::Void => Intent::Void(Void {
                remote_id,
                payment_record,
                amount,
            }),
        };
        if let Some(refused) = f.refusal(&intent, self.now_ms()) {
            return Err(refused.into());
        }
        Ok((f, intent))
    }

    /// Reads and checks a refund, capture or void, storing and sending nothing: what the
    /// merchant reviews (the amount in their locale, the production sentence, the question
    /// above their limit).
    pub fn review_after_sale(&self, req: &AfterSaleRequest) -> Result<AfterSaleReview> {
        let (f, intent) = self.after_sale_intent(req)?;
        let amount = intent.amount();
        let locale = self.amount_locale();
        let after = match req.action {
            AfterSaleAction::Refund => f.refundable().minor - amount.minor,
            AfterSaleAction::Capture => f.amount.minor - amount.minor,
            AfterSaleAction::Void => 0,
        };
        let action = action_sentence(req.action, f.provider);
        Ok(AfterSaleReview {
            action: req.action,
            amount,
            amount_text: amount.display_in(locale),
            provider: f.provider,
            payment_reference: f.reference.clone(),
            reason: match &intent {
                Intent::Refund(r) => Some(r.reason.clone()),
                _ => None,
            },
            remaining_after_text: Money::new(after, amount.currency).display_in(locale),
            environment: f.environment,
            confirmation: self.confirmation_sentence(action, amount, f.environment),
            above_limit: self.above_limit_sentence(amount),
        })
    }

    /// Commits a reviewed refund, capture or void under a new reference and sends it through
    /// the engine (queued if the provider cannot be reached). In production the merchant
    /// must have confirmed the review's sentence, and above their limit the second question.
    pub async fn create_after_sale(
        &self,
        req: AfterSaleRequest,
        confirmation: Confirmation,
    ) -> Result<AfterSaleResult> {
        let (f, intent) = self.after_sale_intent(&req)?;
        let action = action_sentence(req.action, f.provider);
        self.check_confirmation(action, intent.amount(), f.environment, confirmation)?;
        let prefix = match req.action {
            AfterSaleAction::Refund => "RF",
            AfterSaleAction::Capture => "CP",
            AfterSaleAction::Void => "VD",
        };
        let now = self.now_ms();
        let reference = crate::checkout::reference(prefix, now);
        let op = self.store()?.enqueue_after_sale(&reference, intent, now)?;
        tracing::info!(reference = %op.reference, kind = req.action.as_str(), "after-sale operation queued");
        let op = self.process_now(op.id).await?;
        self.sync_wake.notify_one();
        Ok(result_of(&op, &f.record, req.action))
    }

    /// A refund, capture or void as it stands (`id`: its own history id), moved on first if
    /// it is not settled (looked up if in doubt, never sent twice).
    pub async fn after_sale_status(&self, id: &str) -> Result<AfterSaleResult> {
        crate::input::text("id", id, 64)?;
        let store = self.store()?;
        let Some(op) = store.operation_for_record(id)? else {
            return Err(CoreError::field_msg(
                "id",
                Message::new("after_sale.no_such_operation"),
            ));
        };
        let (Some(payment), Some(action)) = (
            op.intent.payment_record().map(str::to_string),
            match op.intent {
                Intent::Refund(_) => Some(AfterSaleAction::Refund),
                Intent::Capture(_) => Some(AfterSaleAction::Capture),
                Intent::Void(_) => Some(AfterSaleAction::Void),
                _ => None,
            },
        ) else {
            return Err(CoreError::field_msg(
                "id",
                Message::new("after_sale.not_an_operation"),
            ));
        };
        let op = match op.state {
            OpState::Queued | OpState::Sending | OpState::Unknown => {
                self.process_now(op.id).await?
            }
            _ => op,
        };
        Ok(result_of(&op, &payment, action))
    }
}
