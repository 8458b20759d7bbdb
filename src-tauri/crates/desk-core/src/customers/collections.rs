//! Recurring collections (Mona) from the customer's page. Creating one is an operation of the
//! one engine (a second collection would charge the customer twice on every date): reviewed,
//! confirmed in production, committed under its reference, sent, and looked up by reference
//! after a doubt. The customer then approves or refuses it in Mona's page with SCA, on their
//! device; the desk reads the collection back, never trusting the page's message. Cancelling
//! is an operation too, a state change read back from the collection after a doubt. The
//! charges Mona makes on its schedule come in with the history's sync, linked to the
//! collection by their `collectionId`.

use desk_domain::Provider;
use desk_i18n::{Message, msg};
use desk_providers::mona::ConsentSubject;
use desk_store::customers::Customer;
use desk_store::operation::{NewCollection, OpState, Operation};

use super::{about, who};
use crate::checkout::APP_ORIGIN;
use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::checkout::Confirmation;
use crate::views::customers::{
    CancelResult, CollectionRequest, CollectionReview, CollectionSession, Frequency,
};

/// The production confirmation's action, `{amount}` standing for the amount.
fn action(frequency: Frequency, c: &Customer) -> Message {
    match frequency {
        Frequency::Weekly => Message::new("collection.action_weekly"),
        Frequency::Monthly => Message::new("collection.action_monthly"),
    }
    .arg("customer", who(c))
}

/// Where an operation (a collection's create, or its cancellation when `cancellation`) stands
/// for the merchant while it is not settled (`None`: it is).
fn unsettled(op: &Operation, cancellation: bool) -> Option<(&'static str, Option<String>)> {
    match op.state {
        OpState::Confirmed | OpState::CreatedEarlier => None,
        OpState::Queued if op.attempts == 0 => Some((
            "queued",
            Some(
                match cancellation {
                    false => Message::new("collection.queued"),
                    true => Message::new("collection.cancel_queued"),
                }
                .to_string(),
            ),
        )),
        OpState::Queued | OpState::Sending | OpState::Unknown => Some((
            "checking",
            Some(
                match cancellation {
                    false => Message::new("collection.checking"),
                    true => Message::new("collection.cancel_checking"),
                }
                .to_string(),
            ),
        )),
        OpState::Failed => Some(("failed", op.last_error.clone())),
        OpState::Conflict => Some(("attention", op.last_error.clone())),
    }
}

impl Desk {
    /// The customer and collection a form names, checked, storing and sending nothing.
    fn collection_of(&self, req: &CollectionRequest) -> Result<(Customer, NewCollection)> {
        crate::input::text("customerId", &req.customer_id, 64)?;
        crate::input::text("description", &req.description, 200)?;
        let c = self
            .store()?
            .customer(&req.customer_id)
            .map_err(about(&req.customer_id))?;
        let amount = self.parse_amount(&req.amount, &req.currency)?;
        if amount.currency.code() != "NGN" {
            return Err(CoreError::field_msg(
                "currency",
                Message::new("collection.mona_currency"),
            ));
        }
        let description = req.description.trim();
        Ok((
            c.clone(),
            NewCollection {
                amount,
                frequency: req.frequency,
                description: if description.is_empty() {
                    "Recurring payment".into()
                } else {
                    description.into()
                },
                customer_id: c.id,
                customer_name: c.name,
                customer_email: c.email,
            },
        ))
    }

    /// Reads and checks a collection form, storing and sending nothing: what the merchant
    /// reviews.
    pub fn review_collection(&self, req: &CollectionRequest) -> Result<CollectionReview> {
        let (c, new) = self.collection_of(req)?;
        let env = self.environment();
        Ok(CollectionReview {
            amount_text: new.amount.display_in(self.amount_locale()),
            confirmation: self.confirmation_sentence(action(new.frequency, &c), new.amount, env),
            above_limit: self.above_limit_sentence(new.amount),
            amount: new.amount,
            frequency: new.frequency,
            customer: who(&c),
            description: new.description,
            environment: env,
        })
    }

