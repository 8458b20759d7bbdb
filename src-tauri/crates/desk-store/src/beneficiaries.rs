//! Saved beneficiaries: the people the merchant pays again, kept in the encrypted file with
//! the rest. What is stored was validated by the caller (the payout form's rules); every
//! change lands with its audit entry in one transaction, and an audit entry never holds a
//! whole document number, email or CLABE.

use desk_domain::secret::mask_last4;
use desk_domain::{Beneficiary, Clabe, DocumentType, FieldError};
use desk_i18n::msg;
use rusqlite::{OptionalExtension, Row, Transaction, params};

use crate::audit;
use crate::db::Store;
use crate::error::{Result, StoreError};

/// The most beneficiaries one search returns.
pub const MAX_LIMIT: u32 = 200;

/// A beneficiary as stored: who, and the account their money goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedBeneficiary {
    /// The row's id.
    pub id: i64,
    /// Names, email and document.
    pub person: Beneficiary,
    /// The account.
    pub clabe: Clabe,
    /// When it was saved (ms).
    pub created_at: i64,
    /// When it last changed (ms).
    pub updated_at: i64,
}

/// One page of a search, and how many beneficiaries match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeneficiaryMatches {
    /// The page, by last name then first name.
    pub items: Vec<SavedBeneficiary>,
    /// How many match the search.
    pub total: u32,
}

const COLUMNS: &str = "id, first_name, last_name, email, document_type, document_number, clabe, created_at, updated_at";

/// The stored name of a document type (the migration's `Ine | Curp | Rfc | Passport`).
fn type_name(t: DocumentType) -> &'static str {
    match t {
        DocumentType::Ine => "Ine",
        DocumentType::Curp => "Curp",
        DocumentType::Rfc => "Rfc",
        DocumentType::Passport => "Passport",
    }
}

fn type_of(name: &str) -> Option<DocumentType> {
    [
        DocumentType::Ine,
        DocumentType::Curp,
        DocumentType::Rfc,
        DocumentType::Passport,
    ]
    .into_iter()
    .find(|t| type_name(*t) == name)
}

/// A row as read, before its document type and CLABE are checked.
struct RawRow {
    id: i64,
    first_name: String,
    last_name: String,
    email: String,
    document_type: String,
    document_number: String,
    clabe: String,
    created_at: i64,
    updated_at: i64,
}

impl RawRow {
    fn read(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            email: r.get(3)?,
            document_type: r.get(4)?,
            document_number: r.get(5)?,
            clabe: r.get(6)?,
            created_at: r.get(7)?,
            updated_at: r.get(8)?,
        })
    }

    fn checked(self) -> Result<SavedBeneficiary> {
        let damaged = |what: &str| StoreError::Corrupt(format!("beneficiary {}: {what}", self.id));
        let document_type =
            type_of(&self.document_type).ok_or_else(|| damaged("unknown document type"))?;
        // Not `parse_registered`: a saved account stays readable after its bank leaves the catalog.
        let clabe = Clabe::parse(&self.clabe).map_err(|_| damaged("unreadable CLABE"))?;
        Ok(SavedBeneficiary {
            id: self.id,
            person: Beneficiary {
                first_name: self.first_name,
                last_name: self.last_name,
                email: self.email,
                document_type,
                document_number: self.document_number,
            },
            clabe,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn get_in(tx: &Transaction<'_>, id: i64) -> Result<SavedBeneficiary> {
    tx.query_row(
        &format!("SELECT {COLUMNS} FROM beneficiaries WHERE id = ?1"),
        [id],
        RawRow::read,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("beneficiary {id}")))?
    .checked()
}

/// The saved beneficiary with `person`'s document and `clabe`, other than `except`.
fn same_in(
    tx: &Transaction<'_>,
    person: &Beneficiary,
    clabe: &Clabe,
    except: Option<i64>,
) -> Result<Option<SavedBeneficiary>> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM beneficiaries WHERE clabe = ?1 AND document_type = ?2
             AND document_number = ?3 AND id IS NOT ?4 ORDER BY id LIMIT 1",
            params![
                clabe.as_str(),
                type_name(person.document_type),
                person.document_number,
                except
            ],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get_in(tx, id)).transpose()
}

