#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::path::Path;
use std::sync::Arc;

use desk_domain::AmountLocale;
use desk_store::records::Record;

use super::*;
use crate::host::TestHost;
use crate::paths::DeskPaths;
use crate::settings::Settings;

/// A desk over `dir` (the same folder and keychain make the same desk again after a restart),
/// its host recording what it is told.
fn open(dir: &Path, secrets: &Arc<desk_vault::MemoryStore>) -> (Desk, Arc<TestHost>) {
    let host = Arc::new(TestHost::default());
    let d = Desk::open(
        DeskPaths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
            log_dir: dir.join("logs"),
        },
        host.clone(),
        secrets.clone(),
    )
    .unwrap();
    d.update_settings(Settings {
        locale: Some(AmountLocale::En),
        time_zone: Some("America/Mexico_City".into()),
        ..d.settings()
    })
    .unwrap();
    (d, host)
}

/// Moves payout `reference` through `statuses`, one step each.
fn payout(d: &Desk, reference: &str, statuses: &[&str]) {
    let store = d.store().unwrap();
    for (i, status) in statuses.iter().enumerate() {
        store
            .upsert(&Record {
                provider: Provider::Monnet,
                environment: Environment::Sandbox,
                kind: "payout".into(),
                reference: reference.into(),
                remote_id: Some(format!("77{i}")),
                amount_minor: 125_000,
                currency: "MXN".into(),
                status: (*status).into(),
                counterparty: "Ana García ana.garcia@example.com".into(),
                description: "Supplies".into(),
                details: serde_json::json!({"clabe": "646180110400000007", "email": "ana.garcia@example.com"}),
                created_at: 1_000,
                updated_at: 1_000 + i as i64,
                note: None,
            })
            .unwrap();
    }
}

fn titles(host: &TestHost) -> Vec<String> {
    host.notifications().into_iter().map(|n| n.title).collect()
}

#[tokio::test]
async fn paid_rejected_and_reversed_are_told_once_each_even_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(desk_vault::MemoryStore::default());
    let (d, host) = open(dir.path(), &secrets);
    // what the desk held before it ever told anything is not news
    payout(&d, "OLD", &["queued", "paid"]);
    d.sync_pass().await.unwrap();
    assert_eq!(titles(&host), Vec::<String>::new());

    payout(&d, "PO-1", &["queued", "pending", "paid"]);
    payout(&d, "PO-2", &["queued", "failed"]);
    payout(&d, "PO-3", &["queued", "paid", "reversed"]);
    payout(&d, "PO-4", &["paid"]); // arrives paid: not a change
    payout(&d, "PO-5", &["queued", "processing"]);
    d.sync_pass().await.unwrap();
    let told = host.notifications();
    assert_eq!(
        told,
        [
            OsNotification {
                title: "Payout paid (sandbox)".into(),
                body: "1,250.00 MXN to Ana García a•••@example.com (PO-1) was paid.".into(),
            },
            OsNotification {
                title: "Payout paid (sandbox)".into(),
                body: "1,250.00 MXN to Ana García a•••@example.com (PO-3) was paid.".into(),
            },
            OsNotification {
                title: "Payout rejected (sandbox)".into(),
                body: "1,250.00 MXN to Ana García a•••@example.com (PO-2) was not paid. Its record says why.".into(),
            },
            OsNotification {
                title: "Payout returned by the bank (sandbox)".into(),
                body: "1,250.00 MXN to Ana García a•••@example.com (PO-3) came back after it was paid.".into(),
            },
        ]
    );
    for n in &told {
        let text = format!("{} {}", n.title, n.body);
        assert!(
            !text.contains("ana.garcia@") && !text.contains("646180") && !text.contains("0007"),
            "{text}"
        );
    }
    d.sync_pass().await.unwrap();
    assert_eq!(host.notifications().len(), 4, "nothing told twice");

    drop(d);
    let (d, host) = open(dir.path(), &secrets);
    d.sync_pass().await.unwrap();
    assert_eq!(titles(&host), Vec::<String>::new(), "nor after a restart");
    payout(&d, "PO-5", &["queued", "processing", "paid"]);
    d.sync_pass().await.unwrap();
    assert_eq!(titles(&host), ["Payout paid (sandbox)"]);
}

