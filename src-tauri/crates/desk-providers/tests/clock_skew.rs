//! Clock skew is told, not mistaken for bad keys: when Monnet refuses the desk's timestamp
//! (1002), the client measures its clock against Monnet's `Date` header, re-signs the same
//! request once with Monnet's time (same `orderId`: the refusal created nothing), keeps
//! signing with it, and reports how far off the computer's clock is.
#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use desk_domain::{Environment, PayoutDraft, Provider, Secret, ValidPayout};
use desk_providers::ProviderError;
use desk_providers::monnet::{MonnetClient, MonnetCredentials};
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};

const TEN_MINUTES_MS: i64 = 10 * 60 * 1000;

fn client(base: &str, creds: MonnetCredentials) -> MonnetClient {
    MonnetClient::new(
        base.parse().unwrap(),
        Environment::Sandbox,
        creds,
        Arc::new(RateLimiter::default()),
    )
    .unwrap()
}

fn sandbox_client(sb: &SandboxHandle) -> MonnetClient {
    let m = sb.demo_merchant().monnet;
    client(
        &sb.url(Provider::Monnet),
        MonnetCredentials {
            merchant_id: m.merchant_id,
            api_key: Secret::new(&m.api_key),
            api_secret: Secret::new(&m.api_secret),
        },
    )
}

fn payout(order_id: &str) -> ValidPayout {
    PayoutDraft {
        country: "MEX".into(),
        amount: "99.90".into(),
        currency: "MXN".into(),
        order_id: order_id.into(),
        description: "Invoice".into(),
        first_name: "Ana".into(),
        last_name: "López".into(),
        email: "a@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    }
    .validate()
    .unwrap()
}

#[tokio::test]
async fn with_monnet_10_minutes_ahead_the_payout_goes_through_and_the_skew_is_told() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    sb.clock().advance(TEN_MINUTES_MS);
    let monnet = sandbox_client(&sb);

    let created = monnet.create_payout(&payout("SKEW-1")).await.unwrap();
    assert!(!created.existed);
    assert_eq!(created.value.order_id, "SKEW-1");
    assert_eq!(sb.monnet_payouts_with_order_id("SKEW-1"), 1);
    let stats = sb.create_stats(Provider::Monnet);
    assert_eq!((stats.creates, stats.duplicates), (1, 0), "{stats:?}");

    let offset = monnet.clock_offset_seconds().unwrap();
    assert!((595..=600).contains(&offset), "measured {offset} s");
    assert_eq!(
        ProviderError::ClockSkew {
            offset_seconds: offset
        }
        .to_string(),
        "Your computer's clock is 10 minutes behind Monnet's. Set the clock right (automatic time); meanwhile the desk signs with Monnet's time."
    );

    // From now on every request is signed with Monnet's time: reads and the next payout.
    monnet.verify().await.unwrap();
    monnet.create_payout(&payout("SKEW-2")).await.unwrap();
    assert_eq!(sb.monnet_payouts_with_order_id("SKEW-2"), 1);
}

#[tokio::test]
async fn with_monnet_10_minutes_behind_the_desk_reads_go_through_and_the_skew_is_told() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    sb.clock().advance(-TEN_MINUTES_MS);
    let monnet = sandbox_client(&sb);
    monnet.verify().await.unwrap();
    let offset = monnet.clock_offset_seconds().unwrap();
    assert!((-601..=-599).contains(&offset), "measured {offset} s");
    assert!(
        ProviderError::ClockSkew {
            offset_seconds: offset
        }
        .to_string()
        .contains("10 minutes ahead of Monnet's")
    );
    monnet.create_payout(&payout("SKEW-3")).await.unwrap();
    assert_eq!(sb.monnet_payouts_with_order_id("SKEW-3"), 1);
}

/// What the stub saw: each request's signed timestamp and body.
type Seen = Arc<Mutex<Vec<(u64, Bytes)>>>;

/// A Monnet that refuses every timestamp with 1002, its `Date` `ahead_ms` ahead.
async fn always_1002(
    State((seen, ahead_ms)): State<(Seen, u64)>,
    Query(q): Query<std::collections::HashMap<String, String>>,
    body: Bytes,
) -> impl IntoResponse {
    seen.lock()
        .unwrap()
        .push((q["timestamp"].parse().unwrap(), body));
    let ahead = SystemTime::now() + Duration::from_millis(ahead_ms);
    (
        StatusCode::UNAUTHORIZED,
        [(header::DATE, httpdate_text(ahead))],
        Json(
            serde_json::json!({"errorCode": 1002, "message": "The timestamp is outside the accepted window."}),
        ),
    )
}

/// The IMF-fixdate text of `t`, as a provider's `Date` header.
fn httpdate_text(t: SystemTime) -> String {
    httpdate::fmt_http_date(t)
}

/// A client of a stub Monnet that refuses every timestamp, its clock `ahead_ms` ahead.
async fn stub(ahead_ms: u64) -> (MonnetClient, Seen) {
    let seen = Seen::default();
    let app = axum::Router::new()
        .route(
            "/api/v1/{merchant}/payouts",
            axum::routing::post(always_1002),
        )
        .with_state((seen.clone(), ahead_ms));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let monnet = client(
        &format!("http://{addr}/"),
        MonnetCredentials {
            merchant_id: "22".into(),
            api_key: Secret::new("key"),
            api_secret: Secret::new("secret"),
        },
    );
    (monnet, seen)
}

#[tokio::test]
async fn a_refusal_with_monnets_clock_in_step_is_not_resent() {
    let (monnet, seen) = stub(0).await;
    let e = monnet.create_payout(&payout("SKEW-4")).await.unwrap_err();
    assert!(
        matches!(&e, ProviderError::Rejected { code, .. } if code == "1002"),
        "{e:?}"
    );
    assert!(e.clock_refused());
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "re-signing would change nothing"
    );
    assert_eq!(monnet.clock_offset_seconds(), None);
}

#[tokio::test]
async fn refused_again_with_monnets_time_it_is_a_clock_skew_not_bad_credentials() {
    let (monnet, seen) = stub(TEN_MINUTES_MS as u64).await;
    let e = monnet.create_payout(&payout("SKEW-5")).await.unwrap_err();
    match e {
        ProviderError::ClockSkew { offset_seconds } => {
            assert!((595..=600).contains(&offset_seconds), "{offset_seconds}")
        }
        other => panic!("expected a clock skew, got {other:?}"),
    }
    assert!(e_is_told_as_clock(
        &monnet.create_payout(&payout("SKEW-6")).await.unwrap_err()
    ));

    let seen = seen.lock().unwrap();
    // Each create sent at most twice: once, then once re-signed with Monnet's time.
    assert_eq!(
        seen.len(),
        3,
        "SKEW-5 twice, SKEW-6 once (already corrected)"
    );
    let (first, second) = (&seen[0], &seen[1]);
    assert_eq!(
        first.1, second.1,
        "the resend is the same body: the same orderId"
    );
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let resent_ahead = second.0 as i64 - now;
    assert!(
        (TEN_MINUTES_MS - 5_000..=TEN_MINUTES_MS).contains(&resent_ahead),
        "the resend is signed with Monnet's time ({resent_ahead} ms ahead)"
    );
}

fn e_is_told_as_clock(e: &ProviderError) -> bool {
    e.clock_refused() && !e.to_string().contains("credentials")
}
