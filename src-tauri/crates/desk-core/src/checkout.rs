//! Checkout: the backend creates the provider's resource with the private key; the UI hosts
//! the provider's SDK page with the public key and the resource id only, then asks the backend
//! for the outcome, which is read from the provider (never taken from the page).

use desk_domain::{Currency, Environment, Money, Provider};
use desk_providers::mona::{CreateTransaction as MonaCreate, Customer};
use desk_providers::moneflow::{CreateTransaction as FlowCreate, PaymentSource};
use desk_providers::monei::CreatePayment;
use desk_store::history::rfc3339;
use desk_store::records::{Record, record_id};
use rand::Rng;

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::sync::normalise_payment;
use crate::views::checkout::{CheckoutRequest, CheckoutResult, CheckoutSession, NonceSubmission};

/// The origin of the app's page, to which the SDK pages post their messages.
const APP_ORIGIN: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

fn reference(prefix: &str, now_ms: i64) -> String {
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
    let tail: String = (0..4)
        .map(|_| {
            char::from(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[rand::thread_rng().gen_range(0..32)])
        })
        .collect();
    format!("{prefix}-{day}-{tail}")
}

fn failure_sentence(reason: &str) -> String {
    match reason {
        "card_declined" | "Declined" => "The card was declined.".into(),
        "insufficient_funds" | "Insufficient funds" => "The card has insufficient funds.".into(),
        "sca_refused" => "The customer did not approve the payment on their device.".into(),
        other => format!("The payment failed ({other})."),
    }
}

