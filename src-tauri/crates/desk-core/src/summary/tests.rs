#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{Environment, PayoutDraft, Provider, Secret};
use desk_store::day_totals::local_day_starts;
use desk_store::records::Record;
use desk_vault::CredentialSet;

use super::*;
use crate::host::TestHost;
use crate::paths::DeskPaths;
use crate::views::status::ProviderSync;

const DAY: i64 = 86_400_000;

fn desk(dir: &std::path::Path) -> Desk {
    Desk::open(
        DeskPaths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
            log_dir: dir.join("logs"),
        },
        Arc::new(TestHost::default()),
        Arc::new(desk_vault::MemoryStore::default()),
    )
    .unwrap()
}

fn record(
    provider: Provider,
    kind: &str,
    reference: &str,
    status: &str,
    minor: i64,
    currency: &str,
    at: i64,
) -> Record {
    Record {
        provider,
        environment: Environment::Sandbox,
        kind: kind.into(),
        reference: reference.into(),
        remote_id: Some(format!("r-{reference}")),
        amount_minor: minor,
        currency: currency.into(),
        status: status.into(),
        counterparty: "Ana García".into(),
        description: String::new(),
        details: serde_json::json!({}),
        created_at: at,
        updated_at: at,
        note: None,
    }
}

fn draft(order: &str) -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: "980.00".into(),
        currency: "MXN".into(),
        order_id: order.into(),
        description: "Supplier invoice".into(),
        first_name: "María".into(),
        last_name: "Pérez".into(),
        email: "maria@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    }
}

fn key_rotated(d: &Desk, provider: Provider, days_ago: i64) {
    let set = CredentialSet {
        provider,
        environment: Environment::Sandbox,
        public: Vec::new(),
        secrets: vec![("api_key".into(), Secret::new(format!("sk_test_{provider}")))],
    };
    let at = d.host().now() - time::Duration::days(days_ago);
    d.vault.put(&set, at).unwrap();
}

