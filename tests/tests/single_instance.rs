//! One desk per data folder: a second launch of the app on the same data folder (same HOME and
//! XDG directories, same display, same D-Bus session) brings the first window back and exits
//! on its own; a launch on another data folder is a desk of its own.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use desk_e2e::process_tree::OwnedTree;
use desk_e2e::{AppSession, app_binary, e2e_available};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, MapState, Window};
use x11rb::rust_connection::RustConnection;

/// Starts the app binary by hand with the environment the harness gives the app it starts
/// under WebDriver (see `AppSession::launch`): `home` as HOME, the XDG directories under it;
/// DISPLAY and the D-Bus session are this process's own, as they are the driver's. The app and
/// the WebKit processes it starts are ended and awaited when the result is dropped, even when
/// an assertion fails first.
fn launch_by_hand(home: &Path) -> OwnedTree {
    OwnedTree::spawn(
        Command::new(app_binary())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit()),
    )
    .unwrap()
}

/// Waits up to `within` for the process to exit.
fn exit_within(child: &mut OwnedTree, within: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// The live processes of the app binary whose HOME is `home` (not WebKit's helpers, whose
/// executable is another).
fn app_processes(home: &Path) -> Vec<u32> {
    let binary = std::fs::canonicalize(app_binary()).unwrap();
    let wanted = format!("HOME={}", home.display()).into_bytes();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary)
                && std::fs::read(format!("/proc/{pid}/environ"))
                    .is_ok_and(|env| env.split(|b| *b == 0).any(|kv| kv == wanted))
                && std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
                    !s.rsplit_once(')')
                        .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
                })
        })
        .collect()
}

/// The X display the app draws on, and its window there.
struct Display {
    conn: RustConnection,
    root: Window,
}

impl Display {
    fn open() -> Self {
        let (conn, screen) = x11rb::connect(None).unwrap();
        let root = conn.setup().roots[screen].root;
        Self { conn, root }
    }

    /// The top-level windows of process `pid` with a title (GDK's hidden leader window has
    /// none). Xvfb runs no window manager, so top-level windows are the root's children.
    fn titled_windows_of(&self, pid: u32) -> Vec<Window> {
        let net_wm_pid = self.atom("_NET_WM_PID");
        let children = self
            .conn
            .query_tree(self.root)
            .unwrap()
            .reply()
            .unwrap()
            .children;
        children
            .into_iter()
            .filter(|&w| {
                let owner = self
                    .conn
                    .get_property(false, w, net_wm_pid, AtomEnum::CARDINAL, 0, 1)
                    .unwrap()
                    .reply()
                    .ok()
                    .and_then(|r| r.value32().and_then(|mut v| v.next()));
                let title = self
                    .conn
                    .get_property(false, w, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 64)
                    .unwrap()
                    .reply()
                    .map(|r| r.value)
                    .unwrap_or_default();
                owner == Some(pid) && title == b"Merchant Desk"
            })
            .collect()
    }

    fn atom(&self, name: &str) -> u32 {
        self.conn
            .intern_atom(false, name.as_bytes())
            .unwrap()
            .reply()
            .unwrap()
            .atom
    }

    fn viewable(&self, w: Window) -> bool {
        self.conn
            .get_window_attributes(w)
            .unwrap()
            .reply()
            .is_ok_and(|a| a.map_state == MapState::VIEWABLE)
    }

    /// Takes the window off the screen behind the app's back, as if it had been hidden.
    fn unmap(&self, w: Window) {
        self.conn.unmap_window(w).unwrap();
        self.conn.flush().unwrap();
    }
}

async fn until(within: Duration, mut f: impl AsyncFnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if f().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    f().await
}

async fn has_focus(app: &AppSession) -> bool {
    app.client
        .execute("return document.hasFocus();", vec![])
        .await
        .is_ok_and(|v| v == serde_json::Value::Bool(true))
}

// The single-instance plugin's job: the merchant who launches the app again gets the desk
// that is already open (shown, unminimised, focused), not a second one on the same data.
#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_brings_the_first_window_back_and_exits() -> Result<(), desk_e2e::Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = AppSession::start().await?;
    app.text_of("[data-testid=environment]").await?;
    let first: Vec<u32> = app_processes(&app.home);
    assert_eq!(
        first.len(),
        1,
        "one app process runs on this home: {first:?}"
    );
    let display = Display::open();
    let windows = display.titled_windows_of(first[0]);
    assert_eq!(windows.len(), 1, "the app has one window: {windows:?}");
    let window = windows[0];
    assert!(display.viewable(window));

    display.unmap(window);
    assert!(
        until(Duration::from_secs(5), async || !display.viewable(window)).await,
        "the window left the screen"
    );
    assert!(
        until(Duration::from_secs(5), async || !has_focus(&app).await).await,
        "the hidden window's page has no focus"
    );

    let mut second = launch_by_hand(&app.home);
    let status = exit_within(&mut second, Duration::from_secs(15));
    assert!(
        status.is_some_and(|s| s.success()),
        "the second launch exits on its own, successfully: {status:?}"
    );
    assert!(
        until(Duration::from_secs(5), async || display.viewable(window)).await,
        "the first window is back on the screen"
    );
    assert!(
        until(Duration::from_secs(5), async || has_focus(&app).await).await,
        "the first window has the focus"
    );
    assert_eq!(
        app_processes(&app.home),
        first,
        "the first app still runs, and no other on its data"
    );
    assert_eq!(app.client.title().await?, "Merchant Desk");
    assert_eq!(
        app.text_of("[data-testid=environment]").await?,
        "Sandbox — test money",
        "the first app still answers"
    );
    app.close().await
}

// The single-instance name follows the data folder, as the database's lock does: a launch with
// another home is a desk of its own (and the end-to-end tests' parallel apps do not turn each
// other away).
#[tokio::test(flavor = "multi_thread")]
async fn a_launch_on_another_data_folder_is_a_desk_of_its_own() -> Result<(), desk_e2e::Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = AppSession::start().await?;
    app.text_of("[data-testid=environment]").await?;
    let other_home = tempfile::tempdir()?;
    let mut other = launch_by_hand(other_home.path());
    let status = exit_within(&mut other, Duration::from_secs(5));
    let other_pids = app_processes(other_home.path());
    drop(other);
    assert_eq!(
        status, None,
        "a launch on another data folder keeps running"
    );
    assert_eq!(other_pids.len(), 1, "{other_pids:?}");
    assert_eq!(app.client.title().await?, "Merchant Desk");
    app.close().await
}
