//! Receipts: for a payment, its refund and a payout, the PDF's text (read back with
//! `pdftotext`, poppler-utils) holds every field; the same record gives the same file.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use common::{draft, onboarded};
use desk_core::Settings;
use desk_core::views::after_sale::{AfterSaleAction, AfterSaleRequest};
use desk_core::views::checkout::{CheckoutRequest, Confirmation, NonceSubmission};
use desk_domain::Provider;

fn text_of(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, scripts/bootstrap.sh) reads the receipt");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_holds(text: &str, fields: &[&str]) {
    for f in fields {
        assert!(text.contains(f), "the receipt lacks {f:?}:\n{text}");
    }
}

#[tokio::test]
async fn a_receipt_holds_every_field_and_the_same_record_gives_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = onboarded(dir.path()).await;
    d.update_settings(Settings {
        merchant_name: Some("Panadería Núñez".into()),
        ..d.settings()
    })
    .unwrap();
    let session = d
        .create_checkout(
            CheckoutRequest {
                provider: Provider::Moneflow,
                amount: "25.00".into(),
                currency: "USD".into(),
                description: "Boots".into(),
                customer_name: "Ana".into(),
                customer_email: String::new(),
                authorize_only: false,
                save_card: false,
            },
            Confirmation::default(),
        )
        .await
        .unwrap();
    let url = url::Url::parse(session.sdk_url.as_deref().unwrap()).unwrap();
    let token = url
        .query_pairs()
        .find(|(k, _)| k == "clientToken")
        .unwrap()
        .1
        .to_string();
    let tok: serde_json::Value = common::http()
        .post(url.join("/v1/sdk/tokenize").unwrap())
        .bearer_auth(&token)
        .json(&serde_json::json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123", "holderName": "Ana"}}))
        .send().await.unwrap().json().await.unwrap();
    let paid = d
        .submit_nonce(NonceSubmission {
            local_id: session.local_id.clone(),
            nonce: tok["nonce"].as_str().unwrap().into(),
            vault_consent: false,
        })
        .await
        .unwrap();
    let refund = d
        .create_after_sale(
            AfterSaleRequest {
                payment_id: session.local_id.clone(),
                action: AfterSaleAction::Refund,
                amount: "10.00".into(),
                reason: String::new(),
            },
            Confirmation::default(),
        )
        .await
        .unwrap();
    let out = dir.path().join("downloads");
    let payment_pdf = d.save_receipt(&session.local_id, &out).unwrap();
    let text = text_of(&payment_pdf);
    let when = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC));
    let day = format!(
        "{}-{:02}-{:02}",
        when.year(),
        u8::from(when.month()),
        when.day()
    );
    assert_holds(
        &text,
        &[
            "Payment receipt",
            "Panadería Núñez",
            "25.00 USD",
            "Refunded",
            "10.00 USD",
            "15.00 USD",
            &day,
            &session.reference,
            paid.remote_id.as_deref().unwrap(),
            "Visa •••• 4242",
            "partially refunded",
            "SANDBOX",
        ],
    );
    let refund_text = text_of(&d.save_receipt(&refund.id, &out).unwrap());
    let refund_item = d.history_detail(&refund.id).unwrap().item;
    assert_holds(
        &refund_text,
        &[
            "Refund receipt",
            "10.00 USD",
            &refund.reference,
            &session.reference,
            refund_item.remote_id.as_deref().unwrap(),
            "Visa •••• 4242",
            "refunded",
        ],
    );
    let payout = d
        .create_payout(&draft("PO-RCPT-1"), Confirmation::default())
        .unwrap();
    let payout_text = text_of(&d.save_receipt(&payout.id, &out).unwrap());
    assert_holds(
        &payout_text,
        &[
            "Payout receipt",
            "1,250.50 MXN",
            "PO-RCPT-1",
            "••••0007",
            "María Pérez",
            "SANDBOX",
        ],
    );
    assert!(
        !payout_text.contains("646180110400000007"),
        "the CLABE is masked"
    );

    // The receipt in Spanish: every label and the status in the merchant's language.
    let es = d
        .receipt_in(&session.local_id, &d.time_zone(), desk_i18n::Language::Es)
        .unwrap();
    assert_eq!(es.title, "Comprobante de pago");
    assert!(
        es.lines
            .iter()
            .any(|(k, v)| k == "Estado" && v == "reembolsado en parte"),
        "{es:?}"
    );
    assert!(es.lines.iter().any(|(k, _)| k == "Id de MonEFlow Pay"));
    assert_eq!(
        es.environment_note.as_deref(),
        Some("SANDBOX: registro de prueba, no se movió dinero real.")
    );

    let first = std::fs::read(&payment_pdf).unwrap();
    let again = d.receipt_pdf(&session.local_id).unwrap();
    assert_eq!(first, again, "the same record gives the same file");
    // Times are in the merchant's zone from Settings (Kolkata is UTC+05:30 all year), not the
    // computer's offset.
    d.update_settings(Settings {
        time_zone: Some("Asia/Kolkata".into()),
        ..d.settings()
    })
    .unwrap();
    let zoned = text_of(&d.save_receipt(&payout.id, &out).unwrap());
    assert!(zoned.contains("(UTC+05:30)"), "{zoned}");
}
