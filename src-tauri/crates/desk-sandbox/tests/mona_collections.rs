//! Mona's collections (docs/provider-api.md): created for a customer, consented to once with
//! SCA on the customer's registered device, then charged on the sandbox clock (weekly, or
//! monthly by the calendar), one charge in ten failing; every charge is a transaction linked
//! to its collection and listed by the pull the desk already makes; cancelling stops them.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use common::{Device, Mona, code, sandbox};
use reqwest::StatusCode;
use serde_json::{Value, json};

const CUSTOMER_ID: &str = "cus_0123456789abcdef0123456789abcdef";

fn ms(text: &str) -> i64 {
    desk_sandbox::clock::parse_rfc3339(text).unwrap()
}

/// A served time in ms.
fn at(v: &Value) -> i64 {
    ms(v.as_str().unwrap())
}

/// The same time of day on another date (the sandbox clock runs on from where a test sets it,
/// so times are compared with the consent's, not with the second the test set).
fn on(date: &str, v: &Value) -> String {
    format!("{date}{}", &v.as_str().unwrap()[10..])
}

fn body(reference: &str, frequency: &str) -> Value {
    json!({"amount": 500000, "currency": "NGN", "frequency": frequency, "reference": reference,
        "description": "Vegetable box",
        "customer": {"name": "Ada Obi", "email": "ada@example.com", "id": CUSTOMER_ID}})
}

async fn collection(mona: &Mona<'_>, reference: &str, frequency: &str) -> String {
    let (status, c) = mona.post("collections", body(reference, frequency)).await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    c["collectionId"].as_str().unwrap().to_string()
}

/// The merchant's transactions changed since `since`, by the pull the desk already makes.
async fn pulled(mona: &Mona<'_>, since: &str) -> Vec<Value> {
    let (status, page) = mona
        .get(&format!(
            "pay?updated_since={}&limit=200",
            since.replace('+', "%2B")
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    page["data"].as_array().unwrap().clone()
}

fn charges_of<'v>(txns: &'v [Value], collection: &str) -> Vec<&'v Value> {
    txns.iter()
        .filter(|t| t["collectionId"] == collection)
        .collect()
}

