//! Mona's consent binds a known device (docs/provider-api.md): the first accepted consent of a
//! customer registers the device's key, a later one must be signed by it, and a missing,
//! wrong or foreign signature, or a spent, stale or unknown challenge, is refused with its own
//! code and changes nothing. Verifications go through the same consent.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use common::{Device, Mona, code, sandbox};
use reqwest::StatusCode;
use serde_json::json;

// The customer's first consent registers the device; a well-signed consent from another device
// is refused (the email compared in any case) and the payment stays pending until the
// registered device signs.
#[tokio::test]
async fn a_later_consent_must_come_from_the_device_the_customer_registered() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let phone = Device::new();
    let first = mona.checkout("DEV-1", "ada@example.com").await;
    let (status, out) = mona.consent(json!({"transactionId": first}), &phone).await;
    assert_eq!(
        (status, out["status"].as_str()),
        (StatusCode::OK, Some("successful"))
    );

    let second = mona.checkout("DEV-2", "ADA@Example.com").await;
    let stranger = Device::new();
    let (status, out) = mona
        .consent(json!({"transactionId": &second}), &stranger)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&out), "sca_device_unknown");
    let (_, t) = mona.get(&format!("pay/{second}")).await;
    assert_eq!(t["status"], "pending", "a refused consent changes nothing");

    let (status, out) = mona
        .consent(json!({"transactionId": &second}), &phone)
        .await;
    assert_eq!(
        (status, out["status"].as_str()),
        (StatusCode::OK, Some("successful"))
    );

    // Another customer's first consent registers the stranger's device for them alone.
    let other = mona.checkout("DEV-3", "bola@example.com").await;
    let (status, _) = mona
        .consent(json!({"transactionId": other}), &stranger)
        .await;
    assert_eq!(status, StatusCode::OK);
}

// A guest's checkout (no customer) binds nothing: its signature alone is checked.
#[tokio::test]
async fn a_guests_checkout_is_checked_by_its_signature_alone() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    for reference in ["G-1", "G-2"] {
        let t = mona.checkout(reference, "").await;
        let (status, _) = mona
            .consent(json!({"transactionId": t}), &Device::new())
            .await;
        assert_eq!(status, StatusCode::OK, "{reference}");
    }
}

#[tokio::test]
async fn a_consent_without_a_signature_is_refused() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let device = Device::new();
    let t = mona.checkout("NOSIG-1", "ada@example.com").await;
    let without = [
        json!({"cardNumber": "4242424242424242"}),
        json!({"publicKey": device.public_key(), "cardNumber": "4242424242424242"}),
        json!({"publicKey": device.public_key(), "signature": "", "cardNumber": "4242424242424242"}),
    ];
    for extra in without {
        let (_, ch) = mona.challenge(json!({"transactionId": &t})).await;
        let (status, out) = mona.authorize_raw(&ch, extra.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{extra}");
        assert_eq!(code(&out), "sca_signature_missing", "{extra}");
    }
    let (_, t) = mona.get(&format!("pay/{t}")).await;
    assert_eq!(t["status"], "pending");
}

// A signature over anything but the challenge's exact payload, or one that is not a signature
// at all, does not verify.
#[tokio::test]
async fn a_wrong_signature_is_refused() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let device = Device::new();
    let t = mona.checkout("BADSIG-1", "ada@example.com").await;
    let (_, ch) = mona.challenge(json!({"transactionId": &t})).await;
    let tampered = ch["payload"].as_str().unwrap().replace("250000", "1");
    let (status, out) = mona
        .authorize_raw(
            &ch,
            json!({"publicKey": device.public_key(), "signature": device.sign(&tampered),
                "cardNumber": "4242424242424242"}),
        )
        .await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_failed")
    );
    let (_, ch) = mona.challenge(json!({"transactionId": &t})).await;
    let (status, out) = mona
        .authorize_raw(
            &ch,
            json!({"publicKey": device.public_key(), "signature": "bm90IGEgc2lnbmF0dXJl",
                "cardNumber": "4242424242424242"}),
        )
        .await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_failed")
    );
    // Nothing was registered by the refusals: a first good consent from any device passes.
    let (status, _) = mona
        .consent(json!({"transactionId": &t}), &Device::new())
        .await;
    assert_eq!(status, StatusCode::OK);
}

// A challenge answers one authorize: replaying an accepted answer is refused, and a refused
// answer spends the challenge too.
#[tokio::test]
async fn a_reused_challenge_is_refused() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let device = Device::new();
    let t = mona.checkout("REUSE-1", "ada@example.com").await;
    let (_, ch) = mona.challenge(json!({"transactionId": &t})).await;
    assert_eq!(mona.authorize(&ch, &device).await.0, StatusCode::OK);
    let (status, out) = mona.authorize(&ch, &device).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_challenge_used")
    );

    let t = mona.checkout("REUSE-2", "ada@example.com").await;
    let (_, ch) = mona.challenge(json!({"transactionId": &t})).await;
    let (status, _) = mona.authorize(&ch, &Device::new()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a foreign device");
    let (status, out) = mona.authorize(&ch, &device).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_challenge_used"),
        "the refused answer spent the challenge"
    );
    let (_, t) = mona.get(&format!("pay/{t}")).await;
    assert_eq!(t["status"], "pending");
}

