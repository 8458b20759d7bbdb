//! The banks a CLABE can name: every institution registered with Banxico that cuenca-mx's
//! `clabe` library knows, by the three-digit code a CLABE starts with.
//!
//! Source: <https://github.com/cuenca-mx/clabe-python>, file `clabe/banks.py` (its `BANKS`
//! map, CLABE code → Banxico participant code, joined with `BANK_NAMES`, participant code →
//! name), at commit `c48262273b823d56c1b507a05a2213a22a3dcb31` (2026-03-25; the file last
//! changed in `47fcafb`, 2026-03-23, "Added 90714 PPBALANCEMX"). The library downloads its
//! list from Banxico's SPEI participants (<https://www.banxico.org.mx/cep-scl/listaInstituciones.do>)
//! and keeps it current with its `scripts/compare_banks.py`.
//!
//! To update: re-read that file at its newest commit (or Banxico's participants list at
//! <https://www.banxico.org.mx/cep/instituciones.do?fecha=DD-MM-YYYY>, whose participant codes
//! end in the three CLABE digits), add, remove or rename rows here, keep them sorted by code,
//! and change the commit and date above. The tests check the order and that no code repeats.
//! Names are the library's, verbatim.

/// One registered institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bank {
    /// The three digits a CLABE of this bank starts with.
    pub code: &'static str,
    /// Banxico's SPEI participant code (its last three digits are `code`).
    pub participant: &'static str,
    /// The institution's short name, as the catalog gives it.
    pub name: &'static str,
}

/// Every registered institution, sorted by `code`.
pub const BANKS: &[Bank] = &[
    row("001", "2001", "Banxico"),
    row("002", "40002", "Banamex"),
    row("006", "37006", "Bancomext"),
    row("009", "37009", "Banobras"),
    row("012", "40012", "BBVA Mexico"),
    row("014", "40014", "Santander"),
    row("019", "37019", "Banjercito"),
    row("021", "40021", "HSBC"),
    row("030", "40030", "Bajio"),
    row("036", "40036", "Inbursa"),
    row("042", "40042", "Mifel"),
    row("044", "40044", "Scotiabank"),
    row("058", "40058", "Banregio"),
    row("059", "40059", "Invex"),
    row("060", "40060", "Bansi"),
    row("062", "40062", "Afirme"),
    row("072", "40072", "Banorte"),
    row("106", "40106", "Bank Of America"),
    row("108", "40108", "Mufg"),
    row("110", "40110", "JP Morgan"),
    row("112", "40112", "Bmonex"),
    row("113", "40113", "Ve Por Mas"),
    row("124", "40124", "Citi Mexico"),
    row("127", "40127", "Azteca"),
    row("128", "40128", "Autofin"),
    row("129", "40129", "Barclays"),
    row("130", "40130", "Compartamos"),
    row("132", "40132", "Multiva Banco"),
    row("133", "40133", "Actinver"),
    row("135", "37135", "Nafin"),
    row("136", "40136", "Intercam Banco"),
    row("137", "40137", "Bancoppel"),
    row("138", "40138", "Uala"),
    row("140", "40140", "Consubanco"),
    row("141", "40141", "Volkswagen"),
    row("143", "40143", "CIBanco"),
    row("145", "40145", "BBase"),
    row("147", "40147", "Bankaool"),
    row("148", "40148", "Pagatodo"),
    row("150", "40150", "Inmobiliario"),
    row("151", "40151", "Donde"),
    row("152", "40152", "Bancrea"),
    row("154", "40154", "Banco Covalto"),
    row("155", "40155", "Icbc"),
    row("156", "40156", "Sabadell"),
    row("157", "40157", "Shinhan"),
    row("158", "40158", "Mizuho Bank"),
    row("159", "40159", "Bank Of China"),
    row("160", "40160", "Banco S3"),
    row("166", "37166", "BaBien"),
    row("167", "40167", "Hey Banco"),
    row("168", "37168", "Hipotecaria Fed"),
    row("600", "90600", "Monexcb"),
    row("601", "90601", "Gbm"),
    row("602", "90602", "Masari"),
    row("605", "90605", "Value"),
    row("616", "90616", "Finamex"),
    row("617", "90617", "Valmex"),
    row("620", "90620", "Profuturo"),
    row("630", "90630", "CB Intercam"),
    row("631", "90631", "CI Bolsa"),
    row("634", "90634", "Fincomun"),
    row("638", "90638", "NU MEXICO"),
    row("646", "90646", "STP"),
    row("652", "90652", "Credicapital"),
    row("653", "90653", "Kuspit"),
    row("656", "90656", "Unagra"),
    row("659", "90659", "Asp Integra Opc"),
    row("661", "90661", "KLAR"),
    row("670", "90670", "Libertad"),
    row("677", "90677", "Caja Pop Mexica"),
    row("680", "90680", "Cristobal Colon"),
    row("683", "90683", "Caja Telefonist"),
    row("684", "90684", "Transfer"),
    row("685", "90685", "Fondo (Fira)"),
    row("688", "90688", "Crediclub"),
    row("689", "90689", "Fomped"),
    row("699", "90699", "Fondeadora"),
    row("703", "90703", "Tesored"),
    row("706", "90706", "Arcus Fi"),
    row("710", "90710", "NVIO"),
    row("714", "90714", "PPBALANCEMX"),
    row("715", "90715", "Cashi Cuenta"),
    row("720", "90720", "MexPago"),
    row("721", "90721", "Albo"),
    row("722", "90722", "Mercado Pago W"),
    row("723", "90723", "Cuenca"),
    row("725", "90725", "COOPDESARROLLO"),
    row("727", "90727", "Transfer directo"),
    row("728", "90728", "Spin by OXXO"),
    row("729", "90729", "Dep y Pag Dig"),
    row("730", "90730", "Swap"),
    row("732", "90732", "Peibo"),
    row("734", "90734", "Finco Pay"),
    row("738", "90738", "Fintoc"),
    row("901", "90901", "Cls"),
    row("902", "90902", "Indeval"),
    row("903", "90903", "CoDi Valida"),
];

