//! A batch of 10,000 payouts (the most one file holds), built in memory as Excel saves it in
//! Spain (UTF-8 with a byte order mark, `;` between values, amounts like `1.250,50`): the time
//! to parse, validate and summarise it, which the issue budgets at one second, printed as a
//! plain line beside criterion's figures, with the share of each step and the time one fix in
//! place takes to check the batch again.
//!
//! Run: `cargo bench -p desk-domain --bench batch` (`-- --quick` for fewer samples).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark binary

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use desk_domain::AmountLocale;
use desk_domain::batch::{Batch, MAX_ROWS, OrderIdPrefix};
use desk_domain::clabe::check_digit;

const LOCALE: AmountLocale = AmountLocale::EsEs;

/// A valid CLABE of STP's (646) for account `n`.
fn clabe(n: usize) -> String {
    let first17 = format!("646180{n:011}");
    let mut digits = [0u8; 17];
    for (d, b) in digits.iter_mut().zip(first17.bytes()) {
        *d = b - b'0';
    }
    format!("{first17}{}", check_digit(&digits))
}

/// The file: a header and `MAX_ROWS` different valid payouts, every tenth without a reference.
fn file() -> Vec<u8> {
    let mut text = String::from(
        "\u{FEFF}país;importe;moneda;referencia;concepto;nombre;apellidos;correo;\
         tipo de documento;número de documento;clabe;código de banco\r\n",
    );
    for i in 0..MAX_ROWS {
        let reference = if i % 10 == 0 {
            String::new()
        } else {
            format!("PO-{i:06}")
        };
        text.push_str(&format!(
            "MEX;{}.{:03},{:02};MXN;{reference};\"Factura {i}; marzo\";José María;Muñoz López;\
             jose{i}@example.com;RFC;MULJ800101AB{};{};646\r\n",
            1 + i % 90,
            i % 1000,
            i % 100,
            i % 10,
            clabe(i),
        ));
    }
    text.into_bytes()
}

fn prefix() -> OrderIdPrefix {
    OrderIdPrefix::new("261203").unwrap()
}

/// Parses, validates and summarises `bytes`; returns the time of the first two steps and of
/// the summary, and the batch.
fn run(bytes: &[u8]) -> (Duration, Duration, Batch) {
    let start = Instant::now();
    let batch = Batch::parse(bytes, LOCALE, prefix()).unwrap();
    let parsed = start.elapsed();
    let summary = batch.summary().unwrap();
    let summarised = start.elapsed() - parsed;
    assert_eq!(
        summary.ready as usize, MAX_ROWS,
        "every row of the bench file is valid"
    );
    (parsed, summarised, batch)
}

fn benches(c: &mut Criterion) {
    let bytes = file();

    // The plain figure: the slowest of five whole runs, the first one cold.
    let runs: Vec<_> = (0..5).map(|_| run(&bytes)).collect();
    let (parsed, summarised, mut batch) = runs.into_iter().max_by_key(|(p, s, _)| *p + *s).unwrap();
    let row = batch.rows()[MAX_ROWS / 2].row;
    let mut draft = batch.rows()[MAX_ROWS / 2].draft.clone();
    draft.description = "Factura corregida".into();
    let start = Instant::now();
    batch.fix_row(row, draft.clone()).unwrap();
    let fixed = start.elapsed();
    println!(
        "batch: {MAX_ROWS} rows parsed, validated and summarised in {} ms (budget 1000 ms)",
        (parsed + summarised).as_millis()
    );
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "batch: of which parse and validate {:.1} ms, summary {:.1} ms; one fix in place \
         re-checks the batch in {:.1} ms",
        ms(parsed),
        ms(summarised),
        ms(fixed)
    );

    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("parse, validate and summarise 10000 rows", |b| {
        b.iter(|| {
            let batch = Batch::parse(black_box(&bytes), LOCALE, prefix()).unwrap();
            black_box(batch.summary().unwrap())
        })
    });
    group.bench_function("fix one row of 10000", |b| {
        b.iter(|| batch.fix_row(row, black_box(draft.clone())).unwrap())
    });
    group.finish();
}

criterion_group!(batch, benches);
criterion_main!(batch);