// A challenge lives 5 minutes on Mona's clock.
#[tokio::test]
async fn a_stale_challenge_is_refused() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let t = mona.checkout("STALE-1", "ada@example.com").await;
    let (_, ch) = mona.challenge(json!({"transactionId": &t})).await;
    sb.clock().advance(5 * 60_000 + 1_000);
    let (status, out) = mona.authorize(&ch, &Device::new()).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_challenge_expired")
    );
    let (_, ch) = mona.challenge(json!({"transactionId": &t})).await;
    sb.clock().advance(4 * 60_000);
    assert_eq!(mona.authorize(&ch, &Device::new()).await.0, StatusCode::OK);
}

// An unknown challenge, or one another merchant's page asked for, answers nothing.
#[tokio::test]
async fn an_unknown_or_another_merchants_challenge_is_refused() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let device = Device::new();
    let t = mona.checkout("OTHER-1", "ada@example.com").await;
    let (_, ch) = mona.challenge(json!({"transactionId": &t})).await;
    let other = Mona {
        sb: &sb,
        merchant: sb.new_merchant("Other shop"),
    };
    let (status, out) = other.authorize(&ch, &device).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_challenge_invalid")
    );
    let made_up = json!({"challengeId": "chl_0000000000000000", "payload": "x"});
    let (status, out) = mona.authorize(&made_up, &device).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_challenge_invalid")
    );
    assert_eq!(
        mona.authorize(&ch, &device).await.0,
        StatusCode::OK,
        "still answerable"
    );
}

// Verification: the customer confirms with their registered device (verified) or answers
// "this is not me" (failed, signed too); a foreign device proves nothing.
#[tokio::test]
async fn a_verification_is_decided_by_the_customers_registered_device() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let customer = json!({"name": "Ada Obi", "email": "ada@example.com", "id": "cus_0123456789abcdef0123456789abcdef"});
    let (status, v) = mona
        .post(
            "verifications",
            json!({"reference": "VER-1", "customer": customer}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["status"], "pending");
    let id = v["verificationId"].as_str().unwrap().to_string();
    assert!(
        v["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("sdk/checkout?verificationId={id}"))
    );
    let (status, again) = mona
        .post(
            "verifications",
            json!({"reference": "VER-1", "customer": customer}),
        )
        .await;
    assert_eq!(
        (status, &again["verificationId"]),
        (StatusCode::OK, &v["verificationId"])
    );

    let phone = Device::new();
    let checkout = mona.checkout("VER-CHK", "ada@example.com").await;
    assert_eq!(
        mona.consent(json!({"transactionId": checkout}), &phone)
            .await
            .0,
        StatusCode::OK
    );

    let (status, out) = mona
        .consent(json!({"verificationId": &id}), &Device::new())
        .await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_device_unknown")
    );
    let (status, out) = mona.consent(json!({"verificationId": &id}), &phone).await;
    assert_eq!(
        (status, out["status"].as_str()),
        (StatusCode::OK, Some("verified"))
    );
    let (_, read) = mona.get(&format!("verifications/{id}")).await;
    assert_eq!(read["status"], "verified");
    let (status, _) = mona.challenge(json!({"verificationId": &id})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a decided verification takes no consent"
    );

    let (_, v2) = mona
        .post(
            "verifications",
            json!({"reference": "VER-2", "customer": customer}),
        )
        .await;
    let id2 = v2["verificationId"].as_str().unwrap();
    let (status, out) = mona
        .consent(json!({"verificationId": id2, "decision": "refuse"}), &phone)
        .await;
    assert_eq!(
        (status, out["status"].as_str()),
        (StatusCode::OK, Some("failed"))
    );
    let (_, page) = mona
        .get(&format!(
            "sdk/v1/verification?key={}&verificationId={id2}",
            mona.merchant.mona.public_key
        ))
        .await;
    assert_eq!(page["status"], "failed");
}

#[tokio::test]
async fn a_verification_needs_a_customer_email_and_a_well_formed_id() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    for customer in [
        json!(null),
        json!({"name": "Ada"}),
        json!({"name": "Ada", "email": "ada@example.com", "id": "cus with spaces"}),
        json!({"name": "Ada", "email": "ada@example.com", "id": "cus_0123456789abcdef0123456789abcdef0"}),
    ] {
        let (status, out) = mona
            .post(
                "verifications",
                json!({"reference": "VER-BAD", "customer": customer}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{customer}");
        assert_eq!(code(&out), "invalid_request");
    }
    let (status, _) = mona.get("verifications/ver_999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

// The sandbox's simulated phone (for tests that cannot drive the page) goes through the same
// checks: it registers on a customer's first consent, and a customer who registered another
// device refuses it.
#[tokio::test]
async fn the_simulated_phone_is_one_device_like_any_other() {
    let sb = sandbox().await;
    let mona = Mona::demo(&sb);
    let t = mona.checkout("SIM-1", "chidi@example.com").await;
    let (status, out) = sb.mona_customer_consent(&t, true).await;
    assert_eq!((status, out["status"].as_str()), (200, Some("successful")));
    let t2 = mona.checkout("SIM-2", "chidi@example.com").await;
    let (status, out) = mona
        .consent(json!({"transactionId": t2}), &Device::new())
        .await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNAUTHORIZED, "sca_device_unknown")
    );

    let browser = Device::new();
    let t3 = mona.checkout("SIM-3", "dayo@example.com").await;
    assert_eq!(
        mona.consent(json!({"transactionId": t3}), &browser).await.0,
        StatusCode::OK
    );
    let t4 = mona.checkout("SIM-4", "dayo@example.com").await;
    let (status, out) = sb.mona_customer_consent(&t4, true).await;
    assert_eq!((status, code(&out)), (401, "sca_device_unknown"));
    let (status, _) = sb.mona_customer_consent("txn_999999", true).await;
    assert_eq!(status, 404);
}
