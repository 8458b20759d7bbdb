//! OS notifications, shown from Rust: the core decides what to tell (desk-core's
//! `notifications`), the window is granted nothing for it.
//!
//! On Linux they go to the desktop's notification service (`org.freedesktop.Notifications`,
//! its `Notify` method) on the session bus through the `dbus` crate, that is the system's
//! libdbus, which the keychain already links. tauri-plugin-notification brings a D-Bus stack of
//! its own there (notify-rust over zbus 5 and 6): measured on 2026-12-03 it made the release
//! binary 1,304,320 B larger (8,499,600 → 9,803,920 B, 2.30x the bare Tauri app against a 2x
//! budget). Elsewhere the plugin shows them, as the single-instance plugin keeps one desk per
//! data folder elsewhere than Linux.

use desk_core::host::OsNotification;
use tauri::AppHandle;

/// The name the desktop shows beside a notification.
#[cfg(target_os = "linux")]
const APP_NAME: &str = "Merchant Desk";

/// How long the desktop has to take a notification.
#[cfg(target_os = "linux")]
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Shows `n` without waiting for the desktop: a slow or absent notification service costs a
/// line in the log, never the sync loop's time.
#[cfg(target_os = "linux")]
pub fn show(_app: &AppHandle, n: &OsNotification) {
    let n = n.clone();
    std::thread::spawn(move || {
        let shown = dbus::blocking::Connection::new_session().and_then(|bus| freedesktop(&bus, &n));
        if let Err(e) = shown {
            tracing::warn!(error = %e, "the desktop did not take a notification");
        }
    });
}

/// Shows `n` through the plugin.
#[cfg(not(target_os = "linux"))]
pub fn show(app: &AppHandle, n: &OsNotification) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app
        .notification()
        .builder()
        .title(&n.title)
        .body(&n.body)
        .show()
    {
        tracing::warn!(error = %e, "could not show a notification");
    }
}

/// Asks the notification service on `bus` to show `n`; its id for the notification.
#[cfg(target_os = "linux")]
fn freedesktop(bus: &dbus::blocking::Connection, n: &OsNotification) -> Result<u32, dbus::Error> {
    let service = bus.with_proxy(
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        TIMEOUT,
    );
    // app name, id to replace (none), icon (the app's), summary, body, actions, hints, expiry
    // (the desktop's default)
    let (id,): (u32,) = service.method_call(
        "org.freedesktop.Notifications",
        "Notify",
        (
            APP_NAME,
            0u32,
            "",
            n.title.as_str(),
            n.body.as_str(),
            Vec::<&str>::new(),
            dbus::arg::PropMap::new(),
            -1i32,
        ),
    )?;
    Ok(id)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #![allow(clippy::unwrap_used)] // a test may stop at the first surprise

    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use dbus::blocking::Connection;
    use dbus::channel::{Channel, MatchingReceiver};
    use dbus::message::MatchRule;

    use super::*;

    /// A connection to the bus at `address`.
    fn connect(address: &str) -> Connection {
        let mut channel = Channel::open_private(address).unwrap();
        channel.register().unwrap();
        channel.into()
    }

    #[test]
    fn a_notification_reaches_the_desktops_service_as_sent() {
        // a bus of this test's own, with a stand-in for the desktop's notification service
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (scripts/bootstrap.sh installs D-Bus)");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        let service = connect(&address);
        service
            .request_name("org.freedesktop.Notifications", false, true, true)
            .unwrap();
        type Call = (String, u32, String, String, String, Vec<String>, i32);
        let seen: Arc<Mutex<Vec<Call>>> = Arc::default();
        let into = seen.clone();
        service.start_receive(
            MatchRule::new_method_call(),
            Box::new(move |call, bus| {
                let (app, replaces, icon, title, body, actions, _hints, expiry): (
                    String,
                    u32,
                    String,
                    String,
                    String,
                    Vec<String>,
                    dbus::arg::PropMap,
                    i32,
                ) = call.read_all().unwrap();
                into.lock()
                    .unwrap()
                    .push((app, replaces, icon, title, body, actions, expiry));
                let _ = dbus::channel::Sender::send(bus, call.method_return().append1(7u32));
                true
            }),
        );
        let answered = seen.clone();
        let serving = std::thread::spawn(move || {
            for _ in 0..200 {
                service.process(Duration::from_millis(25)).unwrap();
                if !answered.lock().unwrap().is_empty() {
                    break;
                }
            }
        });
        let n = OsNotification {
            title: "Payout paid (sandbox)".into(),
            body: "1,250.00 MXN to Ana García (PO-1) was paid.".into(),
        };
        let id = freedesktop(&connect(&address), &n).unwrap();
        assert_eq!(id, 7);
        assert_eq!(
            seen.lock().unwrap().clone(),
            [(
                "Merchant Desk".to_string(),
                0,
                String::new(),
                n.title.clone(),
                n.body.clone(),
                Vec::new(),
                -1,
            )]
        );
        serving.join().unwrap();
        daemon.kill().unwrap();
        daemon.wait().unwrap();
    }
}
