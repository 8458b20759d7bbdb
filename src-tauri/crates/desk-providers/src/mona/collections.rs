//! Mona's collections and verifications (docs/provider-api.md, "Mona" and "Customers, vault,
//! collections, verification"): the desk creates them for a customer with the private key, the
//! customer answers in Mona's SDK page with SCA, and the desk reads them back. A collection's
//! charges are ordinary Mona transactions with `collection_id` set, brought by
//! [`MonaClient::list_transactions`].

use serde::{Deserialize, Serialize};
use url::Url;

use super::MonaClient;
use crate::created::Created;
use crate::error::{ProviderError, Result};
use crate::http::{GET, POST};
use crate::ratelimit::EndpointClass;

/// How often a collection charges: every 7 days, or on the same day of each calendar month.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    /// Every 7 days from the consent.
    Weekly,
    /// The same day of each month from the consent (held to the month's last day).
    Monthly,
}

/// The customer a collection or verification is for: the desk's customer id (`cus_…`, see
/// [`crate::customer_id`]), name and email. Mona binds the customer's consents to the device
/// registered for this email.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct CustomerDetails {
    /// The desk's customer id; `None` only on records made without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Email (required to create).
    #[serde(default)]
    pub email: String,
}

/// `POST /collections`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CreateCollection {
    /// Kobo per charge.
    pub amount: i64,
    /// `NGN`.
    pub currency: String,
    /// Weekly or monthly.
    pub frequency: Frequency,
    /// The desk's reference; a repeat answers the existing collection. Its charges are
    /// `<reference>-<n>`.
    pub reference: String,
    /// What the customer sees.
    pub description: String,
    /// Who pays.
    pub customer: CustomerDetails,
}

/// A collection: `pending_consent` until the customer answers in the SDK page, then `active`
/// or `refused`; `cancelled` once cancelled. Statuses are kept as Mona's words.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    /// Handed to the SDK page.
    pub collection_id: String,
    /// The desk's reference.
    pub reference: String,
    /// Kobo per charge.
    #[serde(default)]
    pub amount: i64,
    /// Currency.
    #[serde(default)]
    pub currency: String,
    /// `weekly` or `monthly` (Mona's word).
    #[serde(default)]
    pub frequency: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// The customer.
    #[serde(default)]
    pub customer: CustomerDetails,
    /// `pending_consent`, `active`, `refused`, `cancelled`.
    pub status: String,
    /// When the customer approved it (the first charge was taken then).
    #[serde(default)]
    pub consented_at: Option<String>,
    /// When it was cancelled.
    #[serde(default)]
    pub cancelled_at: Option<String>,
    /// When the next charge falls due, while active.
    #[serde(default)]
    pub next_charge_at: Option<String>,
    /// Created.
    #[serde(default)]
    pub created_at: String,
    /// Last status change.
    #[serde(default)]
    pub updated_at: String,
}

/// A page of collections.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionList {
    /// Rows, by `(updatedAt, collectionId)`.
    pub data: Vec<Collection>,
    /// Next page.
    pub next_cursor: Option<String>,
}

/// A verification: `pending` until the customer answers in the SDK page, then `verified`
/// (confirmed with their registered device) or `failed` ("this is not me").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// Handed to the SDK page.
    pub verification_id: String,
    /// The desk's reference.
    pub reference: String,
    /// The customer.
    #[serde(default)]
    pub customer: CustomerDetails,
    /// `pending`, `verified`, `failed`.
    pub status: String,
    /// Created.
    #[serde(default)]
    pub created_at: String,
    /// Last status change.
    #[serde(default)]
    pub updated_at: String,
}