// The figures in the merchant's zone and locale, and every kind of attention item in order,
// each leading where it is settled.
#[test]
fn the_summary_sums_in_the_merchants_days_and_lists_what_needs_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    d.change_settings(|s| {
        s.time_zone = Some("Asia/Kathmandu".into());
        s.locale = Some(AmountLocale::EsEs);
    })
    .unwrap();
    let now = d.now_ms();
    let tz = d.time_zone();
    let (_, starts) = local_day_starts(&tz, now, 30).unwrap();
    let today = starts[29];
    let store = d.store().unwrap();
    for r in [
        record(
            Provider::Monei,
            "payment",
            "ME-1",
            "succeeded",
            1_234_567,
            "EUR",
            today,
        ),
        record(
            Provider::Monei,
            "payment",
            "ME-2",
            "refunded",
            1_000,
            "EUR",
            today - 8 * DAY,
        ),
        record(
            Provider::Moneflow,
            "checkout",
            "MF-1",
            "succeeded",
            2_500,
            "USD",
            today,
        ),
        record(
            Provider::Moneflow,
            "checkout",
            "MF-2",
            "failed",
            99_999,
            "USD",
            today,
        ),
        record(
            Provider::Monnet,
            "payout",
            "PO-PAID",
            "paid",
            98_000,
            "MXN",
            today - DAY,
        ),
        record(
            Provider::Monnet,
            "payout",
            "PO-REJ",
            "failed",
            50_000,
            "MXN",
            today - 2 * DAY,
        ),
        record(
            Provider::Monnet,
            "payout",
            "PO-REV",
            "reversed",
            70_000,
            "MXN",
            today - 3 * DAY,
        ),
        record(
            Provider::Monnet,
            "payout",
            "PO-OLD",
            "failed",
            70_000,
            "MXN",
            today - 40 * DAY,
        ),
    ] {
        store.upsert(&r).unwrap();
    }
    let doubt = store
        .enqueue_payout(&draft("PO-DOUBT"), Environment::Sandbox, now)
        .unwrap();
    store
        .transition(doubt.id, OpState::Sending, now, None, None, None)
        .unwrap();
    store
        .transition(doubt.id, OpState::Unknown, now, None, None, None)
        .unwrap();
    let conflict = store
        .enqueue_payout(&draft("PO-CONFLICT"), Environment::Sandbox, now)
        .unwrap();
    store
        .transition(conflict.id, OpState::Sending, now, None, None, None)
        .unwrap();
    store
        .transition(
            conflict.id,
            OpState::Conflict,
            now,
            None,
            None,
            Some("Monnet holds 9.80 MXN."),
        )
        .unwrap();
    d.sync_status.lock().unwrap().providers = vec![
        ProviderSync {
            provider: Provider::Mona,
            last_pulled_at: None,
            last_error: None,
            failing_since: None,
            followed_by_id: false,
        },
        ProviderSync {
            provider: Provider::Monei,
            last_pulled_at: None,
            last_error: Some("Monei refused the key.".into()),
            failing_since: Some("2026-11-25T10:00:00Z".into()),
            followed_by_id: true,
        },
    ];
    key_rotated(&d, Provider::Monei, 95);
    key_rotated(&d, Provider::Mona, 80);
    key_rotated(&d, Provider::Moneflow, 10);

    let s = d.day_summary().unwrap();
    assert_eq!(s.time_zone.as_deref(), Some("Asia/Kathmandu"));
    assert!(s.generated_at.ends_with("+05:45"), "{}", s.generated_at);
    assert_eq!(s.days.len(), 30);
    let [today_p, week, month] = &s.periods[..] else {
        panic!("three periods: {:?}", s.periods)
    };
    assert_eq!(
        (today_p.period, week.period, month.period),
        (
            SummaryPeriod::Today,
            SummaryPeriod::Last7Days,
            SummaryPeriod::Last30Days
        )
    );
    assert_eq!(
        (today_p.from.as_str(), today_p.to.as_str()),
        (s.days[29].as_str(), s.days[29].as_str())
    );
    assert_eq!(week.from, s.days[23]);
    let eur = &today_p.currencies[0];
    assert_eq!(eur.currency.code(), "EUR");
    assert_eq!(eur.totals.taken.text, "12.345,67 EUR");
    assert_eq!(eur.totals.taken.count, 1);
    let codes = |p: &PeriodSummary| {
        p.currencies
            .iter()
            .map(|c| c.currency.code().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(today_p), ["EUR", "USD"]);
    assert_eq!(codes(week), ["EUR", "MXN", "USD"]);
    let month_eur = &month.currencies[0].totals;
    assert_eq!(
        (month_eur.taken.amount.minor, month_eur.taken.count),
        (1_235_567, 2)
    );
    let mxn = &week.currencies[1].totals;
    assert_eq!(
        (mxn.paid_out.text.as_str(), mxn.paid_out.count),
        ("980,00 MXN", 1)
    );
    let providers: Vec<(Provider, &str, i64)> = week
        .providers
        .iter()
        .map(|p| {
            (
                p.provider,
                p.currency.code(),
                p.totals.taken.amount.minor + p.totals.paid_out.amount.minor,
            )
        })
        .collect();
    assert_eq!(
        providers,
        [
            (Provider::Monei, "EUR", 1_234_567),
            (Provider::Moneflow, "USD", 2_500),
            (Provider::Monnet, "MXN", 98_000),
        ]
    );
    // EUR moved twice, MXN and USD once each; the tie keeps currency order
    let daily: Vec<(&str, u32)> = s
        .daily
        .iter()
        .map(|x| (x.currency.code(), x.movements))
        .collect();
    assert_eq!(daily, [("EUR", 2), ("MXN", 1), ("USD", 1)]);
    assert_eq!(s.daily[0].taken[29], 1_234_567);
    assert_eq!(s.daily[0].taken[21], 1_000);
    assert_eq!(s.daily[1].paid_out[28], 98_000);

    let kinds: Vec<AttentionKind> = s.attention.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AttentionKind::Conflict,
            AttentionKind::InDoubt,
            AttentionKind::PayoutReversed,
            AttentionKind::PayoutRejected,
            AttentionKind::SyncFailing,
            AttentionKind::KeyRotationOverdue,
            AttentionKind::KeyRotationDue,
        ]
    );
    let leads: Vec<serde_json::Value> = s
        .attention
        .iter()
        .map(|a| serde_json::to_value(&a.leads_to).unwrap())
        .collect();
    let id = |reference: &str| {
        desk_store::records::record_id(Provider::Monnet, Environment::Sandbox, "payout", reference)
    };
    assert_eq!(
        leads[0],
        serde_json::json!({ "to": "record", "id": conflict.transaction_id })
    );
    assert_eq!(
        leads[1],
        serde_json::json!({ "to": "record", "id": doubt.transaction_id })
    );
    assert_eq!(
        leads[2],
        serde_json::json!({ "to": "record", "id": id("PO-REV") })
    );
    assert_eq!(
        leads[3],
        serde_json::json!({ "to": "record", "id": id("PO-REJ") })
    );
    assert_eq!(
        leads[4],
        serde_json::json!({ "to": "settings", "section": "sync" })
    );
    assert_eq!(
        leads[5],
        serde_json::json!({ "to": "settings", "section": "credentials" })
    );
    assert_eq!(s.attention[2].amount_text.as_deref(), Some("700,00 MXN"));
    assert_eq!(s.attention[4].provider, Provider::Monei);
    assert_eq!(
        s.attention[4].detail.as_deref(),
        Some("Monei refused the key.")
    );
    assert_eq!(
        (s.attention[5].provider, s.attention[6].provider),
        (Provider::Monei, Provider::Mona)
    );
    assert!(
        s.attention[5]
            .at
            .as_deref()
            .is_some_and(|a| a.ends_with("+05:45"))
    );
}
