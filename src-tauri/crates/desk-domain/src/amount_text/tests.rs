use super::*;
use crate::error::{DomainError, FieldError};
use proptest::prelude::*;

use AmountLocale::{En, EsEs, EsMx};
const CLP: Currency = Currency::CLP;
const EUR: Currency = Currency::EUR;
const MXN: Currency = Currency::MXN;

fn parse(text: &str, currency: Currency, locale: AmountLocale) -> Result<i64, AmountError> {
    Money::parse_in(text, currency, locale).map(|m| m.minor)
}

/// The message for a refused amount; panics if it was read.
fn refusal(text: &str, currency: Currency, locale: AmountLocale) -> String {
    match Money::parse_in(text, currency, locale) {
        Ok(m) => panic!("{text:?} in {locale} must be refused, was read as {m:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn reads_what_each_locale_means() {
    for (text, currency, locale, minor) in [
        ("12,50", EUR, EsEs, 1_250),
        ("12.50", EUR, En, 1_250),
        ("12.50", MXN, EsMx, 1_250),
        ("1,250.50", EUR, En, 125_050),
        ("1,250.50", MXN, EsMx, 125_050),
        ("1.250,50", EUR, EsEs, 125_050),
        ("1124,50", EUR, EsEs, 112_450),
        ("1.124,50", EUR, EsEs, 112_450),
        ("1250.50", EUR, En, 125_050),
        ("1250.5", MXN, En, 125_050),
        ("1,250", EUR, En, 125_000),
        ("1,250", MXN, EsMx, 125_000),
        ("1.250", EUR, EsEs, 125_000),
        ("1,234,567.89", EUR, En, 123_456_789),
        ("1.234.567,89", EUR, EsEs, 123_456_789),
        ("123,456", EUR, En, 12_345_600),
        ("  7 ", EUR, En, 700),
        ("\t7,5\n", EUR, EsEs, 750),
        ("0", EUR, En, 0),
        ("0.00", EUR, En, 0),
        ("0,05", EUR, EsEs, 5),
        ("007", EUR, En, 700),
        ("1500", CLP, En, 1_500),
        ("1,500", CLP, En, 1_500),
        ("1.500", CLP, EsEs, 1_500),
        ("12", CLP, EsEs, 12),
        ("999,999,999,999.99", EUR, En, 99_999_999_999_999),
        ("999999999999", CLP, En, 999_999_999_999),
        ("0000000000000001", EUR, En, 100),
    ] {
        assert_eq!(
            parse(text, currency, locale),
            Ok(minor),
            "{text:?} {currency} in {locale}"
        );
    }
}

#[test]
fn the_hundredfold_reading_is_gone() {
    // The bug: `12,50` typed with the desk in English was read as 1,250.00 EUR.
    let e = Money::parse_in("12,50", EUR, En).unwrap_err();
    assert!(matches!(e, AmountError::Ambiguous { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "In English amounts the point marks decimals and the comma groups thousands, so \
         \"12,50\" is unclear: write 12.50 if you mean 12.50 EUR, or 1,250 if you mean \
         1,250.00 EUR."
    );
    assert_eq!(Money::parse_major("12,50", EUR), Err(DomainError::from(e)));
    // The same slip the other way round in Spain.
    assert_eq!(
        refusal("12.50", EUR, EsEs),
        "In Spanish (Spain) amounts the comma marks decimals and the point groups thousands, \
         so \"12.50\" is unclear: write 12,50 if you mean 12,50 EUR, or 1250 if you mean \
         1250,00 EUR."
    );
    assert!(refusal("12,5", MXN, EsMx).contains("write 12.50 if you mean 12.50 MXN"));
}

#[test]
fn refusals_read_in_spanish_with_the_amounts_of_the_locale() {
    use desk_i18n::Language::Es;
    let es = |text, currency, locale| {
        Money::parse_in(text, currency, locale)
            .unwrap_err()
            .message()
            .render(Es)
    };
    assert_eq!(
        es("12.50", EUR, EsEs),
        "En los importes en español de España la coma marca los decimales y el punto separa \
         los miles, así que \"12.50\" es ambiguo: escribe 12,50 si te refieres a 12,50 EUR, o \
         1250 si te refieres a 1250,00 EUR."
    );
    assert_eq!(
        es("1.250", MXN, EsMx),
        "Los importes en MXN llevan como máximo 2 decimales, y \"1.250\" tiene 3: si te \
         refieres a 1,250.00 MXN, escribe 1,250."
    );
    assert_eq!(
        es("", EUR, EsEs),
        "Escribe un importe, por ejemplo 1250,50."
    );
    assert_eq!(
        es("12 50", MXN, EsMx),
        "\"12 50\" contiene un espacio: escribe solo dígitos, con un punto para los decimales, \
         por ejemplo 1,250.50."
    );
    assert_eq!(
        es(",5", EUR, EsEs),
        "Escribe un 0 antes de la coma decimal: 0,50."
    );
}

#[test]
fn refuses_with_a_sentence_saying_how_to_write_it() {
    for (text, currency, locale, says) in [
        ("", EUR, En, "Enter an amount, like 1,250.50."),
        ("   ", EUR, EsEs, "Enter an amount, like 1250,50."),
        ("-5", EUR, En, "without a minus sign"),
        ("\u{2212}5", EUR, En, "without a minus sign"),
        (
            "+5",
            EUR,
            En,
            "Enter the amount without a plus sign, like 5.00.",
        ),
        ("+ +5", EUR, En, "without a plus sign, like 5.00."),
        ("+-5", EUR, En, "without a plus sign, like 1,250.50."),
        ("abc", EUR, En, "\"abc\" contains \"a\": type only digits"),
        ("1e5", EUR, En, "contains \"e\""),
        ("12 50", EUR, En, "contains a space"),
        ("12\u{a0}500,00", EUR, EsEs, "contains a no-break space"),
        (
            "€12",
            EUR,
            EsEs,
            "contains \"€\": type only digits, with a comma for decimals",
        ),
        ("12 EUR", EUR, En, "contains a space"),
        (
            "1.2.3",
            EUR,
            En,
            "\"1.2.3\" has more than one decimal point",
        ),
        ("1,2,3", EUR, En, "\"1,2,3\" is not grouped in threes"),
        (
            "1,2,3",
            EUR,
            EsEs,
            "\"1,2,3\" has more than one decimal comma",
        ),
        ("1.2.3", EUR, EsEs, "\"1.2.3\" is not grouped in threes"),
        ("1,2345", EUR, En, "\"1,2345\" is not grouped in threes"),
        ("1.2345", EUR, EsEs, "is not grouped in threes"),
        ("1,250,50", EUR, En, "is not grouped in threes"),
        ("1,25.00", EUR, En, "is not grouped in threes"),
        (",250", EUR, En, "is not grouped in threes"),
        ("1,", EUR, En, "is not grouped in threes"),
        ("1.25,0", EUR, En, "has a comma after the decimal point"),
        (
            "12.",
            EUR,
            En,
            "Write the decimals after the point, or leave it out: 12.00 or 12.",
        ),
        (
            "12,",
            EUR,
            EsEs,
            "after the comma, or leave it out: 12,00 or 12.",
        ),
        (".5", EUR, En, "Write a 0 before the decimal point: 0.50."),
        (",5", EUR, EsEs, "Write a 0 before the decimal comma: 0,50."),
        (
            ".",
            EUR,
            En,
            "\".\" has no digits: enter an amount, like 1,250.50.",
        ),
        (",.,", EUR, EsEs, "has no digits"),
        (
            "12.505",
            EUR,
            En,
            "EUR amounts have at most 2 decimal places, and \"12.505\" has 3: if you mean \
             12,505.00 EUR, write 12,505.",
        ),
        ("12,505", EUR, EsEs, "at most 2 decimal places"),
        (
            "12.505.1",
            EUR,
            EsEs,
            "\"12.505.1\" is not grouped in threes",
        ),
        (
            "12.501",
            EUR,
            EsMx,
            "at most 2 decimal places, and \"12.501\" has 3: if you mean",
        ),
        ("0,001", EUR, En, "is not grouped in threes"),
        ("0.500", EUR, EsEs, "is not grouped in threes"),
        (
            "0,50",
            EUR,
            En,
            "write 0.50 if you mean 0.50 EUR, or 50 if you mean 50.00 EUR.",
        ),
        (
            "0.001",
            EUR,
            En,
            "at most 2 decimal places, and \"0.001\" has 3.",
        ),
        (
            "12.5",
            CLP,
            En,
            "CLP amounts have no decimal places: write a whole number, like 12.",
        ),
        ("12,5", CLP, EsEs, "CLP amounts have no decimal places"),
        ("12.", CLP, En, "CLP amounts have no decimal places"),
        (
            "1000000000000",
            EUR,
            En,
            "is too large: the largest amount the desk reads is 999,999,999,999.99.",
        ),
        ("1.000.000.000.000", EUR, EsEs, "999.999.999.999,99"),
        ("99999999999999999999999.5", EUR, En, "too large"),
    ] {
        let message = refusal(text, currency, locale);
        assert!(
            message.contains(says),
            "{text:?} {currency} in {locale}: {message:?} should say {says:?}"
        );
    }
}

#[test]
fn the_other_convention_is_answered_with_the_amount_it_would_be() {
    // In English a point decides: `1.250` is 1.250 with three decimals, not 1250.
    assert_eq!(
        refusal("1.250", EUR, En),
        "EUR amounts have at most 2 decimal places, and \"1.250\" has 3: if you mean \
         1,250.00 EUR, write 1,250."
    );
    assert_eq!(
        refusal("1,250", EUR, EsEs),
        "EUR amounts have at most 2 decimal places, and \"1,250\" has 3: if you mean \
         1250,00 EUR, write 1250."
    );
    assert_eq!(
        refusal("1.250,50", EUR, En),
        "In English amounts the point marks decimals and the comma groups thousands: if you \
         mean 1,250.50 EUR, write 1,250.50."
    );
    assert!(refusal("1,250.50", EUR, EsEs).contains("if you mean 1250,50 EUR, write 1250,50."));
    assert!(refusal("1.250.000", EUR, En).contains("write 1,250,000."));
    assert!(refusal("1.250", CLP, En).contains("if you mean 1,250 CLP, write 1,250."));
}

#[test]
fn many_signs_are_refused_without_recursing() {
    let text = format!("{}5", "+ ".repeat(1_000_000));
    assert!(matches!(
        Money::parse_in(&text, EUR, En),
        Err(AmountError::PlusSign { .. })
    ));
}

#[test]
fn formats_in_each_locale() {
    let m = |minor, c| Money::new(minor, c);
    for (money, locale, text) in [
        (m(125_050, EUR), En, "1,250.50"),
        (m(125_050, MXN), EsMx, "1,250.50"),
        (m(125_050, EUR), EsEs, "1250,50"),
        (m(112_450, EUR), EsEs, "1124,50"),
        (m(1_234_500, EUR), EsEs, "12.345,00"),
        (m(1_234_500, EUR), En, "12,345.00"),
        (m(123_456_789, EUR), EsEs, "1.234.567,89"),
        (m(99_900, EUR), En, "999.00"),
        (m(5, EUR), EsEs, "0,05"),
        (m(0, EUR), En, "0.00"),
        (m(12, CLP), En, "12"),
        (m(1_250, CLP), En, "1,250"),
        (m(1_250, CLP), EsEs, "1250"),
        (m(-125_050, EUR), En, "-1,250.50"),
    ] {
        assert_eq!(money.format_in(locale), text, "{money:?} in {locale}");
    }
    assert_eq!(m(1_250, EUR).display_in(En), "12.50 EUR");
    assert_eq!(m(1_250, EUR).display_in(EsEs), "12,50 EUR");
    assert_eq!(m(1_250_000, CLP).display_in(EsMx), "1,250,000 CLP");
}

#[test]
fn a_refused_amount_is_an_error_on_the_amount_field() {
    let e = Money::parse_in("12,50", EUR, En).unwrap_err();
    let field = FieldError::from(e.clone());
    assert_eq!(field.field, "amount");
    assert_eq!(field.message, e.to_string());
    assert_eq!(e.to_field_error("checkout.amount").field, "checkout.amount");
    assert_eq!(
        DomainError::from(e.clone()),
        DomainError::InvalidAmount(e.message())
    );
}

/// The minor units the digits of `text` spell when the decimals are what follows the locale's
/// decimal separator: separators removed, scaled to the currency's places.
fn minor_spelled(text: &str, currency: Currency, locale: AmountLocale) -> Option<u128> {
    let text = text.trim();
    let written = text
        .split_once(locale.decimal_separator())
        .map_or(0, |(_, d)| d.len() as u32);
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let value: u128 = digits.parse().ok()?;
    Some(value * 10u128.pow(currency.exponent().checked_sub(written)?))
}

/// Whether `text` is written as the locale writes amounts: groups of exactly three digits after
/// a first group of one to three, only before the decimal separator.
fn well_formed(text: &str, locale: AmountLocale) -> bool {
    let (whole, decimals) = match text.split_once(locale.decimal_separator()) {
        Some((w, d)) => (w, Some(d)),
        None => (text, None),
    };
    let groups: Vec<&str> = whole.split(locale.group_separator()).collect();
    let grouped = groups.len() == 1
        || (groups[0].len() <= 3
            && !groups[0].starts_with('0')
            && groups[1..].iter().all(|g| g.len() == 3))
            && groups.iter().all(|g| !g.is_empty());
    grouped
        && !whole.is_empty()
        && whole
            .chars()
            .all(|c| c.is_ascii_digit() || c == locale.group_separator())
        && decimals.is_none_or(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

fn locale() -> impl Strategy<Value = AmountLocale> {
    prop::sample::select(AmountLocale::all())
}

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(Currency::all_iso().collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn every_amount_reads_back_from_its_writing(
        minor in 0i64..1_000_000_000_000,
        currency in currency(),
        locale in locale(),
    ) {
        let m = Money::new(minor, currency);
        prop_assert_eq!(Money::parse_in(&m.format_in(locale), currency, locale), Ok(m));
    }

    #[test]
    fn the_largest_amounts_read_back_too(
        below_max in 0i64..1_000_000,
        currency in currency(),
        locale in locale(),
    ) {
        let max = 10i64.pow(MAX_WHOLE_DIGITS as u32 + currency.exponent()) - 1;
        let m = Money::new(max - below_max, currency);
        prop_assert_eq!(Money::parse_in(&m.format_in(locale), currency, locale), Ok(m));
    }

    #[test]
    fn typed_text_is_only_ever_read_as_the_amount_its_digits_spell(
        text in "[0-9.,]{1,16}",
        currency in currency(),
        locale in locale(),
    ) {
        if let Ok(m) = Money::parse_in(&text, currency, locale) {
            prop_assert!(well_formed(&text, locale), "{:?} read in {} but not well formed", text, locale);
            prop_assert_eq!(
                Some(m.minor as u128),
                minor_spelled(&text, currency, locale),
                "{:?} in {}", text, locale
            );
            let again = Money::parse_in(&m.format_in(locale), currency, locale);
            prop_assert_eq!(again, Ok(m));
        }
    }

    #[test]
    fn amounts_are_read_the_same_around_whitespace(
        text in "[0-9.,]{1,16}",
        pad in "[ \t\n]{0,3}",
        currency in currency(),
        locale in locale(),
    ) {
        let padded = format!("{pad}{text}{pad}");
        prop_assert_eq!(
            Money::parse_in(&padded, currency, locale),
            Money::parse_in(&text, currency, locale)
        );
    }

    #[test]
    fn anything_refused_gets_a_sentence(text in "\\PC{0,20}", currency in currency(), locale in locale()) {
        if let Err(e) = Money::parse_in(&text, currency, locale) {
            let message = e.to_string();
            prop_assert!(message.ends_with('.'), "{:?}: {:?}", text, message);
            prop_assert!(message.starts_with(|c: char| c.is_uppercase() || c == '"'), "{:?}", message);
            // and in Spanish, every placeholder filled
            let m = e.message();
            let spanish = m.render(desk_i18n::Language::Es);
            let template = desk_i18n::template(m.code(), desk_i18n::Language::Es).unwrap_or_default();
            let given = m.params_in(desk_i18n::Language::Es);
            prop_assert!(desk_i18n::placeholders(template).iter().all(|p| given.contains_key(*p)), "{:?}", m);
            prop_assert!(spanish.ends_with('.'), "{:?}: {:?}", text, spanish);
            prop_assert!(spanish.starts_with(|c: char| c.is_uppercase() || c == '"'), "{:?}", spanish);
        }
    }

    #[test]
    fn english_and_mexico_read_alike(text in "[0-9.,]{1,16}", currency in currency()) {
        prop_assert_eq!(
            Money::parse_in(&text, currency, En).ok(),
            Money::parse_in(&text, currency, EsMx).ok()
        );
    }
}
