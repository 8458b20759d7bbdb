//! The core against the embedded sandbox over real loopback HTTP, with a real encrypted
//! SQLite file and an in-memory secret store: what each Tauri command does, without a window.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use std::sync::Arc;

use base64::Engine as _;
use common::{desk, desk_with, draft, http, onboard, onboarded};
use desk_core::Desk;
use desk_core::views::checkout::{CheckoutRequest, Confirmation, NonceSubmission};
use desk_core::views::history::HistoryQuery;
use desk_domain::{PayoutDraft, Provider};
use serde_json::{Value, json};

// Onboarding provisions verified sandbox credentials, and the first sync fills the history
// with the demo merchant's seeded records from the providers that document a list.
#[tokio::test]
async fn onboarding_then_sync_fills_the_history_from_all_providers() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let status = d.sync_pass().await.unwrap();
    assert!(status.online);
    let page = d.list_history(&HistoryQuery::default()).unwrap();
    // Mona and MonEFlow Pay list theirs (about 30 each); Monei and Monnet are followed by id.
    assert!(page.total >= 40, "seeded history arrives: {}", page.total);
    assert!(
        status.history_changed as u64 >= page.total,
        "the pass tells the history screen what it brought: {} of {}",
        status.history_changed,
        page.total
    );
    let again = d.sync_pass().await.unwrap();
    assert_eq!(again.history_changed, 0, "nothing new, nothing to refresh");
    for p in Provider::ALL {
        let q = HistoryQuery {
            provider: Some(p),
            ..Default::default()
        };
        // Monnet documents no payout list and MONEI's REST API lists no payments: only what
        // the desk created appears for them, followed by id.
        let listed = d.list_history(&q).unwrap().total;
        let followed = desk_sync::FOLLOWED_BY_ID.contains(&p);
        assert_eq!(listed > 0, !followed, "{p}: {listed} records");
    }
    let listed = d.list_credentials().unwrap();
    assert!(
        listed
            .iter()
            .all(|c| !c.fingerprint.is_empty() && !c.rotation_overdue)
    );
}

#[tokio::test]
async fn a_payout_is_sent_once_and_its_status_follows_the_provider() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let q = d
        .create_payout(&draft("PO-CORE-1"), Confirmation::default())
        .unwrap();
    assert_eq!(q.state, "queued");
    assert_eq!(q.clabe_masked, "••••0007");
    d.sync_pass().await.unwrap();
    let sb = d.sandbox().await.unwrap();
    assert_eq!(sb.monnet_payouts_with_order_id("PO-CORE-1"), 1);
    let detail = d.history_detail(&q.id).unwrap();
    assert_eq!(detail.item.status, "pending");
    sb.clock().advance(40_000);
    d.sync_pass().await.unwrap();
    let detail = d.history_detail(&q.id).unwrap();
    assert_eq!(
        detail.item.status, "paid",
        "the pull brings the provider's later status"
    );
    let steps: Vec<&str> = detail.timeline.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(steps.first(), Some(&"queued"));
    assert!(steps.contains(&"paid"), "{steps:?}");
    assert!(
        detail
            .facts
            .iter()
            .any(|(k, v)| k == "clabe" && v == "••••0007"),
        "the UI sees the CLABE masked"
    );
}

// Entered while the network is down, sent exactly once when it is back.
#[tokio::test]
async fn a_payout_entered_offline_is_delivered_once_after_reconnect() {
    let dir = tempfile::tempdir().unwrap();
    let host = Arc::new(desk_core::host::TestHost::default());
    let d = onboard(common::desk_on(dir.path(), Arc::default(), host.clone())).await;
    d.set_sandbox_network(false).await.unwrap();
    d.create_payout(&draft("PO-OFF-1"), Confirmation::default())
        .unwrap();
    let s = d.sync_pass().await.unwrap();
    assert!(!s.online);
    assert_eq!(
        s.queued + s.in_flight,
        1,
        "kept in the outbox while offline"
    );
    assert_eq!(
        d.sandbox()
            .await
            .unwrap()
            .monnet_payouts_with_order_id("PO-OFF-1"),
        0
    );
    d.sync_pass().await.unwrap();
    d.set_sandbox_network(true).await.unwrap();
    // The sandbox's switched-off network answers 503: the payout may have arrived, so the
    // desk learns its outcome as Monnet documents, by resending the orderId after 30 s.
    host.advance(31_000);
    let back = d.sync_pass().await.unwrap();
    assert!(
        back.online,
        "the first pass after reconnect is online: {back:?}"
    );
    assert_eq!(
        d.sandbox()
            .await
            .unwrap()
            .monnet_payouts_with_order_id("PO-OFF-1"),
        1
    );
    let s = d.sync_status();
    assert_eq!((s.queued, s.in_flight), (0, 0));
}

