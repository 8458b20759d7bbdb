//! Exactly once under crashes, proven against providers that do NOT deduplicate.
//!
//! 1,000 money movements (Monnet payouts and Mona, Monei and MonEFlow Pay checkout charges,
//! interleaved) and a batch of 1,000 payouts (queued whole, as an import does) are committed
//! to the outbox; worker processes flush it through the one engine
//! over real HTTP to the sandbox while faults are injected (5xx, latency, drop after commit)
//! and are killed with SIGKILL again and again at random points. Mona, Monei and MonEFlow run
//! in the sandbox's no-deduplication mode, where a blind resend makes a second charge; Monnet
//! answers a repeated orderId with its documented 2005. At the end: every operation is at its
//! provider exactly once, none is lost, no resend went out without a lookup first, and every
//! Monnet resend waited the documented 30 s.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_domain::{Currency, Environment, Money, PayoutDraft, Provider, Secret};
use desk_providers::mona::{MonaClient, MonaCredentials};
use desk_providers::moneflow::{MoneflowClient, MoneflowCredentials};
use desk_providers::monei::MoneiClient;
use desk_providers::monnet::{MonnetClient, MonnetCredentials};
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::faults::Faults;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use desk_store::Store;
use desk_store::operation::{Capture, Charge, ChargeIntent, Intent, Refund};
use desk_store::records::record_id;
use desk_sync::{Engine, ProviderGateway};
use rand::Rng;

const OPERATIONS: usize = 1_000;
/// Rows of the payout batch queued beside the operations.
const BATCH_ROWS: usize = 1_000;
const PAYMENT_PROVIDERS: [Provider; 3] = [Provider::Mona, Provider::Monei, Provider::Moneflow];

fn key() -> Secret {
    Secret::new("d4".repeat(32))
}

/// The provider of operation `i`: payouts and the three payment providers interleaved (Monei
/// less often: its documented write limit is 100 a minute).
fn provider_of(i: usize) -> Provider {
    match i % 20 {
        0 => Provider::Monei,
        1..=5 | 11..=14 => Provider::Mona,
        6..=8 | 15..=17 => Provider::Moneflow,
        _ => Provider::Monnet,
    }
}

fn reference(i: usize) -> String {
    format!("CR-{i:05}")
}

fn draft(i: usize) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: format!("{}.{:02}", 10 + i, i % 100),
        currency: "MXN".into(),
        order_id: reference(i),
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

/// Row `k` of the batch (file row `k + 2`: row 1 is the header).
fn batch_reference(k: usize) -> String {
    format!("BR-{k:05}")
}

fn env(k: &str) -> String {
    std::env::var(k).unwrap()
}

fn limiter() -> Arc<RateLimiter> {
    Arc::new(RateLimiter::default())
}

