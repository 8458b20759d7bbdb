//! The desk's language: saved in Settings, spoken by the core from the same save on (its
//! sentences and the amount refusals), and kept for the next start. In a test binary of its
//! own: the language is process-wide, and cargo runs a binary's tests in parallel threads.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use desk_core::{AppInfo, CoreError, Settings};
use desk_domain::{AmountLocale, Environment};
use desk_i18n::Language;
use desk_store::history::HistoryQuery;

#[test]
fn the_merchant_switches_the_desk_to_spanish_and_it_stays_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let d = common::desk(dir.path());
    d.update_settings(Settings {
        language: Language::En,
        locale: Some(AmountLocale::EsMx),
        ..d.settings()
    })
    .unwrap();
    assert_eq!(desk_i18n::language(), Language::En);

    let view = d
        .update_settings(Settings {
            language: Language::Es,
            ..d.settings()
        })
        .unwrap();
    assert_eq!(view.settings.language, Language::Es);
    assert_eq!(desk_i18n::language(), Language::Es);

    // the core's sentences, and a refused amount with its code for the UI
    let read = d.read_amount("12,5", "MXN");
    assert_eq!(
        read.problem.as_deref(),
        Some(
            "En los importes en español de México el punto marca los decimales y la coma \
             separa los miles, así que \"12,5\" es ambiguo: escribe 12.50 si te refieres a \
             12.50 MXN, o 125 si te refieres a 125.00 MXN."
        )
    );
    match d.history_detail("tx_nope") {
        Err(e @ CoreError::Told { .. }) => {
            assert_eq!(e.code(), "errors.not_found");
            assert_eq!(
                e.to_string(),
                "No hay ningún registro tx_nope en el historial."
            );
        }
        Err(other) => panic!("a catalog sentence: {other:?}"),
        Ok(_) => panic!("no such record"),
    }
    let info =
        AppInfo::new("0.1.0", Environment::Sandbox).speaking(Language::Es, d.amount_locale());
    assert_eq!(
        (info.language, info.amount_locale),
        (Language::Es, AmountLocale::EsMx)
    );

    // the files it saves are named in Spanish too
    let out = dir.path().join("descargas");
    let name = |path: std::path::PathBuf| path.file_name().unwrap().to_string_lossy().into_owned();
    let export = name(
        d.export_history_csv(&HistoryQuery::default(), &out)
            .unwrap(),
    );
    assert!(export.starts_with("merchant-desk-historial-"), "{export}");
    let template = name(d.save_batch_template(&out).unwrap());
    assert_eq!(template, "merchant-desk-plantilla-transferencias.csv");

    // the next start speaks Spanish from the first sentence
    drop(d);
    desk_i18n::set_language(Language::En);
    let again = common::desk(dir.path());
    assert_eq!(again.settings().language, Language::Es);
    assert_eq!(desk_i18n::language(), Language::Es);
}