#[tokio::test]
async fn a_payout_with_a_bad_clabe_is_refused_per_field_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let bad = PayoutDraft {
        clabe: "002123451234534510".into(),
        ..draft("PO-BAD")
    };
    let review = d.review_payout(&bad);
    assert!(!review.valid);
    assert_eq!(review.fields[0].field, "clabe");
    let err = d.create_payout(&bad, Confirmation::default()).unwrap_err();
    assert_eq!(err.code(), "errors.validation");
    let q = HistoryQuery {
        text: Some("PO-BAD".into()),
        ..Default::default()
    };
    assert_eq!(d.list_history(&q).unwrap().total, 0);
}

// MonEFlow Pay: the UI's card fields tokenise with the client token (here: the same HTTP
// calls the sandbox page makes) and the backend turns the one-time nonce into a payment.
#[tokio::test]
async fn a_moneflow_card_checkout_turns_a_nonce_into_a_payment_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let req = CheckoutRequest {
        provider: Provider::Moneflow,
        amount: "25.00".into(),
        currency: "USD".into(),
        description: "Tote bag".into(),
        customer_name: String::new(),
        customer_email: String::new(),
        authorize_only: false,
        save_card: false,
    };
    let session = d
        .create_checkout(req, Confirmation::default())
        .await
        .unwrap();
    let url = url::Url::parse(session.sdk_url.as_deref().unwrap()).unwrap();
    let token = url
        .query_pairs()
        .find(|(k, _)| k == "clientToken")
        .unwrap()
        .1
        .to_string();
    assert!(
        !session.sdk_url.as_deref().unwrap().contains("secret"),
        "only public values reach the UI"
    );
    let tok: Value = http().post(url.join("/v1/sdk/tokenize").unwrap()).bearer_auth(&token)
        .json(&json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123"}}))
        .send().await.unwrap().json().await.unwrap();
    let nonce = tok["nonce"].as_str().unwrap().to_string();
    let result = d
        .submit_nonce(NonceSubmission {
            local_id: session.local_id.clone(),
            nonce: nonce.clone(),
            vault_consent: false,
        })
        .await
        .unwrap();
    assert_eq!(result.status, "succeeded");
    assert_eq!(result.card.as_deref(), Some("Visa •••• 4242"));
    let again = d
        .submit_nonce(NonceSubmission {
            local_id: session.local_id.clone(),
            nonce,
            vault_consent: false,
        })
        .await
        .unwrap();
    assert_eq!(
        again.remote_id, result.remote_id,
        "the same orderId returns the same payment, never a second"
    );
}