/// The refusal of a second beneficiary with the same account and document.
fn already_saved(other: &SavedBeneficiary) -> StoreError {
    StoreError::Invalid(vec![FieldError::msg(
        "clabe",
        msg!(
            "beneficiary.already_saved",
            name = format!("{} {}", other.person.first_name, other.person.last_name)
        ),
    )])
}

/// What an audit entry says about a beneficiary: its id, document and account, masked.
fn masked(id: i64, person: &Beneficiary, clabe: &Clabe) -> String {
    format!(
        "#{id} {} {}, CLABE {} ({})",
        type_name(person.document_type),
        mask_last4(&person.document_number),
        mask_last4(clabe.as_str()),
        clabe.bank_name().unwrap_or("unknown bank"),
    )
}

fn insert_in(
    tx: &Transaction<'_>,
    person: &Beneficiary,
    clabe: &Clabe,
    now_ms: i64,
    source: &str,
) -> Result<SavedBeneficiary> {
    tx.execute(
        "INSERT INTO beneficiaries (first_name, last_name, email, document_type, document_number, clabe, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            person.first_name,
            person.last_name,
            person.email,
            type_name(person.document_type),
            person.document_number,
            clabe.as_str(),
            now_ms
        ],
    )?;
    let id = tx.last_insert_rowid();
    let detail = format!("{}{source}", masked(id, person, clabe));
    audit::append(tx, now_ms, "beneficiary.added", &detail)?;
    get_in(tx, id)
}

