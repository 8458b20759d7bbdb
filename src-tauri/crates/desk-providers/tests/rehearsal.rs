//! The production rehearsal from the client's side (debug and test builds only): the
//! production endpoints point at a sandbox playing production over HTTPS, the clients trust
//! its test authority for those endpoints only, and the system's TLS library carries the calls
//! over TLS 1.3 (`tests/tls.rs` holds the refusals: an older version, another authority).

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{Environment, Provider, Secret};
use desk_providers::env::{page_base, production_base_url};
use desk_providers::mona::{MonaClient, MonaCredentials};
use desk_providers::monei::MoneiClient;
use desk_providers::ratelimit::RateLimiter;
use desk_providers::rehearsal::{self, Rehearsal};
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use url::Url;

/// What `desk-sandbox --production --rehearsal-dir` writes, for `sb`.
fn write_dir(sb: &SandboxHandle) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("desk-rehearsal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let map = |f: &dyn Fn(Provider) -> Option<String>| {
        Provider::ALL
            .iter()
            .filter_map(|p| Some((p.as_str().to_string(), f(*p)?.into())))
            .collect::<serde_json::Map<String, serde_json::Value>>()
    };
    let endpoints = serde_json::json!({
        "api": map(&|p| Some(sb.url(p))),
        "frames": map(&|p| sb.frame_url(p)),
    });
    std::fs::write(dir.join("endpoints.json"), endpoints.to_string()).unwrap();
    std::fs::write(dir.join("ca.pem"), sb.ca_pem().unwrap()).unwrap();
    dir
}

#[tokio::test]
async fn production_clients_reach_the_rehearsal_over_tls_trusting_its_authority_only() {
    let sb = Sandbox::start(SandboxConfig {
        production: true,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let dir = write_dir(&sb);
    let loaded = Rehearsal::load(&dir).unwrap();
    assert!(
        loaded
            .root_for(&Url::parse("https://api.mona.ng/").unwrap())
            .is_none(),
        "the test authority is trusted for the rehearsal's endpoints only"
    );
    assert!(rehearsal::activate(loaded));

    let base = production_base_url(Provider::Mona);
    assert_eq!(base, sb.url(Provider::Mona));
    assert!(base.starts_with("https://127.0.0.1:"));
    let demo = sb.demo_merchant();
    let limiter = Arc::new(RateLimiter::default());
    let mona = MonaClient::new(
        Url::parse(&base).unwrap(),
        Environment::Production,
        MonaCredentials {
            private_key: Secret::new(&demo.mona.private_key),
            public_key: demo.mona.public_key.clone(),
        },
        limiter.clone(),
    )
    .unwrap();
    // The sandbox speaks TLS 1.3 only: an answer means the client's TLS 1.3 path ran.
    mona.verify().await.unwrap();
    assert_eq!(
        page_base(&Url::parse(&base).unwrap()).as_str(),
        sb.frame_url(Provider::Mona).unwrap(),
        "the pages are framed from the plain-HTTP loopback frame listener"
    );

    let monei = MoneiClient::new(
        Url::parse(&production_base_url(Provider::Monei)).unwrap(),
        Environment::Production,
        Secret::new(&demo.monei.api_key),
        limiter,
    )
    .unwrap();
    monei.verify().await.unwrap();
    assert_eq!(
        format!("{}/", monei.page_origin()),
        sb.frame_url(Provider::Monei).unwrap()
    );
    assert_eq!(sb.sandbox_keys_seen(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_rehearsal_directory_must_name_https_loopback_endpoints() {
    let dir = std::env::temp_dir().join(format!("desk-rehearsal-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("endpoints.json"),
        r#"{"api":{"mona":"http://127.0.0.1:4000/"}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("ca.pem"), "").unwrap();
    assert!(
        Rehearsal::load(&dir).is_err(),
        "plain http is not a rehearsal"
    );
    std::fs::write(
        dir.join("endpoints.json"),
        r#"{"api":{"mona":"https://api.mona.ng/"}}"#,
    )
    .unwrap();
    assert!(
        Rehearsal::load(&dir).is_err(),
        "a real host is not a rehearsal"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