// Mona: the payment completes only after the device signs the consent; the backend reads the
// outcome from Mona with the private key.
#[tokio::test]
async fn a_mona_checkout_completes_after_the_device_signs_the_consent() {
    use p256::ecdsa::{Signature, SigningKey, signature::Signer};
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    let req = CheckoutRequest {
        provider: Provider::Mona,
        amount: "2,500.00".into(),
        currency: "NGN".into(),
        description: "Catering".into(),
        customer_name: "Amaka Eze".into(),
        customer_email: String::new(),
        authorize_only: false,
        save_card: false,
    };
    let session = d
        .create_checkout(req, Confirmation::default())
        .await
        .unwrap();
    let url = url::Url::parse(session.sdk_url.as_deref().unwrap()).unwrap();
    let key = url
        .query_pairs()
        .find(|(k, _)| k == "key")
        .unwrap()
        .1
        .to_string();
    assert!(
        key.starts_with("mona_pub_sandbox_"),
        "the SDK gets the public key only"
    );
    let before = d.checkout_status(&session.local_id).await.unwrap();
    assert_eq!(before.status, "pending");
    let txn = session.resource_id.clone().unwrap();
    let ch: Value = http()
        .post(url.join("/sdk/v1/challenge").unwrap())
        .json(&json!({"key": key, "transactionId": txn}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let device = SigningKey::random(&mut p256::elliptic_curve::rand_core::OsRng);
    let sig: Signature = device.sign(ch["payload"].as_str().unwrap().as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD;
    let r = http().post(url.join("/sdk/v1/authorize").unwrap())
        .json(&json!({"key": key, "challengeId": ch["challengeId"], "publicKey": b64.encode(device.verifying_key().to_encoded_point(false).as_bytes()), "signature": b64.encode(sig.to_bytes()), "cardNumber": "4242 4242 4242 4242"}))
        .send().await.unwrap();
    assert!(r.status().is_success());
    let after = d.checkout_status(&session.local_id).await.unwrap();
    assert_eq!(after.status, "succeeded");
}

#[tokio::test]
async fn wrong_environment_keys_are_refused_before_anything_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    let input = desk_core::views::credentials::CredentialInput::Monei {
        environment: desk_domain::Environment::Sandbox,
        api_key: concat!("sk_live_", "not_a_real_key1").into(),
    };
    let err = d.add_credentials(input).await.unwrap_err();
    assert_eq!(err.code(), "errors.provider");
    assert!(err.to_string().contains("sk_test_"), "{err}");
    assert!(
        !err.to_string().contains("not_a_real_key1"),
        "the key is never echoed"
    );
    assert!(d.list_credentials().unwrap().is_empty());
}

fn fingerprint_of(d: &Desk, provider: Provider) -> String {
    d.list_credentials()
        .unwrap()
        .into_iter()
        .find(|c| c.provider == provider)
        .map(|c| c.fingerprint)
        .unwrap_or_default()
}

// Rotating a sandbox key: the sandbox rolls it, the new one verifies and replaces the old in
// the keychain, the old one is retired, and the history keeps coming with the new one.
#[tokio::test]
async fn a_rotated_sandbox_key_replaces_the_old_and_the_history_keeps_coming() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    // Monei is followed by id: a payment the desk created is what its pull reads.
    let req = CheckoutRequest {
        provider: Provider::Monei,
        amount: "12.00".into(),
        currency: "EUR".into(),
        description: "Basket".into(),
        customer_name: String::new(),
        customer_email: String::new(),
        authorize_only: false,
        save_card: false,
    };
    d.create_checkout(req, Confirmation::default())
        .await
        .unwrap();
    d.sync_pass().await.unwrap();
    let monei = HistoryQuery {
        provider: Some(Provider::Monei),
        ..Default::default()
    };
    let before = d.list_history(&monei).unwrap().total;
    let old_key = d.sandbox().await.unwrap().demo_merchant().monei.api_key;
    let old_fingerprint = fingerprint_of(&d, Provider::Monei);
    let mona_fingerprint = fingerprint_of(&d, Provider::Mona);

    let rotated = d.rotate_sandbox_credentials(Provider::Monei).await.unwrap();
    assert_ne!(rotated.fingerprint, old_fingerprint);
    assert_eq!(fingerprint_of(&d, Provider::Monei), rotated.fingerprint);
    assert_eq!(
        fingerprint_of(&d, Provider::Mona),
        mona_fingerprint,
        "the other providers' keys are untouched"
    );
    let sandbox = d.sandbox().await.unwrap();
    assert_ne!(sandbox.demo_merchant().monei.api_key, old_key);
    assert!(
        sandbox.roll_secret(Provider::Monei, &old_key).is_none(),
        "the old key is retired at the provider"
    );
    let status = d.sync_pass().await.unwrap();
    assert!(status.online && status.last_error.is_none(), "{status:?}");
    assert_eq!(d.list_history(&monei).unwrap().total, before);

    let mut forgetful = d.settings();
    forgetful.sandbox_persistent = false;
    d.update_settings(forgetful).unwrap();
    let err = d
        .rotate_sandbox_credentials(Provider::Mona)
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        "errors.validation",
        "a sandbox that forgets its state cannot keep a rolled key"
    );
    assert_eq!(fingerprint_of(&d, Provider::Mona), mona_fingerprint);

    d.set_environment(desk_domain::Environment::Production, true)
        .unwrap();
    let err = d
        .rotate_sandbox_credentials(Provider::Mona)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "errors.validation");
}

// The incident wipe: a wrong confirmation changes nothing; WIPE deletes every key, the
// database key and the database it opened, and the next start begins afresh.
#[tokio::test]
async fn lock_and_wipe_deletes_every_key_and_the_database_and_a_restart_starts_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(desk_vault::MemoryStore::default());
    let d = onboard(desk_with(dir.path(), secrets.clone())).await;
    d.create_payout(&draft("PO-WIPE-1"), Confirmation::default())
        .unwrap();
    let db = dir.path().join("data").join("desk.db");
    assert!(db.exists());

    let err = d.lock_and_wipe("wipe it", true).unwrap_err();
    assert_eq!(err.code(), "errors.validation");
    assert_eq!(
        d.list_credentials().unwrap().len(),
        4,
        "nothing was removed"
    );

    // A queued payout would be lost: the wipe names it with its amount and asks again.
    match d.lock_and_wipe("WIPE", false) {
        Err(e) if e.code() == "errors.confirmation_required" => {
            let s = e.to_string();
            assert!(s.starts_with("1 money movement (1,250.50 MXN)"), "{s}")
        }
        other => panic!("a wipe with a queued payout asks again: {other:?}"),
    }
    assert_eq!(
        d.list_credentials().unwrap().len(),
        4,
        "nothing was removed"
    );
    assert_eq!(d.lock_and_wipe("WIPE", true).unwrap(), 4);
    assert!(d.list_credentials().unwrap().is_empty());
    assert!(
        secrets.names().is_empty(),
        "no secret left: {:?}",
        secrets.names()
    );
    for suffix in ["", "-wal", "-shm"] {
        let file = dir.path().join("data").join(format!("desk.db{suffix}"));
        assert!(!file.exists(), "{} without its key is gone", file.display());
    }
    drop(d);

    let restarted = onboard(desk_with(dir.path(), secrets)).await;
    let page = restarted.list_history(&HistoryQuery::default()).unwrap();
    assert!(
        page.items.iter().all(|i| i.reference != "PO-WIPE-1"),
        "the dropped payout is not in the fresh history"
    );
}
