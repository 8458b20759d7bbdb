//! The window's content security policy against the one list of the providers' SDK origins
//! (`desk_providers::env::SDK_ORIGINS`): `frame-src` in `tauri.conf.json` must be exactly what
//! the list derives (`desk_core::frames::frame_src`), and no other directive may open to them.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::collections::BTreeMap;

fn csp() -> BTreeMap<String, String> {
    let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    serde_json::from_value(conf["app"]["security"]["csp"].clone()).unwrap()
}

#[test]
fn frame_src_is_exactly_the_sdk_origins_and_loopback() {
    let want = desk_core::frames::frame_src();
    assert_eq!(
        csp().get("frame-src").map(String::as_str),
        Some(want.as_str()),
        "set app.security.csp.frame-src in src-tauri/tauri.conf.json to {want:?} \
         (derived from desk_providers::env::SDK_ORIGINS)"
    );
}

#[test]
fn the_rest_of_the_policy_stays_as_narrow_as_it_was() {
    let want: BTreeMap<String, String> = [
        ("default-src", "'self'"),
        ("script-src", "'self'"),
        ("style-src", "'self'"),
        ("img-src", "'self' data:"),
        ("font-src", "'self'"),
        ("connect-src", "ipc: http://ipc.localhost"),
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("form-action", "'none'"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut got = csp();
    got.remove("frame-src");
    assert_eq!(got, want, "only frame-src opens to the providers' origins");
}
