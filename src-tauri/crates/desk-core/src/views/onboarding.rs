//! First run: whether the merchant still needs onboarding.

use serde::Serialize;

use super::credentials::CredentialSummary;
use super::secret_store::SecretStoreView;

/// Where the merchant stands on first run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OnboardingState {
    /// True until credentials exist for the active environment.
    pub needs_onboarding: bool,
    /// Whether the embedded sandbox is running.
    pub sandbox_running: bool,
    /// The credentials stored for the active environment.
    pub credentials: Vec<CredentialSummary>,
    /// Why the keychain cannot be used, when it cannot (with what to install or unlock).
    pub keychain_problem: Option<String>,
    /// Where secrets are kept (the keychain or the file vault, and whether it is unlocked).
    pub secret_store: SecretStoreView,
}
