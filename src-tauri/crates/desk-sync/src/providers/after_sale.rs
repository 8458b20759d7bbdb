//! Refunds, captures and voids through the same gateway, each found again only as the
//! contract says (docs/provider-api.md, "After the sale"):
//!
//! - a Monei refund carries the desk's reference; the payment read back lists its refunds
//!   with their references;
//! - a MonEFlow Pay refund is a new credit transaction whose `orderId` is the refund's
//!   reference, found by the same `orderId` lookup as a charge;
//! - a MonEFlow Pay capture or void is a state change of the sale, read back from it: still
//!   `authorized` means it never arrived.
//!
//! Mona documents no refund, and nothing here sends one.

use desk_domain::Provider;
use desk_i18n::{Message, msg};
use desk_providers::moneflow::Transaction;
use desk_providers::monei::{Payment, RefundPayment};
use desk_store::operation::{Capture, Intent, Operation, Void};

use super::{ProviderGateway, gateway_error, missing};
use crate::gateway::{GatewayError, Lookup, Remote, Sent};
use crate::status::moneflow_status;

fn refused(op: &Operation) -> GatewayError {
    GatewayError::Refused(
        match op.provider {
            Provider::Mona => Message::new("sync.mona_no_refund"),
            p => msg!(
                "sync.not_taken",
                provider = p.display_name(),
                kind = op.intent.kind()
            ),
        }
        .to_stored(),
    )
}

/// A held refund, capture or void in the engine's terms.
fn remote(
    op: &Operation,
    remote_id: String,
    status: &str,
    amount: i64,
    currency: String,
) -> Remote {
    Remote {
        remote_id,
        reference: op.reference.clone(),
        status: status.into(),
        amount_minor: amount,
        currency,
        beneficiary: None,
        clabe: None,
        note: None,
    }
}

/// The refunds of a Monei payment held under `op`'s reference.
fn monei_refunds(op: &Operation, p: &Payment) -> Vec<Remote> {
    p.refunds
        .iter()
        .filter(|r| r.reference == op.reference)
        .map(|r| remote(op, r.id.clone(), "refunded", r.amount, p.currency.clone()))
        .collect()
}

/// A MonEFlow credit as a held refund.
fn credit(op: &Operation, t: Transaction) -> Remote {
    let status = if t.status == "settled" {
        "refunded"
    } else {
        "failed"
    };
    remote(op, t.id, status, t.amount, t.currency)
}

/// A MonEFlow sale after a capture or void: `captured` with what it took, `voided`, or what
/// else it is.
fn sale(op: &Operation, t: Transaction) -> Remote {
    let status = moneflow_status(&t.status, &t.intent).status;
    let amount = match status {
        "captured" | "partially_refunded" | "refunded" => t.captured_amount.unwrap_or(t.amount),
        _ => t.amount,
    };
    remote(op, t.id, status, amount, t.currency)
}

impl ProviderGateway {
    /// Sends a refund, capture or void under its own reference.
    pub(super) async fn send_after_sale(&self, op: &Operation) -> Result<Sent, GatewayError> {
        match (&op.intent, op.provider) {
            (Intent::Refund(r), Provider::Monei) => {
                let client = self.monei.as_ref().ok_or_else(|| missing(op.provider))?;
                let body = RefundPayment {
                    amount: r.amount.minor,
                    refund_reason: r.reason.clone(),
                    reference: op.reference.clone(),
                };
                let created = client
                    .refund(&r.payment_remote_id, &body)
                    .await
                    .map_err(gateway_error)?;
                let held = monei_refunds(op, &created.value);
                let Some(first) = held.into_iter().next() else {
                    return Err(GatewayError::Unknown(
                        Message::new("sync.refund_not_listed").to_stored(),
                    ));
                };
                Ok(if created.existed {
                    Sent::AlreadyExisted(first)
                } else {
                    Sent::Created(first)
                })
            }
            (Intent::Refund(r), Provider::Moneflow) => {
                let client = self.moneflow.as_ref().ok_or_else(|| missing(op.provider))?;
                let created = client
                    .refund(&r.payment_remote_id, r.amount.minor, &op.reference)
                    .await
                    .map_err(gateway_error)?;
                Ok(if created.existed {
                    Sent::AlreadyExisted(credit(op, created.value))
                } else {
                    Sent::Created(credit(op, created.value))
                })
            }
            (Intent::Capture(c), Provider::Moneflow) => {
                let client = self.moneflow.as_ref().ok_or_else(|| missing(op.provider))?;
                let t = client
                    .capture(&c.remote_id, c.amount.minor)
                    .await
                    .map_err(gateway_error)?;
                Ok(Sent::Created(sale(op, t)))
            }
            (Intent::Void(v), Provider::Moneflow) => {
                let client = self.moneflow.as_ref().ok_or_else(|| missing(op.provider))?;
                let t = client.void(&v.remote_id).await.map_err(gateway_error)?;
                Ok(Sent::Created(sale(op, t)))
            }
            _ => Err(refused(op)),
        }
    }

    /// What the provider holds of a refund, capture or void whose outcome is unknown.
    pub(super) async fn lookup_after_sale(&self, op: &Operation) -> Result<Lookup, GatewayError> {
        let found = match (&op.intent, op.provider) {
            (Intent::Refund(r), Provider::Monei) => {
                let client = self.monei.as_ref().ok_or_else(|| missing(op.provider))?;
                let p = client
                    .get_payment(&r.payment_remote_id)
                    .await
                    .map_err(gateway_error)?;
                monei_refunds(op, &p)
            }
            (Intent::Refund(_), Provider::Moneflow) => {
                let client = self.moneflow.as_ref().ok_or_else(|| missing(op.provider))?;
                client
                    .find_by_order_id(&op.reference)
                    .await
                    .map_err(gateway_error)?
                    .into_iter()
                    .map(|t| credit(op, t))
                    .collect()
            }
            (
                Intent::Capture(Capture { remote_id, .. }) | Intent::Void(Void { remote_id, .. }),
                Provider::Moneflow,
            ) => {
                let client = self.moneflow.as_ref().ok_or_else(|| missing(op.provider))?;
                let t = client
                    .get_transaction(remote_id)
                    .await
                    .map_err(gateway_error)?;
                // Still authorised: the change never arrived, and may be sent again.
                if t.status == "authorized" {
                    Vec::new()
                } else {
                    vec![sale(op, t)]
                }
            }
            _ => return Err(refused(op)),
        };
        Ok(Lookup::Found(found))
    }
}
