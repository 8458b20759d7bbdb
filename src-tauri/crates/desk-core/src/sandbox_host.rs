//! The embedded sandbox inside the app: started on first need when the sandbox environment
//! is active (never on the start-up path), and where each provider's base URL comes from.

use desk_domain::{Environment, Provider};
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use url::Url;

use crate::desk::Desk;
use crate::error::{CoreError, Result};

impl Desk {
    /// The running embedded sandbox, started now if it is not yet.
    pub async fn sandbox(&self) -> Result<&SandboxHandle> {
        self.sandbox
            .get_or_try_init(|| async {
                let data_file = self
                    .settings()
                    .sandbox_persistent
                    .then(|| self.paths().data_dir.join("sandbox.db"));
                if let Some(dir) = data_file.as_ref().and_then(|f| f.parent()) {
                    std::fs::create_dir_all(dir).map_err(|e| CoreError::Sandbox(e.to_string()))?;
                }
                Sandbox::start(SandboxConfig {
                    data_file,
                    ..SandboxConfig::default()
                })
                .await
                .map_err(|e| CoreError::Sandbox(e.to_string()))
            })
            .await
    }

    /// Whether the embedded sandbox is running.
    pub fn sandbox_running(&self) -> bool {
        self.sandbox.initialized()
    }

    /// Where `provider` is reached in `env`: the embedded sandbox, or the provider's host.
    pub async fn base_url(&self, provider: Provider, env: Environment) -> Result<Url> {
        let text = match env {
            Environment::Sandbox => self.sandbox().await?.url(provider),
            Environment::Production => desk_providers::env::production_base_url(provider),
        };
        Url::parse(&text).map_err(|e| CoreError::Sandbox(e.to_string()))
    }

    /// Sandbox only: simulates the network going down or coming back.
    pub async fn set_sandbox_network(&self, online: bool) -> Result<()> {
        if self.environment() != Environment::Sandbox {
            return Err(CoreError::field(
                "environment",
                "The network switch exists only in the sandbox.",
            ));
        }
        self.sandbox().await?.set_online(online);
        self.sync_status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .sandbox_network_off = !online;
        tracing::info!(online, "sandbox network switched");
        self.sync_wake.notify_one();
        Ok(())
    }
}
