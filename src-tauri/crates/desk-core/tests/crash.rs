//! Exactly once under crashes: a worker process flushes 1,000 queued payouts to the sandbox
//! over real HTTP while faults are injected (5xx, latency, drop-after-commit), and is killed
//! with SIGKILL again and again at random points of the outbox state machine. Each restart
//! reconciles before resending. At the end the sandbox holds every payout exactly once.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::gateway::MonnetGateway;
use desk_domain::{Environment, PayoutDraft, Provider, Secret};
use desk_providers::monnet::{MonnetClient, MonnetCredentials};
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::faults::Faults;
use desk_sandbox::{Sandbox, SandboxConfig};
use desk_store::Store;
use desk_sync::Engine;
use rand::Rng;

const PAYOUTS: usize = 1_000;

fn key() -> Secret {
    Secret::new("d4".repeat(32))
}

fn draft(i: usize) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: format!("{}.{:02}", 10 + i, i % 100),
        currency: "MXN".into(),
        order_id: format!("CR-{i:05}"),
        description: "Crash test".into(),
        first_name: "Ana".into(),
        last_name: "López".into(),
        email: "ana@example.com".into(),
        document_type: "Curp".into(),
        document_number: "LOPA900715MDFRRN09".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    }
}

/// The worker: flushes the outbox until it is empty, then exits 0. Run as a child process.
async fn worker() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let env = |k: &str| std::env::var(k).unwrap();
    let store = Arc::new(Store::open(std::path::Path::new(&env("CRASH_DB")), &key()).unwrap());
    let creds = MonnetCredentials {
        merchant_id: env("CRASH_MERCHANT"),
        api_key: Secret::new(env("CRASH_KEY")),
        api_secret: Secret::new(env("CRASH_SECRET")),
    };
    let client = MonnetClient::new(
        env("CRASH_URL").parse().unwrap(),
        Environment::Sandbox,
        creds,
        Arc::new(RateLimiter::default()),
    )
    .unwrap();
    let clock: desk_sync::Clock =
        Arc::new(|| (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64);
    let engine = Engine::new(
        store.clone(),
        MonnetGateway(client),
        Environment::Sandbox,
        clock,
    );
    loop {
        let _ = engine.flush().await;
        let c = store.outbox_counts(Environment::Sandbox).unwrap();
        if c.queued == 0 && c.in_flight == 0 {
            std::process::exit(0);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_payouts_survive_sigkill_at_every_step_exactly_once() {
    if std::env::var("CRASH_DB").is_ok() {
        return worker().await;
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    {
        let store = Store::open(&db, &key()).unwrap();
        for i in 0..PAYOUTS {
            store
                .enqueue_payout(&draft(i), Environment::Sandbox, 1)
                .unwrap();
        }
    }
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let m = sb.demo_merchant().monnet.clone();
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let mut kills = 0;
    loop {
        let chaos = kills < 60;
        if chaos {
            sb.set_faults(
                Provider::Monnet,
                Faults {
                    fail5xx: 1,
                    drop_after_commit: 2,
                    latency_ms: 1,
                    ..Faults::default()
                },
            );
        } else {
            sb.set_faults(Provider::Monnet, Faults::default());
        }
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "a_thousand_payouts_survive_sigkill_at_every_step_exactly_once",
                "--nocapture",
            ])
            .env("CRASH_DB", &db)
            .env("CRASH_URL", sb.url(Provider::Monnet))
            .env("CRASH_MERCHANT", &m.merchant_id)
            .env("CRASH_KEY", &m.api_key)
            .env("CRASH_SECRET", &m.api_secret)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        if chaos {
            tokio::time::sleep(Duration::from_millis(rand::thread_rng().gen_range(20..120))).await;
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL: no destructor, no flush, no goodbye
                kills += 1;
            }
            child.wait().unwrap();
        } else {
            let status = child.wait().unwrap();
            assert!(status.success(), "the last worker converges");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "convergence took too long"
        );
    }
    let store = Store::open(&db, &key()).unwrap();
    let counts = store.outbox_counts(Environment::Sandbox).unwrap();
    assert_eq!(
        (counts.queued, counts.in_flight, counts.failed),
        (0, 0, 0),
        "nothing lost or stuck"
    );
    let dupes: Vec<String> = (0..PAYOUTS)
        .map(|i| format!("CR-{i:05}"))
        .filter(|o| sb.monnet_payouts_with_order_id(o) != 1)
        .collect();
    assert!(
        dupes.is_empty(),
        "payouts not present exactly once: {dupes:?}"
    );
    eprintln!(
        "{PAYOUTS} payouts, {kills} SIGKILLs, converged in {:?}",
        started.elapsed()
    );
}