/// A row of [`BANKS`]: CLABE code, participant code, name.
const fn row(code: &'static str, participant: &'static str, name: &'static str) -> Bank {
    Bank {
        code,
        participant,
        name,
    }
}

/// The registered institution whose CLABEs start with `code`, if any.
pub fn bank(code: &str) -> Option<&'static Bank> {
    BANKS
        .binary_search_by(|b| b.code.cmp(code))
        .ok()
        .map(|i| &BANKS[i])
}

/// The name of the registered institution whose CLABEs start with `code`, if any.
pub fn bank_name(code: &str) -> Option<&'static str> {
    bank(code).map(|b| b.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_by_code_without_repeats_and_each_participant_ends_in_its_code() {
        assert_eq!(BANKS.len(), 98);
        for pair in BANKS.windows(2) {
            assert!(pair[0].code < pair[1].code, "{pair:?}");
        }
        for b in BANKS {
            assert!(
                b.code.len() == 3 && b.code.bytes().all(|c| c.is_ascii_digit()),
                "{b:?}"
            );
            assert!(b.participant.ends_with(b.code), "{b:?}");
            assert!(!b.name.is_empty(), "{b:?}");
        }
    }

    #[test]
    fn finds_known_codes_and_nothing_else() {
        assert_eq!(bank_name("646"), Some("STP"));
        assert_eq!(bank_name("002"), Some("Banamex"));
        assert_eq!(bank_name("001"), Some("Banxico"));
        assert_eq!(bank_name("738"), Some("Fintoc"));
        assert_eq!(bank_name("999"), None);
        assert_eq!(bank_name("000"), None);
    }
}