fn origin(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

impl Desk {
    /// Creates the provider resource for a checkout and returns what the SDK page needs.
    pub async fn create_checkout(&self, req: CheckoutRequest) -> Result<CheckoutSession> {
        let env = self.environment();
        let currency: Currency = req
            .currency
            .parse()
            .map_err(|_| CoreError::field("currency", "Choose a currency."))?;
        let amount = Money::parse_major(&req.amount, currency)
            .map_err(|e| CoreError::field("amount", e.to_string()))?;
        if amount.minor <= 0 {
            return Err(CoreError::field(
                "amount",
                "The amount must be more than zero.",
            ));
        }
        if req.provider == Provider::Mona && currency != Currency::NGN {
            return Err(CoreError::field(
                "currency",
                "Mona charges in Nigerian naira (NGN).",
            ));
        }
        let description = if req.description.trim().is_empty() {
            "Payment".to_string()
        } else {
            req.description.trim().to_string()
        };
        let customer = (!req.customer_name.trim().is_empty()
            || !req.customer_email.trim().is_empty())
        .then(|| Customer {
            name: req.customer_name.trim().into(),
            email: req.customer_email.trim().into(),
        });
        let now = self.now_ms();
        let set = self.credentials(req.provider, env)?;
        let (kind, reference, remote_id, sdk) = match req.provider {
            Provider::Mona => {
                let client = self.mona_for(&set).await?;
                let reference = reference("MN", now);
                let t = client
                    .create_transaction(&MonaCreate {
                        amount: amount.minor,
                        currency: currency.code().into(),
                        reference: reference.clone(),
                        description: description.clone(),
                        customer: customer.clone(),
                    })
                    .await?;
                let mut url = client
                    .base()
                    .join("sdk/checkout")
                    .map_err(|e| CoreError::Provider(e.to_string()))?;
                url.query_pairs_mut()
                    .append_pair("key", client.public_key())
                    .append_pair("transactionId", &t.transaction_id)
                    .append_pair("parentOrigin", APP_ORIGIN);
                (
                    "checkout",
                    reference,
                    Some(t.transaction_id),
                    Some((url.to_string(), origin(&url))),
                )
            }
            Provider::Moneflow => {
                let client = self.moneflow_for(&set).await?;
                let token = client.client_token().await?;
                let mut url = client
                    .base()
                    .join("sdk/card-fields")
                    .map_err(|e| CoreError::Provider(e.to_string()))?;
                url.query_pairs_mut()
                    .append_pair("clientToken", &token.access_token)
                    .append_pair("parentOrigin", APP_ORIGIN);
                (
                    "checkout",
                    reference("MF", now),
                    None,
                    Some((url.to_string(), origin(&url))),
                )
            }
            Provider::Monei => {
                let client = self.monei_for(&set).await?;
                let reference = reference("ME", now);
                let p = client
                    .create_payment(&CreatePayment {
                        amount: amount.minor,
                        currency: currency.code().into(),
                        order_id: reference.clone(),
                        description: description.clone(),
                        customer: customer.clone(),
                    })
                    .await?;
                ("payment", reference, Some(p.id), None)
            }
            Provider::Monnet => {
                return Err(CoreError::field(
                    "provider",
                    "Monnet sends payouts; use the Payouts screen.",
                ));
            }
        };
        let record = Record {
            provider: req.provider,
            environment: env,
            kind: kind.into(),
            reference: reference.clone(),
            remote_id: remote_id.clone(),
            amount_minor: amount.minor,
            currency: currency.code().into(),
            status: "pending".into(),
            counterparty: customer.map(|c| c.name).unwrap_or_default(),
            description,
            details: serde_json::json!({}),
            created_at: now,
            updated_at: now,
            note: None,
        };
        let (local_id, _) = self.store()?.upsert(&record)?;
        self.audit(&format!(
            "checkout.created {} {reference} {amount}",
            req.provider.as_str()
        ));
        let (sdk_url, sdk_origin) = sdk.map_or((None, None), |(u, o)| (Some(u), Some(o)));
        Ok(CheckoutSession {
            local_id,
            provider: req.provider,
            amount,
            reference,
            resource_id: remote_id,
            sdk_url,
            sdk_origin,
        })
    }

    /// Turns a MonEFlow Pay one-time nonce into a payment.
    pub async fn submit_nonce(&self, sub: NonceSubmission) -> Result<CheckoutResult> {
        let detail = self.history_detail(&sub.local_id)?;
        let item = detail.item;
        if item.provider != Provider::Moneflow {
            return Err(CoreError::field(
                "nonce",
                "Only MonEFlow Pay checkouts take a card nonce.",
            ));
        }
        if !sub.nonce.starts_with("nonce_") {
            return Err(CoreError::field(
                "nonce",
                "The card fields did not return a valid nonce.",
            ));
        }
        let client = self
            .moneflow_for(&self.credentials(Provider::Moneflow, item.environment)?)
            .await?;
        let t = client
            .create_transaction(&FlowCreate {
                source: PaymentSource::Nonce(sub.nonce),
                amount: item.amount.minor,
                currency: item.amount.currency.code().into(),
                order_id: item.reference.clone(),
                vault: false,
                customer_id: None,
            })
            .await?;
        let card = format!("{} •••• {}", t.card.brand, t.card.last4);
        let status = normalise_payment(&t.status);
        let failure = (status == "failed").then(|| failure_sentence(&t.response_message));
        self.record_outcome(
            &item.id,
            item.environment,
            Provider::Moneflow,
            &item.reference,
            &t.id,
            status,
            failure.clone(),
            Some(card.clone()),
        )?;
        Ok(CheckoutResult {
            local_id: item.id,
            provider: Provider::Moneflow,
            amount: item.amount,
            reference: item.reference,
            remote_id: Some(t.id),
            status: status.into(),
            failure,
            card: Some(card),
            completed_at: rfc3339(self.now_ms()),
        })
    }

    /// Reads a checkout's outcome from the provider and records it.
    pub async fn checkout_status(&self, local_id: &str) -> Result<CheckoutResult> {
        let item = self.history_detail(local_id)?.item;
        let env = item.environment;
        let Some(remote_id) = item.remote_id.clone() else {
            return Ok(CheckoutResult {
                local_id: item.id,
                provider: item.provider,
                amount: item.amount,
                reference: item.reference,
                remote_id: None,
                status: "pending".into(),
                failure: None,
                card: None,
                completed_at: item.updated_at,
            });
        };
        let set = self.credentials(item.provider, env)?;
        let (status, reason, card) = match item.provider {
            Provider::Mona => {
                let t = self
                    .mona_for(&set)
                    .await?
                    .get_transaction(&remote_id)
                    .await?;
                (normalise_payment(&t.status), t.failure_reason, None)
            }
            Provider::Monei => {
                let p = self.monei_for(&set).await?.get_payment(&remote_id).await?;
                (normalise_payment(&p.status), p.status_reason, None)
            }
            Provider::Moneflow => {
                let t = self
                    .moneflow_for(&set)
                    .await?
                    .get_transaction(&remote_id)
                    .await?;
                (
                    normalise_payment(&t.status),
                    Some(t.response_message),
                    Some(format!("{} •••• {}", t.card.brand, t.card.last4)),
                )
            }
            Provider::Monnet => {
                return Err(CoreError::field("id", "That is a payout, not a checkout."));
            }
        };
        let failure =
            (status == "failed").then(|| failure_sentence(reason.as_deref().unwrap_or("unknown")));
        self.record_outcome(
            &item.id,
            env,
            item.provider,
            &item.reference,
            &remote_id,
            status,
            failure.clone(),
            card.clone(),
        )?;
        Ok(CheckoutResult {
            local_id: item.id,
            provider: item.provider,
            amount: item.amount,
            reference: item.reference,
            remote_id: Some(remote_id),
            status: status.into(),
            failure,
            card,
            completed_at: rfc3339(self.now_ms()),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn record_outcome(
        &self,
        id: &str,
        env: Environment,
        provider: Provider,
        reference: &str,
        remote_id: &str,
        status: &str,
        failure: Option<String>,
        card: Option<String>,
    ) -> Result<()> {
        let store = self.store()?;
        let current = store.detail(id)?.item;
        let kind = current.kind.clone();
        debug_assert_eq!(record_id(provider, env, &kind, reference), id);
        store.upsert(&Record {
            provider,
            environment: env,
            kind,
            reference: reference.into(),
            remote_id: Some(remote_id.into()),
            amount_minor: current.amount.minor,
            currency: current.amount.currency.code().into(),
            status: status.into(),
            counterparty: current.counterparty,
            description: current.description,
            details: serde_json::json!({ "card": card }),
            created_at: 0,
            updated_at: self.now_ms(),
            note: failure,
        })?;
        Ok(())
    }
}
