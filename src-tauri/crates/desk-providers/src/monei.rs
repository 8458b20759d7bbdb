//! Monei: `x-api-key` with `sk_test_…` (sandbox) or `sk_live_…` (production). A payment is
//! created here with the key and completed by its customer on MONEI's payment page, whose
//! address the payment's `nextAction.redirectUrl` gives ([`MoneiClient::payment_page`]).

use std::sync::Arc;

use desk_domain::{Environment, Provider, Secret};
use desk_i18n::{Message, msg};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::created::Created;
use crate::env::{KeyKind, check_key};
use crate::error::{ProviderError, Result};
use crate::http::{GET, Http, POST};
use crate::mona::Customer;
use crate::ratelimit::{EndpointClass, RateLimiter};

/// The origin of MONEI's hosted payment page, for the API at [`API_ORIGIN`].
pub const PAGE_ORIGIN: &str = "https://secure.monei.com";

/// The origin of MONEI's API.
pub const API_ORIGIN: &str = "https://api.monei.com";

/// `POST /v1/payments`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayment {
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Merchant reference; a repeat returns the existing payment (contract).
    pub order_id: String,
    /// Description.
    pub description: String,
    /// Customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
}

/// A Monei payment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// Id.
    pub id: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Reference.
    pub order_id: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Customer's name, when given.
    #[serde(default)]
    pub customer_name: String,
    /// `PENDING`, `SUCCEEDED`, `FAILED`, `CANCELED`, `PARTIALLY_REFUNDED`, `REFUNDED`.
    pub status: String,
    /// What refunds gave back so far.
    #[serde(default)]
    pub refunded_amount: i64,
    /// The refunds, oldest first, each with the reference it was sent under.
    #[serde(default)]
    pub refunds: Vec<Refund>,
    /// Why, when failed.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// Created.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// What the customer must do next (the payment page), while `PENDING`.
    #[serde(default)]
    pub next_action: Option<NextAction>,
    /// How it was paid, once the customer paid.
    #[serde(default)]
    pub payment_method: Option<PaymentMethod>,
}

/// A payment's next step: `CONFIRM` on the payment page at `redirect_url`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct NextAction {
    /// `CONFIRM` (the customer pays on the page).
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the customer must be redirected (rather than framed).
    #[serde(default)]
    pub must_redirect: bool,
    /// The payment page.
    #[serde(default)]
    pub redirect_url: Option<String>,
}

/// How a payment was paid.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    /// `card`, …
    pub method: String,
    /// The card, for a card payment.
    #[serde(default)]
    pub card: Option<CardSummary>,
}

/// A card as MONEI shows it: brand and last four digits.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CardSummary {
    /// `visa`, `Visa`, …
    #[serde(default)]
    pub brand: String,
    /// Last four digits.
    #[serde(default)]
    pub last4: String,
}

/// A refund as the payment read back lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    /// Id.
    pub id: String,
    /// The desk's reference for this refund (contract).
    pub reference: String,
    /// Minor units.
    pub amount: i64,
    /// `requested_by_customer`, `duplicated`, `fraudulent`.
    #[serde(default)]
    pub reason: String,
    /// Created.
    pub created_at: String,
}

/// `POST /v1/payments/{id}/refund`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RefundPayment {
    /// Minor units.
    pub amount: i64,
    /// `requested_by_customer`, `duplicated`, `fraudulent`.
    pub refund_reason: String,
    /// The desk's own reference for this refund (contract): a repeat answers 200 with the
    /// payment unchanged.
    pub reference: String,
}

/// A page of payments.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentList {
    /// Rows.
    pub data: Vec<Payment>,
    /// Next page.
    pub next_cursor: Option<String>,
}

/// Calls to Monei.
#[derive(Clone)]
pub struct MoneiClient {
    http: Http,
    api_key: Secret,
}

impl MoneiClient {
    /// A client; the key is checked against `env` first.
    pub fn new(
        base: Url,
        env: Environment,
        api_key: Secret,
        limiter: Arc<RateLimiter>,
    ) -> Result<Self> {
        check_key(KeyKind::Monei, api_key.expose(), env)?;
        Ok(Self {
            http: Http::new(Provider::Monei, base, limiter)?,
            api_key,
        })
    }

    fn req(&self, method: reqwest::Method, path: &str) -> Result<reqwest::RequestBuilder> {
        Ok(self
            .http
            .request(method, path)?
            .header("x-api-key", self.api_key.expose()))
    }

    /// The origin the payment page must come from: MONEI's page for MONEI's API, else where
    /// the API's pages are framed from ([`crate::env::page_base`]: the embedded sandbox
    /// serves its page itself, the production rehearsal from its frame listener).
    pub fn page_origin(&self) -> String {
        let api = self.http.base().origin().ascii_serialization();
        if api == API_ORIGIN {
            PAGE_ORIGIN.into()
        } else {
            crate::env::page_base(self.http.base())
                .origin()
                .ascii_serialization()
        }
    }

