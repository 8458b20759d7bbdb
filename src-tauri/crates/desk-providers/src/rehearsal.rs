//! The production rehearsal, in debug and test builds only (the module is not compiled into
//! a release build): `DESK_REHEARSAL=<dir>` points the production hosts at a sandbox started
//! with `desk-sandbox --production --rehearsal-dir <dir>` (`docs/rehearsal.md`). The directory
//! holds `endpoints.json` (`{"api": {provider: url}, "frames": {provider: url}}`) and
//! `ca.pem`, the sandbox's test authority, which the clients of those endpoints — and no
//! other — trust.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use desk_domain::Provider;
use reqwest::Certificate;
use serde::Deserialize;
use url::Url;

/// The environment variable naming the rehearsal's directory.
pub const VAR: &str = "DESK_REHEARSAL";

/// Why a rehearsal directory could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RehearsalError {
    /// A file could not be read.
    #[error("could not read the rehearsal's {file}: {source}")]
    Read {
        /// The file.
        file: &'static str,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// `endpoints.json` or `ca.pem` is not what the sandbox writes.
    #[error("the rehearsal's {0} is malformed")]
    Malformed(&'static str),
}

#[derive(Deserialize)]
struct Endpoints {
    api: HashMap<String, String>,
    #[serde(default)]
    frames: HashMap<String, String>,
}

/// A rehearsal's endpoints and the test authority its HTTPS chains to.
#[derive(Debug)]
pub struct Rehearsal {
    api: HashMap<Provider, Url>,
    frames: HashMap<Provider, Url>,
    ca: Certificate,
}

fn by_provider(urls: HashMap<String, String>) -> Result<HashMap<Provider, Url>, RehearsalError> {
    let malformed = |_| RehearsalError::Malformed("endpoints.json");
    urls.into_iter()
        .map(|(name, url)| {
            let provider = name.parse::<Provider>().map_err(|_| malformed(()))?;
            Ok((provider, Url::parse(&url).map_err(|_| malformed(()))?))
        })
        .collect()
}

impl Rehearsal {
    /// Reads `dir/endpoints.json` and `dir/ca.pem`. The API endpoints must be HTTPS on
    /// loopback: the rehearsal exists to run the TLS path.
    pub fn load(dir: &Path) -> Result<Self, RehearsalError> {
        let read = |file: &'static str| {
            std::fs::read(dir.join(file)).map_err(|source| RehearsalError::Read { file, source })
        };
        let endpoints: Endpoints = serde_json::from_slice(&read("endpoints.json")?)
            .map_err(|_| RehearsalError::Malformed("endpoints.json"))?;
        let api = by_provider(endpoints.api)?;
        let loopback = |u: &Url| matches!(u.host_str(), Some("127.0.0.1" | "localhost"));
        if api.values().any(|u| u.scheme() != "https" || !loopback(u)) {
            return Err(RehearsalError::Malformed("endpoints.json"));
        }
        let ca = Certificate::from_pem(&read("ca.pem")?)
            .map_err(|_| RehearsalError::Malformed("ca.pem"))?;
        Ok(Self {
            api,
            frames: by_provider(endpoints.frames)?,
            ca,
        })
    }

    /// `provider`'s production API base in the rehearsal.
    pub fn api_url(&self, provider: Provider) -> Option<&Url> {
        self.api.get(&provider)
    }

    fn provider_of(&self, base: &Url) -> Option<Provider> {
        self.api
            .iter()
            .find(|(_, u)| u.origin() == base.origin())
            .map(|(p, _)| *p)
    }

    /// The only root a client of `base` trusts: the test authority when `base` is one of the
    /// rehearsal's API endpoints, else `None` (the operating system's store applies).
    pub fn root_for(&self, base: &Url) -> Option<Certificate> {
        self.provider_of(base).map(|_| self.ca.clone())
    }

    /// Where the pages of the provider at API `base` are framed from (the rehearsal's plain
    /// loopback HTTP frame listener), if `base` is a rehearsal endpoint.
    pub fn frame_base(&self, base: &Url) -> Option<&Url> {
        self.frames.get(&self.provider_of(base)?)
    }
}

static ACTIVE: OnceLock<Option<Rehearsal>> = OnceLock::new();

/// Makes `rehearsal` the process's rehearsal unless one was already chosen (from
/// [`VAR`] or an earlier call); `false` if it was. For tests, which cannot set variables.
pub fn activate(rehearsal: Rehearsal) -> bool {
    ACTIVE.set(Some(rehearsal)).is_ok()
}

/// The process's rehearsal: the one [`activate`]d, else the directory [`VAR`] names, read
/// once. A directory that cannot be read is logged and ignored.
pub fn active() -> Option<&'static Rehearsal> {
    ACTIVE
        .get_or_init(|| {
            let dir = std::env::var_os(VAR)?;
            match Rehearsal::load(Path::new(&dir)) {
                Ok(r) => {
                    tracing::warn!("production endpoints point at the rehearsal sandbox");
                    Some(r)
                }
                Err(e) => {
                    tracing::error!(error = %e, "{VAR} is set but unusable; ignored");
                    None
                }
            }
        })
        .as_ref()
}