#[tokio::test]
async fn a_collection_is_created_once_per_reference_with_its_customer() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let (status, c) = mona.post("collections", body("SUB-1", "weekly")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(c["status"], "pending_consent");
    assert_eq!(c["customer"]["id"], CUSTOMER_ID);
    assert_eq!(c["nextChargeAt"], Value::Null);
    let id = c["collectionId"].as_str().unwrap();
    assert!(
        c["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("sdk/checkout?collectionId={id}"))
    );
    let (status, again) = mona.post("collections", body("SUB-1", "weekly")).await;
    assert_eq!(
        (status, &again["collectionId"]),
        (StatusCode::OK, &c["collectionId"])
    );
    let (_, found) = mona.get("collections?reference=SUB-1").await;
    assert_eq!(found["data"].as_array().unwrap().len(), 1);

    for (field, value) in [
        ("frequency", json!("daily")),
        ("amount", json!(0)),
        ("customer", json!({"name": "Ada"})),
        (
            "customer",
            json!({"email": "ada@example.com", "id": "not an id!"}),
        ),
        ("currency", json!("XYZ")),
    ] {
        let mut bad = body("SUB-2", "weekly");
        bad[field] = value;
        let (status, out) = mona.post("collections", bad.clone()).await;
        assert_eq!(
            (status, code(&out)),
            (StatusCode::BAD_REQUEST, "invalid_request"),
            "{field}"
        );
    }
    let (status, _) = mona.get("collections/col_999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

// Approved on the customer's device: active, and the first charge is taken at once; a month
// on the sandbox clock brings the second at the next read, dated by the calendar (31 January,
// then 28 February), through `GET /pay?updated_since=`.
#[tokio::test]
async fn a_monthly_collection_charges_by_the_calendar_and_the_pull_sees_it() {
    let sb = sandbox().await;
    sb.clock().set(ms("2026-01-31T10:00:00Z"));
    let mona = Mona::demo(&sb);
    let id = collection(&mona, "BOX-7", "monthly").await;
    let (_, page) = mona
        .get(&format!(
            "sdk/v1/collection?key={}&collectionId={id}",
            mona.merchant.mona.public_key
        ))
        .await;
    assert_eq!(
        (page["frequency"].as_str(), page["amount"].as_i64()),
        (Some("monthly"), Some(500000))
    );

    let (status, out) = mona
        .consent(json!({"collectionId": &id}), &Device::new())
        .await;
    assert_eq!(
        (status, out["status"].as_str()),
        (StatusCode::OK, Some("active"))
    );
    let (_, c) = mona.get(&format!("collections/{id}")).await;
    assert_eq!(c["status"], "active");
    let consented = &c["consentedAt"];
    assert!(
        consented.as_str().unwrap().starts_with("2026-01-31T10:0"),
        "{consented}"
    );
    assert_eq!(c["nextChargeAt"], on("2026-02-28", consented));
    let due = at(&c["nextChargeAt"]);

    let since = "2026-01-01T00:00:00Z";
    let txns = pulled(&mona, since).await;
    let charges = charges_of(&txns, &id);
    assert_eq!(charges.len(), 1, "the first charge at the consent");
    assert_eq!(charges[0]["reference"], "BOX-7-1");
    assert_eq!(charges[0]["status"], "successful");
    assert_eq!(charges[0]["customerId"], CUSTOMER_ID);
    assert_eq!(charges[0]["amount"], 500000);

    sb.clock().set(due - 60_000);
    assert_eq!(
        charges_of(&pulled(&mona, since).await, &id).len(),
        1,
        "not yet due"
    );
    sb.clock().set(due + 1);
    let txns = pulled(&mona, "2026-02-01T00:00:00Z").await;
    let charges = charges_of(&txns, &id);
    assert_eq!(charges.len(), 1, "only the new one changed since February");
    assert_eq!(charges[0]["reference"], "BOX-7-2");
    assert_eq!(
        charges[0]["createdAt"], c["nextChargeAt"],
        "dated when it fell due"
    );
    assert_eq!(charges[0]["updatedAt"], charges[0]["createdAt"]);
    let (_, by_ref) = mona.get("pay?reference=BOX-7-2").await;
    assert_eq!(by_ref["data"][0]["collectionId"], id.as_str());
}

// One charge in ten fails, the same on every run: the tenth weekly charge.
#[tokio::test]
async fn every_tenth_charge_fails_and_the_collection_goes_on() {
    let sb = sandbox().await;
    sb.clock().set(ms("2026-01-01T08:00:00Z"));
    let mona = Mona::demo(&sb);
    let id = collection(&mona, "WK-1", "weekly").await;
    assert_eq!(
        mona.consent(json!({"collectionId": &id}), &Device::new())
            .await
            .0,
        StatusCode::OK
    );
    sb.clock().advance(10 * 7 * 86_400_000);
    let txns = pulled(&mona, "2025-12-01T00:00:00Z").await;
    let charges = charges_of(&txns, &id);
    assert_eq!(charges.len(), 11);
    let failed: Vec<(&str, &str)> = charges
        .iter()
        .filter(|t| t["status"] == "failed")
        .map(|t| {
            (
                t["reference"].as_str().unwrap(),
                t["failureReason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(failed, [("WK-1-10", "insufficient_funds")]);
    let (_, c) = mona.get(&format!("collections/{id}")).await;
    assert_eq!(c["status"], "active");
    assert_eq!(
        at(&c["nextChargeAt"]),
        at(&c["consentedAt"]) + 11 * 7 * 86_400_000
    );
}

// Cancelling stops the charges; only a pending or active collection can be cancelled.
#[tokio::test]
async fn a_cancelled_collection_charges_no_more() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let id = collection(&mona, "CAN-1", "weekly").await;
    assert_eq!(
        mona.consent(json!({"collectionId": &id}), &Device::new())
            .await
            .0,
        StatusCode::OK
    );
    sb.clock().advance(8 * 86_400_000);
    let (status, c) = mona
        .post(&format!("collections/{id}/cancel"), json!({}))
        .await;
    assert_eq!(
        (status, c["status"].as_str()),
        (StatusCode::OK, Some("cancelled"))
    );
    assert!(c["cancelledAt"].is_string());
    assert_eq!(c["nextChargeAt"], Value::Null);
    sb.clock().advance(60 * 86_400_000);
    let (_, found) = mona.get("pay?reference=CAN-1-3").await;
    assert_eq!(
        found["data"].as_array().unwrap().len(),
        0,
        "nothing after the cancellation"
    );
    let (_, found) = mona.get("pay?reference=CAN-1-2").await;
    assert_eq!(
        found["data"].as_array().unwrap().len(),
        1,
        "the charge due before it stays"
    );
    let (status, out) = mona
        .post(&format!("collections/{id}/cancel"), json!({}))
        .await;
    assert_eq!((status, code(&out)), (StatusCode::CONFLICT, "conflict"));

    let pending = collection(&mona, "CAN-2", "monthly").await;
    let (status, c) = mona
        .post(&format!("collections/{pending}/cancel"), json!({}))
        .await;
    assert_eq!(
        (status, c["status"].as_str()),
        (StatusCode::OK, Some("cancelled"))
    );
    let (status, _) = mona.challenge(json!({"collectionId": &pending})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a cancelled collection takes no consent"
    );
    let (status, _) = mona.post("collections/col_999999/cancel", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

// The customer may refuse (signed too): refused, no charge, and it cannot be cancelled.
#[tokio::test]
async fn a_refused_collection_charges_nothing() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let id = collection(&mona, "REF-1", "weekly").await;
    let (status, out) = mona
        .consent(
            json!({"collectionId": &id, "decision": "refuse"}),
            &Device::new(),
        )
        .await;
    assert_eq!(
        (status, out["status"].as_str()),
        (StatusCode::OK, Some("refused"))
    );
    sb.clock().advance(30 * 86_400_000);
    let (_, found) = mona.get("pay?reference=REF-1-1").await;
    assert_eq!(found["data"].as_array().unwrap().len(), 0);
    let (status, _) = mona
        .post(&format!("collections/{id}/cancel"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

// The collection's consent is the customer's like any other: the device registered at a
// checkout is the one that may approve it.
#[tokio::test]
async fn a_collection_consent_needs_the_device_the_customer_registered() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let phone = Device::new();
    let t = mona.checkout("FIRST-BUY", "Ada@Example.com").await;
    assert_eq!(
        mona.consent(json!({"transactionId": t}), &phone).await.0,
        StatusCode::OK
    );
    let id = collection(&mona, "DEV-COL", "weekly").await;
    let (status, out) = mona
        .consent(json!({"collectionId": &id}), &Device::new())
        .await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_device_unknown")
    );
    let (_, c) = mona.get(&format!("collections/{id}")).await;
    assert_eq!(c["status"], "pending_consent");
    let (status, _) = mona.consent(json!({"collectionId": &id}), &phone).await;
    assert_eq!(status, StatusCode::OK);
}

// `GET /collections?updated_since=` lists by (updatedAt, collectionId), a status change
// moving a collection to the end.
#[tokio::test]
async fn collections_are_listed_by_their_last_change() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let start = "2000-01-01T00:00:00Z";
    let a = collection(&mona, "L-A", "weekly").await;
    sb.clock().advance(1_000);
    let b = collection(&mona, "L-B", "weekly").await;
    sb.clock().advance(1_000);
    mona.post(&format!("collections/{a}/cancel"), json!({}))
        .await;
    let (_, page) = mona
        .get(&format!("collections?updated_since={start}&limit=1"))
        .await;
    assert_eq!(page["data"][0]["collectionId"], b.as_str());
    let cursor = page["nextCursor"].as_str().unwrap();
    let (_, page) = mona
        .get(&format!(
            "collections?updated_since={start}&limit=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(page["data"][0]["collectionId"], a.as_str());
    assert_eq!(page["nextCursor"], Value::Null);
}
