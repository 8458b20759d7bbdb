#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{DocumentType, FieldError};

use super::*;
use crate::DeskPaths;
use crate::host::TestHost;

/// A desk over a fresh folder, its database a real encrypted file.
fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let paths = DeskPaths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
        log_dir: dir.path().join("logs"),
    };
    let d = Desk::open(
        paths,
        Arc::new(TestHost::default()),
        Arc::new(desk_vault::MemoryStore::default()),
    )
    .unwrap();
    (dir, d)
}

fn maria() -> BeneficiaryDraft {
    BeneficiaryDraft {
        first_name: " María ".into(),
        last_name: "Pérez".into(),
        email: "maria@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "pegm9007151h0".into(),
        clabe: "6461 8011 0400 0000 07".into(),
    }
}

fn payout() -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: "1,250.50".into(),
        currency: "MXN".into(),
        order_id: "PO-BEN-1".into(),
        description: "Supplier invoice".into(),
        first_name: "María".into(),
        last_name: "Pérez".into(),
        email: "maria@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: "646".into(),
    }
}

fn fields_of(e: CoreError) -> Vec<FieldError> {
    match e {
        CoreError::Invalid(fields) => fields,
        other => panic!("not a field error: {other:?}"),
    }
}

#[test]
fn each_wrong_field_gets_the_payout_forms_own_sentence_and_no_other_field_does() {
    let bad = BeneficiaryDraft {
        first_name: "  ".into(),
        last_name: String::new(),
        email: "maria@example".into(),
        document_type: "Curp".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000008".into(),
    };
    let fields = fields_of(bad.validate().unwrap_err());
    let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        named,
        ["firstName", "lastName", "email", "documentNumber", "clabe"]
    );
    assert_eq!(
        fields[4].message,
        "The last digit of this CLABE should be 7: check it for a typo."
    );
    assert_eq!(
        fields[3].message,
        DocumentType::Curp
            .check_number("PEGM9007151H0")
            .unwrap_err()
    );

    // a CLABE with a right check digit under a code no bank is registered with is refused
    let unregistered = BeneficiaryDraft {
        clabe: "000180110400000009".into(),
        ..maria()
    };
    let fields = fields_of(unregistered.validate().unwrap_err());
    assert_eq!(fields.len(), 1);
    assert!(fields[0].message.contains("(000) are no bank registered"));

    let unknown_type = BeneficiaryDraft {
        document_type: "Licence".into(),
        ..maria()
    };
    assert_eq!(
        fields_of(unknown_type.validate().unwrap_err())[0].field,
        "documentType"
    );
}

#[test]
fn a_valid_draft_is_trimmed_and_upper_cased_as_a_payouts_beneficiary_is() {
    let (person, clabe) = maria().validate().unwrap();
    assert_eq!(person.first_name, "María");
    assert_eq!(person.document_number, "PEGM9007151H0");
    assert_eq!(clabe.as_str(), "646180110400000007");
}

#[test]
fn the_review_names_the_bank_as_the_merchant_types() {
    let (_dir, d) = desk();
    let review = d.review_beneficiary(&maria());
    assert!(review.valid, "{:?}", review.fields);
    assert_eq!(review.bank_name.as_deref(), Some("STP"));
    let half = d.review_beneficiary(&BeneficiaryDraft {
        clabe: "64618".into(),
        ..maria()
    });
    assert!(!half.valid);
    assert_eq!(half.bank_name, None);
    assert_eq!(half.fields[0].field, "clabe");
}

#[test]
fn a_list_masks_the_document_and_email_and_the_record_shows_them_whole() {
    let (_dir, d) = desk();
    let record = d.add_beneficiary(&maria()).unwrap();
    assert_eq!(record.email, "maria@example.com");
    assert_eq!(record.document_number, "PEGM9007151H0");
    assert_eq!(record.clabe, "646180110400000007");
    assert_eq!(record.bank_code, "646");
    assert_eq!(record.bank_name.as_deref(), Some("STP"));

    let page = d.search_beneficiaries("pérez", 0, 20).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(
        page.items[0],
        BeneficiaryItem {
            id: record.id,
            first_name: "María".into(),
            last_name: "Pérez".into(),
            email_masked: "m•••@example.com".into(),
            document_type: DocumentType::Rfc,
            document_masked: "••••51H0".into(),
            bank_name: Some("STP".into()),
            clabe_last4: "0007".into(),
        }
    );
    assert_eq!(d.beneficiary(record.id).unwrap(), record);
}

#[test]
fn saving_a_payouts_beneficiary_twice_keeps_one() {
    let (_dir, d) = desk();
    let first = d.save_payout_beneficiary(&payout()).unwrap();
    assert!(!first.already_saved);
    // typed in lower case this time: the same document once upper-cased
    let mut again = payout();
    again.document_number = "pegm9007151h0".into();
    again.email = "other@example.com".into();
    let second = d.save_payout_beneficiary(&again).unwrap();
    assert!(second.already_saved);
    assert_eq!(second.item, first.item, "the saved one, unchanged");
    assert_eq!(d.search_beneficiaries("", 0, 20).unwrap().total, 1);

    // a payout whose beneficiary is not valid saves nothing, and says which field
    let mut bad = payout();
    bad.clabe = "646180110400000008".into();
    let fields = fields_of(d.save_payout_beneficiary(&bad).unwrap_err());
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].field, "clabe");
}

#[test]
fn edits_and_removals_are_audited_and_a_missing_one_is_told_as_a_beneficiary() {
    let (_dir, d) = desk();
    let record = d.add_beneficiary(&maria()).unwrap();
    let edited = d
        .update_beneficiary(
            record.id,
            &BeneficiaryDraft {
                email: "mp@example.com".into(),
                ..maria()
            },
        )
        .unwrap();
    assert_eq!(edited.email, "mp@example.com");
    d.remove_beneficiary(record.id).unwrap();
    assert_eq!(d.search_beneficiaries("", 0, 20).unwrap().total, 0);
    assert_eq!(
        d.store().unwrap().verify_audit_chain().unwrap(),
        3,
        "added, updated and removed are in the audit log"
    );
    let gone = d.beneficiary(record.id).unwrap_err();
    assert_eq!(gone.code(), "errors.not_found");
    assert_eq!(
        gone.to_string(),
        format!("Beneficiary {} is not saved (any more).", record.id)
    );
    assert_eq!(
        d.remove_beneficiary(record.id).unwrap_err().code(),
        "errors.not_found"
    );
    // an invalid edit is refused before the store is asked
    let fields = fields_of(
        d.update_beneficiary(
            record.id,
            &BeneficiaryDraft {
                email: "no".into(),
                ..maria()
            },
        )
        .unwrap_err(),
    );
    assert_eq!(fields[0].field, "email");
}

#[test]
fn an_overlong_search_or_field_is_refused_with_a_sentence() {
    let (_dir, d) = desk();
    let long = "a".repeat(201);
    assert_eq!(
        d.search_beneficiaries(&long, 0, 20).unwrap_err().code(),
        "errors.validation"
    );
    let fields = fields_of(
        BeneficiaryDraft {
            first_name: "x".repeat(500),
            ..maria()
        }
        .validate()
        .unwrap_err(),
    );
    assert_eq!(fields[0].field, "firstName");
    assert!(fields[0].message.contains("too long"));
}
