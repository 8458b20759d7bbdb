//! The merchant's main flows in the real app window, on the embedded sandbox: onboarding, a
//! history search, a payout entered offline and delivered after reconnect, a MonEFlow Pay
//! card checkout and a Mona checkout with its SCA step. Screenshots of each screen are saved
//! under target/screenshots for the README.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::time::{Duration, Instant};

use desk_e2e::{AppSession, Error, e2e_available};
use fantoccini::Locator;

fn shot(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/screenshots")
        .join(name)
}

/// Starts the app with its own keychain service, so tests never see each other's keys.
async fn start(name: &str) -> Result<AppSession, Error> {
    let service = format!("merchant-desk-e2e-{name}-{}", std::process::id());
    AppSession::start_with_env(&[("DESK_KEYCHAIN_SERVICE", &service)]).await
}

async fn el(app: &AppSession, css: &str) -> Result<fantoccini::elements::Element, Error> {
    Ok(app
        .client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await?)
}

async fn click(app: &AppSession, css: &str) -> Result<(), Error> {
    el(app, css).await?.click().await?;
    Ok(())
}

async fn fill(app: &AppSession, css: &str, text: &str) -> Result<(), Error> {
    let e = el(app, css).await?;
    let typed = async {
        if !e.prop("value").await?.unwrap_or_default().is_empty() {
            e.clear().await?;
        }
        e.click().await?;
        e.send_keys(text).await
    };
    if let Err(err) = typed.await {
        let _ = app.screenshot(&shot("failure.png")).await;
        return Err(format!("could not type into {css}: {err}").into());
    }
    Ok(())
}

