//! The clients of returning customers against the embedded sandbox over loopback: MonEFlow
//! Pay's saved cards (saved only with the customer's consent, charged by token with no card
//! page, removed) and Mona's collections and verifications (consented to on the customer's
//! device, the collections' charges brought by the existing transaction pull).

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{Environment, Provider, Secret};
use desk_providers::ProviderError;
use desk_providers::customer_id::new_customer_id;
use desk_providers::mona::{
    ConsentSubject, CreateCollection, CustomerDetails, Frequency, MonaClient, MonaCredentials,
};
use desk_providers::moneflow::{CreateTransaction, MoneflowClient, MoneflowCredentials};
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};

fn mona(sb: &SandboxHandle) -> MonaClient {
    let m = sb.demo_merchant().mona;
    MonaClient::new(
        sb.url(Provider::Mona).parse().unwrap(),
        Environment::Sandbox,
        MonaCredentials {
            private_key: Secret::new(&m.private_key),
            public_key: m.public_key,
        },
        Arc::new(RateLimiter::default()),
    )
    .unwrap()
}

fn flow(sb: &SandboxHandle) -> MoneflowClient {
    let m = sb.demo_merchant().moneflow;
    MoneflowClient::new(
        sb.url(Provider::Moneflow).parse().unwrap(),
        Environment::Sandbox,
        MoneflowCredentials {
            merchant_id: m.merchant_id,
            client_id: m.client_id,
            secret: Secret::new(&m.secret),
        },
        Arc::new(RateLimiter::default()),
    )
    .unwrap()
}

/// The card page's call (the UI's side): a nonce of the approved test card, with the
/// customer's answer to "Save this card for next time".
async fn nonce(sb: &SandboxHandle, client: &MoneflowClient, consent: bool) -> String {
    let token = client.client_token().await.unwrap();
    let n: serde_json::Value = reqwest::Client::new()
        .post(format!("{}v1/sdk/tokenize", sb.url(Provider::Moneflow)))
        .bearer_auth(&token.access_token)
        .json(
            &serde_json::json!({"card": {"number": "4242424242424242", "expMonth": 12,
            "expYear": 2030, "cvv": "123"}, "vaultConsent": consent}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(n["vaultConsent"], consent);
    n["nonce"].as_str().unwrap().to_string()
}

fn rejected(e: ProviderError) -> (u16, String) {
    match e {
        ProviderError::Rejected { status, code, .. } => (status, code),
        other => panic!("expected a refusal, got {other}"),
    }
}

#[tokio::test]
async fn a_saved_card_is_kept_charged_and_removed() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = flow(&sb);
    let customer = new_customer_id(&mut rand::thread_rng());

    let page = client
        .card_fields_page("tok", true, "tauri://localhost")
        .unwrap();
    assert!(page.as_str().contains("vault=offer"), "{page}");
    assert!(
        !client
            .card_fields_page("tok", false, "x")
            .unwrap()
            .as_str()
            .contains("vault")
    );

    // Without the consent the sale is refused and nothing is charged.
    let refused = client
        .create_transaction(&CreateTransaction::saving_card(
            &nonce(&sb, &client, false).await,
            &customer,
            2500,
            "USD",
            "RC-0",
        ))
        .await
        .unwrap_err();
    assert_eq!(rejected(refused), (422, "vault_consent_missing".into()));
    assert!(client.find_by_order_id("RC-0").await.unwrap().is_empty());

    let first = client
        .create_transaction(&CreateTransaction::saving_card(
            &nonce(&sb, &client, true).await,
            &customer,
            2500,
            "USD",
            "RC-1",
        ))
        .await
        .unwrap()
        .value;
    assert_eq!(first.customer_id.as_deref(), Some(customer.as_str()));
    let token = first.payment_method_token.clone().unwrap();
    let saved = client.list_payment_methods(&customer).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(
        (saved[0].token.as_str(), saved[0].card.last4.as_str()),
        (token.as_str(), "4242")
    );
    assert_eq!(
        client.get_payment_method(&token).await.unwrap().customer_id,
        customer
    );

    let again = CreateTransaction::saved_card(&token, &customer, 1800, "USD", "RC-2");
    let charged = client.create_transaction(&again).await.unwrap();
    assert!(!charged.existed);
    assert_eq!(charged.value.status, "settled");
    assert_eq!(
        charged.value.payment_method_token.as_deref(),
        Some(token.as_str())
    );
    let repeated = client.create_transaction(&again).await.unwrap();
    assert!(repeated.existed, "a repeated orderId is the same sale");
    assert_eq!(repeated.value.id, charged.value.id);

    client.delete_payment_method(&token).await.unwrap();
    client.delete_payment_method(&token).await.unwrap();
    assert!(
        client
            .list_payment_methods(&customer)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        rejected(client.get_payment_method(&token).await.unwrap_err()).0,
        404
    );
    let after = CreateTransaction::saved_card(&token, &customer, 1800, "USD", "RC-3");
    let refused = client.create_transaction(&after).await.unwrap_err();
    assert_eq!(rejected(refused), (422, "payment_method_invalid".into()));
}

#[tokio::test]
async fn a_collection_is_consented_charged_pulled_and_cancelled() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = mona(&sb);
    let start = sb.clock().now_ms();
    let customer = CustomerDetails {
        id: Some(new_customer_id(&mut rand::thread_rng())),
        name: "Ada Obi".into(),
        email: "ada@example.com".into(),
    };
    let body = CreateCollection {
        amount: 500_000,
        currency: "NGN".into(),
        frequency: Frequency::Monthly,
        reference: "SUB-77".into(),
        description: "Vegetable box".into(),
        customer: customer.clone(),
    };
    let created = client.create_collection(&body).await.unwrap();
    assert!(!created.existed);
    let c = created.value;
    assert_eq!(
        (c.status.as_str(), c.frequency.as_str()),
        ("pending_consent", "monthly")
    );
    assert_eq!(c.customer, customer);
    assert!(client.create_collection(&body).await.unwrap().existed);
    assert_eq!(client.find_collections("SUB-77").await.unwrap().len(), 1);
    let page = client
        .sdk_page(
            ConsentSubject::Collection(&c.collection_id),
            "tauri://localhost",
        )
        .unwrap();
    assert!(
        page.as_str()
            .contains(&format!("collectionId={}", c.collection_id))
    );
    assert!(page.as_str().contains("key=mona_pub_"));

    let (status, _) = sb.mona_customer_consent(&c.collection_id, true).await;
    assert_eq!(status, 200);
    let active = client.get_collection(&c.collection_id).await.unwrap();
    assert_eq!(active.status, "active");
    assert!(active.next_charge_at.is_some());

    sb.clock().advance(31 * 86_400_000);
    let since = desk_sandbox::clock::rfc3339(start - 60_000);
    let pulled = client.list_transactions(Some(&since), None).await.unwrap();
    let charges: Vec<_> = pulled
        .data
        .iter()
        .filter(|t| t.collection_id.as_deref() == Some(c.collection_id.as_str()))
        .collect();
    assert_eq!(
        charges.len(),
        2,
        "the first at the consent, the second a month on"
    );
    assert_eq!(charges[1].reference, "SUB-77-2");
    assert_eq!(charges[1].customer_id, customer.id);

    let listed = client.list_collections(Some(&since), None).await.unwrap();
    assert!(
        listed
            .data
            .iter()
            .any(|x| x.collection_id == c.collection_id)
    );
    let cancelled = client.cancel_collection(&c.collection_id).await.unwrap();
    assert_eq!(cancelled.status, "cancelled");
    let again = client
        .cancel_collection(&c.collection_id)
        .await
        .unwrap_err();
    assert_eq!(rejected(again), (409, "conflict".into()));
}