/// What a Mona SDK page asks the customer to consent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentSubject<'a> {
    /// Pay a checkout transaction.
    Transaction(&'a str),
    /// Approve (or refuse) a collection.
    Collection(&'a str),
    /// Confirm (or deny) a verification.
    Verification(&'a str),
}

#[derive(Deserialize)]
struct Listed<T> {
    data: Vec<T>,
}

impl MonaClient {
    /// The SDK page to frame for `subject` (`…/sdk/checkout?key=<public key>&<id>&parentOrigin=`):
    /// public values only. The page posts `{source: "mona-sdk", type, …}` to `parent_origin`
    /// when the customer answered; the outcome is read back (`get_*`), never from the message.
    pub fn sdk_page(&self, subject: ConsentSubject<'_>, parent_origin: &str) -> Result<Url> {
        let (field, id) = match subject {
            ConsentSubject::Transaction(id) => ("transactionId", id),
            ConsentSubject::Collection(id) => ("collectionId", id),
            ConsentSubject::Verification(id) => ("verificationId", id),
        };
        let mut url = crate::env::page_base(self.base())
            .join("sdk/checkout")
            .map_err(|e| ProviderError::Decode(format!("bad SDK page URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("key", self.public_key())
            .append_pair(field, id)
            .append_pair("parentOrigin", parent_origin);
        Ok(url)
    }

    /// Creates a collection for a customer (`POST /collections`); sent once, never retried. A
    /// repeated reference answers 200 with the existing one (`existed: true`). After an
    /// unknown outcome, look the reference up ([`find_collections`](Self::find_collections))
    /// before any resend.
    pub async fn create_collection(&self, body: &CreateCollection) -> Result<Created<Collection>> {
        self.http
            .send_created(|| Ok(self.req(POST, "/collections")?.json(body)))
            .await
    }

    /// The collections holding `reference`, oldest first (`GET /collections?reference=`):
    /// empty if Mona never received it.
    pub async fn find_collections(&self, reference: &str) -> Result<Vec<Collection>> {
        let q = [("reference", reference)];
        let list: Listed<Collection> = self
            .http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/collections")?.query(&q))
            })
            .await?;
        Ok(list
            .data
            .into_iter()
            .filter(|c| c.reference == reference)
            .collect())
    }

    /// Reads a collection.
    pub async fn get_collection(&self, id: &str) -> Result<Collection> {
        let path = format!("/collections/{id}");
        self.http
            .send_json(EndpointClass::Read, true, || self.req(GET, &path))
            .await
    }

    /// Collections changed since `updated_since` (`GET /collections?updated_since=`), a page
    /// at a time from `cursor`.
    pub async fn list_collections(
        &self,
        updated_since: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<CollectionList> {
        let mut q = vec![("limit", "200".to_string())];
        if let Some(s) = updated_since {
            q.push(("updated_since", s.to_string()));
        }
        if let Some(c) = cursor {
            q.push(("cursor", c.to_string()));
        }
        self.http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/collections")?.query(&q))
            })
            .await
    }

    /// Cancels a pending or active collection (`POST /collections/{id}/cancel`): no charge falls
    /// due after it. Sent once; a collection that cannot be cancelled (refused, cancelled) is
    /// [`ProviderError::Rejected`] 409 `conflict`. After an unknown outcome, read it back:
    /// `cancelled` means it arrived.
    pub async fn cancel_collection(&self, id: &str) -> Result<Collection> {
        let path = format!("/collections/{id}/cancel");
        self.http
            .send_json(EndpointClass::Write, false, || {
                Ok(self.req(POST, &path)?.json(&serde_json::json!({})))
            })
            .await
    }

    /// Creates a verification for a customer (`POST /verifications`); sent once. A repeated
    /// reference answers 200 with the existing one (`existed: true`).
    pub async fn create_verification(
        &self,
        reference: &str,
        customer: &CustomerDetails,
    ) -> Result<Created<Verification>> {
        let body = serde_json::json!({ "reference": reference, "customer": customer });
        self.http
            .send_created(|| Ok(self.req(POST, "/verifications")?.json(&body)))
            .await
    }

    /// Reads a verification.
    pub async fn get_verification(&self, id: &str) -> Result<Verification> {
        let path = format!("/verifications/{id}");
        self.http
            .send_json(EndpointClass::Read, true, || self.req(GET, &path))
            .await
    }
}
