#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::{Currency, Money};
use rusqlite::types::Value;

use super::*;
use crate::collections::{Frequency, NewCollection};
use crate::operation::{CardUse, Charge, ChargeCustomer, ChargeIntent, OpState};
use crate::records::Record;

const ENV: Environment = Environment::Sandbox;
const ANA: &str = "cus_0123456789abcdef0123456789abcdef";
const LUIS: &str = "cus_fedcba9876543210fedcba9876543210";

fn audit_rows(store: &Store) -> Vec<(String, String)> {
    let conn = store.reader();
    let mut stmt = conn
        .prepare("SELECT action, detail FROM audit_log ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn with_ana() -> Store {
    let s = Store::open_in_memory().unwrap();
    s.add_customer(ANA, "Ana Gómez", "Ana@Example.com", 1)
        .unwrap();
    s
}

fn pulled(reference: &str, details: serde_json::Value, at: i64) -> Record {
    Record {
        provider: Provider::Mona,
        environment: ENV,
        kind: "checkout".into(),
        reference: reference.into(),
        remote_id: Some(format!("txn_{reference}")),
        amount_minor: 500_000,
        currency: "NGN".into(),
        status: "succeeded".into(),
        counterparty: "Ana Gómez".into(),
        description: "Box".into(),
        details,
        created_at: at,
        updated_at: at,
        note: None,
    }
}

#[test]
fn a_customer_is_one_per_email_in_any_case_and_its_audit_masks_the_email() {
    let s = with_ana();
    match s.add_customer(LUIS, "Ana G.", "ana@EXAMPLE.com ", 2) {
        Err(StoreError::Invalid(f)) => {
            assert_eq!(f[0].field, "email");
            assert!(f[0].message.contains("Ana Gómez"), "{}", f[0].message);
        }
        other => panic!("a second customer with the same email must be refused: {other:?}"),
    }
    assert!(matches!(
        s.add_customer("cus_nothex", "Luis", "luis@example.com", 2),
        Err(StoreError::Corrupt(_))
    ));
    let audit = audit_rows(&s);
    assert_eq!(audit.len(), 1, "refusals store nothing: {audit:?}");
    assert_eq!(audit[0].0, "customer.added");
    assert!(
        !audit[0].1.contains("Ana@Example.com") && audit[0].1.contains(ANA),
        "the audit names the id and masks the email: {}",
        audit[0].1
    );
    assert_eq!(
        s.customer_by_email("ANA@example.com").unwrap().unwrap().id,
        ANA
    );
}

#[test]
fn a_checkout_finds_the_customer_by_email_and_fills_an_empty_name() {
    let s = Store::open_in_memory().unwrap();
    let (first, made) = s
        .customer_for_checkout(LUIS, "", "luis@example.com", 1)
        .unwrap();
    assert!(made);
    assert_eq!(first.name, "");
    let (again, made) = s
        .customer_for_checkout(ANA, "Luis Pérez", "LUIS@example.com", 2)
        .unwrap();
    assert!(!made, "the same email is the same customer");
    assert_eq!(again.id, LUIS, "the id given for a new one is not used");
    assert_eq!(again.name, "Luis Pérez", "an empty name is filled");
    let (kept, _) = s
        .customer_for_checkout(ANA, "Someone Else", "luis@example.com", 3)
        .unwrap();
    assert_eq!(
        kept.name, "Luis Pérez",
        "a name is never overwritten by a checkout"
    );
    let actions: Vec<String> = audit_rows(&s).into_iter().map(|(a, _)| a).collect();
    assert_eq!(actions, ["customer.added", "customer.updated"]);
}

#[test]
fn search_finds_words_in_names_and_emails_with_or_without_accents() {
    let s = with_ana();
    s.add_customer(LUIS, "Luis Peña", "luis@shop.mx", 2)
        .unwrap();
    let names = |t: &str| -> Vec<String> {
        s.search_customers(t, 0, 50)
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    assert_eq!(names(""), ["Ana Gómez", "Luis Peña"]);
    assert_eq!(names("gomez"), ["Ana Gómez"]);
    assert_eq!(names("PENA luis"), ["Luis Peña"]);
    assert_eq!(names("shop.mx"), ["Luis Peña"]);
    assert!(names("nobody").is_empty());
    let page = s.search_customers("", 1, 1).unwrap();
    assert_eq!((page.total, page.items.len()), (2, 1));
}

// The customer's page lists every record that names them, whoever wrote it: the desk's own
// charge (its details carry the id) and a record a provider reported with the id.
#[test]
fn the_history_of_a_customer_is_every_record_that_carries_their_id() {
    let s = with_ana();
    s.add_customer(LUIS, "Luis", "luis@example.com", 1).unwrap();
    let charge = Charge {
        amount: Money::new(2_500, Currency::USD),
        description: "Tote".into(),
        customer_name: "Ana Gómez".into(),
        customer_email: "ana@example.com".into(),
        nonce: None,
        intent: ChargeIntent::Sale,
        customer: Some(ChargeCustomer {
            id: ANA.into(),
            card: CardUse::Saved {
                token: "pm_secretish1234".into(),
            },
        }),
    };
    s.enqueue_charge(Provider::Moneflow, ENV, "checkout", "MF-1", &charge, 10)
        .unwrap();
    s.upsert_many(&[
        pulled(
            "CL-1-1",
            serde_json::json!({"customerId": ANA, "collectionId": "col_1"}),
            20,
        ),
        pulled("MN-2", serde_json::json!({"customerId": LUIS}), 30),
        pulled("MN-3", serde_json::json!({}), 40),
    ])
    .unwrap();
    let tz = TimeZone::UTC;
    let page = s.customer_history(ANA, ENV, &tz, 50, None).unwrap();
    let refs: Vec<&str> = page.items.iter().map(|i| i.reference.as_str()).collect();
    assert_eq!(refs, ["CL-1-1", "MF-1"], "newest first, Ana's only");
    let first = s.customer_history(ANA, ENV, &tz, 1, None).unwrap();
    assert_eq!(first.items[0].reference, "CL-1-1");
    let next = s
        .customer_history(ANA, ENV, &tz, 1, first.next_cursor.as_deref())
        .unwrap();
    assert_eq!(next.items[0].reference, "MF-1");
    assert_eq!(next.next_cursor, None);
    assert!(
        s.customer_history(ANA, Environment::Production, &tz, 50, None)
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        s.customer_providers(ANA, ENV).unwrap(),
        [Provider::Mona, Provider::Moneflow]
    );
    assert_eq!(s.collection_charges(ANA, "col_1").unwrap(), (1, 0));
    // Read through the customer's index, never a scan of the history.
    let sql = format!(
        "SELECT {} FROM transactions t WHERE t.customer_id = ?1 AND t.environment = ?2 AND t.parent_id IS NULL ORDER BY t.created_at DESC, t.id DESC LIMIT 51",
        crate::history::COLUMNS
    );
    let steps = crate::query_plans::plan(
        &s,
        &sql,
        &[Value::Text(ANA.into()), Value::Text("sandbox".into())],
    );
    assert!(
        steps.iter().any(|p| p.contains("transactions_of_customer")),
        "{steps:?}"
    );
    crate::query_plans::assert_indexed("customer history", &steps, true);
}

#[test]
fn a_saved_card_is_kept_once_matched_to_the_providers_list_and_its_token_never_audited() {
    let s = with_ana();
    let visa = CardToKeep {
        token: "pm_4f9a2b7c1d".into(),
        brand: "Visa".into(),
        last4: "4242".into(),
    };
    let (card, new) = s.save_card(ANA, ENV, &visa, 5).unwrap();
    assert!(new);
    assert_eq!(
        s.save_card(ANA, ENV, &visa, 6).unwrap(),
        (card.clone(), false)
    );
    assert!(
        s.saved_cards(ANA, Environment::Production)
            .unwrap()
            .is_empty()
    );
    let master = CardToKeep {
        token: "pm_88aa77bb66".into(),
        brand: "Mastercard".into(),
        last4: "4444".into(),
    };
    assert_eq!(
        s.match_cards(ANA, ENV, std::slice::from_ref(&master), 7)
            .unwrap(),
        2
    );
    let kept: Vec<String> = s
        .saved_cards(ANA, ENV)
        .unwrap()
        .into_iter()
        .map(|c| c.token)
        .collect();
    assert_eq!(kept, std::slice::from_ref(&master.token));
    assert!(matches!(
        s.saved_card(card.id),
        Err(StoreError::NotFound(_))
    ));
    let audit = audit_rows(&s);
    let actions: Vec<&str> = audit.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["customer.added", "card.saved", "card.removed", "card.saved"]
    );
    for (_, detail) in &audit {
        assert!(
            !detail.contains(&visa.token) && !detail.contains(&master.token),
            "a token is masked in the audit log: {detail}"
        );
    }
    assert!(matches!(
        s.save_card(LUIS, ENV, &visa, 8),
        Err(StoreError::NotFound(_))
    ));
}

fn collection(s: &Store, reference: &str) -> crate::operation::Operation {
    s.enqueue_collection(
        ENV,
        reference,
        &NewCollection {
            amount: Money::new(500_000, Currency::NGN),
            frequency: Frequency::Monthly,
            description: "Veg box".into(),
            customer_id: ANA.into(),
            customer_name: "Ana Gómez".into(),
            customer_email: "ana@example.com".into(),
        },
        10,
    )
    .unwrap()
}

// A cancellation follows the collection as a void follows its authorisation: only of a
// collection Mona holds, pending or active, one at a time; confirmed, the collection reads
// cancelled.
#[test]
fn a_collection_is_cancelled_once_and_only_while_mona_holds_it_pending_or_active() {
    let s = with_ana();
    let op = collection(&s, "CL-1");
    let listed = s.collections_of(ANA, ENV).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, "queued");
    assert_eq!(listed[0].frequency, Some(Frequency::Monthly));
    assert!(!listed[0].can_cancel());
    assert!(
        matches!(
            s.enqueue_cancel(&op.transaction_id, "CN-1", 11),
            Err(StoreError::Invalid(_))
        ),
        "not held by Mona yet"
    );
    s.transition(op.id, OpState::Sending, 12, None, None, None)
        .unwrap();
    s.transition(
        op.id,
        OpState::Confirmed,
        13,
        None,
        Some(("col_1", "pending_consent")),
        None,
    )
    .unwrap();
    let held = s.collection(&op.transaction_id).unwrap();
    assert_eq!(
        (held.status.as_str(), held.remote_id.as_deref()),
        ("pending_consent", Some("col_1"))
    );
    assert!(held.can_cancel());
    let cancel = s.enqueue_cancel(&op.transaction_id, "CN-1", 14).unwrap();
    assert!(s.collection(&op.transaction_id).unwrap().cancelling);
    assert!(
        matches!(
            s.enqueue_cancel(&op.transaction_id, "CN-2", 15),
            Err(StoreError::Invalid(_))
        ),
        "a second cancellation while the first is on its way is refused"
    );
    s.transition(cancel.id, OpState::Sending, 16, None, None, None)
        .unwrap();
    s.transition(
        cancel.id,
        OpState::Confirmed,
        17,
        None,
        Some(("col_1", "cancelled")),
        None,
    )
    .unwrap();
    let done = s.collection(&op.transaction_id).unwrap();
    assert_eq!(done.status, "cancelled");
    assert!(!done.cancelling && !done.can_cancel());
    assert!(matches!(
        s.enqueue_cancel(&op.transaction_id, "CN-3", 18),
        Err(StoreError::Invalid(_))
    ));
    let timeline: Vec<String> = s
        .detail(&op.transaction_id)
        .unwrap()
        .timeline
        .into_iter()
        .map(|t| t.status)
        .collect();
    assert!(
        timeline.ends_with(&["cancel_queued".into(), "cancelled".into()]),
        "{timeline:?}"
    );
    let page = s.history(&crate::history::HistoryQuery::default()).unwrap();
    assert_eq!(
        page.items.len(),
        1,
        "the cancellation is on the collection's detail, not a row of its own"
    );
    assert!(matches!(
        s.operation(cancel.id).unwrap().intent,
        crate::operation::Intent::Cancel(_)
    ));
}

#[test]
fn a_verification_keeps_its_reference_and_audits_each_change_of_status() {
    let s = with_ana();
    let v = s.begin_verification(ANA, ENV, "VF-1", 5).unwrap();
    assert_eq!(v.status, "creating");
    assert_eq!(s.latest_verification(ANA, ENV).unwrap(), Some(v.clone()));
    let held = s.set_verification(v.id, "ver_1", "pending", 6).unwrap();
    assert_eq!(held.remote_id.as_deref(), Some("ver_1"));
    s.set_verification(v.id, "ver_1", "pending", 7).unwrap();
    s.set_verification(v.id, "ver_1", "verified", 8).unwrap();
    assert_eq!(
        s.latest_verification(ANA, ENV).unwrap().unwrap().status,
        "verified"
    );
    let actions: Vec<String> = audit_rows(&s).into_iter().map(|(a, _)| a).collect();
    assert_eq!(
        actions,
        [
            "customer.added",
            "verification.started",
            "verification.pending",
            "verification.verified"
        ]
    );
    assert!(s.latest_verification(LUIS, ENV).unwrap().is_none());
    assert_eq!(s.customer_providers(ANA, ENV).unwrap(), [Provider::Mona]);
}
