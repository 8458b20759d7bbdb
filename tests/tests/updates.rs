//! Signed updates end to end: a throwaway release channel on loopback serves a manifest and a
//! signed artifact; the real app checks, downloads, verifies and installs it, and refuses a
//! tampered one without touching the installed file.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use desk_e2e::{AppSession, e2e_available};

const NEW_VERSION: &str = "0.2.0";

/// An "AppImage" the updater accepts: a 64-byte ELF header followed by a payload.
fn artifact() -> Vec<u8> {
    let mut bytes = b"\x7fELF merchant desk 0.2.0".to_vec();
    bytes.resize(256, 7);
    bytes
}

struct Channel {
    addr: SocketAddr,
    pubkey_b64: String,
}

/// Serves `latest.json` and `app.AppImage`; the artifact served is `served`, the signature is
/// always that of the genuine artifact (so a tampered download must be refused).
async fn start_channel(served: Vec<u8>) -> Channel {
    let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let trusted = format!("timestamp:1764000000\tfile:app.AppImage\tversion:{NEW_VERSION}");
    let sig = minisign::sign(Some(&kp.pk), &kp.sk, &artifact()[..], Some(&trusted), None).unwrap();
    let pubkey_b64 = B64.encode(kp.pk.to_box().unwrap().to_string());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let manifest = serde_json::json!({
        "version": NEW_VERSION,
        "notes": "Faster history search and clearer payout errors.",
        "pub_date": "2026-11-25T00:00:00Z",
        "platforms": { "linux-x86_64": {
            "signature": B64.encode(sig.to_string()),
            "url": format!("http://{addr}/app.AppImage"),
        }}
    });
    let app = Router::new()
        .route(
            "/latest.json",
            get(move || async move { axum::Json(manifest) }),
        )
        .route("/app.AppImage", get(move || async move { served }));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Channel { addr, pubkey_b64 }
}

fn installed(dir: &Path) -> PathBuf {
    let path = dir.join("Merchant-Desk.AppImage");
    std::fs::write(&path, b"\x7fELF the installed 0.1.0").unwrap();
    path
}

async fn start_app(channel: &Channel, target: &Path) -> Result<AppSession, desk_e2e::Error> {
    let endpoint = format!("http://{}/latest.json", channel.addr);
    AppSession::start_with_env(&[
        ("DESK_UPDATER_PUBKEY", &channel.pubkey_b64),
        ("DESK_UPDATE_ENDPOINT", &endpoint),
        ("DESK_UPDATE_EXECUTABLE", target.to_str().unwrap()),
    ])
    .await
}

// The merchant sees the offer (version and notes) and only an explicit install replaces the
// app, with the verified bytes.
#[tokio::test(flavor = "multi_thread")]
async fn a_signed_update_is_offered_verified_and_installed() -> Result<(), desk_e2e::Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let channel = start_channel(artifact()).await;
    let dir = tempfile::tempdir()?;
    let target = installed(dir.path());
    let app = start_app(&channel, &target).await?;
    app.text_of("[data-testid=version]").await?;

    // With update checks on (the default), the app looks by itself after start and says so.
    let banner = app.text_of("[data-testid=update-banner]").await?;
    assert!(
        banner.contains(NEW_VERSION),
        "the merchant is told of the update: {banner}"
    );
    assert_eq!(
        std::fs::read(&target)?,
        b"\x7fELF the installed 0.1.0",
        "nothing installs unasked"
    );
    let offer = app
        .invoke("check_update", serde_json::json!({}))
        .await?
        .expect("check succeeds");
    assert_eq!(
        offer["version"], NEW_VERSION,
        "the manifest's version is offered"
    );
    assert_eq!(
        offer["notes"],
        "Faster history search and clearer payout errors."
    );
    assert_eq!(
        std::fs::read(&target)?,
        b"\x7fELF the installed 0.1.0",
        "nothing installs on check"
    );

    app.invoke("install_update", serde_json::json!({}))
        .await?
        .expect("install succeeds");
    assert_eq!(
        std::fs::read(&target)?,
        artifact(),
        "the verified artifact replaced the app"
    );
    app.close().await
}

// A download whose bytes do not match the signature is refused with a clear message, and the
// installed app is left exactly as it was.
#[tokio::test(flavor = "multi_thread")]
async fn a_tampered_update_is_refused_and_the_app_is_untouched() -> Result<(), desk_e2e::Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let mut tampered = artifact();
    tampered[100] ^= 0xff;
    let channel = start_channel(tampered).await;
    let dir = tempfile::tempdir()?;
    let target = installed(dir.path());
    let app = start_app(&channel, &target).await?;
    app.text_of("[data-testid=version]").await?;

    app.invoke("check_update", serde_json::json!({}))
        .await?
        .expect("check succeeds");
    let err = app
        .invoke("install_update", serde_json::json!({}))
        .await?
        .expect_err("refused");
    assert_eq!(err["code"], "errors.update");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or_default()
            .contains("signature does not match"),
        "the merchant is told why: {err}"
    );
    assert_eq!(
        std::fs::read(&target)?,
        b"\x7fELF the installed 0.1.0",
        "the app is untouched"
    );
    app.close().await
}
