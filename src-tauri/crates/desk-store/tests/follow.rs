//! Records the desk follows by id are read in rounds: however many are open, each is read in
//! turn, a few per pass.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::{Environment, Provider};
use desk_store::Store;
use desk_store::records::{FollowMark, Record};

fn payout(n: usize) -> Record {
    Record {
        provider: Provider::Monnet,
        environment: Environment::Sandbox,
        kind: "payout".into(),
        reference: format!("PO-{n:03}"),
        remote_id: Some(format!("{}", 9000 + n)),
        amount_minor: 100,
        currency: "MXN".into(),
        status: "pending".into(),
        counterparty: String::new(),
        description: String::new(),
        details: serde_json::json!({}),
        created_at: 1_700_000_000_000 + n as i64,
        updated_at: 1_700_000_000_000 + n as i64,
        note: None,
    }
}

#[test]
fn every_open_record_is_read_in_turn_however_many_there_are() {
    let store = Store::open_in_memory().unwrap();
    let payouts: Vec<Record> = (0..5).map(payout).collect();
    store.upsert_many(&payouts).unwrap();
    let pass = |after: Option<&FollowMark>| {
        store
            .to_follow(
                Provider::Monnet,
                Environment::Sandbox,
                "payout",
                &["pending"],
                i64::MAX,
                2,
                after,
            )
            .unwrap()
    };
    let mut read = Vec::new();
    let mut mark = None;
    for _ in 0..3 {
        let (records, next) = pass(mark.as_ref());
        read.extend(records.into_iter().map(|(reference, _)| reference));
        mark = next.map(|m: FollowMark| FollowMark::from_text(&m.to_text()).unwrap());
    }
    assert_eq!(read, ["PO-000", "PO-001", "PO-002", "PO-003", "PO-004"]);
    assert_eq!(mark, None, "the round is complete");
    let (again, _) = pass(None);
    assert_eq!(again.len(), 2, "the next round starts over");
    assert_eq!(again[0].0, "PO-000");
}
