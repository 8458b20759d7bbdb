//! History that never lies: each provider pulled on its own with its own sync state, nothing
//! missed when a provider dates a change before the cursor, statuses that say what happened
//! (an unknown word stays unknown, with the word), and abandoned checkouts that end.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use std::sync::Arc;

use common::{desk_on, draft, http, onboard, onboarded};
use desk_core::Desk;
use desk_core::host::TestHost;
use desk_core::views::checkout::{CheckoutRequest, CheckoutSession, Confirmation};
use desk_core::views::history::HistoryQuery;
use desk_domain::Provider;
use serde_json::json;

const HOUR: i64 = 3_600_000;

fn request(provider: Provider, amount: &str, currency: &str) -> CheckoutRequest {
    CheckoutRequest {
        provider,
        amount: amount.into(),
        currency: currency.into(),
        description: "Basket".into(),
        customer_name: "Ana".into(),
        customer_email: String::new(),
        authorize_only: false,
        save_card: false,
    }
}

async fn checkout(d: &Desk, provider: Provider, amount: &str, currency: &str) -> CheckoutSession {
    d.create_checkout(request(provider, amount, currency), Confirmation::default())
        .await
        .unwrap()
}

/// Publishes, through the sandbox's control, a change of a listed record dated `updated_ms`.
async fn late_change(d: &Desk, provider: Provider, id: &str, status: &str, updated_ms: i64) {
    let sb = d.sandbox().await.unwrap();
    let url = format!(
        "{}/__sandbox/late-change",
        sb.url(provider).trim_end_matches('/')
    );
    let body = json!({ "provider": provider, "id": id, "status": status, "updatedMs": updated_ms });
    let res = http().post(url).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 204, "{:?}", res.text().await);
}

fn status_of(d: &Desk, id: &str) -> String {
    d.history_detail(id).unwrap().item.status
}

// A revoked Monei key fails Monei's pull alone: the others are pulled, the desk stays online,
// and Monei's own state carries the sentence until its pull goes through again.
#[tokio::test]
async fn one_providers_failing_pull_leaves_the_others_pulled_and_keeps_its_own_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    // Monei is followed by id: the desk's own payment is what it reads.
    let monei = checkout(&d, Provider::Monei, "12.00", "EUR").await;
    let first = d.sync_pass().await.unwrap();
    assert!(
        first.providers.iter().all(|p| p.last_error.is_none()),
        "{first:?}"
    );
    let sb = d.sandbox().await.unwrap();
    let key = sb.demo_merchant().monei.api_key;
    assert!(
        sb.roll_secret(Provider::Monei, &key).is_some(),
        "the key is revoked"
    );

    let s = d.sync_pass().await.unwrap();
    assert!(s.online, "a refused key is not the network: {s:?}");
    let state = |p: Provider| {
        s.providers
            .iter()
            .find(|x| x.provider == p)
            .unwrap()
            .clone()
    };
    let failing = state(Provider::Monei);
    let sentence = failing.last_error.as_deref().unwrap();
    assert!(sentence.starts_with("Monei: "), "{sentence}");
    assert!(failing.failing_since.is_some());
    assert_eq!(
        failing.last_pulled_at,
        state(Provider::Monei).last_pulled_at
    );
    assert!(
        failing.followed_by_id,
        "Monei lists no payments: followed by id"
    );
    for p in [Provider::Mona, Provider::Moneflow, Provider::Monnet] {
        let ok = state(p);
        assert!(
            ok.last_error.is_none() && ok.last_pulled_at.is_some(),
            "{ok:?}"
        );
        assert_eq!(ok.followed_by_id, p == Provider::Monnet);
    }
    let mona = HistoryQuery {
        provider: Some(Provider::Mona),
        ..Default::default()
    };
    assert!(
        d.list_history(&mona).unwrap().total > 0,
        "Mona is still pulled"
    );
    assert_eq!(status_of(&d, &monei.local_id), "pending");
    // Monei's list is not read at all: no record the desk did not create appears.
    let listed = HistoryQuery {
        provider: Some(Provider::Monei),
        ..Default::default()
    };
    assert_eq!(d.list_history(&listed).unwrap().total, 1);
}

// The sandbox publishes a change dated five minutes before the desk's cursor: the next pass
// still reads it, because each pass starts ten minutes behind the cursor.
#[tokio::test]
async fn a_change_dated_before_the_cursor_is_still_pulled() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let mona = checkout(&d, Provider::Mona, "2,500.00", "NGN").await;
    d.sync_pass().await.unwrap();
    assert_eq!(status_of(&d, &mona.local_id), "pending");
    let now = d.sandbox().await.unwrap().clock().now_ms();
    let id = mona.resource_id.clone().unwrap();
    late_change(&d, Provider::Mona, &id, "successful", now - 5 * 60_000).await;
    let s = d.sync_pass().await.unwrap();
    assert_eq!(status_of(&d, &mona.local_id), "succeeded", "{s:?}");
    assert!(s.history_changed >= 1);
}