    /// The page where the customer pays `payment`: its `nextAction.redirectUrl` while it is
    /// `PENDING`, `None` once nothing is left to do. A page at another origin than
    /// [`page_origin`](Self::page_origin) is refused: the desk frames no other page.
    pub fn payment_page(&self, payment: &Payment) -> Result<Option<Url>> {
        let Some(url) = payment
            .next_action
            .as_ref()
            .filter(|_| payment.status == "PENDING")
            .filter(|a| a.kind == "CONFIRM")
            .and_then(|a| a.redirect_url.as_deref())
        else {
            return Ok(None);
        };
        let url = Url::parse(url).map_err(|_| {
            ProviderError::Decode(Message::new("provider.page_not_a_url").to_string())
        })?;
        if url.origin().ascii_serialization() != self.page_origin() {
            return Err(ProviderError::Decode(
                msg!("provider.page_elsewhere", origin = self.page_origin()).to_string(),
            ));
        }
        Ok(Some(url))
    }

    /// Verifies the key (an authentication-class request).
    pub async fn verify(&self) -> Result<serde_json::Value> {
        self.http
            .send_json(EndpointClass::Auth, true, || self.req(GET, "/v1/account"))
            .await
    }

    /// Creates a payment; sent once, never retried. A repeated `orderId` answers 200 with
    /// the existing payment (`existed: true`; contract: MONEI documents no idempotency).
    pub async fn create_payment(&self, body: &CreatePayment) -> Result<Created<Payment>> {
        self.http
            .send_created(|| Ok(self.req(POST, "/v1/payments")?.json(body)))
            .await
    }

    /// Refunds (part of) a payment under the refund's own reference; sent once, never
    /// retried. A reference the payment already lists answers 200 with the payment
    /// (`existed: true`, contract). The refund is found again in the payment read back
    /// ([`get_payment`](Self::get_payment), `refunds[].reference`).
    pub async fn refund(&self, id: &str, body: &RefundPayment) -> Result<Created<Payment>> {
        let path = format!("/v1/payments/{id}/refund");
        self.http
            .send_created(|| Ok(self.req(POST, &path)?.json(body)))
            .await
    }

    /// The payments holding `order_id`, oldest first (`GET /v1/payments?orderId=`, contract):
    /// empty if Monei never received it. What to read after an unknown outcome, before any
    /// resend. MONEI's public REST API has no list: before going live, point this at MONEI's
    /// GraphQL API (`charges` filtered by `orderId`), see `docs/provider-api.md`.
    pub async fn find_by_order_id(&self, order_id: &str) -> Result<Vec<Payment>> {
        let q = [("orderId", order_id)];
        let list: PaymentList = self
            .http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/v1/payments")?.query(&q))
            })
            .await?;
        Ok(list
            .data
            .into_iter()
            .filter(|p| p.order_id == order_id)
            .collect())
    }

    /// Reads a payment.
    pub async fn get_payment(&self, id: &str) -> Result<Payment> {
        let path = format!("/v1/payments/{id}");
        self.http
            .send_json(EndpointClass::Read, true, || self.req(GET, &path))
            .await
    }

    /// Payments changed since `updated_since`.
    pub async fn list_payments(
        &self,
        updated_since: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<PaymentList> {
        let mut q = vec![("limit", "200".to_string())];
        if let Some(s) = updated_since {
            q.push(("updated_since", s.to_string()));
        }
        if let Some(c) = cursor {
            q.push(("cursor", c.to_string()));
        }
        self.http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/v1/payments")?.query(&q))
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment(status: &str, redirect: &str) -> Payment {
        serde_json::from_value(serde_json::json!({
            "id": "pay_1", "amount": 100, "currency": "EUR", "orderId": "ME-1",
            "status": status, "createdAt": "", "updatedAt": "",
            "nextAction": {"type": "CONFIRM", "redirectUrl": redirect},
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn client(base: &str) -> MoneiClient {
        MoneiClient::new(
            Url::parse(base).unwrap_or_else(|e| panic!("{e}")),
            Environment::Sandbox,
            Secret::new("sk_test_abcdefgh1234"),
            Arc::new(RateLimiter::default()),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_payment_page_must_come_from_moneis_page_origin() {
        let monei = client("https://api.monei.com/");
        assert_eq!(monei.page_origin(), PAGE_ORIGIN);
        let page = monei.payment_page(&payment(
            "PENDING",
            "https://secure.monei.com/payments/pay_1",
        ));
        assert_eq!(
            page.ok().flatten().map(|u| u.to_string()).as_deref(),
            Some("https://secure.monei.com/payments/pay_1")
        );
        for elsewhere in [
            "https://evil.example/payments/pay_1",
            "http://secure.monei.com/payments/pay_1",
            "https://api.monei.com/payments/pay_1",
        ] {
            assert!(
                monei.payment_page(&payment("PENDING", elsewhere)).is_err(),
                "{elsewhere}"
            );
        }
        let sandbox = client("http://127.0.0.1:4101/");
        assert_eq!(sandbox.page_origin(), "http://127.0.0.1:4101");
        assert!(
            sandbox
                .payment_page(&payment(
                    "PENDING",
                    "https://secure.monei.com/payments/pay_1"
                ))
                .is_err()
        );
        assert_eq!(
            sandbox
                .payment_page(&payment(
                    "SUCCEEDED",
                    "http://127.0.0.1:4101/payments/pay_1"
                ))
                .ok()
                .flatten(),
            None,
            "a completed payment has no page"
        );
    }
}
