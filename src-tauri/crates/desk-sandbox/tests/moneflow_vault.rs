//! MonEFlow Pay's Vault (docs/provider-api.md): a card is saved only when the customer ticked
//! "Save this card for next time" in the card page (the consent travels with the nonce), a
//! saved card is charged by its token with no card page under the usual exactly-once rules,
//! and a removed or unknown token pays nothing.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use common::{Flow, call, code, http, sandbox};
use desk_domain::Provider;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const CUSTOMER: &str = "cus_0123456789abcdef0123456789abcdef";

fn sale(nonce: &str, order: &str) -> Value {
    json!({"paymentNonce": nonce, "amount": 2500, "currency": "USD", "orderId": order})
}

fn saving(nonce: &str, order: &str) -> Value {
    let mut b = sale(nonce, order);
    b["vault"] = true.into();
    b["customerId"] = CUSTOMER.into();
    b
}

fn with_token(token: &str, order: &str) -> Value {
    json!({"paymentMethodToken": token, "amount": 1200, "currency": "USD", "orderId": order})
}

/// A card saved for [`CUSTOMER`] by a sale; its token.
async fn saved_card(flow: &Flow<'_>, order: &str) -> String {
    let nonce = flow.card(true).await;
    let (status, t) = flow.sale(saving(&nonce, order)).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t["paymentMethodToken"].as_str().unwrap().to_string()
}

// The page offers the box only when the host asks (`vault=offer`), unticked, and reports the
// customer's choice with the nonce.
#[tokio::test]
async fn the_card_page_offers_to_save_the_card_and_the_nonce_carries_the_choice() {
    let sb = sandbox().await;
    let flow = Flow::demo(&sb);
    let base = sb.url(Provider::Moneflow);
    let page = http()
        .get(format!("{base}sdk/card-fields?clientToken=x&vault=offer"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Save this card for next time"));
    assert!(
        page.contains(r#"id="save-row" hidden"#),
        "hidden until the script offers it"
    );
    assert!(!page.contains("checked"), "never ticked for the customer");
    let script = http()
        .get(format!("{base}sdk/moneflow.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(script.contains(r#"q.get("vault") === "offer""#));
    assert!(script.contains("vaultConsent"));

    let (_, with) = flow.nonce("4242424242424242", Some(true)).await;
    assert_eq!(with["vaultConsent"], true);
    let (_, without) = flow.nonce("4242424242424242", None).await;
    assert_eq!(without["vaultConsent"], false);
}

// `vault: true` on a nonce without the consent is refused, nothing charged and the nonce left
// unused; with the consent, the approved sale saves the card for the customer.
#[tokio::test]
async fn a_card_is_saved_only_with_the_customers_consent() {
    let sb = sandbox().await;
    let flow = Flow::demo(&sb);
    let nonce = flow.card(false).await;
    let (status, out) = flow.sale(saving(&nonce, "V-1")).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNPROCESSABLE_ENTITY, "vault_consent_missing")
    );
    assert_eq!(sb.resources_with_reference(Provider::Moneflow, "V-1"), 0);
    let (status, t) = flow.sale(sale(&nonce, "V-1")).await;
    assert_eq!(status, StatusCode::CREATED, "the nonce was left unused");
    assert_eq!(t["paymentMethodToken"], Value::Null);

    let nonce = flow.card(true).await;
    let (status, t) = flow.sale(saving(&nonce, "V-2")).await;
    assert_eq!(
        (status, t["status"].as_str()),
        (StatusCode::CREATED, Some("settled"))
    );
    assert_eq!(t["customerId"], CUSTOMER);
    let token = t["paymentMethodToken"].as_str().unwrap();
    let (status, m) = call(flow.req(Method::GET, &format!("/payment_methods/{token}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (m["customerId"].as_str(), m["card"]["last4"].as_str()),
        (Some(CUSTOMER), Some("4242"))
    );
    let (_, list) = call(flow.req(
        Method::GET,
        &format!("/payment_methods?customerId={CUSTOMER}"),
    ))
    .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1);

    // The vault without a sale follows the same rule.
    let nonce = flow.card(false).await;
    let (status, out) = call(
        flow.req(Method::POST, "/payment_methods")
            .json(&json!({"paymentNonce": nonce, "customerId": CUSTOMER})),
    )
    .await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNPROCESSABLE_ENTITY, "vault_consent_missing")
    );
}

#[tokio::test]
async fn saving_needs_a_customer_and_a_declined_sale_saves_nothing() {
    let sb = sandbox().await;
    let flow = Flow::demo(&sb);
    let nonce = flow.card(true).await;
    let mut body = saving(&nonce, "V-3");
    body.as_object_mut().unwrap().remove("customerId");
    let (status, _) = flow.sale(body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut body = saving(&nonce, "V-3");
    body["customerId"] = "not a customer id".into();
    assert_eq!(flow.sale(body).await.0, StatusCode::BAD_REQUEST);

    let (_, declined) = flow.nonce("4000000000000002", Some(true)).await;
    let (status, t) = flow
        .sale(saving(declined["nonce"].as_str().unwrap(), "V-4"))
        .await;
    assert_eq!(
        (status, t["status"].as_str()),
        (StatusCode::CREATED, Some("declined"))
    );
    assert_eq!(t["paymentMethodToken"], Value::Null);
}

// A saved card pays with its token alone; a repeated orderId answers the same transaction and
// the lookup finds it; a token sent with another customer's id pays nothing.
#[tokio::test]
async fn a_saved_card_is_charged_by_its_token_exactly_once() {
    let sb = sandbox().await;
    let flow = Flow::demo(&sb);
    let token = saved_card(&flow, "T-0").await;
    let (status, t) = flow.sale(with_token(&token, "T-1")).await;
    assert_eq!(
        (status, t["status"].as_str()),
        (StatusCode::CREATED, Some("settled"))
    );
    assert_eq!(t["paymentMethodToken"], token.as_str());
    assert_eq!(t["customerId"], CUSTOMER);
    let (status, again) = flow.sale(with_token(&token, "T-1")).await;
    assert_eq!((status, &again["id"]), (StatusCode::OK, &t["id"]));
    let (_, found) = call(flow.req(Method::GET, "/transactions?orderId=T-1")).await;
    assert_eq!(found["data"].as_array().unwrap().len(), 1);

    let mut other = with_token(&token, "T-2");
    other["customerId"] = "cus_ffffffffffffffffffffffffffffffff".into();
    let (status, out) = flow.sale(other).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNPROCESSABLE_ENTITY, "payment_method_invalid")
    );
    let mut same = with_token(&token, "T-2");
    same["customerId"] = CUSTOMER.into();
    assert_eq!(flow.sale(same).await.0, StatusCode::CREATED);

    let mut both = with_token(&token, "T-3");
    both["paymentNonce"] = flow.card(false).await.into();
    assert_eq!(
        flow.sale(both).await.0,
        StatusCode::BAD_REQUEST,
        "one source only"
    );
    let mut resave = with_token(&token, "T-3");
    resave["vault"] = true.into();
    resave["customerId"] = CUSTOMER.into();
    assert_eq!(
        flow.sale(resave).await.0,
        StatusCode::BAD_REQUEST,
        "saved already"
    );
    let (status, out) = flow.sale(sale(&token, "T-3")).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNPROCESSABLE_ENTITY, "nonce_invalid"),
        "a token is no nonce"
    );
}

