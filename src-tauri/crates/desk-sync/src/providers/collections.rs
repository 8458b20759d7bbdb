//! Mona's collections through the same gateway, each found again only as the contract says
//! (docs/provider-api.md, "Mona", collections):
//!
//! - a collection is created under the desk's reference; a repeated reference answers the
//!   collection Mona holds, and after a doubt `GET /collections?reference=` says whether it
//!   arrived (as a checkout's `GET /pay?reference=`);
//! - a cancellation is a state change of the collection, read back from it: still
//!   `pending_consent` or `active` means it never arrived.

use desk_domain::Provider;
use desk_i18n::msg;
use desk_providers::mona::{Collection, CreateCollection, CustomerDetails, Frequency};
use desk_store::operation::{self, Intent, Operation};

use super::{ProviderGateway, gateway_error, missing, sent};
use crate::gateway::{GatewayError, Lookup, Remote, Sent};
use crate::status::collection_status;

/// A collection as the engine compares it (amount, currency, and for a cancellation its
/// status), its status in Mona's words.
pub(crate) fn collection_remote(c: Collection) -> Remote {
    let read = collection_status(&c.status);
    Remote {
        remote_id: c.collection_id,
        reference: c.reference,
        status: read.status.into(),
        amount_minor: c.amount,
        currency: c.currency,
        beneficiary: None,
        clabe: None,
        note: read.note(Provider::Mona),
    }
}

fn frequency(f: operation::Frequency) -> Frequency {
    match f {
        operation::Frequency::Weekly => Frequency::Weekly,
        operation::Frequency::Monthly => Frequency::Monthly,
    }
}

fn only_mona(op: &Operation) -> Result<(), GatewayError> {
    match op.provider {
        Provider::Mona => Ok(()),
        other => Err(GatewayError::Refused(
            msg!("collection.not_mona", provider = other.display_name()).to_stored(),
        )),
    }
}

impl ProviderGateway {
    /// Creates a collection, or cancels one.
    pub(super) async fn send_collection(&self, op: &Operation) -> Result<Sent, GatewayError> {
        only_mona(op)?;
        let client = self.mona.as_ref().ok_or_else(|| missing(op.provider))?;
        match &op.intent {
            Intent::Collection(c) => {
                let body = CreateCollection {
                    amount: c.amount.minor,
                    currency: c.amount.currency.code().into(),
                    frequency: frequency(c.frequency),
                    reference: op.reference.clone(),
                    description: c.description.clone(),
                    customer: CustomerDetails {
                        id: Some(c.customer_id.clone()),
                        name: c.customer_name.clone(),
                        email: c.customer_email.clone(),
                    },
                };
                let created = client
                    .create_collection(&body)
                    .await
                    .map_err(gateway_error)?;
                Ok(sent(created.map(collection_remote)))
            }
            Intent::Cancel(c) => {
                let held = client
                    .cancel_collection(&c.remote_id)
                    .await
                    .map_err(gateway_error)?;
                // The answer is the collection; the cancellation is held under its own reference.
                Ok(Sent::Created(Remote {
                    reference: op.reference.clone(),
                    ..collection_remote(held)
                }))
            }
            other => Err(GatewayError::Refused(
                msg!("collection.not_a_collection", kind = other.kind()).to_stored(),
            )),
        }
    }

    /// What Mona holds of a collection or cancellation whose outcome is unknown.
    pub(super) async fn lookup_collection(&self, op: &Operation) -> Result<Lookup, GatewayError> {
        only_mona(op)?;
        let client = self.mona.as_ref().ok_or_else(|| missing(op.provider))?;
        let found = match &op.intent {
            Intent::Collection(_) => client
                .find_collections(&op.reference)
                .await
                .map_err(gateway_error)?
                .into_iter()
                .map(collection_remote)
                .collect(),
            Intent::Cancel(c) => {
                let held = client
                    .get_collection(&c.remote_id)
                    .await
                    .map_err(gateway_error)?;
                // Still waiting for consent, or active: the cancellation never arrived.
                if matches!(held.status.as_str(), "pending_consent" | "active") {
                    Vec::new()
                } else {
                    vec![Remote {
                        reference: op.reference.clone(),
                        ..collection_remote(held)
                    }]
                }
            }
            other => {
                return Err(GatewayError::Refused(
                    msg!("collection.not_a_collection", kind = other.kind()).to_stored(),
                ));
            }
        };
        Ok(Lookup::Found(found))
    }
}