// A checkout for a known customer reads back with the customer's id.
#[tokio::test]
async fn a_checkout_for_a_customer_carries_its_id() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = mona(&sb);
    let id = new_customer_id(&mut rand::thread_rng());
    let body = desk_providers::mona::CreateTransaction {
        amount: 150_000,
        currency: "NGN".into(),
        reference: "CHK-CUS-1".into(),
        description: "Catering".into(),
        customer: Some(desk_providers::mona::Customer {
            name: "Ada Obi".into(),
            email: "ada@example.com".into(),
        }),
    };
    let t = client
        .create_transaction_for_customer(&body, &id)
        .await
        .unwrap();
    assert!(!t.existed);
    let read = client
        .get_transaction(&t.value.transaction_id)
        .await
        .unwrap();
    assert_eq!(read.customer_id.as_deref(), Some(id.as_str()));
    assert_eq!(read.collection_id, None);
    assert!(
        client
            .create_transaction_for_customer(&body, &id)
            .await
            .unwrap()
            .existed
    );
}

#[tokio::test]
async fn a_verification_is_created_once_and_read_back() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = mona(&sb);
    let customer = CustomerDetails {
        id: Some(new_customer_id(&mut rand::thread_rng())),
        name: "Bola Ade".into(),
        email: "bola@example.com".into(),
    };
    let v = client
        .create_verification("VER-9", &customer)
        .await
        .unwrap();
    assert!(!v.existed);
    assert_eq!(v.value.status, "pending");
    let again = client
        .create_verification("VER-9", &customer)
        .await
        .unwrap();
    assert!(again.existed);
    assert_eq!(again.value.verification_id, v.value.verification_id);
    let (status, _) = sb
        .mona_customer_consent(&v.value.verification_id, true)
        .await;
    assert_eq!(status, 200);
    let read = client
        .get_verification(&v.value.verification_id)
        .await
        .unwrap();
    assert_eq!(read.status, "verified");
    assert_eq!(read.customer, customer);

    let missing = CustomerDetails {
        email: String::new(),
        ..customer
    };
    let refused = client
        .create_verification("VER-10", &missing)
        .await
        .unwrap_err();
    assert_eq!(rejected(refused), (400, "invalid_request".into()));
}
