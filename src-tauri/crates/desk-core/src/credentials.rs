//! Credentials: add (checked, verified, then stored), list without secrets, rotate, remove,
//! and the incident lock-and-wipe.

use desk_domain::secret::mask_last4;
use desk_domain::{Environment, Provider, Secret};
use desk_i18n::{Message, msg};
use desk_store::history::rfc3339;
use desk_vault::{CredentialSet, StoreKind, StoredMeta};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::onboarding::sandbox_input;
use crate::views::credentials::{CredentialInput, CredentialSummary};

/// The credential set an input describes (secrets move into `Secret`s at once).
pub fn to_set(input: CredentialInput) -> CredentialSet {
    let s = |v: String| Secret::new(v.trim());
    match input {
        CredentialInput::Mona {
            environment,
            private_key,
            public_key,
        } => CredentialSet {
            provider: Provider::Mona,
            environment,
            public: vec![("public_key".into(), public_key.trim().into())],
            secrets: vec![("private_key".into(), s(private_key))],
        },
        CredentialInput::Monei {
            environment,
            api_key,
        } => CredentialSet {
            provider: Provider::Monei,
            environment,
            public: vec![("key_hint".into(), mask_last4(api_key.trim()))],
            secrets: vec![("api_key".into(), s(api_key))],
        },
        CredentialInput::Moneflow {
            environment,
            merchant_id,
            client_id,
            secret,
        } => CredentialSet {
            provider: Provider::Moneflow,
            environment,
            public: vec![
                ("client_id".into(), client_id.trim().into()),
                ("merchant_id".into(), merchant_id.trim().into()),
            ],
            secrets: vec![("secret".into(), s(secret))],
        },
        CredentialInput::Monnet {
            environment,
            merchant_id,
            api_key,
            api_secret,
        } => CredentialSet {
            provider: Provider::Monnet,
            environment,
            public: vec![("merchant_id".into(), merchant_id.trim().into())],
            secrets: vec![
                ("api_key".into(), s(api_key)),
                ("api_secret".into(), s(api_secret)),
            ],
        },
    }
}

fn summary(meta: &StoredMeta, now: time::OffsetDateTime) -> CredentialSummary {
    let ms = |t: time::OffsetDateTime| (t.unix_timestamp_nanos() / 1_000_000) as i64;
    CredentialSummary {
        provider: meta.provider,
        environment: meta.environment,
        public_id: meta
            .public
            .first()
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        fingerprint: meta.fingerprint.clone(),
        rotated_at: rfc3339(ms(meta.rotated_at)),
        rotation_due: rfc3339(ms(meta.rotation_due())),
        rotation_overdue: meta.rotation_overdue(now),
    }
}

impl Desk {
    /// The stored credentials of the active environment, without secrets.
    pub fn list_credentials(&self) -> Result<Vec<CredentialSummary>> {
        let now = self.host().now();
        Ok(self
            .vault
            .list(self.environment())?
            .iter()
            .map(|m| summary(m, now))
            .collect())
    }

    /// Checks the format and environment, verifies with the provider, then stores. Nothing is
    /// stored if any step fails.
    pub async fn add_credentials(&self, input: CredentialInput) -> Result<CredentialSummary> {
        crate::input::credentials(&input)?;
        let set = to_set(input);
        if set.environment.is_live() && self.environment() != Environment::Production {
            return Err(CoreError::field_msg(
                "environment",
                Message::new("credentials.switch_to_production"),
            ));
        }
        self.verify(&set).await?;
        let now = self.host().now();
        let meta = self.vault.put(&set, now)?;
        self.audit(&format!(
            "credentials.added {} {} {}",
            set.provider.as_str(),
            set.environment,
            meta.fingerprint
        ));
        self.sync_wake.notify_one();
        Ok(summary(&meta, now))
    }

    /// Replaces a provider's secret: the new one must verify first; the old stays until then.
    pub async fn rotate_credentials(&self, input: CredentialInput) -> Result<CredentialSummary> {
        crate::input::credentials(&input)?;
        let set = to_set(input);
        let old = self
            .vault
            .meta(set.provider, set.environment)?
            .ok_or_else(|| {
                CoreError::not_found(
                    msg!("credentials.nothing_to_rotate", provider = set.provider)
                        .arg_msg("environment", environment_word(set.environment)),
                )
            })?;
        if old.fingerprint == set.fingerprint() {
            return Err(CoreError::field_msg(
                "secret",
                Message::new("credentials.same_key"),
            ));
        }
        self.verify(&set).await?;
        let now = self.host().now();
        let meta = self.vault.put(&set, now)?;
        self.audit(&format!(
            "credentials.rotated {} {} {} -> {}",
            set.provider.as_str(),
            set.environment,
            old.fingerprint,
            meta.fingerprint
        ));
        Ok(summary(&meta, now))
    }

