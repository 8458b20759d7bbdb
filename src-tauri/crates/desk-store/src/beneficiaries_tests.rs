#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::Secret;

use super::*;

/// A real encrypted store file in a fresh folder (the folder lives as long as the store).
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("desk.db"), &Secret::new("be".repeat(32))).unwrap();
    (dir, store)
}

fn person(first: &str, last: &str, email: &str, document: &str) -> Beneficiary {
    Beneficiary {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        document_type: DocumentType::Rfc,
        document_number: document.into(),
    }
}

fn maria() -> Beneficiary {
    person("María", "Pérez", "maria@example.com", "PEGM9007151H0")
}

fn stp() -> Clabe {
    Clabe::parse("646180110400000007").unwrap()
}

/// A CLABE of bank `code` whose account ends in `tail` (check digit computed).
fn clabe(code: &str, tail: &str) -> Clabe {
    let first17 = format!("{code}{tail:0>14}");
    let mut digits = [0u8; 17];
    for (d, b) in digits.iter_mut().zip(first17.bytes()) {
        *d = b - b'0';
    }
    Clabe::parse(&format!(
        "{first17}{}",
        desk_domain::clabe::check_digit(&digits)
    ))
    .unwrap()
}

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

fn names(m: &BeneficiaryMatches) -> Vec<String> {
    m.items
        .iter()
        .map(|b| format!("{} {}", b.person.first_name, b.person.last_name))
        .collect()
}

#[test]
fn a_beneficiary_is_added_read_back_whole_and_audited_masked() {
    let (_dir, store) = store();
    let saved = store.add_beneficiary(&maria(), &stp(), 1_000).unwrap();
    assert_eq!(saved.person, maria());
    assert_eq!(saved.clabe.as_str(), "646180110400000007");
    assert_eq!((saved.created_at, saved.updated_at), (1_000, 1_000));
    assert_eq!(store.beneficiary(saved.id).unwrap(), saved);

    let audit = audit_rows(&store);
    assert_eq!(
        audit,
        vec![(
            "beneficiary.added".to_string(),
            format!("#{} Rfc ••••51H0, CLABE ••••0007 (STP)", saved.id)
        )]
    );
    assert_eq!(store.verify_audit_chain().unwrap(), 1);
}

// The audit log is kept for ever and read by whoever audits the desk: personal data there
// would outlive the beneficiary it belonged to.
#[test]
fn no_audit_entry_holds_a_whole_document_email_or_clabe() {
    let (_dir, store) = store();
    let saved = store.add_beneficiary(&maria(), &stp(), 1).unwrap();
    let mut changed = maria();
    changed.email = "maria.perez@example.org".into();
    store
        .update_beneficiary(saved.id, &changed, &clabe("002", "777"), 2)
        .unwrap();
    store.remove_beneficiary(saved.id, 3).unwrap();
    let audit = audit_rows(&store);
    assert_eq!(audit.len(), 3, "{audit:?}");
    for (_, detail) in &audit {
        for whole in [
            "PEGM9007151H0",
            "maria@example.com",
            "maria.perez@example.org",
            "646180110400000007",
            clabe("002", "777").as_str(),
            "María",
            "Pérez",
        ] {
            assert!(!detail.contains(whole), "{detail:?} holds {whole:?}");
        }
    }
}

#[test]
fn an_update_replaces_the_fields_and_says_which_changed() {
    let (_dir, store) = store();
    let saved = store.add_beneficiary(&maria(), &stp(), 1_000).unwrap();
    let mut changed = maria();
    changed.email = "mp@example.com".into();
    let new_clabe = clabe("002", "12345");
    let updated = store
        .update_beneficiary(saved.id, &changed, &new_clabe, 2_000)
        .unwrap();
    assert_eq!(updated.person.email, "mp@example.com");
    assert_eq!(updated.clabe, new_clabe);
    assert_eq!((updated.created_at, updated.updated_at), (1_000, 2_000));
    assert_eq!(store.beneficiary(saved.id).unwrap(), updated);
    let (action, detail) = audit_rows(&store).pop().unwrap();
    assert_eq!(action, "beneficiary.updated");
    assert!(
        detail.ends_with("; changed email, clabe"),
        "the entry names the changed fields: {detail}"
    );

    // saving it unchanged writes nothing, not even an audit entry
    let same = store
        .update_beneficiary(saved.id, &changed, &new_clabe, 3_000)
        .unwrap();
    assert_eq!(same.updated_at, 2_000);
    assert_eq!(audit_rows(&store).len(), 2);
}

