//! The clients' TLS, through the system's TLS library (debug and test builds: the rehearsal is
//! how a test tells a client which authority to trust). With a rehearsal whose authority is
//! trusted for its endpoints only, a client refuses a server held below
//! [`desk_providers::http::MIN_TLS`], a rehearsal endpoint whose certificate comes from
//! another authority, and a certificate from the rehearsal's authority on any other endpoint.

#![cfg(debug_assertions)]
#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use desk_domain::Provider;
use desk_providers::ProviderError;
use desk_providers::http::{GET, Http, MIN_TLS};
use desk_providers::ratelimit::{EndpointClass, RateLimiter};
use desk_providers::rehearsal::{self, Rehearsal};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use reqwest::tls::Version;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned, SupportedProtocolVersion};
use url::Url;

/// A test authority that signs leaf certificates for `127.0.0.1`.
struct Authority(CertifiedIssuer<'static, KeyPair>);

impl Authority {
    fn new(name: &str) -> Self {
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca.distinguished_name.push(DnType::CommonName, name);
        Self(CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap())
    }

    /// A server configuration with a leaf for `127.0.0.1` and the TLS `versions`.
    fn server(&self, versions: &[&'static SupportedProtocolVersion]) -> Arc<ServerConfig> {
        let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let key = KeyPair::generate().unwrap();
        let cert = leaf.signed_by(&key, &self.0).unwrap();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let config =
            ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_protocol_versions(versions)
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(vec![cert.der().clone(), self.0.der().clone()], key)
                .unwrap();
        Arc::new(config)
    }
}

/// An HTTPS server on loopback with `config` that answers every request 404; its URL.
fn serve(config: Arc<ServerConfig>) -> String {
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://127.0.0.1:{}/", tcp.local_addr().unwrap().port());
    std::thread::spawn(move || {
        for stream in tcp.incoming().flatten() {
            let conn = ServerConnection::new(config.clone()).unwrap();
            let mut tls = StreamOwned::new(conn, stream);
            // Reading runs the handshake; a refused one is what some of the tests expect.
            let mut request = Vec::new();
            let mut buf = [0; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match tls.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            if tls.conn.is_handshaking() {
                continue;
            }
            let _ = tls.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    url
}

/// One GET of `/` on `url` through a production client.
async fn get(provider: Provider, url: &str) -> Result<reqwest::Response, ProviderError> {
    let http = Http::new(
        provider,
        Url::parse(url).unwrap(),
        Arc::new(RateLimiter::default()),
    )
    .unwrap();
    http.send(EndpointClass::Read, false, || http.request(GET, "/"))
        .await
}

fn handshake_completed(result: &Result<reqwest::Response, ProviderError>) -> bool {
    match result {
        Err(ProviderError::Rejected { status: 404, .. }) => true,
        Err(ProviderError::Unreachable(_)) => false,
        other => panic!("neither an answer nor a refused connection: {other:?}"),
    }
}

#[tokio::test]
async fn clients_hold_to_the_minimum_version_and_the_rehearsal_authority_only() {
    let trusted = Authority::new("Merchant Desk TLS test authority");
    let other = Authority::new("Another authority");
    let both = [&rustls::version::TLS13, &rustls::version::TLS12];
    let current = serve(trusted.server(&both));
    let tls12_only = serve(trusted.server(&[&rustls::version::TLS12]));
    let foreign = serve(other.server(&both));
    let not_an_endpoint = serve(trusted.server(&both));

    let dir = std::env::temp_dir().join(format!("desk-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let endpoints = serde_json::json!({"api": {
        "mona": current, "monei": tls12_only, "moneflow": foreign,
    }});
    std::fs::write(dir.join("endpoints.json"), endpoints.to_string()).unwrap();
    std::fs::write(dir.join("ca.pem"), trusted.0.pem()).unwrap();
    assert!(rehearsal::activate(Rehearsal::load(&dir).unwrap()));
    std::fs::remove_dir_all(dir).unwrap();

    assert!(
        handshake_completed(&get(Provider::Mona, &current).await),
        "a rehearsal endpoint with the trusted authority's certificate is reached"
    );
    assert_eq!(
        handshake_completed(&get(Provider::Monei, &tls12_only).await),
        MIN_TLS == Version::TLS_1_2,
        "a TLS 1.2 server is refused where the minimum is 1.3 (and reached where it is 1.2)"
    );
    assert!(
        !handshake_completed(&get(Provider::Moneflow, &foreign).await),
        "a rehearsal endpoint whose certificate is not from the rehearsal's authority is refused"
    );
    assert!(
        !handshake_completed(&get(Provider::Monnet, &not_an_endpoint).await),
        "the authority is trusted for the rehearsal's endpoints only"
    );
}

#[cfg(not(any(target_os = "windows", target_vendor = "apple")))]
#[test]
fn the_minimum_is_tls_1_3_where_the_system_library_is_openssl() {
    assert_eq!(MIN_TLS, Version::TLS_1_3);
}
