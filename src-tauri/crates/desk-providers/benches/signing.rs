//! The cost of signing a Monnet payout request, as a ratio to a bare HMAC-SHA256 of the same
//! bytes, measured in the same run. Run: `cargo bench -p desk-providers --bench signing`.

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use desk_providers::monnet::{canonical_content, sign};
use hmac::{Hmac, Mac};
use sha2::Sha256;

const SECRET: &str = "P5yjICOFoE0kmJVMALeBRmoxuWXz0BJKuoSaIXEHTgE=";
const BODY: &str = r#"{"country":"MEX","amount":125050,"currency":"MXN","orderId":"PO-261125-AB12","description":"Supplier invoice 77","beneficiary":{"name":"María","lastName":"Pérez","email":"maria@example.com","document":{"type":3,"number":"PEGM9007151H0"}},"destination":{"bankAccount":{"bankCode":"646","accountType":1,"clabe":"646180110400000007"}}}"#;

fn bare_hmac(content: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    mac.update(content);
    mac.finalize().into_bytes().into()
}

fn time_per_call(f: impl Fn()) -> Duration {
    let n = 20_000u32;
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed() / n
}

fn benches(c: &mut Criterion) {
    let content = canonical_content(
        "POST",
        "/api/v1/22/payouts",
        1_764_000_000_000,
        BODY.as_bytes(),
    );
    let mut group = c.benchmark_group("monnet");
    group.bench_function("sign payout request", |b| {
        b.iter(|| {
            sign(
                SECRET,
                "POST",
                "/api/v1/22/payouts",
                black_box(1_764_000_000_000),
                BODY.as_bytes(),
            )
        })
    });
    group.bench_function("bare HMAC-SHA256 of the signed content", |b| {
        b.iter(|| bare_hmac(black_box(content.as_bytes())))
    });
    group.finish();

    let signing = time_per_call(|| {
        black_box(sign(
            SECRET,
            "POST",
            "/api/v1/22/payouts",
            1_764_000_000_000,
            BODY.as_bytes(),
        ));
    });
    let bare = time_per_call(|| {
        black_box(bare_hmac(content.as_bytes()));
    });
    println!(
        "signing a payout request: {signing:?} per request; bare HMAC-SHA256 of the same bytes: {bare:?}; ratio {:.2}x",
        signing.as_secs_f64() / bare.as_secs_f64()
    );
}

criterion_group!(signing, benches);
criterion_main!(signing);
