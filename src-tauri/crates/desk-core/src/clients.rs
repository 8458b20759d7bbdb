//! Provider clients built from the keychain's credentials, aimed at the environment's hosts.

use std::sync::Arc;
use std::sync::atomic::AtomicI64;

use desk_domain::{Environment, Provider, Secret};
use desk_providers::mona::{MonaClient, MonaCredentials};
use desk_providers::moneflow::{MoneflowClient, MoneflowCredentials};
use desk_providers::monei::MoneiClient;
use desk_providers::monnet::{MonnetClient, MonnetCredentials};
use desk_vault::CredentialSet;

use crate::desk::Desk;
use crate::error::{CoreError, Result};

fn public(set: &CredentialSet, name: &str) -> Result<String> {
    set.public(name).map(str::to_string).ok_or_else(|| {
        CoreError::NotFound(format!(
            "The stored {} credentials lack {name}.",
            set.provider
        ))
    })
}

fn secret(set: &CredentialSet, kind: &str) -> Result<Secret> {
    set.secret(kind).cloned().ok_or_else(|| {
        CoreError::NotFound(format!(
            "The stored {} credentials lack their secret.",
            set.provider
        ))
    })
}

impl Desk {
    /// A Mona client for `set` (stored or being verified).
    pub(crate) async fn mona_for(&self, set: &CredentialSet) -> Result<MonaClient> {
        let creds = MonaCredentials {
            private_key: secret(set, "private_key")?,
            public_key: public(set, "public_key")?,
        };
        Ok(MonaClient::new(
            self.base_url(Provider::Mona, set.environment).await?,
            set.environment,
            creds,
            self.limiter.clone(),
        )?)
    }

    /// A Monei client for `set`.
    pub(crate) async fn monei_for(&self, set: &CredentialSet) -> Result<MoneiClient> {
        Ok(MoneiClient::new(
            self.base_url(Provider::Monei, set.environment).await?,
            set.environment,
            secret(set, "api_key")?,
            self.limiter.clone(),
        )?)
    }

    /// A MonEFlow Pay client for `set`.
    pub(crate) async fn moneflow_for(&self, set: &CredentialSet) -> Result<MoneflowClient> {
        let creds = MoneflowCredentials {
            merchant_id: public(set, "merchant_id")?,
            client_id: public(set, "client_id")?,
            secret: secret(set, "secret")?,
        };
        Ok(MoneflowClient::new(
            self.base_url(Provider::Moneflow, set.environment).await?,
            set.environment,
            creds,
            self.limiter.clone(),
        )?)
    }

    /// A Monnet client for `set`.
    pub(crate) async fn monnet_for(&self, set: &CredentialSet) -> Result<MonnetClient> {
        let creds = MonnetCredentials {
            merchant_id: public(set, "merchant_id")?,
            api_key: secret(set, "api_key")?,
            api_secret: secret(set, "api_secret")?,
        };
        Ok(MonnetClient::new(
            self.base_url(Provider::Monnet, set.environment).await?,
            set.environment,
            creds,
            self.limiter.clone(),
        )?
        .with_clock_offset(self.monnet_clock_offset(set.environment)))
    }

    /// The cell holding Monnet's clock offset in `env` (see [`Desk::monnet_clock`]).
    pub(crate) fn monnet_clock_offset(&self, env: Environment) -> Arc<AtomicI64> {
        self.monnet_clock[usize::from(env.is_live())].clone()
    }

    /// The stored credentials of `provider` in `env`.
    pub(crate) fn credentials(
        &self,
        provider: Provider,
        env: Environment,
    ) -> Result<CredentialSet> {
        Ok(self.vault.get(provider, env)?)
    }

    /// Verifies `set` with a harmless authenticated call to its provider.
    pub(crate) async fn verify(&self, set: &CredentialSet) -> Result<()> {
        match set.provider {
            Provider::Mona => self.mona_for(set).await?.verify().await.map(|_| ())?,
            Provider::Monei => self.monei_for(set).await?.verify().await.map(|_| ())?,
            Provider::Moneflow => self
                .moneflow_for(set)
                .await?
                .client_token()
                .await
                .map(|_| ())?,
            // Monnet documents one read: a payout by id. Signed and answered "no such payout"
            // (404) means the key and secret are right.
            Provider::Monnet => match self.monnet_for(set).await?.get_payout(0).await {
                Ok(_) | Err(desk_providers::ProviderError::Rejected { status: 404, .. }) => {}
                Err(e) => return Err(e.into()),
            },
        }
        Ok(())
    }
}