#[tokio::test]
async fn a_failing_sync_is_told_once_after_an_hour_and_again_for_the_next_failure() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(desk_vault::MemoryStore::default());
    let (d, host) = open(dir.path(), &secrets);
    let store = d.store().unwrap();
    let env = Environment::Sandbox;
    // 15:00 in Mexico City
    let since = 1_796_504_400_000;
    host.advance(since - d.now_ms());
    PullState::failed(
        &store,
        Provider::Monei,
        env,
        since,
        "Monei: the key was refused.",
    )
    .unwrap();
    d.sync_pass().await.unwrap();
    host.advance(59 * 60_000);
    d.sync_pass().await.unwrap();
    assert_eq!(titles(&host), Vec::<String>::new(), "not before an hour");
    host.advance(2 * 60_000);
    d.sync_pass().await.unwrap();
    let told = host.notifications();
    assert_eq!(
        told,
        [OsNotification {
            title: "Sync failing: Monei (sandbox)".into(),
            body: "Merchant Desk has not synced with Monei since 2026-12-05 15:00. Settings › Sync says why.".into(),
        }]
    );
    host.advance(3 * 3_600_000);
    d.sync_pass().await.unwrap();
    drop(store);
    drop(d);
    let (d, host) = open(dir.path(), &secrets);
    host.advance(since + 5 * 3_600_000 - d.now_ms());
    d.sync_pass().await.unwrap();
    assert_eq!(
        titles(&host),
        Vec::<String>::new(),
        "one failure, told once"
    );

    // back, then failing again: a new failure
    let store = d.store().unwrap();
    let later = since + 6 * 3_600_000;
    PullState::pulled(&store, Provider::Monei, env, later).unwrap();
    PullState::failed(&store, Provider::Monei, env, later + 1, "Monei: down.").unwrap();
    PullState::failed(&store, Provider::Mona, env, later + 2, "Mona: down.").unwrap();
    host.advance(later + 3_600_000 + 10 - d.now_ms());
    d.sync_pass().await.unwrap();
    assert_eq!(titles(&host), ["Sync failing: Mona, Monei (sandbox)"]);
}

#[tokio::test]
async fn nothing_is_shown_while_off_and_turning_them_on_brings_nothing_back() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(desk_vault::MemoryStore::default());
    let (d, host) = open(dir.path(), &secrets);
    d.sync_pass().await.unwrap();
    d.update_settings(Settings {
        notifications: false,
        ..d.settings()
    })
    .unwrap();
    payout(&d, "PO-1", &["queued", "paid"]);
    let store = d.store().unwrap();
    PullState::failed(
        &store,
        Provider::Moneflow,
        Environment::Sandbox,
        d.now_ms(),
        "down",
    )
    .unwrap();
    host.advance(2 * 3_600_000);
    d.sync_pass().await.unwrap();
    assert_eq!(titles(&host), Vec::<String>::new());
    d.update_settings(Settings {
        notifications: true,
        ..d.settings()
    })
    .unwrap();
    d.sync_pass().await.unwrap();
    assert_eq!(
        titles(&host),
        Vec::<String>::new(),
        "what happened while off stays untold"
    );
    payout(&d, "PO-2", &["queued", "failed"]);
    d.sync_pass().await.unwrap();
    assert_eq!(titles(&host), ["Payout rejected (sandbox)"]);
}

#[tokio::test]
async fn a_batch_paid_together_is_one_notification() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(desk_vault::MemoryStore::default());
    let (d, host) = open(dir.path(), &secrets);
    d.sync_pass().await.unwrap();
    for i in 0..5 {
        payout(&d, &format!("B-{i}"), &["queued", "paid"]);
    }
    d.sync_pass().await.unwrap();
    assert_eq!(
        host.notifications(),
        [OsNotification {
            title: "Payouts paid (sandbox)".into(),
            body: "5 payouts, 6,250.00 MXN in all. The history lists them.".into(),
        }]
    );
}

#[test]
fn a_settings_file_from_before_the_switch_has_notifications_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    std::fs::write(
        &path,
        br#"{"environment": "sandbox", "updateChecks": false}"#,
    )
    .unwrap();
    assert!(Settings::load(&path).unwrap().notifications);
    assert!(Settings::default().notifications);
}

// The mark moves past steps that are not news too: otherwise every pass (each 15 s) read
// again every step since the last payout news, a million of them after a large sync.
#[test]
fn steps_that_are_not_news_are_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(desk_vault::MemoryStore::default());
    let (d, host) = open(dir.path(), &secrets);
    let store = d.store().unwrap();
    let env = Environment::Sandbox;
    d.start_notifications(&store, env).unwrap();
    let sales: Vec<Record> = (0..300)
        .map(|i| Record {
            provider: Provider::Mona,
            environment: env,
            kind: "checkout".into(),
            reference: format!("MN-{i}"),
            remote_id: Some(format!("tx_{i}")),
            amount_minor: 1_000,
            currency: "NGN".into(),
            status: "succeeded".into(),
            counterparty: "Amaka".into(),
            description: "Sale".into(),
            details: serde_json::json!({}),
            created_at: 1_000_000 + i,
            updated_at: 1_000_000 + i,
            note: None,
        })
        .collect();
    store.upsert_many(&sales).unwrap();
    d.notify_news(&store, env, 2_000_000).unwrap();
    let mark = store.cursor(Provider::Monnet, env, PAYOUTS_TOLD).unwrap();
    assert_eq!(
        mark,
        Some(store.last_status_step().unwrap().to_string()),
        "the mark is past every step read"
    );
    // and news after it is still told
    payout(&d, "PO-9", &["queued", "paid"]);
    d.notify_news(&store, env, 2_000_000).unwrap();
    assert_eq!(titles(&host).len(), 1, "{:?}", titles(&host));
}
