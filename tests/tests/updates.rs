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

/// The app's log lines under `home`, every file of them.
fn log_lines(home: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![home.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                dirs.push(path);
            } else if name.starts_with("merchant-desk") && name.ends_with(".log") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.extend(text.lines().map(str::to_string));
            }
        }
    }
    out
}

// An update server that is away is a quiet state: Settings says when the desk tries again,
// and the log holds one INFO line for it and no ERROR line at all.
#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_update_server_is_quiet() -> Result<(), desk_e2e::Error> {
    if !e2e_available()? {
        return Ok(());
    }
    // nothing listens there once the listener is dropped
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let endpoint = format!("http://127.0.0.1:{port}/latest.json");
    let app = AppSession::start_with_env(&[("DESK_UPDATE_ENDPOINT", &endpoint)]).await?;
    app.text_of("[data-testid=version]").await?;

    // the app looks by itself a few seconds after start
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        let s = app
            .invoke("update_status", serde_json::json!({}))
            .await?
            .unwrap();
        if !s["lastCheckedAt"].is_null() || std::time::Instant::now() > deadline {
            break s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    };
    assert_eq!(status["serverUnreachable"], true, "{status}");
    assert!(status["nextCheckAt"].is_string(), "{status}");
    // a manual check is quiet too: no error, nothing offered
    let offer = app
        .invoke("check_update", serde_json::json!({}))
        .await?
        .expect("an unreachable server is not an error");
    assert!(offer.is_null());

    // Settings says when the desk tries again: reached from the welcome screen, or from the
    // navigation when the keyring this test run shares already holds sandbox keys
    let welcome = app
        .client
        .find(fantoccini::Locator::Css(
            "[data-testid=onboarding-settings]",
        ))
        .await;
    match welcome {
        Ok(link) => link.click().await?,
        Err(_) => desk_e2e::drive::click(&app, "[data-testid=nav-settings]").await?,
    }
    desk_e2e::drive::wait_for_text(
        &app,
        "[data-testid=update-status]",
        "Update server not reachable — will try again at",
        30,
    )
    .await?;

    // the log is written off the calling thread: give it a moment
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let lines = log_lines(&app.home);
    assert!(
        lines.iter().any(|l| l.contains("Merchant Desk started")),
        "the app's log was found: {} lines",
        lines.len()
    );
    let errors: Vec<&String> = lines
        .iter()
        .filter(|l| l.split_whitespace().nth(1) == Some("ERROR"))
        .collect();
    assert!(errors.is_empty(), "no ERROR line: {errors:#?}");
    let told = lines
        .iter()
        .filter(|l| l.contains("update server not reachable"))
        .count();
    assert_eq!(told, 1, "told once at INFO, then quietly: {lines:#?}");
    app.close().await
}