/// Waits until the element's text contains `want` (ignoring case).
async fn wait_for_text(
    app: &AppSession,
    css: &str,
    want: &str,
    secs: u64,
) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let text = match app.client.find(Locator::Css(css)).await {
            // the DOM text (WebKit leaves clipped cells out of the rendered text); an input
            // shows its value instead
            Ok(e) => match e
                .prop("textContent")
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
            {
                t if t.is_empty() => e.prop("value").await.ok().flatten().unwrap_or_default(),
                t => t,
            },
            Err(_) => String::new(),
        };
        // WebDriver returns text as rendered, so CSS capitalisation shows: compare caselessly.
        if text.to_lowercase().contains(&want.to_lowercase()) {
            return Ok(text);
        }
        if Instant::now() > deadline {
            return Err(format!("{css} never showed {want:?}; last text: {text:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// The number a history total such as "1,000+ transactions" starts with.
fn count_of(total: &str) -> Result<u64, Error> {
    let first = total.split_whitespace().next().unwrap_or_default();
    Ok(first.trim_end_matches('+').replace(',', "").parse()?)
}

/// Waits up to 20 s for the history's total to read `want`.
async fn wait_for_total(app: &AppSession, want: u64) -> Result<(), Error> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = app.text_of("[data-testid=history-total]").await?;
        if count_of(&text)? == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("the history shows {text:?}, not {want}").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn onboard(app: &AppSession) -> Result<(), Error> {
    click(app, "[data-testid=start-sandbox]").await?;
    el(app, "[data-testid=onboarding-done]").await?;
    click(app, "[data-testid=open-desk]").await?;
    el(app, "[data-testid=nav-history]").await?;
    Ok(())
}

// A new merchant presses one button and gets verified sandbox keys for all four providers and
// a lived-in history from the sandbox's seed; searching narrows it to what matches.
#[tokio::test(flavor = "multi_thread")]
async fn onboarding_provisions_the_sandbox_and_history_search_finds_records() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("onboarding").await?;
    el(&app, "[data-testid=start-sandbox]").await?;
    app.screenshot(&shot("onboarding.png")).await?;
    onboard(&app).await?;
    el(&app, "[data-testid=history-row]").await?;
    // The first sync brings the seeded history provider by provider; wait for all of it (Mona
    // and MonEFlow list theirs; Monei and Monnet document no list, so their seeded payments
    // and payouts, made outside the desk, do not appear).
    let deadline = Instant::now() + Duration::from_secs(30);
    let n = loop {
        let total = wait_for_text(&app, "[data-testid=history-total]", "transactions", 30).await?;
        let n = count_of(&total)?;
        if n >= 40 {
            break n;
        }
        assert!(
            Instant::now() < deadline,
            "the seeded history is there: {total}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    app.screenshot(&shot("history.png")).await?;
    fill(&app, "[data-testid=history-search]", "MF-").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    let m = loop {
        let text = app.text_of("[data-testid=history-total]").await?;
        let m = count_of(&text)?;
        if m != n || Instant::now() > deadline {
            break m;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        m > 0 && m < n,
        "search narrows {n} rows to the {m} seeded MonEFlow Pay checkouts"
    );
    let rows = app
        .client
        .find_all(Locator::Css("[data-testid=history-row]"))
        .await?;
    for row in rows.iter().take(5) {
        let text = row.prop("textContent").await?.unwrap_or_default();
        assert!(
            text.contains("MF-"),
            "every row shown matches the search: {text:?}"
        );
    }

    // dates and amounts open on demand; a minimum above every seeded amount leaves nothing,
    // and clearing them brings the searched rows back
    click(&app, "[data-testid=history-more-filters]").await?;
    app.screenshot(&shot("history-filters.png")).await?;
    fill(&app, "#h-min", "100000000").await?;
    wait_for_total(&app, 0).await?;
    el(&app, ".empty").await?;
    click(&app, "[data-testid=history-fewer-filters]").await?;
    el(&app, "[data-testid=history-more-filters]").await?;
    wait_for_total(&app, m).await?;

    let rows = app
        .client
        .find_all(Locator::Css("[data-testid=history-row]"))
        .await?;
    rows[0].click().await?;
    el(&app, "[data-testid=status-timeline]").await?;
    app.screenshot(&shot("history-detail.png")).await?;
    app.close().await
}

// The merchant switches the sandbox network off, enters a payout (validated as typed), sees
// it queued, switches the network back, and sees it delivered once.
#[tokio::test(flavor = "multi_thread")]
async fn a_payout_entered_offline_is_delivered_after_reconnect() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("payout").await?;
    onboard(&app).await?;
    click(&app, "[data-testid=nav-settings]").await?;
    click(&app, "[data-testid=sandbox-network]").await?;
    wait_for_text(&app, "[data-testid=connectivity]", "Offline", 20).await?;
    el(&app, "[data-testid=cred-monnet]").await?;
    app.screenshot(&shot("settings.png")).await?;

    click(&app, "[data-testid=nav-payouts]").await?;
    fill(&app, "[data-testid=payout-amount]", "1,250.50").await?;
    fill(
        &app,
        "[data-testid=payout-description]",
        "Supplier invoice 77",
    )
    .await?;
    fill(&app, "[data-testid=payout-firstName]", "María").await?;
    fill(&app, "[data-testid=payout-lastName]", "Pérez").await?;
    fill(&app, "[data-testid=payout-email]", "maria@example.com").await?;
    fill(&app, "[data-testid=payout-documentNumber]", "PEGM9007151H0").await?;
    fill(&app, "[data-testid=payout-clabe]", "002123451234534510").await?;
    el(&app, "[data-testid=payout-amount]")
        .await?
        .click()
        .await?;
    let hint = wait_for_text(&app, "[data-testid=problem-clabe]", "should be 7", 10).await?;
    assert!(
        hint.contains("typo"),
        "a mistyped CLABE is caught as typed: {hint}"
    );
    fill(&app, "[data-testid=payout-clabe]", "646180110400000007").await?;
    wait_for_text(&app, "[data-testid=payout-bank]", "STP", 10).await?;
    wait_for_text(
        &app,
        "[data-testid=payout-amount-reading]",
        "= 1,250.50 MXN",
        10,
    )
    .await?;
    app.screenshot(&shot("payout-form.png")).await?;
    click(&app, "[data-testid=review-payout]").await?;
    let review = wait_for_text(&app, "[data-testid=payout-review]", "1,250.50 MXN", 10).await?;
    assert!(
        review.contains("SANDBOX"),
        "the review states the environment: {review}"
    );
    click(&app, "[data-testid=confirm-payout]").await?;
    el(&app, "[data-testid=payout-queued]").await?;
    let order_id = el(&app, "[data-testid=queued-order-id]")
        .await?
        .text()
        .await?;
    // Offline, the payout waits in the outbox: queued, or in flight until the provider can be
    // asked whether the first attempt reached it.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let pending = app.text_of("[data-testid=sync-queue]").await?;
        if pending.starts_with("1 queued") || pending.contains("1 in flight") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "one payout should wait in the outbox: {pending}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.screenshot(&shot("payout-queued-offline.png")).await?;

    click(&app, "[data-testid=nav-settings]").await?;
    click(&app, "[data-testid=sandbox-network]").await?;
    wait_for_text(&app, "[data-testid=connectivity]", "Online", 30).await?;
    // An attempt made while offline waits out its backoff (at most a minute) before the
    // engine asks Monnet again; it is never sent twice.
    wait_for_text(
        &app,
        "[data-testid=sync-queue]",
        "0 queued · 0 in flight",
        90,
    )
    .await?;
    click(&app, "[data-testid=nav-history]").await?;
    fill(&app, "[data-testid=history-search]", &order_id).await?;
    let row = wait_for_text(&app, "[data-testid=history-row]", &order_id, 20).await?;
    assert!(
        row.contains("pending") || row.contains("processing") || row.contains("paid"),
        "delivered to Monnet: {row}"
    );
    app.close().await
}

// MonEFlow Pay: the card goes into the provider's page in a frame; the app receives a one-time
// nonce and the backend turns it into a payment.
#[tokio::test(flavor = "multi_thread")]
async fn a_moneflow_card_checkout_succeeds_through_the_hosted_card_fields() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("moneflow").await?;
    onboard(&app).await?;
    click(&app, "[data-testid=nav-checkout]").await?;
    click(&app, "[data-testid=provider-moneflow]").await?;
    fill(&app, "[data-testid=checkout-amount]", "25.00").await?;
    fill(&app, "[data-testid=checkout-description]", "Tote bag").await?;
    wait_for_text(
        &app,
        "[data-testid=checkout-amount-reading]",
        "= 25.00 USD",
        20,
    )
    .await?;
    click(&app, "[data-testid=review-checkout]").await?;
    let review = wait_for_text(&app, "[data-testid=checkout-review]", "25.00 USD", 20).await?;
    assert!(
        review.contains("SANDBOX"),
        "the review states the environment: {review}"
    );
    click(&app, "[data-testid=confirm-checkout]").await?;
    el(&app, "[data-testid=sdk-frame]")
        .await?
        .enter_frame()
        .await?;
    fill(&app, "[data-testid=mf-number]", "4242 4242 4242 4242").await?;
    fill(&app, "[data-testid=mf-exp]", "12/30").await?;
    fill(&app, "[data-testid=mf-cvv]", "123").await?;
    fill(&app, "[data-testid=mf-holder]", "Ana López").await?;
    app.client.enter_parent_frame().await?;
    app.screenshot(&shot("checkout-moneflow.png")).await?;
    el(&app, "[data-testid=sdk-frame]")
        .await?
        .enter_frame()
        .await?;
    click(&app, "[data-testid=mf-pay]").await?;
    app.client.enter_parent_frame().await?;
    let receipt = wait_for_text(&app, "[data-testid=checkout-result]", "succeeded", 30).await?;
    assert!(receipt.contains("Visa •••• 4242"), "{receipt}");
    assert!(receipt.contains("25.00 USD"), "{receipt}");
    app.screenshot(&shot("checkout-receipt.png")).await?;
    app.close().await
}

// Mona: the customer approves on the device; the page signs the consent with a WebCrypto
// P-256 key and the payment completes only after the sandbox verifies that signature.
#[tokio::test(flavor = "multi_thread")]
async fn a_mona_checkout_completes_after_the_sca_step() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("mona").await?;
    onboard(&app).await?;
    click(&app, "[data-testid=nav-checkout]").await?;
    click(&app, "[data-testid=provider-mona]").await?;
    fill(&app, "[data-testid=checkout-amount]", "2,500.00").await?;
    fill(&app, "[data-testid=checkout-description]", "Catering").await?;
    wait_for_text(
        &app,
        "[data-testid=checkout-amount-reading]",
        "= 2,500.00 NGN",
        20,
    )
    .await?;
    click(&app, "[data-testid=review-checkout]").await?;
    wait_for_text(&app, "[data-testid=checkout-review]", "2,500.00 NGN", 20).await?;
    click(&app, "[data-testid=confirm-checkout]").await?;
    el(&app, "[data-testid=sdk-frame]")
        .await?
        .enter_frame()
        .await?;
    wait_for_text(&app, "#amount", "2500.00 NGN", 20).await?;
    fill(&app, "[data-testid=mona-card]", "4242 4242 4242 4242").await?;
    app.client.enter_parent_frame().await?;
    app.screenshot(&shot("checkout-mona.png")).await?;
    el(&app, "[data-testid=sdk-frame]")
        .await?
        .enter_frame()
        .await?;
    click(&app, "[data-testid=mona-approve]").await?;
    app.client.enter_parent_frame().await?;
    let receipt = wait_for_text(&app, "[data-testid=checkout-result]", "succeeded", 30).await?;
    assert!(receipt.contains("2,500.00 NGN"), "{receipt}");
    app.close().await
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if path.is_file() {
            // regular files only: the running desk's socket (`desk.instance`) holds no data
            out.push(path);
        }
    }
    out
}

// On a computer without a Secret Service the merchant reads what to install, opts into the
// passphrase-protected file vault instead, and works; on the next start the desk asks for the
// passphrase, refuses a wrong one and opens the encrypted history with the right one. No file
// the app wrote holds a key in the clear.
#[tokio::test(flavor = "multi_thread")]
async fn without_a_keychain_the_file_vault_keeps_the_keys_across_restarts() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let home = tempfile::tempdir()?;
    let no_secret_service = [(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/merchant-desk-test-bus",
    )];
    let binary = desk_e2e::app_binary();
    let app = AppSession::launch(&binary, home.path(), &no_secret_service).await?;
    let problem =
        wait_for_text(&app, "[data-testid=keychain-problem]", "gnome-keyring", 30).await?;
    assert!(problem.contains("No keychain is available"), "{problem}");
    let start_button = el(&app, "[data-testid=start-sandbox]").await?;
    assert!(
        !start_button.is_enabled().await?,
        "no keys may be stored without a store"
    );
    fill(
        &app,
        "[data-testid=vault-passphrase]",
        "sandbox vault passphrase",
    )
    .await?;
    fill(
        &app,
        "[data-testid=vault-repeat]",
        "sandbox vault passphrase",
    )
    .await?;
    app.screenshot(&shot("no-keychain.png")).await?;
    click(&app, "[data-testid=vault-enable]").await?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while !el(&app, "[data-testid=start-sandbox]")
        .await?
        .is_enabled()
        .await?
    {
        assert!(
            Instant::now() < deadline,
            "the vault never took the keychain's place"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    onboard(&app).await?;
    el(&app, "[data-testid=history-row]").await?;
    app.close().await?;

    let written = files_under(home.path());
    let vault = written
        .iter()
        .find(|p| p.ends_with("secrets.vault"))
        .expect("the vault file was written");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(vault)?)?;
    assert!(json["ciphertext"].as_str().is_some_and(|c| c.len() > 64));
    // sandbox.db is the emulated providers' own server-side record: like a real provider it
    // knows the test keys it issued. Everything the desk itself wrote must hold none.
    for path in written.iter().filter(|p| !p.ends_with("sandbox.db")) {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            // removed by the exiting app after the listing (a SQLite journal, the vault's
            // temporary copy): nothing of it is left on disk
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        let text = String::from_utf8_lossy(&bytes);
        for prefix in ["sk_test_", "mona_sk_sandbox_", "api_secret\":", "db/key"] {
            assert!(
                !text.contains(prefix),
                "{} holds {prefix:?} in the clear",
                path.display()
            );
        }
    }

    let app = AppSession::launch(&binary, home.path(), &no_secret_service).await?;
    fill(
        &app,
        "[data-testid=unlock-passphrase]",
        "not the passphrase",
    )
    .await?;
    click(&app, "[data-testid=unlock-vault]").await?;
    wait_for_text(&app, "[data-testid=unlock-error]", "does not open", 20).await?;
    app.screenshot(&shot("vault-unlock.png")).await?;
    fill(
        &app,
        "[data-testid=unlock-passphrase]",
        "sandbox vault passphrase",
    )
    .await?;
    click(&app, "[data-testid=unlock-vault]").await?;
    el(&app, "[data-testid=history-row]").await?;
    app.close().await
}

/// What the Secret Service holds for `service`: each item's name (the keyring's `username`
/// attribute), from `secret-tool search`, the tool a merchant would use to look.
fn keyring_names(service: &str) -> Vec<String> {
    let out = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", service])
        .output()
        .expect("secret-tool (libsecret-tools, installed by the bootstrap)");
    // secret-tool lists the items' attributes on stderr and their secrets on stdout
    let listing = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = listing
        .lines()
        .filter_map(|l| l.trim().strip_prefix("attribute.username = "))
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

/// The secret stored under `name` for `service`, read with `secret-tool lookup`.
fn keyring_secret(service: &str, name: &str) -> String {
    let out = std::process::Command::new("secret-tool")
        .args(["lookup", "service", service, "username", name])
        .output()
        .expect("secret-tool");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// The keys a merchant adds through the window are in the system keyring, where
// `secret-tool` finds them; Rotate replaces one there (and only that one), and Lock and wipe
// leaves nothing of the app's in the keyring and sends the merchant back to onboarding.
#[tokio::test(flavor = "multi_thread")]
async fn keys_added_in_the_window_are_in_the_keyring_rotated_and_wiped() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let service = format!("merchant-desk-e2e-keyring-{}", std::process::id());
    let app = AppSession::start_with_env(&[("DESK_KEYCHAIN_SERVICE", &service)]).await?;
    onboard(&app).await?;
    el(&app, "[data-testid=history-row]").await?;
    let names = keyring_names(&service);
    for secret in [
        "mona/sandbox/private_key",
        "monei/sandbox/api_key",
        "moneflow/sandbox/secret",
        "monnet/sandbox/api_secret",
        "db/key",
    ] {
        assert!(
            names.iter().any(|n| n == secret),
            "{secret} is in the keyring: {names:?}"
        );
    }
    let monei_before = keyring_secret(&service, "monei/sandbox/api_key");
    let mona_before = keyring_secret(&service, "mona/sandbox/private_key");
    assert!(monei_before.starts_with("sk_test_"));

    click(&app, "[data-testid=nav-settings]").await?;
    let row_before = wait_for_text(&app, "[data-testid=cred-monei]", "Monei", 30).await?;
    click(&app, "[data-testid=rotate-monei]").await?;
    wait_for_text(&app, "[data-testid=settings-message]", "key rotated", 30).await?;
    let row_after = app.text_of("[data-testid=cred-monei]").await?;
    assert_ne!(row_after, row_before, "the fingerprint shown changed");
    let monei_after = keyring_secret(&service, "monei/sandbox/api_key");
    assert!(monei_after.starts_with("sk_test_"));
    assert_ne!(monei_after, monei_before, "the keyring holds the new key");
    assert_eq!(
        keyring_secret(&service, "mona/sandbox/private_key"),
        mona_before,
        "the other keys are untouched"
    );

    fill(&app, "[data-testid=wipe-confirm]", "WIPE").await?;
    click(&app, "[data-testid=wipe]").await?;
    el(&app, "[data-testid=start-sandbox]").await?;
    assert_eq!(
        keyring_names(&service),
        Vec::<String>::new(),
        "nothing of the app's is left in the keyring"
    );
    app.close().await
}

/// The CPU time `used` reads (a running total) grows by over `span`, as a share of one core.
async fn cpu_share(used: impl Fn() -> Duration, span: Duration) -> f64 {
    let before = used();
    tokio::time::sleep(span).await;
    used().saturating_sub(before).as_secs_f64() / span.as_secs_f64()
}

// An app left open all day must leave the machine alone: once the history is on screen, and
// after the merchant scrolls it, the app and WebKit use next to no CPU. Where the machine
// draws in software, WebKit's fading overlay scrollbar once kept both cores busy for seconds
// after each scroll, and a rounded clip around the list sent each composited frame through a
// mask (300 to 400 ms of both cores as the list appeared); this fails if either comes back.
#[tokio::test(flavor = "multi_thread")]
async fn a_settled_history_leaves_the_cpu_idle_even_after_a_scroll() -> Result<(), Error> {
    if !e2e_available()? {
        return Ok(());
    }
    let app = start("idle").await?;
    onboard(&app).await?;
    el(&app, "[data-testid=history-row]").await?;
    // drawing the first screen is WebKit's work; the app's own start-up work runs beside it
    let drawing = cpu_share(|| app.web_cpu_time(), Duration::from_secs(2)).await;
    assert!(
        drawing <= 0.15,
        "drawing the history's first seconds on screen took {:.0}% of a core",
        drawing * 100.0
    );
    // whatever else start-up does (the first sync, the update check) ends within seconds
    let deadline = Instant::now() + Duration::from_secs(40);
    let mut share = cpu_share(|| app.cpu_time(), Duration::from_secs(1)).await;
    while share > 0.2 && Instant::now() < deadline {
        share = cpu_share(|| app.cpu_time(), Duration::from_secs(1)).await;
    }
    assert!(
        share <= 0.2,
        "the app never settled: {:.0}% of a core",
        share * 100.0
    );

    let scrolled = app
        .client
        .execute(
            "const list = document.querySelector('[data-testid=history-list]');
             list.scrollTop = 400; return list.scrollTop;",
            vec![],
        )
        .await?;
    assert!(scrolled.as_f64().unwrap_or(0.0) > 0.0, "the list scrolls");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let share = cpu_share(|| app.cpu_time(), Duration::from_secs(3)).await;
    assert!(
        share <= 0.25,
        "after a scroll the untouched app used {:.0}% of a core",
        share * 100.0
    );
    app.close().await
}