// Removing a card: 204, then 404 on reading or removing it again, gone from the list, and a
// sale with it refused; an unknown or another merchant's token is refused the same way.
#[tokio::test]
async fn a_removed_or_unknown_card_pays_nothing() {
    let sb = sandbox().await;
    let flow = Flow::demo(&sb);
    let token = saved_card(&flow, "R-0").await;
    let (status, _) = call(flow.req(Method::DELETE, &format!("/payment_methods/{token}"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(flow.req(Method::GET, &format!("/payment_methods/{token}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, out) = call(flow.req(Method::DELETE, &format!("/payment_methods/{token}"))).await;
    assert_eq!((status, code(&out)), (StatusCode::NOT_FOUND, "not_found"));
    let (_, list) = call(flow.req(
        Method::GET,
        &format!("/payment_methods?customerId={CUSTOMER}"),
    ))
    .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 0);
    for t in [token.as_str(), "pm_0000000000000000"] {
        let (status, out) = flow.sale(with_token(t, &format!("R-{t}"))).await;
        assert_eq!(
            (status, code(&out)),
            (StatusCode::UNPROCESSABLE_ENTITY, "payment_method_invalid"),
            "{t}"
        );
    }
    let (_, sale_before) = call(flow.req(Method::GET, "/transactions?orderId=R-0")).await;
    assert_eq!(
        sale_before["data"][0]["paymentMethodToken"],
        token.as_str(),
        "history keeps it"
    );

    let theirs = saved_card(&flow, "R-1").await;
    let other = Flow {
        sb: &sb,
        merchant: sb.new_merchant("Other shop"),
    };
    let (status, out) = other.sale(with_token(&theirs, "R-2")).await;
    assert_eq!(
        (status, code(&out)),
        (StatusCode::UNPROCESSABLE_ENTITY, "payment_method_invalid")
    );
    let (status, _) = call(other.req(Method::DELETE, &format!("/payment_methods/{theirs}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(flow.req(Method::GET, "/payment_methods")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "customerId required");
}