    /// Sandbox only: rolls `provider`'s secret at the embedded sandbox, as the provider's
    /// dashboard would, and rotates to the new one through [`Desk::rotate_credentials`]. The
    /// new secret goes from the sandbox to the keychain without passing through the window,
    /// and the old one is refused by the sandbox from then on.
    pub async fn rotate_sandbox_credentials(
        &self,
        provider: Provider,
    ) -> Result<CredentialSummary> {
        if self.environment() != Environment::Sandbox {
            return Err(CoreError::field_msg(
                "environment",
                Message::new("credentials.rotate_at_provider"),
            ));
        }
        if !self.settings().sandbox_persistent {
            // a sandbox that starts afresh would no longer know the rolled key
            return Err(CoreError::field_msg(
                "sandboxPersistent",
                Message::new("credentials.sandbox_not_persistent"),
            ));
        }
        let current = self.credentials(provider, Environment::Sandbox)?;
        let secret = current
            .secret(sandbox_secret_kind(provider))
            .ok_or_else(|| {
                CoreError::not_found(msg!("credentials.no_sandbox_key", provider = provider))
            })?;
        let merchant = self
            .sandbox()
            .await?
            .roll_secret(provider, secret.expose())
            .ok_or_else(|| {
                CoreError::field_msg("secret", Message::new("credentials.not_sandbox_keys"))
            })?;
        self.rotate_credentials(sandbox_input(&merchant, provider))
            .await
    }

    /// Removes one provider's credentials for an environment.
    pub fn remove_credentials(&self, provider: Provider, environment: Environment) -> Result<()> {
        self.vault.remove(provider, environment)?;
        self.audit(&format!(
            "credentials.removed {} {environment}",
            provider.as_str()
        ));
        Ok(())
    }

    /// Incident response: deletes every secret and the database key, then the database it
    /// opened (unreadable without its key). With the file vault in use, the vault file goes
    /// too (even locked) and the keychain is the store again. `confirmation` must be the word
    /// WIPE, typed by the merchant. The history comes back from the providers once keys are
    /// added again.
    pub fn lock_and_wipe(&self, confirmation: &str, unsettled_confirmed: bool) -> Result<usize> {
        if confirmation.len() > 64 || confirmation.trim() != "WIPE" {
            return Err(CoreError::field_msg(
                "confirmation",
                Message::new("credentials.type_wipe"),
            ));
        }
        if !unsettled_confirmed && let Some(sentence) = self.unsettled_sentence()? {
            return Err(CoreError::needs_confirmation(sentence));
        }
        self.audit("credentials.wiped");
        let removed = match self.secrets.kind() {
            StoreKind::Keychain => self.vault.wipe_all()?,
            StoreKind::FileVault => self.wipe_file_vault()?,
        };
        self.discard_store()?;
        Ok(removed)
    }

    /// What a wipe would drop: money movements not yet carried out as meant, by count and
    /// total, as the sentence of the second confirmation. `None` when there are none (or the
    /// database cannot be opened, when there is nothing of it to lose).
    fn unsettled_sentence(&self) -> Result<Option<Message>> {
        let Ok(store) = self.store() else {
            return Ok(None);
        };
        let (count, totals) = store.unsettled()?;
        if count == 0 {
            return Ok(None);
        }
        let locale = self.amount_locale();
        let totals: Vec<String> = totals.iter().map(|m| m.display_in(locale)).collect();
        let told = if count == 1 {
            Message::new("credentials.unsettled_one")
        } else {
            Message::new("credentials.unsettled_many")
        };
        Ok(Some(
            told.arg("count", count).arg("totals", totals.join(", ")),
        ))
    }

    /// Records an action in the audit log; a failure is logged, never fatal to the action.
    pub(crate) fn audit(&self, detail: &str) {
        let (action, rest) = detail.split_once(' ').unwrap_or((detail, ""));
        if let Err(e) = self
            .store()
            .and_then(|s| Ok(s.audit(self.now_ms(), action, rest)?))
        {
            tracing::warn!(error = %e, "could not write the audit log");
        }
    }
}

/// "sandbox" / "production" in the desk's words, inside a sentence.
fn environment_word(env: Environment) -> Message {
    match env {
        Environment::Sandbox => Message::new("env.sandbox"),
        Environment::Production => Message::new("env.production"),
    }
}

/// The stored secret the sandbox knows a merchant's `provider` credentials by.
fn sandbox_secret_kind(provider: Provider) -> &'static str {
    match provider {
        Provider::Mona => "private_key",
        Provider::Monei => "api_key",
        Provider::Moneflow => "secret",
        Provider::Monnet => "api_secret",
    }
}
