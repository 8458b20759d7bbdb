//! The real app window, driven through WebDriver.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_e2e::{AppSession, e2e_available};

// The UI must show what Rust answered: if the `app_info` command breaks, the banner never
// shows the environment and version and this test fails.
#[tokio::test(flavor = "multi_thread")]
async fn window_shows_app_info_from_rust() -> Result<(), desk_e2e::Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = AppSession::start().await?;
    let env = app.text_of("[data-testid=environment]").await?;
    assert_eq!(
        env, "Sandbox — test money",
        "a new user lands on the sandbox"
    );
    let version = app.text_of("[data-testid=version]").await?;
    assert_eq!(
        version,
        format!("v{}", env!("CARGO_PKG_VERSION")),
        "version comes from the app"
    );
    assert_eq!(app.client.title().await?, "Merchant Desk");
    // onboarding_state answered too: a new merchant is offered the sandbox.
    app.text_of("[data-testid=start-sandbox]").await?;
    app.close().await
}
