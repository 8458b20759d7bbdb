//! The gateway over the four providers' clients: each operation goes to its provider, and is
//! found again only through what that provider's contract offers (docs/provider-api.md).
//! What follows a sale (refunds, captures, voids) is in [`after_sale`]; Mona's collections
//! and their cancellations in [`collections`].

mod after_sale;
mod collections;

use std::time::Duration;

use desk_domain::Provider;
use desk_i18n::{Message, msg};
use desk_providers::mona::{
    CreateTransaction as MonaCreate, Customer, MonaClient, Transaction as MonaTransaction,
};
use desk_providers::moneflow::{
    CreateTransaction as FlowCreate, MoneflowClient, PaymentSource, Transaction as FlowTransaction,
};
use desk_providers::monei::{CreatePayment, MoneiClient, Payment as MoneiPayment};
use desk_providers::monnet::{MonnetClient, Payout};
use desk_providers::{Created, ProviderError};
use desk_store::operation::{CardUse, Charge, ChargeIntent, Intent, Operation};

use crate::gateway::{Gateway, GatewayError, Lookup, Remote, Sent};
use crate::status::{payment_status, payout_status};

/// How long Monnet asks a merchant to wait before resending an orderId whose outcome is
/// unknown (its documentation: resend after 30 s with the same orderId).
pub const MONNET_RESEND_WAIT: Duration = Duration::from_secs(30);

/// The clients the merchant has credentials for; an operation for a provider without one
/// waits in the outbox.
#[derive(Default)]
pub struct ProviderGateway {
    /// Mona, if set up.
    pub mona: Option<MonaClient>,
    /// Monei, if set up.
    pub monei: Option<MoneiClient>,
    /// MonEFlow Pay, if set up.
    pub moneflow: Option<MoneflowClient>,
    /// Monnet, if set up.
    pub monnet: Option<MonnetClient>,
}

/// A provider call's failure in the engine's terms.
pub fn gateway_error(e: ProviderError) -> GatewayError {
    match e {
        ProviderError::Unreachable(m) => GatewayError::NotSent {
            reason: m,
            retry_after: None,
        },
        ProviderError::RateLimited { retry_after } => GatewayError::NotSent {
            reason: Message::new("sync.rate_limited").to_stored(),
            retry_after: Some(retry_after),
        },
        ProviderError::UnknownOutcome(m) | ProviderError::Decode(m) => GatewayError::Unknown(m),
        // A refused timestamp (Monnet 1002, 1003) is the clock, not the keys: nothing was made.
        e if e.clock_refused() => GatewayError::NotSent {
            reason: e.message().to_stored(),
            retry_after: None,
        },
        ProviderError::Rejected { status: 401, .. } => GatewayError::NotSent {
            reason: Message::new("sync.credentials_refused").to_stored(),
            retry_after: None,
        },
        other => GatewayError::Refused(other.message().to_stored()),
    }
}

pub(crate) fn missing(provider: Provider) -> GatewayError {
    GatewayError::NotSent {
        reason: msg!("sync.not_set_up", provider = provider.display_name()).to_stored(),
        retry_after: None,
    }
}

fn charge_of(op: &Operation) -> Result<&Charge, GatewayError> {
    match &op.intent {
        Intent::Charge(c) => Ok(c),
        other => Err(GatewayError::Refused(
            msg!("sync.not_a_charge", kind = other.kind()).to_stored(),
        )),
    }
}

fn customer(c: &Charge) -> Option<Customer> {
    (!c.customer_name.is_empty() || !c.customer_email.is_empty()).then(|| Customer {
        name: c.customer_name.clone(),
        email: c.customer_email.clone(),
    })
}

pub(crate) fn sent(created: Created<Remote>) -> Sent {
    if created.existed {
        Sent::AlreadyExisted(created.value)
    } else {
        Sent::Created(created.value)
    }
}

/// A payment as its provider holds it; `status` is the provider's word (for MonEFlow Pay, a
/// sale's, whose intent does not matter to a charge's comparison).
fn remote_payment(
    provider: Provider,
    id: String,
    reference: String,
    status: &str,
    amount: i64,
    currency: String,
    note: Option<String>,
) -> Remote {
    let read = payment_status(provider, status, "sale");
    Remote {
        remote_id: id,
        reference,
        status: read.status.into(),
        amount_minor: amount,
        currency,
        beneficiary: None,
        clabe: None,
        note: read.stored_note_or(provider, note),
    }
}

/// A Mona transaction as the engine compares it.
fn mona_remote(t: MonaTransaction) -> Remote {
    remote_payment(
        Provider::Mona,
        t.transaction_id,
        t.reference,
        &t.status,
        t.amount,
        t.currency,
        t.failure_reason,
    )
}

/// A Monei payment as the engine compares it.
fn monei_remote(p: MoneiPayment) -> Remote {
    remote_payment(
        Provider::Monei,
        p.id,
        p.order_id,
        &p.status,
        p.amount,
        p.currency,
        p.status_reason,
    )
}

/// A MonEFlow Pay sale as the engine compares it, read with `intent` (a sale's or an
/// authorisation's); the gateway's response message is the note of a refusal.
fn moneflow_remote(t: FlowTransaction, intent: &str) -> Remote {
    let note = (t.response_code != "10000").then_some(t.response_message);
    let read = payment_status(Provider::Moneflow, &t.status, intent);
    Remote {
        remote_id: t.id,
        reference: t.order_id,
        status: read.status.into(),
        amount_minor: t.amount,
        currency: t.currency,
        beneficiary: None,
        clabe: None,
        note: read.stored_note_or(Provider::Moneflow, note),
    }
}

