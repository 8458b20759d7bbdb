//! MonEFlow Pay's Vault (docs/provider-api.md, "MonEFlow Pay" and "Customers, vault,
//! collections, verification"): the card page that may offer to save the card, and the saved
//! cards (payment methods) of a customer: save, list, read, remove. Charging a saved card is a
//! sale ([`CreateTransaction::saved_card`](super::CreateTransaction::saved_card)).

use serde::{Deserialize, Serialize};
use url::Url;

use super::{Card, MoneflowClient};
use crate::error::{ProviderError, Result};
use crate::http::{GET, POST};
use crate::ratelimit::EndpointClass;

/// A saved card (a payment method in the Vault).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    /// The token a sale charges.
    pub token: String,
    /// The desk's customer id it is saved for.
    #[serde(default)]
    pub customer_id: String,
    /// Brand and last four digits.
    pub card: Card,
    /// Cardholder's name, when given.
    #[serde(default)]
    pub holder_name: String,
    /// Saved.
    #[serde(default)]
    pub created_at: String,
}

#[derive(Deserialize)]
struct Listed {
    data: Vec<PaymentMethod>,
}

impl MoneflowClient {
    /// The card page to frame (`…/sdk/card-fields?clientToken=…&parentOrigin=…`), with
    /// `&vault=offer` when `offer_vault`: the page then shows an unticked "Save this card for
    /// next time" box, and its `nonce` message carries the customer's choice (`vaultConsent`).
    pub fn card_fields_page(
        &self,
        client_token: &str,
        offer_vault: bool,
        parent_origin: &str,
    ) -> Result<Url> {
        let mut url = crate::env::page_base(self.base())
            .join("sdk/card-fields")
            .map_err(|e| ProviderError::Decode(format!("bad SDK page URL: {e}")))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("clientToken", client_token);
            if offer_vault {
                q.append_pair("vault", "offer");
            }
            q.append_pair("parentOrigin", parent_origin);
        }
        Ok(url)
    }

    /// Saves the card behind a nonce for `customer_id` without charging it
    /// (`POST …/payment_methods`); the nonce must carry the customer's consent (otherwise 422
    /// `vault_consent_missing`). Sent once; it has no reference, so after an unknown outcome
    /// list the customer's cards before trying again. The desk saves cards through the sale
    /// instead ([`CreateTransaction::saving_card`](super::CreateTransaction::saving_card)).
    pub async fn vault_payment_method(
        &self,
        nonce: &str,
        customer_id: &str,
    ) -> Result<PaymentMethod> {
        let body = serde_json::json!({ "paymentNonce": nonce, "customerId": customer_id });
        self.http
            .send_json(EndpointClass::Write, false, || {
                Ok(self.req(POST, "/payment_methods")?.json(&body))
            })
            .await
    }

    /// The customer's saved cards, oldest first (`GET …/payment_methods?customerId=`).
    pub async fn list_payment_methods(&self, customer_id: &str) -> Result<Vec<PaymentMethod>> {
        let q = [("customerId", customer_id)];
        let list: Listed = self
            .http
            .send_json(EndpointClass::Read, true, || {
                Ok(self.req(GET, "/payment_methods")?.query(&q))
            })
            .await?;
        Ok(list.data)
    }

    /// Reads a saved card; a removed or unknown token is [`ProviderError::Rejected`] 404.
    pub async fn get_payment_method(&self, token: &str) -> Result<PaymentMethod> {
        let rest = format!("/payment_methods/{token}");
        self.http
            .send_json(EndpointClass::Read, true, || self.req(GET, &rest))
            .await
    }

    /// Removes a saved card (`DELETE …/payment_methods/{token}`): `Ok(())` once it is gone,
    /// whether removed now (204) or already (404: removed before, by an earlier attempt whose
    /// answer was lost, or never this merchant's). Removing is idempotent, so it is retried as
    /// a read is. From then on a sale with the token is refused (`payment_method_invalid`).
    pub async fn delete_payment_method(&self, token: &str) -> Result<()> {
        let rest = format!("/payment_methods/{token}");
        match self
            .http
            .send(EndpointClass::Write, true, || {
                self.req(reqwest::Method::DELETE, &rest)
            })
            .await
        {
            Ok(_) | Err(ProviderError::Rejected { status: 404, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