    /// Creates a reviewed collection through the engine (in production the merchant must
    /// have confirmed the review's sentence, and above their limit the second question);
    /// returns it with Mona's consent page once Mona holds it.
    pub async fn create_collection(
        &self,
        req: CollectionRequest,
        confirmation: Confirmation,
    ) -> Result<CollectionSession> {
        let (c, new) = self.collection_of(&req)?;
        let env = self.environment();
        self.credentials(Provider::Mona, env)?;
        self.check_confirmation(action(new.frequency, &c), new.amount, env, confirmation)?;
        let now = self.now_ms();
        let reference = crate::checkout::reference("CL", now);
        let op = self
            .store()?
            .enqueue_collection(env, &reference, &new, now)?;
        tracing::info!(%reference, customer = %c.id, "collection queued");
        self.process_now(op.id).await?;
        self.sync_wake.notify_one();
        self.collection_session(&op.transaction_id, false).await
    }

    /// A collection as it stands: its create moved on first (sent if queued, looked up if in
    /// doubt, never sent twice); once Mona holds it, read back from Mona (what the customer
    /// answered) and recorded, with Mona's consent page while it waits for the customer.
    pub async fn collection_status(&self, id: &str) -> Result<CollectionSession> {
        self.collection_session(id, true).await
    }

    /// A collection as it stands, its create moved on first when `move_on`.
    async fn collection_session(&self, id: &str, move_on: bool) -> Result<CollectionSession> {
        crate::input::text("id", id, 64)?;
        let store = self.store()?;
        let row = store.collection(id).map_err(|e| match e {
            desk_store::StoreError::NotFound(_) => {
                CoreError::not_found(Message::new("collection.not_found"))
            }
            other => other.into(),
        })?;
        let session = |status: &str, note: Option<String>| CollectionSession {
            id: row.record.clone(),
            reference: row.reference.clone(),
            status: status.into(),
            note,
            sdk_url: None,
            sdk_origin: None,
        };
        if let Some(op) = store.operation_for_record(id)? {
            let op = match op.state {
                OpState::Queued | OpState::Sending | OpState::Unknown if move_on => {
                    self.process_now(op.id).await?
                }
                _ => op,
            };
            if let Some((status, note)) = unsettled(&op, false) {
                return Ok(session(status, note));
            }
        }
        let row = store.collection(id)?;
        let Some(remote_id) = row.remote_id.clone() else {
            return Ok(session(&row.status, None));
        };
        let env = self.environment();
        let set = self.credentials(Provider::Mona, env)?;
        let client = self.mona_for(&set).await?;
        let status = match client.get_collection(&remote_id).await {
            Ok(held) => {
                let record = desk_sync::pull::collection_record(held, env);
                let status = record.status.clone();
                store.upsert(&record)?;
                status
            }
            Err(e) => {
                return Ok(session(
                    &row.status,
                    Some(msg!("collection.unreachable", error = e).to_string()),
                ));
            }
        };
        let mut out = session(&status, None);
        if status == "pending_consent" {
            let url = client.sdk_page(ConsentSubject::Collection(&remote_id), APP_ORIGIN)?;
            out.sdk_origin = Some(crate::frames::framed_origin(&url)?);
            out.sdk_url = Some(url.to_string());
        }
        Ok(out)
    }

    /// Cancels a collection pending consent or active: committed as an operation of its own
    /// (no second cancellation while one is on its way) and sent by the engine (queued if Mona
    /// cannot be reached, read back after a doubt). No charge falls due after it.
    pub async fn cancel_collection(&self, id: &str) -> Result<CancelResult> {
        crate::input::text("id", id, 64)?;
        let now = self.now_ms();
        let reference = crate::checkout::reference("CN", now);
        let op = self.store()?.enqueue_cancel(id, &reference, now)?;
        tracing::info!(%reference, "collection cancellation queued");
        let op = self.process_now(op.id).await?;
        self.sync_wake.notify_one();
        let (state, note) = unsettled(&op, true).unwrap_or(("done", None));
        Ok(CancelResult {
            id: id.to_string(),
            reference: op.reference,
            state: state.into(),
            note,
        })
    }
}
