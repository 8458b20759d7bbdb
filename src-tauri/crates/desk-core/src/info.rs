//! What the app reports about itself to the UI.

use desk_domain::Environment;
use serde::Serialize;

/// The app's name, version and where it is pointed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    /// The product name.
    pub name: String,
    /// The app's semantic version.
    pub version: String,
    /// The active environment.
    pub environment: Environment,
}

impl AppInfo {
    /// Info for this build (`version`, usually `CARGO_PKG_VERSION` of the app) in `environment`.
    pub fn new(version: &str, environment: Environment) -> Self {
        Self {
            name: "Merchant Desk".into(),
            version: version.into(),
            environment,
        }
    }
}