/// The worker: flushes the outbox until nothing is queued or in doubt, then exits 0.
async fn worker() {
    let store = Arc::new(Store::open(std::path::Path::new(&env("CRASH_DB")), &key()).unwrap());
    let sb = |p: &str| env(&format!("CRASH_URL_{p}")).parse().unwrap();
    let sandbox = Environment::Sandbox;
    let gateway = ProviderGateway {
        mona: Some(
            MonaClient::new(
                sb("MONA"),
                sandbox,
                MonaCredentials {
                    private_key: Secret::new(env("CRASH_MONA_KEY")),
                    public_key: env("CRASH_MONA_PUBLIC"),
                },
                limiter(),
            )
            .unwrap(),
        ),
        monei: Some(
            MoneiClient::new(
                sb("MONEI"),
                sandbox,
                Secret::new(env("CRASH_MONEI_KEY")),
                limiter(),
            )
            .unwrap(),
        ),
        moneflow: Some(
            MoneflowClient::new(
                sb("MONEFLOW"),
                sandbox,
                MoneflowCredentials {
                    merchant_id: env("CRASH_MONEFLOW_MERCHANT"),
                    client_id: env("CRASH_MONEFLOW_CLIENT"),
                    secret: Secret::new(env("CRASH_MONEFLOW_SECRET")),
                },
                limiter(),
            )
            .unwrap(),
        ),
        monnet: Some(
            MonnetClient::new(
                sb("MONNET"),
                sandbox,
                MonnetCredentials {
                    merchant_id: env("CRASH_MONNET_MERCHANT"),
                    api_key: Secret::new(env("CRASH_MONNET_KEY")),
                    api_secret: Secret::new(env("CRASH_MONNET_SECRET")),
                },
                limiter(),
            )
            .unwrap(),
        ),
    };
    let clock: desk_sync::Clock =
        Arc::new(|| (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64);
    let engine = Engine::new(store.clone(), gateway, sandbox, clock);
    loop {
        let _ = engine.flush().await;
        let c = store.outbox_counts(sandbox).unwrap();
        if c.queued == 0 && c.in_flight == 0 {
            std::process::exit(0);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One-time MonEFlow card nonces, from the card page's own tokenize call.
async fn nonces(sb: &SandboxHandle, n: usize) -> Vec<String> {
    let m = sb.demo_merchant().moneflow.clone();
    let client = MoneflowClient::new(
        sb.url(Provider::Moneflow).parse().unwrap(),
        Environment::Sandbox,
        MoneflowCredentials {
            merchant_id: m.merchant_id,
            client_id: m.client_id,
            secret: Secret::new(m.secret),
        },
        limiter(),
    )
    .unwrap();
    let token = client.client_token().await.unwrap().access_token;
    let http = reqwest::Client::new();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let v: serde_json::Value = http
            .post(format!("{}v1/sdk/tokenize", sb.url(Provider::Moneflow)))
            .bearer_auth(&token)
            .json(&serde_json::json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123", "holderName": "Ana"}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        out.push(v["nonce"].as_str().unwrap().to_string());
    }
    out
}

/// Queues the batch whole, between the operations; returns its id.
fn enqueue_batch(store: &Store) -> i64 {
    let rows: Vec<_> = (0..BATCH_ROWS)
        .map(|k| {
            let mut row = draft(2 * OPERATIONS + k);
            row.order_id = batch_reference(k);
            (k as u32 + 2, row.validate().unwrap())
        })
        .collect();
    store
        .enqueue_batch("crash.csv", &rows, Environment::Sandbox, 1)
        .unwrap()
        .id
}

fn enqueue_all(store: &Store, mut nonces: Vec<String>) -> i64 {
    let mut batch = None;
    for i in 0..OPERATIONS {
        if i == OPERATIONS / 2 {
            batch = Some(enqueue_batch(store));
        }
        let provider = provider_of(i);
        if provider == Provider::Monnet {
            store
                .enqueue_payout(&draft(i), Environment::Sandbox, 1)
                .unwrap();
            continue;
        }
        let currency = match provider {
            Provider::Mona => Currency::NGN,
            Provider::Monei => Currency::EUR,
            _ => Currency::USD,
        };
        let charge = Charge {
            amount: Money::new(1_000 + i as i64 * 7, currency),
            description: "Crash test".into(),
            customer_name: "Ana".into(),
            customer_email: String::new(),
            nonce: (provider == Provider::Moneflow).then(|| nonces.pop().unwrap()),
            // Every other block of MonEFlow charges is only authorised: captured in phase two.
            intent: if provider == Provider::Moneflow && (i / 20) % 2 == 0 {
                ChargeIntent::Authorize
            } else {
                ChargeIntent::Sale
            },
            customer: None,
        };
        store
            .enqueue_charge(
                provider,
                Environment::Sandbox,
                "checkout",
                &reference(i),
                &charge,
                1,
            )
            .unwrap();
    }
    batch.unwrap()
}

fn spawn_worker(sb: &SandboxHandle, db: &std::path::Path) -> std::process::Child {
    let m = sb.demo_merchant();
    std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_thousand_operations_survive_sigkill_exactly_once",
            "--nocapture",
        ])
        .env("CRASH_DB", db)
        .env("CRASH_URL_MONA", sb.url(Provider::Mona))
        .env("CRASH_URL_MONEI", sb.url(Provider::Monei))
        .env("CRASH_URL_MONEFLOW", sb.url(Provider::Moneflow))
        .env("CRASH_URL_MONNET", sb.url(Provider::Monnet))
        .env("CRASH_MONA_KEY", &m.mona.private_key)
        .env("CRASH_MONA_PUBLIC", &m.mona.public_key)
        .env("CRASH_MONEI_KEY", &m.monei.api_key)
        .env("CRASH_MONEFLOW_MERCHANT", &m.moneflow.merchant_id)
        .env("CRASH_MONEFLOW_CLIENT", &m.moneflow.client_id)
        .env("CRASH_MONEFLOW_SECRET", &m.moneflow.secret)
        .env("CRASH_MONNET_MERCHANT", &m.monnet.merchant_id)
        .env("CRASH_MONNET_KEY", &m.monnet.api_key)
        .env("CRASH_MONNET_SECRET", &m.monnet.api_secret)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// How many creates reached the four providers so far.
fn sent_so_far(sb: &SandboxHandle) -> u64 {
    PAYMENT_PROVIDERS
        .into_iter()
        .chain([Provider::Monnet])
        .map(|p| sb.create_stats(p).creates)
        .sum()
}

/// Kills the worker if the test stops early: no process outlives the test.
struct Reap(Option<std::process::Child>);

impl Drop for Reap {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Runs workers, killing `kills` of them mid-flight under faults, then one to convergence;
/// returns the kills and how many creates went out before the last worker.
async fn converge(
    sb: &SandboxHandle,
    db: &std::path::Path,
    kill_target: usize,
    started: Instant,
) -> (usize, u64) {
    let mut kills = 0;
    let mut reap = Reap(None);
    let mut under_chaos = None;
    loop {
        let chaos = kills < kill_target;
        for p in PAYMENT_PROVIDERS.into_iter().chain([Provider::Monnet]) {
            let faults = if chaos {
                Faults {
                    fail5xx: 1,
                    drop_after_commit: 2,
                    latency_ms: 1,
                    ..Faults::default()
                }
            } else {
                Faults::default()
            };
            sb.set_faults(p, faults);
            // Providers that would make a second charge of a blind resend.
            sb.set_no_dedup(p, p != Provider::Monnet);
        }
        if !chaos && under_chaos.is_none() {
            under_chaos = Some(sent_so_far(sb));
        }
        reap.0 = Some(spawn_worker(sb, db));
        let child = reap.0.as_mut().unwrap();
        if chaos {
            // Killed once it has sent a random handful more: mid-flight, at a random step.
            let target = sent_so_far(sb) + rand::thread_rng().gen_range(1..25);
            let since = Instant::now();
            while sent_so_far(sb) < target && since.elapsed() < Duration::from_secs(5) {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(rand::thread_rng().gen_range(0..4))).await;
            }
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
            started.elapsed() < Duration::from_secs(480),
            "convergence took too long"
        );
    }
    (kills, under_chaos.unwrap_or(0))
}

/// Phase two's operations, committed to the outbox: for each MonEFlow charge, a capture of
/// its authorisation (less one cent) or a refund of half of it (and, for every other one, a
/// second refund of the rest); between them, new Mona checkouts and Monnet payouts. Returns
/// the refunds' and captures' references, with their payments' records.
fn enqueue_after_sale(store: &Store) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for i in (0..OPERATIONS).filter(|i| provider_of(*i) == Provider::Moneflow) {
        let record = record_id(
            Provider::Moneflow,
            Environment::Sandbox,
            "checkout",
            &reference(i),
        );
        let op = store.operation_for_record(&record).unwrap().unwrap();
        let remote_id = op.remote_id.clone().unwrap();
        let amount = op.intent.amount();
        let half = Money::new(amount.minor / 2, amount.currency);
        let mut queue = |r: String, intent: Intent| {
            store.enqueue_after_sale(&r, intent, 2).unwrap();
            out.push((r, record.clone()));
        };
        if (i / 20) % 2 == 0 {
            let capture = Capture {
                remote_id,
                payment_record: record.clone(),
                amount: Money::new(amount.minor - 1, amount.currency),
            };
            queue(format!("CP-{i:05}"), Intent::Capture(capture));
        } else {
            let refund = |amount| {
                Intent::Refund(Refund {
                    payment_remote_id: remote_id.clone(),
                    payment_record: record.clone(),
                    amount,
                    reason: "requested_by_customer".into(),
                })
            };
            queue(format!("RF-{i:05}"), refund(half));
            if i % 2 == 0 {
                let rest = Money::new(amount.minor - half.minor, amount.currency);
                queue(format!("RG-{i:05}"), refund(rest));
            }
        }
        // Interleaved: a new checkout and a new payout after every few.
        if i % 3 == 0 {
            let j = OPERATIONS + i;
            store
                .enqueue_payout(&draft(j), Environment::Sandbox, 2)
                .unwrap();
            let charge = Charge {
                amount: Money::new(2_000 + i as i64, Currency::NGN),
                description: "Crash test, phase two".into(),
                customer_name: "Ana".into(),
                customer_email: String::new(),
                nonce: None,
                intent: ChargeIntent::Sale,
                customer: None,
            };
            store
                .enqueue_charge(
                    Provider::Mona,
                    Environment::Sandbox,
                    "checkout",
                    &format!("CS-{j:05}"),
                    &charge,
                    2,
                )
                .unwrap();
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_operations_survive_sigkill_exactly_once() {
    if std::env::var("CRASH_DB").is_ok() {
        return worker().await;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let flow = (0..OPERATIONS)
        .filter(|i| provider_of(*i) == Provider::Moneflow)
        .count();
    let batch = {
        let store = Store::open(&db, &key()).unwrap();
        enqueue_all(&store, nonces(&sb, flow).await)
    };
    let started = Instant::now();
    let (kills, under_chaos) = converge(&sb, &db, 60, started).await;
    // Phase two: refunds (some in two parts) of the settled MonEFlow charges and captures of
    // the authorised ones, interleaved with new checkouts and payouts, under the same kills.
    let after_sale = {
        let store = Store::open(&db, &key()).unwrap();
        enqueue_after_sale(&store)
    };
    let (more_kills, _) = converge(&sb, &db, 25, started).await;
    let kills = kills + more_kills;
    let store = Store::open(&db, &key()).unwrap();
    let counts = store.outbox_counts(Environment::Sandbox).unwrap();
    assert_eq!(
        (
            counts.queued,
            counts.in_flight,
            counts.failed,
            counts.attention
        ),
        (0, 0, 0, 0),
        "nothing lost, stuck, refused or in conflict"
    );
    let not_once: Vec<String> = (0..OPERATIONS)
        .filter(|i| sb.resources_with_reference(provider_of(*i), &reference(*i)) != 1)
        .map(reference)
        .collect();
    assert!(
        not_once.is_empty(),
        "not at the provider exactly once: {not_once:?}"
    );
    let rows_not_once: Vec<String> = (0..BATCH_ROWS)
        .map(batch_reference)
        .filter(|r| sb.resources_with_reference(Provider::Monnet, r) != 1)
        .collect();
    assert!(
        rows_not_once.is_empty(),
        "batch rows not at Monnet exactly once: {rows_not_once:?}"
    );
    let progress = store.batch_progress(batch).unwrap();
    assert_eq!(
        (progress.total as usize, progress.queued, progress.in_doubt),
        (BATCH_ROWS, 0, 0),
        "every row of the batch has its outcome"
    );
    let mut twice = Vec::new();
    for (r, record) in &after_sale {
        if r.starts_with("CP-") {
            let payment = store.detail(record).unwrap().item;
            if payment.status != "captured" {
                twice.push(format!("{r}: {}", payment.status));
            }
        } else if sb.resources_with_reference(Provider::Moneflow, r) != 1 {
            twice.push(r.clone());
        }
    }
    for i in (0..OPERATIONS).filter(|i| provider_of(*i) == Provider::Moneflow && i % 3 == 0) {
        let j = OPERATIONS + i;
        for (p, r) in [
            (Provider::Monnet, reference(j)),
            (Provider::Mona, format!("CS-{j:05}")),
        ] {
            if sb.resources_with_reference(p, &r) != 1 {
                twice.push(r);
            }
        }
    }
    assert!(
        twice.is_empty(),
        "phase two not done exactly once: {twice:?}"
    );
    let refunds = after_sale
        .iter()
        .filter(|(r, _)| !r.starts_with("CP-"))
        .count();
    assert!(
        under_chaos >= 300,
        "the kills came while money moved: {under_chaos} creates before the last worker"
    );
    let mut duplicates = 0;
    let mut blind = 0;
    for p in PAYMENT_PROVIDERS {
        let s = sb.create_stats(p);
        duplicates += s.duplicates;
        blind += s.resends_without_lookup;
    }
    assert_eq!(
        duplicates, 0,
        "no second create for a reference the provider held"
    );
    assert_eq!(blind, 0, "no resend without a lookup first");
    let monnet = sb.create_stats(Provider::Monnet);
    assert_eq!(monnet.duplicates as usize, monnet.resend_gaps_ms.len());
    assert!(
        monnet.resend_gaps_ms.iter().all(|gap| *gap >= 30_000),
        "every Monnet resend waited the documented 30 s: {:?}",
        monnet.resend_gaps_ms
    );
    eprintln!(
        "crash test: {OPERATIONS} operations and a {BATCH_ROWS}-row payout batch, then {refunds} refunds and {} captures with new checkouts and payouts, {kills} SIGKILLs ({under_chaos} creates under faults and kills), {duplicates} duplicates at the providers (no-dedup mode), \
         {blind} resends without lookup, {} documented Monnet resends (shortest wait {} ms), 0 lost, converged in {:?}",
        after_sale.len() - refunds,
        monnet.duplicates,
        monnet.resend_gaps_ms.iter().min().copied().unwrap_or(0),
        started.elapsed()
    );
}