// A status word no document lists is shown as unknown with the provider's word, never as
// failed.
#[tokio::test]
async fn an_unknown_provider_status_lands_as_unknown_with_the_word() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let mona = checkout(&d, Provider::Mona, "1,000.00", "NGN").await;
    d.sync_pass().await.unwrap();
    let now = d.sandbox().await.unwrap().clock().now_ms();
    let id = mona.resource_id.clone().unwrap();
    late_change(&d, Provider::Mona, &id, "ON_HOLD", now + 1_000).await;
    d.sync_pass().await.unwrap();
    let detail = d.history_detail(&mona.local_id).unwrap();
    assert_eq!(detail.item.status, "unknown");
    let last = detail.timeline.last().unwrap();
    assert_eq!(last.status, "unknown");
    assert_eq!(last.note.as_deref(), Some("unknown (Mona said: ON_HOLD)"));
    let filtered = HistoryQuery {
        status: Some("unknown".into()),
        ..Default::default()
    };
    assert_eq!(d.list_history(&filtered).unwrap().total, 1);
}

// A payout paid and then returned by the bank is shown as reversed, after paid on its
// timeline, with a notice.
#[tokio::test]
async fn a_paid_payout_returned_by_the_bank_is_reversed_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let mut payout = draft("PO-REV-1");
    payout.description = "Supplier invoice REVERSE".into();
    let q = d.create_payout(&payout, Confirmation::default()).unwrap();
    d.sync_pass().await.unwrap();
    let sb = d.sandbox().await.unwrap();
    sb.clock().advance(40_000);
    d.sync_pass().await.unwrap();
    assert_eq!(status_of(&d, &q.id), "paid");
    sb.clock().advance(60_000);
    let s = d.sync_pass().await.unwrap();
    let detail = d.history_detail(&q.id).unwrap();
    assert_eq!(detail.item.status, "reversed");
    let steps: Vec<&str> = detail.timeline.iter().map(|s| s.status.as_str()).collect();
    let paid = steps.iter().position(|s| *s == "paid").unwrap();
    assert_eq!(steps[paid + 1..], ["reversed"], "{steps:?}");
    assert!(s.notices >= 1);
    let notices = d.notices().unwrap();
    assert!(
        notices
            .iter()
            .any(|n| n.transaction_id == q.id && n.kind == "reversed"),
        "{notices:?}"
    );
}

// Checkouts left pending end after their provider's lifetime: a MonEFlow Pay card page left
// without a card after the 8-hour token, a Mona payment Mona still reports pending after 24
// hours, a Monei payment still pending after 7 days; each is looked up first.
#[tokio::test]
async fn abandoned_checkouts_expire_after_their_providers_lifetime() {
    let dir = tempfile::tempdir().unwrap();
    let host = Arc::new(TestHost::default());
    let d = onboard(desk_on(dir.path(), Arc::default(), host.clone())).await;
    let flow = checkout(&d, Provider::Moneflow, "25.00", "USD").await;
    let mona = checkout(&d, Provider::Mona, "2,500.00", "NGN").await;
    let monei = checkout(&d, Provider::Monei, "30.00", "EUR").await;
    // Nobody pays on Monei's page: the payment stays pending while the desk's clock moves on.
    d.sync_pass().await.unwrap();
    host.advance(7 * HOUR);
    d.sync_pass().await.unwrap();
    assert_eq!(
        status_of(&d, &flow.local_id),
        "pending",
        "within the token's 8 hours"
    );

    host.advance(2 * HOUR);
    d.sync_pass().await.unwrap();
    let detail = d.history_detail(&flow.local_id).unwrap();
    assert_eq!(detail.item.status, "expired");
    let note = detail.timeline.last().unwrap().note.clone().unwrap();
    assert!(note.contains("No money was taken"), "{note}");
    assert_eq!(
        status_of(&d, &mona.local_id),
        "pending",
        "within Mona's 24 hours"
    );

    host.advance(16 * HOUR);
    d.sync_pass().await.unwrap();
    assert_eq!(status_of(&d, &mona.local_id), "expired");
    assert_eq!(
        status_of(&d, &monei.local_id),
        "pending",
        "within Monei's 7 days"
    );

    host.advance(6 * 24 * HOUR);
    d.sync_pass().await.unwrap();
    assert_eq!(status_of(&d, &monei.local_id), "expired");
    d.sync_pass().await.unwrap();
    assert_eq!(
        status_of(&d, &monei.local_id),
        "expired",
        "following Monei by id does not bring it back to pending"
    );
}

// Monnet refuses a timestamp from a computer whose clock is 10 minutes behind its own: the
// payout still goes out, once, signed with Monnet's time, and the status bar says how far off
// the computer's clock is (never "did not accept our credentials").
#[tokio::test]
async fn a_clock_ten_minutes_behind_monnets_is_told_and_the_payout_still_goes_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let sb = d.sandbox().await.unwrap();
    sb.clock().advance(600_000);
    let q = d
        .create_payout(&draft("PO-SKEW-1"), Confirmation::default())
        .unwrap();
    let s = d.sync_pass().await.unwrap();
    assert!(
        s.clock_warning
            .as_deref()
            .is_some_and(|w| w.contains("10 minutes behind Monnet's")),
        "{s:?}"
    );
    assert!(s.last_error.is_none(), "{s:?}");
    assert_eq!(status_of(&d, &q.id), "pending");
    assert_eq!(s.queued + s.in_flight + s.attention, 0, "{s:?}");
}

// The network down (the sandbox answers every provider call with 503): with nothing to send,
// the pulls alone tell the desk it is offline; a refused key (above) would not.
#[tokio::test]
async fn pulls_that_cannot_reach_their_providers_mean_offline() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    assert!(d.sync_pass().await.unwrap().online);
    let sb = d.sandbox().await.unwrap();
    sb.set_online(false);
    let s = d.sync_pass().await.unwrap();
    assert!(!s.online, "{s:?}");
    sb.set_online(true);
    assert!(d.sync_pass().await.unwrap().online);
}