fn remote_payout(p: Payout) -> Remote {
    // Just created or resent: the desk has not seen it paid.
    let read = payout_status(&p.status, p.error_code, false);
    Remote {
        remote_id: p.id.to_string(),
        reference: p.order_id,
        status: read.status.into(),
        amount_minor: p.amount,
        currency: p.currency,
        beneficiary: p.beneficiary,
        clabe: None,
        note: read.stored_note_or(Provider::Monnet, p.error_message),
    }
}

impl ProviderGateway {
    async fn send_charge(&self, op: &Operation) -> Result<Sent, GatewayError> {
        let c = charge_of(op)?;
        let r = op.reference.clone();
        let (amount, currency) = (c.amount.minor, c.amount.currency.code().to_string());
        Ok(match op.provider {
            Provider::Mona => {
                let client = self.mona.as_ref().ok_or_else(|| missing(op.provider))?;
                let body = MonaCreate {
                    amount,
                    currency,
                    reference: r,
                    description: c.description.clone(),
                    customer: customer(c),
                };
                let created = match &c.customer {
                    Some(who) => client.create_transaction_for_customer(&body, &who.id).await,
                    None => client.create_transaction(&body).await,
                }
                .map_err(gateway_error)?;
                sent(created.map(mona_remote))
            }
            Provider::Monei => {
                let client = self.monei.as_ref().ok_or_else(|| missing(op.provider))?;
                let created = client
                    .create_payment(&CreatePayment {
                        amount,
                        currency,
                        order_id: r,
                        description: c.description.clone(),
                        customer: customer(c),
                    })
                    .await
                    .map_err(gateway_error)?;
                sent(created.map(monei_remote))
            }
            Provider::Moneflow => {
                let client = self.moneflow.as_ref().ok_or_else(|| missing(op.provider))?;
                // A nonce from the card page (the card saved with it only when the customer
                // ticked the box), or a saved card's token with no card page: the same sale
                // under the same orderId, found again by the same lookup.
                let card = c.customer.as_ref().map(|who| &who.card);
                let source = match (c.nonce.clone(), card) {
                    (Some(nonce), _) => PaymentSource::Nonce(nonce),
                    (None, Some(CardUse::Saved { token })) => PaymentSource::Vaulted(token.clone()),
                    (None, _) => {
                        return Err(GatewayError::Refused(
                            Message::new("sync.no_card_nonce").to_stored(),
                        ));
                    }
                };
                let created = client
                    .create_transaction(&FlowCreate {
                        vault: matches!(source, PaymentSource::Nonce(_))
                            && card == Some(&CardUse::Save),
                        source,
                        amount,
                        currency,
                        order_id: r,
                        customer_id: c.customer.as_ref().map(|who| who.id.clone()),
                        authorize: c.intent == ChargeIntent::Authorize,
                    })
                    .await
                    .map_err(gateway_error)?;
                sent(created.map(|t| {
                    let intent = t.intent.clone();
                    moneflow_remote(t, &intent)
                }))
            }
            Provider::Monnet => {
                return Err(GatewayError::Refused(
                    Message::new("sync.monnet_no_charges").to_stored(),
                ));
            }
        })
    }
}

impl Gateway for ProviderGateway {
    async fn send(&self, op: &Operation) -> Result<Sent, GatewayError> {
        match (&op.intent, op.provider) {
            (Intent::Payout(payout), Provider::Monnet) => {
                let client = self.monnet.as_ref().ok_or_else(|| missing(op.provider))?;
                match client.create_payout(payout).await {
                    Ok(created) => Ok(sent(created.map(remote_payout))),
                    Err(ProviderError::DuplicateReference) => Ok(Sent::DuplicateReference),
                    Err(e) => Err(gateway_error(e)),
                }
            }
            (Intent::Payout(_), _) => Err(GatewayError::Refused(
                msg!("sync.no_payouts", provider = op.provider.display_name()).to_stored(),
            )),
            (Intent::Charge(_), _) => self.send_charge(op).await,
            (Intent::Refund(_) | Intent::Capture(_) | Intent::Void(_), _) => {
                self.send_after_sale(op).await
            }
            (Intent::Collection(_) | Intent::Cancel(_), _) => self.send_collection(op).await,
        }
    }

    async fn lookup(&self, op: &Operation) -> Result<Lookup, GatewayError> {
        if matches!(op.intent, Intent::Collection(_) | Intent::Cancel(_)) {
            return self.lookup_collection(op).await;
        }
        if op.intent.payment_record().is_some() {
            return self.lookup_after_sale(op).await;
        }
        let r = &op.reference;
        let found = match op.provider {
            // Monnet documents no lookup: its answer to a resend under the same orderId is
            // the only way to learn whether the first went through.
            Provider::Monnet => {
                return Ok(Lookup::ResendToLearn {
                    wait: MONNET_RESEND_WAIT,
                });
            }
            Provider::Mona => {
                let client = self.mona.as_ref().ok_or_else(|| missing(op.provider))?;
                client
                    .find_by_reference(r)
                    .await
                    .map_err(gateway_error)?
                    .into_iter()
                    .map(mona_remote)
                    .collect()
            }
            Provider::Monei => {
                let client = self.monei.as_ref().ok_or_else(|| missing(op.provider))?;
                client
                    .find_by_order_id(r)
                    .await
                    .map_err(gateway_error)?
                    .into_iter()
                    .map(monei_remote)
                    .collect()
            }
            Provider::Moneflow => {
                let client = self.moneflow.as_ref().ok_or_else(|| missing(op.provider))?;
                client
                    .find_by_order_id(r)
                    .await
                    .map_err(gateway_error)?
                    .into_iter()
                    // A charge is compared on amount and outcome: a sale's reading serves.
                    .map(|t| moneflow_remote(t, "sale"))
                    .collect()
            }
        };
        Ok(Lookup::Found(found))
    }
}