#[test]
fn a_removed_beneficiary_is_gone_and_its_removal_audited() {
    let (_dir, store) = store();
    let saved = store.add_beneficiary(&maria(), &stp(), 1).unwrap();
    store.remove_beneficiary(saved.id, 2).unwrap();
    assert!(matches!(
        store.beneficiary(saved.id),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.search_beneficiaries("", 0, 50).unwrap().total, 0);
    assert_eq!(
        audit_rows(&store).last().unwrap().0,
        "beneficiary.removed",
        "the removal is in the log"
    );
    // a second removal, or an edit of the removed one, finds nothing and logs nothing
    assert!(matches!(
        store.remove_beneficiary(saved.id, 3),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.update_beneficiary(saved.id, &maria(), &stp(), 3),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(audit_rows(&store).len(), 2);
}

#[test]
fn the_same_account_and_document_are_saved_once() {
    let (_dir, store) = store();
    let first = store.add_beneficiary(&maria(), &stp(), 1).unwrap();
    match store.add_beneficiary(&maria(), &stp(), 2) {
        Err(StoreError::Invalid(fields)) => {
            assert_eq!(fields[0].field, "clabe");
            assert!(
                fields[0].message.contains("María Pérez is already saved"),
                "{}",
                fields[0].message
            );
        }
        other => panic!("a duplicate was not refused: {other:?}"),
    }
    let (again, created) = store.save_beneficiary_once(&maria(), &stp(), 3).unwrap();
    assert!(!created);
    assert_eq!(again, first, "the saved one is returned as it was");
    // another account for the same person is a second beneficiary
    let (other, created) = store
        .save_beneficiary_once(&maria(), &clabe("002", "9"), 4)
        .unwrap();
    assert!(created);
    assert_ne!(other.id, first.id);
    let audit = audit_rows(&store);
    assert_eq!(audit.len(), 2, "{audit:?}");
    assert!(audit[1].1.ends_with(" from a payout"), "{}", audit[1].1);
    // an edit that would make a second copy of another beneficiary is refused too
    assert!(matches!(
        store.update_beneficiary(other.id, &maria(), &stp(), 5),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.beneficiary(other.id).unwrap(), other);
}

#[test]
fn search_finds_by_name_email_or_clabe_in_any_case_and_accent() {
    let (_dir, store) = store();
    store.add_beneficiary(&maria(), &stp(), 1).unwrap();
    store
        .add_beneficiary(
            &person("José", "Peña", "jose@tienda.mx", "PEJJ8001019A1"),
            &clabe("002", "4321"),
            2,
        )
        .unwrap();
    store
        .add_beneficiary(
            &person("Ana", "López", "ana.lopez@example.com", "LOAA8501019B2"),
            &clabe("012", "55"),
            3,
        )
        .unwrap();
    let find = |text: &str| names(&store.search_beneficiaries(text, 0, 50).unwrap());
    assert_eq!(find("perez"), ["María Pérez"]);
    assert_eq!(find("PÉREZ"), ["María Pérez"]);
    assert_eq!(find("maria perez"), ["María Pérez"]);
    assert_eq!(find("peña"), ["José Peña"]);
    assert_eq!(find("PENA"), ["José Peña"]);
    assert_eq!(find("TIENDA.MX"), ["José Peña"]);
    assert_eq!(find("0007"), ["María Pérez"]);
    assert_eq!(find("6461 8011 0400"), ["María Pérez"]);
    assert_eq!(find("example.com"), ["Ana López", "María Pérez"]);
    assert_eq!(find("nobody"), Vec::<String>::new());
    // document numbers are not searched: they are not shown in the list either
    assert_eq!(find("PEGM9007"), Vec::<String>::new());
}

#[test]
fn search_lists_by_last_then_first_name_in_pages() {
    let (_dir, store) = store();
    for (i, (first, last)) in [
        ("Zoe", "Álvarez"),
        ("Bea", "alvarez"),
        ("Carla", "Zapata"),
        ("Ana", "Mora"),
        ("Abel", "Mora"),
    ]
    .into_iter()
    .enumerate()
    {
        let email = format!("p{i}@example.com");
        store
            .add_beneficiary(
                &person(first, last, &email, &format!("ABCD80010{i}XY1")),
                &clabe("646", &i.to_string()),
                i as i64,
            )
            .unwrap();
    }
    let all = store.search_beneficiaries("", 0, 50).unwrap();
    assert_eq!(all.total, 5);
    // case and accents aside: "Álvarez" sorts with "alvarez", not after "Zapata"
    assert_eq!(
        names(&all),
        [
            "Bea alvarez",
            "Zoe Álvarez",
            "Abel Mora",
            "Ana Mora",
            "Carla Zapata"
        ]
    );
    let page = store.search_beneficiaries("", 2, 2).unwrap();
    assert_eq!(page.total, 5, "the total counts every match, not the page");
    assert_eq!(names(&page), ["Abel Mora", "Ana Mora"]);
    let filtered = store.search_beneficiaries("mora", 1, 1).unwrap();
    assert_eq!(
        (filtered.total, names(&filtered)),
        (2, vec!["Ana Mora".to_string()])
    );
    assert!(
        store
            .search_beneficiaries("", 5, 2)
            .unwrap()
            .items
            .is_empty()
    );
}

#[test]
fn beneficiaries_are_kept_in_the_encrypted_file_across_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let key = Secret::new("be".repeat(32));
    let id = {
        let store = Store::open(&path, &key).unwrap();
        store.add_beneficiary(&maria(), &stp(), 1).unwrap().id
    };
    let bytes = std::fs::read(&path).unwrap();
    let plain = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!plain(b"PEGM9007151H0") && !plain(b"maria@example.com"));
    let store = Store::open(&path, &key).unwrap();
    assert_eq!(store.beneficiary(id).unwrap().person, maria());
}
