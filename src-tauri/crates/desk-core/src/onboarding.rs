//! First run: a new merchant starts on the embedded sandbox with sandbox credentials for all
//! four providers in the keychain, verified like any other credentials.

use desk_domain::{Environment, Provider};
use desk_sandbox::MerchantCredentials;

use crate::desk::Desk;
use crate::error::Result;
use crate::views::credentials::{CredentialInput, CredentialSummary};
use crate::views::onboarding::OnboardingState;

/// The sandbox merchant `m`'s credentials for `provider`, as the merchant would type them.
pub(crate) fn sandbox_input(m: &MerchantCredentials, provider: Provider) -> CredentialInput {
    let environment = Environment::Sandbox;
    match provider {
        Provider::Mona => CredentialInput::Mona {
            environment,
            private_key: m.mona.private_key.clone(),
            public_key: m.mona.public_key.clone(),
        },
        Provider::Monei => CredentialInput::Monei {
            environment,
            api_key: m.monei.api_key.clone(),
        },
        Provider::Moneflow => CredentialInput::Moneflow {
            environment,
            merchant_id: m.moneflow.merchant_id.clone(),
            client_id: m.moneflow.client_id.clone(),
            secret: m.moneflow.secret.clone(),
        },
        Provider::Monnet => CredentialInput::Monnet {
            environment,
            merchant_id: m.monnet.merchant_id.clone(),
            api_key: m.monnet.api_key.clone(),
            api_secret: m.monnet.api_secret.clone(),
        },
    }
}

impl Desk {
    /// Where the merchant stands: whether onboarding is needed, and why the keychain cannot
    /// be used when it cannot.
    pub fn onboarding_state(&self) -> OnboardingState {
        match self.list_credentials() {
            Ok(credentials) => OnboardingState {
                needs_onboarding: credentials.is_empty(),
                sandbox_running: self.sandbox_running(),
                credentials,
                keychain_problem: None,
                secret_store: self.secret_store_view(),
            },
            Err(e) => OnboardingState {
                needs_onboarding: true,
                sandbox_running: self.sandbox_running(),
                credentials: Vec::new(),
                keychain_problem: Some(e.to_string()),
                secret_store: self.secret_store_view(),
            },
        }
    }

    /// Starts the embedded sandbox, stores the demo merchant's sandbox credentials for the
    /// four providers (each verified against the sandbox) and starts a sync.
    pub async fn start_sandbox_onboarding(&self) -> Result<Vec<CredentialSummary>> {
        if self.environment() != Environment::Sandbox {
            self.set_environment(Environment::Sandbox, false)?;
        }
        let merchant = self.sandbox().await?.demo_merchant();
        let mut out = Vec::new();
        for provider in Provider::ALL {
            out.push(
                self.add_credentials(sandbox_input(&merchant, provider))
                    .await?,
            );
        }
        self.sync_wake.notify_one();
        Ok(out)
    }
}
