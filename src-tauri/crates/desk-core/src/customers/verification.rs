//! Identity verification (Mona): before a large sale the merchant asks the customer to prove,
//! with SCA on their device in Mona's page, that they are who they say. It moves no money, so
//! it is not an operation of the engine; it is still never made twice: its reference is
//! committed (`creating`) before the create is sent, and a create whose answer was lost is
//! sent again under the same reference, which Mona answers with the verification it already
//! holds (200). Mona documents no lookup of verifications by reference; that resend is the
//! documented way to learn. The status is read back from Mona, never taken from the page.

use desk_domain::{Environment, Provider};
use desk_i18n::{Message, msg};
use desk_providers::ProviderError;
use desk_providers::mona::{ConsentSubject, CustomerDetails, MonaClient};
use desk_store::customers::{Customer, Verification};

use super::about;
use crate::checkout::APP_ORIGIN;
use crate::desk::Desk;
use crate::error::Result;
use crate::views::customers::VerificationSession;

impl Desk {
    /// Sends (again) the create of verification `v` under its own reference and records
    /// Mona's answer. A refusal (4xx: nothing made) closes it as `refused`; no answer leaves
    /// it `creating`, to be sent again under the same reference.
    async fn send_verification(
        &self,
        client: &MonaClient,
        c: &Customer,
        v: Verification,
    ) -> Result<Verification> {
        let customer = CustomerDetails {
            id: Some(c.id.clone()),
            name: c.name.clone(),
            email: c.email.clone(),
        };
        let store = self.store()?;
        match client.create_verification(&v.reference, &customer).await {
            Ok(created) => {
                let held = created.into_value();
                Ok(store.set_verification(
                    v.id,
                    &held.verification_id,
                    &held.status,
                    self.now_ms(),
                )?)
            }
            Err(e @ ProviderError::Rejected { status, .. }) if status != 401 && status != 429 => {
                store.set_verification(v.id, "", "refused", self.now_ms())?;
                Err(e.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Brings customer `customer_id`'s latest verification in `env` up to date: one Mona has
    /// not answered yet is sent again under its reference; a pending one is read back.
    pub(super) async fn refresh_verification(
        &self,
        customer_id: &str,
        env: Environment,
    ) -> Result<()> {
        let store = self.store()?;
        let Some(v) = store.latest_verification(customer_id, env)? else {
            return Ok(());
        };
        if !matches!(v.status.as_str(), "creating" | "pending") {
            return Ok(());
        }
        let c = store.customer(customer_id).map_err(about(customer_id))?;
        let client = self
            .mona_for(&self.credentials(Provider::Mona, env)?)
            .await?;
        match v.remote_id.clone().filter(|_| v.status == "pending") {
            Some(remote_id) => {
                let held = client.get_verification(&remote_id).await?;
                store.set_verification(v.id, &remote_id, &held.status, self.now_ms())?;
            }
            None => {
                self.send_verification(&client, &c, v).await?;
            }
        }
        Ok(())
    }

    /// The customer's latest verification as a session: Mona's page while it waits for them.
    async fn verification_session(
        &self,
        customer_id: &str,
        note: Option<String>,
    ) -> Result<VerificationSession> {
        let env = self.environment();
        let store = self.store()?;
        let Some(v) = store.latest_verification(customer_id, env)? else {
            return Err(crate::error::CoreError::not_found(Message::new(
                "verification.none",
            )));
        };
        let mut session = VerificationSession {
            customer_id: customer_id.to_string(),
            reference: v.reference.clone(),
            status: v.status.clone(),
            note,
            sdk_url: None,
            sdk_origin: None,
        };
        if let (Some(remote_id), "pending") = (v.remote_id.as_deref(), v.status.as_str()) {
            let client = self
                .mona_for(&self.credentials(Provider::Mona, env)?)
                .await?;
            let url = client.sdk_page(ConsentSubject::Verification(remote_id), APP_ORIGIN)?;
            session.sdk_origin = Some(crate::frames::framed_origin(&url)?);
            session.sdk_url = Some(url.to_string());
        }
        Ok(session)
    }

    /// Asks Mona to verify customer `customer_id`'s identity: a verification still waiting
    /// (or whose create had no answer) is taken up again rather than a second one made.
    /// Returns what Mona's page needs (public values only).
    pub async fn start_verification(&self, customer_id: &str) -> Result<VerificationSession> {
        crate::input::text("customerId", customer_id, 64)?;
        let env = self.environment();
        let store = self.store()?;
        let c = store.customer(customer_id).map_err(about(customer_id))?;
        let client = self
            .mona_for(&self.credentials(Provider::Mona, env)?)
            .await?;
        let open = store
            .latest_verification(&c.id, env)?
            .filter(|v| matches!(v.status.as_str(), "creating" | "pending"));
        let note = match open {
            Some(v) if v.status == "pending" => None,
            open => {
                let v = match open {
                    Some(v) => v,
                    None => {
                        let reference = crate::checkout::reference("VF", self.now_ms());
                        store.begin_verification(&c.id, env, &reference, self.now_ms())?
                    }
                };
                match self.send_verification(&client, &c, v).await {
                    Ok(_) => None,
                    Err(e) => {
                        let refused = store
                            .latest_verification(&c.id, env)?
                            .is_some_and(|v| v.status == "refused");
                        if refused {
                            return Err(e);
                        }
                        Some(msg!("verification.no_answer", error = e).to_string())
                    }
                }
            }
        };
        self.verification_session(&c.id, note).await
    }

    /// Customer `customer_id`'s verification read back from Mona (after Mona's page said the
    /// customer answered), with its page while it still waits.
    pub async fn verification_status(&self, customer_id: &str) -> Result<VerificationSession> {
        crate::input::text("customerId", customer_id, 64)?;
        let env = self.environment();
        let note = self
            .refresh_verification(customer_id, env)
            .await
            .err()
            .map(|e| msg!("verification.unreadable", error = e).to_string());
        self.verification_session(customer_id, note).await
    }
}