/// Lower case, with the accents of Spanish and its neighbours taken off, so "perez" finds
/// "Pérez" and "PEÑA" finds "Peña".
pub(crate) fn folded(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// What a search looks for.
enum Wanted {
    /// Everyone.
    All,
    /// A CLABE containing these digits (typed with or without spaces and dashes).
    Digits(String),
    /// Each word somewhere in the names or the email.
    Words(Vec<String>),
}

impl Wanted {
    fn of(text: &str) -> Self {
        let text = text.trim();
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if text.is_empty() {
            Wanted::All
        } else if digits.chars().all(|c| c.is_ascii_digit()) {
            Wanted::Digits(digits)
        } else {
            Wanted::Words(folded(text).split_whitespace().map(str::to_owned).collect())
        }
    }

    fn matches(&self, row: &RawRow) -> bool {
        match self {
            Wanted::All => true,
            Wanted::Digits(d) => row.clabe.contains(d.as_str()),
            Wanted::Words(words) => {
                let haystack = folded(&format!(
                    "{} {} {}",
                    row.first_name, row.last_name, row.email
                ));
                words.iter().all(|w| haystack.contains(w.as_str()))
            }
        }
    }
}

impl Store {
    /// Saves a new beneficiary with its audit entry; refused (a field error on `clabe`) when
    /// one with the same CLABE and document is already saved.
    pub fn add_beneficiary(
        &self,
        person: &Beneficiary,
        clabe: &Clabe,
        now_ms: i64,
    ) -> Result<SavedBeneficiary> {
        self.write(|tx| {
            if let Some(other) = same_in(tx, person, clabe, None)? {
                return Err(already_saved(&other));
            }
            insert_in(tx, person, clabe, now_ms, "")
        })
    }

    /// Saves the beneficiary of a payout unless one with the same CLABE and document is
    /// already saved; returns the saved one and whether it was saved just now.
    pub fn save_beneficiary_once(
        &self,
        person: &Beneficiary,
        clabe: &Clabe,
        now_ms: i64,
    ) -> Result<(SavedBeneficiary, bool)> {
        self.write(|tx| match same_in(tx, person, clabe, None)? {
            Some(existing) => Ok((existing, false)),
            None => Ok((
                insert_in(tx, person, clabe, now_ms, " from a payout")?,
                true,
            )),
        })
    }

    /// Replaces beneficiary `id`'s fields, with an audit entry naming what changed.
    pub fn update_beneficiary(
        &self,
        id: i64,
        person: &Beneficiary,
        clabe: &Clabe,
        now_ms: i64,
    ) -> Result<SavedBeneficiary> {
        self.write(|tx| {
            let before = get_in(tx, id)?;
            if let Some(other) = same_in(tx, person, clabe, Some(id))? {
                return Err(already_saved(&other));
            }
            let (old, new) = (&before.person, person);
            let changed: Vec<&str> = [
                ("firstName", old.first_name != new.first_name),
                ("lastName", old.last_name != new.last_name),
                ("email", old.email != new.email),
                ("documentType", old.document_type != new.document_type),
                ("documentNumber", old.document_number != new.document_number),
                ("clabe", before.clabe != *clabe),
            ]
            .into_iter()
            .filter_map(|(field, differs)| differs.then_some(field))
            .collect();
            if changed.is_empty() {
                return Ok(before);
            }
            tx.execute(
                "UPDATE beneficiaries SET first_name = ?2, last_name = ?3, email = ?4, document_type = ?5,
                 document_number = ?6, clabe = ?7, updated_at = ?8 WHERE id = ?1",
                params![
                    id,
                    new.first_name,
                    new.last_name,
                    new.email,
                    type_name(new.document_type),
                    new.document_number,
                    clabe.as_str(),
                    now_ms
                ],
            )?;
            let detail = format!(
                "{}; changed {}",
                masked(id, new, clabe),
                changed.join(", ")
            );
            audit::append(tx, now_ms, "beneficiary.updated", &detail)?;
            get_in(tx, id)
        })
    }

    /// Deletes beneficiary `id`, with an audit entry.
    pub fn remove_beneficiary(&self, id: i64, now_ms: i64) -> Result<()> {
        self.write(|tx| {
            let gone = get_in(tx, id)?;
            tx.execute("DELETE FROM beneficiaries WHERE id = ?1", [id])?;
            audit::append(
                tx,
                now_ms,
                "beneficiary.removed",
                &masked(id, &gone.person, &gone.clabe),
            )
        })
    }

    /// Beneficiary `id`, whole.
    pub fn beneficiary(&self, id: i64) -> Result<SavedBeneficiary> {
        let conn = self.reader();
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM beneficiaries WHERE id = ?1"),
            [id],
            RawRow::read,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("beneficiary {id}")))?
        .checked()
    }

    /// The beneficiaries whose names or email hold every word of `text` (any case, accents
    /// or not), or whose CLABE holds its digits; by last name, then first name (accents
    /// aside: "Álvarez" with the A's); `limit` (at most [`MAX_LIMIT`]) from `offset`. An
    /// empty `text` lists everyone.
    ///
    /// Matched and sorted here rather than by SQL `LIKE` and `NOCASE`, which fold ASCII
    /// letters only: a merchant's list is hundreds of rows, read from the one encrypted file.
    pub fn search_beneficiaries(
        &self,
        text: &str,
        offset: u32,
        limit: u32,
    ) -> Result<BeneficiaryMatches> {
        let wanted = Wanted::of(text);
        let limit = limit.clamp(1, MAX_LIMIT) as usize;
        let mut found: Vec<RawRow> = {
            let conn = self.reader();
            let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM beneficiaries"))?;
            let rows = stmt.query_map([], RawRow::read)?;
            let mut found = Vec::new();
            for row in rows {
                let row = row?;
                if wanted.matches(&row) {
                    found.push(row);
                }
            }
            found
        };
        found.sort_by_cached_key(|r| (folded(&r.last_name), folded(&r.first_name), r.id));
        let total = u32::try_from(found.len()).unwrap_or(u32::MAX);
        let items = found
            .into_iter()
            .skip(offset as usize)
            .take(limit)
            .map(RawRow::checked)
            .collect::<Result<_>>()?;
        Ok(BeneficiaryMatches { items, total })
    }
}

#[cfg(test)]
#[path = "beneficiaries_tests.rs"]
mod tests;
