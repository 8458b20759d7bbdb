//! Payout validation: every field, every sentence.
use super::*;

fn good() -> PayoutDraft {
    PayoutDraft {
        country: "MEX".into(),
        amount: "1,250.50".into(),
        currency: "MXN".into(),
        order_id: "PO-0001".into(),
        description: "Supplier invoice 77".into(),
        first_name: "María".into(),
        last_name: "Pérez".into(),
        email: "maria@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "pegm9007151h0".into(),
        clabe: "646180110400000007".into(),
        bank_code: "646".into(),
    }
}

#[test]
fn a_correct_payout_validates_to_minor_units() {
    let p = good().validate().unwrap();
    assert_eq!(p.amount, Money::new(125_050, Currency::MXN));
    assert_eq!(p.beneficiary.document_number, "PEGM9007151H0");
}

fn fields(d: PayoutDraft) -> Vec<String> {
    match d.validate() {
        Err(DomainError::Invalid(errs)) => errs.into_iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn each_mistake_is_reported_on_its_own_field() {
    assert_eq!(
        fields(PayoutDraft {
            clabe: "002123451234534510".into(),
            ..good()
        }),
        ["clabe"]
    );
    assert_eq!(
        fields(PayoutDraft {
            bank_code: "012".into(),
            ..good()
        }),
        ["bankCode"]
    );
    assert_eq!(
        fields(PayoutDraft {
            amount: "0".into(),
            ..good()
        }),
        ["amount"]
    );
    assert_eq!(
        fields(PayoutDraft {
            amount: "-3".into(),
            ..good()
        }),
        ["amount"]
    );
    assert_eq!(
        fields(PayoutDraft {
            currency: "USD".into(),
            ..good()
        }),
        ["currency"]
    );
    assert_eq!(
        fields(PayoutDraft {
            email: "maria".into(),
            ..good()
        }),
        ["email"]
    );
    assert_eq!(
        fields(PayoutDraft {
            document_number: "XYZ".into(),
            ..good()
        }),
        ["documentNumber"]
    );
    assert_eq!(
        fields(PayoutDraft {
            order_id: "x".repeat(21),
            ..good()
        }),
        ["orderId"]
    );
}

#[test]
fn a_clabe_of_no_registered_bank_is_refused_on_the_clabe_field() {
    // 999 is no bank; the check digit is right, so only the bank code is wrong.
    let draft = PayoutDraft {
        clabe: "999180110400000000".into(),
        bank_code: "999".into(),
        ..good()
    };
    match draft.validate() {
        Err(DomainError::Invalid(errs)) => {
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert_eq!(errs[0].field, "clabe");
            assert!(errs[0].message.contains("(999) are no bank"), "{errs:?}");
        }
        other => panic!("expected the CLABE refused, got {other:?}"),
    }
}

fn amount_error(d: &PayoutDraft, locale: AmountLocale) -> Vec<FieldError> {
    match d.validate_in(locale) {
        Err(DomainError::Invalid(errs)) => errs,
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn the_amount_is_read_in_the_merchants_locale() {
    let spain = PayoutDraft {
        amount: "1.250,50".into(),
        ..good()
    };
    assert_eq!(
        spain.validate_in(AmountLocale::EsEs).unwrap().amount,
        Money::new(125_050, Currency::MXN)
    );
    assert_eq!(
        good().validate_in(AmountLocale::EsMx).unwrap().amount,
        Money::new(125_050, Currency::MXN)
    );
    // `12,50` is twelve and a half in Spain, and not a readable amount in English.
    let half = PayoutDraft {
        amount: "12,50".into(),
        ..good()
    };
    assert_eq!(
        half.validate_in(AmountLocale::EsEs).unwrap().amount,
        Money::new(1_250, Currency::MXN)
    );
    for d in [&half, &spain] {
        let errs = amount_error(d, AmountLocale::En);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field, "amount");
        assert!(errs[0].message.contains("write"), "{}", errs[0].message);
    }
    assert_eq!(half.validate(), half.validate_in(AmountLocale::En));
}

#[test]
fn the_payout_limit_is_written_in_the_merchants_locale() {
    let big = PayoutDraft {
        amount: "1000000,01".into(),
        ..good()
    };
    let errs = amount_error(&big, AmountLocale::EsEs);
    assert_eq!(
        errs[0].message,
        "The amount is above the 1.000.000,00 MXN limit for one payout."
    );
}

#[test]
fn an_empty_form_lists_every_required_field() {
    let f = fields(PayoutDraft::default());
    for want in [
        "currency",
        "orderId",
        "description",
        "firstName",
        "lastName",
        "email",
        "documentType",
        "clabe",
    ] {
        assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
    }
}

#[test]
fn each_problem_carries_its_code_and_parameters_for_the_ui() {
    let bad = PayoutDraft {
        currency: "EUR".into(),
        clabe: "64618011040000000".into(),
        ..good()
    };
    let Err(DomainError::Invalid(fields)) = bad.validate() else {
        panic!("refused")
    };
    let by = |f: &str| fields.iter().find(|e| e.field == f).unwrap();
    assert_eq!(
        by("currency").code.as_deref(),
        Some("payout.wrong_currency")
    );
    assert_eq!(by("currency").params["expected"], "MXN");
    assert_eq!(by("clabe").code.as_deref(), Some("clabe.length"));
    assert_eq!(by("clabe").params["count"], "17");
    assert_eq!(
        by("clabe").message,
        "A CLABE has 18 digits; this one has 17."
    );
}

#[test]
fn document_rules_read_as_mexicans_write_them() {
    let es =
        |t: DocumentType, n: &str| t.number_problem(n).unwrap().render(desk_i18n::Language::Es);
    assert_eq!(
        es(DocumentType::Rfc, "XYZ"),
        "El RFC tiene 13 caracteres para una persona física (4 letras, 6 dígitos y 3 más) o 12 \
         para una persona moral."
    );
    assert_eq!(
        es(DocumentType::Ine, "X"),
        "La clave de elector del INE tiene 18 letras y dígitos."
    );
    assert!(
        DocumentType::Curp
            .number_problem("PEGM900715HDFRRR07")
            .is_none()
    );
}
