//! A harness for end-to-end tests of the real app: it starts `tauri-driver` (which drives
//! `WebKitWebDriver`) on free ports, opens a WebDriver session on the built `merchant-desk`
//! binary with fresh data directories, and ends every process it started when dropped, even
//! when the test panicked first (see [`process_tree::OwnedTree`]).
//!
//! The tests need a display (`xvfb-run`), `tauri-driver` and `WebKitWebDriver`. When
//! `DESK_REQUIRE_E2E=1` (the test command sets it) a missing piece fails the test; otherwise
//! the test is skipped with a message, so `cargo test` on a bare machine stays useful.
#![deny(missing_docs)]

pub mod drive;
pub mod process_tree;
pub mod screen;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use tempfile::TempDir;

use crate::process_tree::OwnedTree;

/// What can stop an end-to-end session from starting.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// A running app under WebDriver, with its own home directory.
pub struct AppSession {
    /// The WebDriver client talking to the app's webview.
    pub client: Client,
    /// `tauri-driver` and all it starts: `WebKitWebDriver`, the app, WebKit's processes.
    driver: OwnedTree,
    /// The app's home (config, data and logs live under it).
    pub home: PathBuf,
    _owned_home: Option<TempDir>,
}

/// Whether the environment can run the app; `Ok(false)` means skip (with a printed reason).
pub fn e2e_available() -> Result<bool, Error> {
    let required = std::env::var("DESK_REQUIRE_E2E").is_ok_and(|v| v == "1");
    let missing = missing_prerequisite();
    match (missing, required) {
        (None, _) => Ok(true),
        (Some(what), true) => Err(format!("end-to-end prerequisite missing: {what}").into()),
        (Some(what), false) => {
            eprintln!("skipping end-to-end test: {what} (set DESK_REQUIRE_E2E=1 to fail instead)");
            Ok(false)
        }
    }
}

fn missing_prerequisite() -> Option<String> {
    if std::env::var_os("DISPLAY").is_none() {
        return Some("no DISPLAY (run under xvfb-run)".into());
    }
    if !app_binary().exists() {
        return Some(format!(
            "the app is not built at {}",
            app_binary().display()
        ));
    }
    if Command::new("tauri-driver").arg("--help").output().is_err() {
        return Some("tauri-driver is not installed".into());
    }
    None
}

/// The built app binary, next to this test's own target directory.
pub fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("DESK_APP_BINARY") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    // target/<profile>/deps/<test> → target/<profile>/merchant-desk
    exe.parent()
        .and_then(|deps| deps.parent())
        .map(|profile| profile.join("merchant-desk"))
        .unwrap_or_default()
}

fn free_port() -> Result<u16, Error> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl AppSession {
    /// Starts the app with a fresh home directory and opens a WebDriver session on it.
    pub async fn start() -> Result<Self, Error> {
        Self::start_with_env(&[]).await
    }

    /// Like [`AppSession::start`], with extra environment variables for the app.
    pub async fn start_with_env(env: &[(&str, &str)]) -> Result<Self, Error> {
        let home = tempfile::tempdir()?;
        let mut session = Self::launch(&app_binary(), home.path(), env).await?;
        session._owned_home = Some(home);
        Ok(session)
    }

    /// Starts `binary` with `home` as its home directory (kept after the session, so a later
    /// session sees the same data) and opens a WebDriver session on it.
    pub async fn launch(binary: &Path, home: &Path, env: &[(&str, &str)]) -> Result<Self, Error> {
        let port = free_port()?;
        let native_port = free_port()?;
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        if Path::new("/usr/bin/WebKitWebDriver").exists() {
            cmd.args(["--native-driver", "/usr/bin/WebKitWebDriver"]);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        // Dropped on every early return below: no driver outlives a failed start.
        let driver = OwnedTree::spawn(&mut cmd)?;
        let url = format!("http://127.0.0.1:{port}");
        let client = connect(&url, binary).await?;
        Ok(Self {
            client,
            driver,
            home: home.to_path_buf(),
            _owned_home: None,
        })
    }

    /// Waits up to 20 s for the element matching `css` and returns its text.
    pub async fn text_of(&self, css: &str) -> Result<String, Error> {
        let found = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(el) => Ok(el.text().await?),
            Err(e) => {
                let shot =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots/failure.png");
                let _ = self.screenshot(&shot).await;
                Err(format!(
                    "{css} did not appear ({e}); the window is in {}",
                    shot.display()
                )
                .into())
            }
        }
    }

    /// Calls a Tauri command the way the UI does, returning `Ok(value)` or `Err(error JSON)`.
    pub async fn invoke(
        &self,
        cmd: &str,
        args: serde_json::Value,
    ) -> Result<Result<serde_json::Value, serde_json::Value>, Error> {
        let script = "const [cmd, args, done] = arguments; \
            window.__TAURI_INTERNALS__.invoke(cmd, args).then(v => done({ ok: v ?? null }), e => done({ err: e }));";
        let out = self
            .client
            .execute_async(script, vec![cmd.into(), args])
            .await?;
        match (out.get("ok"), out.get("err")) {
            (Some(v), _) => Ok(Ok(v.clone())),
            (_, Some(e)) => Ok(Err(e.clone())),
            _ => Err(format!("unexpected reply from {cmd}: {out}").into()),
        }
    }

    /// Saves a PNG screenshot after two animation frames (WebDriver shots can be stale).
    pub async fn screenshot(&self, path: &std::path::Path) -> Result<(), Error> {
        self.client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, png)?;
        Ok(())
    }

    /// CPU time used so far by the app and its WebKit processes (and the idle drivers
    /// around them), from /proc.
    pub fn cpu_time(&self) -> Duration {
        process_tree::cpu_time(self.driver.id())
    }

    /// CPU time used so far by WebKit's web processes, which lay out, paint and composite the
    /// window's pages.
    pub fn web_cpu_time(&self) -> Duration {
        process_tree::cpu_time_of(self.driver.id(), "WebKitWebProces")
    }

    /// Ends the WebDriver session, then stops the driver and everything it started (the app
    /// and WebKit's processes) and waits for them. Dropping the session without `close` (a
    /// test that failed first) stops and waits for them all the same.
    pub async fn close(mut self) -> Result<(), Error> {
        let result = self.client.clone().close().await;
        self.driver.end();
        result.map_err(Into::into)
    }
}

async fn connect(url: &str, binary: &Path) -> Result<Client, Error> {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": binary }),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(url)
            .await
        {
            Ok(client) => return Ok(client),
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => return Err(format!("could not open a WebDriver session: {e}").into()),
        }
    }
}
