//! The production rehearsal (docs/provider-api.md, "Production rehearsal"): HTTPS with TLS 1.3
//! from a test authority only a client told to trust it accepts, production-format keys
//! accepted, and every sandbox key refused with the provider's 401 and counted.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use desk_domain::Provider;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use reqwest::StatusCode;
use serde_json::Value;

/// A client that trusts `ca_pem` only (TLS 1.3), or nothing when `None`.
fn client(ca_pem: Option<&str>) -> reqwest::Client {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    if let Some(pem) = ca_pem {
        roots
            .add(CertificateDer::from_pem_slice(pem.as_bytes()).unwrap())
            .unwrap();
    }
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_protocol_versions(&[&rustls::version::TLS13])
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .build()
        .unwrap()
}

async fn rehearsal() -> SandboxHandle {
    Sandbox::start(SandboxConfig {
        production: true,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

async fn seen(sb: &SandboxHandle, http: &reqwest::Client) -> u64 {
    let v: Value = http
        .get(format!(
            "{}__sandbox/sandbox-keys-seen",
            sb.url(Provider::Mona)
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["count"].as_u64().unwrap()
}

#[tokio::test]
async fn the_rehearsal_speaks_https_trusted_only_through_its_test_authority() {
    let sb = rehearsal().await;
    let url = sb.url(Provider::Monei);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let untrusting = client(None);
    assert!(
        untrusting
            .get(format!("{url}__sandbox/health"))
            .send()
            .await
            .is_err(),
        "a client that does not trust the test authority refuses the certificate"
    );
    let http = client(sb.ca_pem());
    let health: Value = http
        .get(format!("{url}__sandbox/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["environment"], "production");
    // The pages are framed from plain loopback HTTP (WebKit is not told to trust the CA).
    let frame = sb.frame_url(Provider::Mona).unwrap();
    assert!(frame.starts_with("http://127.0.0.1:"), "{frame}");
    assert!(sb.frame_url(Provider::Monnet).is_none());
}

#[tokio::test]
async fn production_keys_are_accepted_and_sandbox_keys_refused_and_counted() {
    let sb = rehearsal().await;
    let http = client(sb.ca_pem());
    let demo = sb.demo_merchant();
    assert!(demo.mona.private_key.starts_with("mona_sk_prod_"));
    assert!(demo.mona.public_key.starts_with("mona_pub_prod_"));
    assert!(demo.monei.api_key.starts_with("sk_live_"));
    assert!(demo.moneflow.client_id.starts_with("mfp_live_"));

    let mona = |key: String| {
        http.get(format!("{}merchant", sb.url(Provider::Mona)))
            .header("x-api-key", key)
            .send()
    };
    assert_eq!(
        mona(demo.mona.private_key.clone()).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(seen(&sb, &http).await, 0);

    let r = mona("mona_sk_sandbox_abcdefgh12345678".into())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "wrong_environment");
    assert!(!body.to_string().contains("abcdefgh12345678"));

    let monei = http
        .get(format!("{}v1/account", sb.url(Provider::Monei)))
        .header("x-api-key", "sk_test_abcdefgh12345678")
        .send()
        .await
        .unwrap();
    assert_eq!(monei.status(), StatusCode::UNAUTHORIZED);

    let basic = B64.encode(format!("mfp_test_abcdefgh:{}", demo.moneflow.secret));
    let flow = http
        .post(format!(
            "{}v1/merchants/{}/client_token",
            sb.url(Provider::Moneflow),
            demo.moneflow.merchant_id
        ))
        .header("authorization", format!("Basic {basic}"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(flow.status(), StatusCode::UNAUTHORIZED);

    // Monnet's credentials carry no environment: the sandbox's merchant is unknown here.
    let monnet = http
        .get(format!(
            "{}api/v1/100/payouts/1?timestamp=1&signature=00",
            sb.url(Provider::Monnet)
        ))
        .header("monnet-api-key", "x")
        .send()
        .await
        .unwrap();
    assert_eq!(monnet.status(), StatusCode::UNAUTHORIZED);

    assert_eq!(seen(&sb, &http).await, 4);
    assert_eq!(sb.sandbox_keys_seen(), 4);
}

#[tokio::test]
async fn the_sandbox_still_refuses_production_keys_and_counts_nothing() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    assert!(sb.url(Provider::Mona).starts_with("http://"));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let r = reqwest::Client::new()
        .get(format!("{}merchant", sb.url(Provider::Mona)))
        .header("x-api-key", concat!("mona_sk_prod_", "abcdefgh12345678"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "wrong_environment");
    assert_eq!(sb.sandbox_keys_seen(), 0);
}
