//! Customers: the people the merchant charges again, each named by the desk's own id (`cus_`
//! and 32 lower-case hex digits, the providers' `customerId`). Created by hand or when a
//! checkout names one (by email: one customer per email). Their saved cards (MonEFlow Pay's
//! payment method tokens, never shown whole) and identity verifications (Mona) are kept beside
//! them; their history is every record whose details carry their id (the store's
//! `customer_id` column, read from the details). Every change lands with its audit entry in
//! one transaction, and an audit entry never holds a whole email or token.

use desk_domain::{Environment, FieldError, Provider};
use desk_i18n::{Message, msg};
use jiff::tz::TimeZone;
use rusqlite::{OptionalExtension, Row, params};

use crate::audit;
use crate::beneficiaries::folded;
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::history::{HistoryItem, HistoryPage, Shown};

mod cards;
mod verifications;

pub use cards::{CardToKeep, SavedCard};
pub use verifications::Verification;

/// The most customers one search returns.
pub const MAX_LIMIT: u32 = 200;

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    /// The desk's id (`cus_…`), the providers' `customerId`.
    pub id: String,
    /// Name (may be empty for one a checkout named by email only).
    pub name: String,
    /// Email.
    pub email: String,
    /// When it was first recorded (ms).
    pub created_at: i64,
    /// When it last changed (ms).
    pub updated_at: i64,
}

/// One page of a customer search, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerMatches {
    /// The page, by name then email.
    pub items: Vec<Customer>,
    /// How many match.
    pub total: u32,
}

/// The shape of a desk customer id: `cus_` and 32 lower-case hex digits.
pub fn is_customer_id(id: &str) -> bool {
    id.len() == 36
        && id.starts_with("cus_")
        && id[4..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What an audit entry says about a customer: the id and the email masked.
fn about(id: &str, email: &str) -> String {
    format!("{id} {}", desk_domain::personal::mask_personal(email))
}

fn invalid(field: &str, message: Message) -> StoreError {
    StoreError::Invalid(vec![FieldError::msg(field, message)])
}

fn corrupt(e: desk_domain::DomainError) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

const COLUMNS: &str = "id, name, email, created_at, updated_at";

fn read(r: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

/// Customer `id`, inside a transaction or on a read connection.
pub(crate) fn customer_in(conn: &rusqlite::Connection, id: &str) -> Result<Customer> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"),
        [id],
        read,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("customer {id}")))
}

fn by_email_in(conn: &rusqlite::Connection, email: &str) -> Result<Option<Customer>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM customers WHERE email_key = ?1"),
            [email.trim().to_lowercase()],
            read,
        )
        .optional()?)
}

fn insert_in(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    name: &str,
    email: &str,
    now_ms: i64,
    source: &str,
) -> Result<Customer> {
    if !is_customer_id(id) {
        return Err(StoreError::Corrupt(format!("{id:?} is not a customer id")));
    }
    tx.execute(
        "INSERT INTO customers (id, name, email, email_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![id, name.trim(), email.trim(), email.trim().to_lowercase(), now_ms],
    )?;
    audit::append(
        tx,
        now_ms,
        "customer.added",
        &format!("{}{source}", about(id, email)),
    )?;
    customer_in(tx, id)
}

impl Store {
    /// Records a customer entered by hand under `id` (made by the caller, see
    /// [`is_customer_id`]); refused (a field error on `email`) when one with this email exists.
    pub fn add_customer(&self, id: &str, name: &str, email: &str, now_ms: i64) -> Result<Customer> {
        self.write(|tx| {
            if let Some(other) = by_email_in(tx, email)? {
                return Err(invalid(
                    "email",
                    if other.name.is_empty() {
                        Message::new("customer.email_taken_unnamed")
                    } else {
                        msg!("customer.email_taken", name = other.name)
                    },
                ));
            }
            insert_in(tx, id, name, email, now_ms, "")
        })
    }

    /// The customer a checkout names by `email`: the one recorded with it (its empty name
    /// filled with `name`), or a new one under `new_id`; and whether it was made just now.
    pub fn customer_for_checkout(
        &self,
        new_id: &str,
        name: &str,
        email: &str,
        now_ms: i64,
    ) -> Result<(Customer, bool)> {
        self.write(|tx| match by_email_in(tx, email)? {
            Some(c) if c.name.is_empty() && !name.trim().is_empty() => {
                tx.execute(
                    "UPDATE customers SET name = ?2, updated_at = ?3 WHERE id = ?1",
                    params![c.id, name.trim(), now_ms],
                )?;
                audit::append(
                    tx,
                    now_ms,
                    "customer.updated",
                    &format!("{}; changed name, from a checkout", about(&c.id, &c.email)),
                )?;
                Ok((customer_in(tx, &c.id)?, false))
            }
            Some(c) => Ok((c, false)),
            None => Ok((
                insert_in(tx, new_id, name, email, now_ms, " from a checkout")?,
                true,
            )),
        })
    }

    /// Customer `id`.
    pub fn customer(&self, id: &str) -> Result<Customer> {
        customer_in(&self.reader(), id)
    }

    /// The customer recorded with `email` (any case), if any.
    pub fn customer_by_email(&self, email: &str) -> Result<Option<Customer>> {
        by_email_in(&self.reader(), email)
    }

    /// The customers whose name or email hold every word of `text` (any case, accents or
    /// not); by name, then email; `limit` (at most [`MAX_LIMIT`]) from `offset`. An empty
    /// `text` lists everyone. Matched here, as beneficiaries are: a merchant's list is
    /// hundreds or thousands of rows.
    pub fn search_customers(&self, text: &str, offset: u32, limit: u32) -> Result<CustomerMatches> {
        let words: Vec<String> = folded(text.trim())
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let mut found: Vec<(String, Customer)> = {
            let conn = self.reader();
            let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM customers"))?;
            let mut found = Vec::new();
            for c in stmt.query_map([], read)? {
                let c = c?;
                let key = folded(&format!("{} {}", c.name, c.email));
                if words.iter().all(|w| key.contains(w.as_str())) {
                    found.push((key, c));
                }
            }
            found
        };
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        let total = u32::try_from(found.len()).unwrap_or(u32::MAX);
        let items = found
            .into_iter()
            .skip(offset as usize)
            .take(limit.clamp(1, MAX_LIMIT) as usize)
            .map(|(_, c)| c)
            .collect();
        Ok(CustomerMatches { items, total })
    }

    /// The providers that know customer `customer_id` in `env`: those holding a record,
    /// card or verification of theirs.
    pub fn customer_providers(&self, customer_id: &str, env: Environment) -> Result<Vec<Provider>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT provider FROM transactions WHERE customer_id = ?1 AND environment = ?2
             UNION SELECT provider FROM saved_cards WHERE customer_id = ?1 AND environment = ?2
             UNION SELECT 'mona' FROM verifications WHERE customer_id = ?1 AND environment = ?2 AND remote_id IS NOT NULL",
        )?;
        let names: Vec<String> = stmt
            .query_map(params![customer_id, env.as_str()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut providers: Vec<Provider> = names
            .iter()
            .map(|n| n.parse().map_err(corrupt))
            .collect::<Result<_>>()?;
        providers.sort_by_key(|p| p.as_str());
        Ok(providers)
    }

    /// Customer `customer_id`'s history in `env` (payments, collections and their charges;
    /// refunds, captures, voids and cancellations are on their record's detail), newest
    /// first, `limit` rows after `cursor` (the last row's `created_at:id`), personal data
    /// masked as in every list, times in `tz`. Read through the customer's index.
    pub fn customer_history(
        &self,
        customer_id: &str,
        env: Environment,
        tz: &TimeZone,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<HistoryPage> {
        let limit = limit.clamp(1, 500);
        let after = match cursor.filter(|c| !c.is_empty()) {
            Some(c) => Some(
                c.split_once(':')
                    .and_then(|(t, id)| t.parse::<i64>().ok().map(|t| (t, id.to_string())))
                    .ok_or_else(|| invalid("cursor", Message::new("customer.cursor_invalid")))?,
            ),
            None => None,
        };
        let conn = self.reader();
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM transactions t WHERE t.customer_id = ?1 AND t.environment = ?2 AND t.parent_id IS NULL
             AND (?3 IS NULL OR t.created_at < ?3 OR (t.created_at = ?3 AND t.id < ?4))
             ORDER BY t.created_at DESC, t.id DESC LIMIT ?5",
            crate::history::COLUMNS
        ))?;
        let rows: Vec<(HistoryItem, i64)> = stmt
            .query_map(
                params![
                    customer_id,
                    env.as_str(),
                    after.as_ref().map(|a| a.0),
                    after.as_ref().map(|a| a.1.as_str()),
                    i64::from(limit) + 1
                ],
                |r| crate::history::row_to_item(r, tz, Shown::Listed),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let more = rows.len() > limit as usize;
        let items: Vec<(HistoryItem, i64)> = rows.into_iter().take(limit as usize).collect();
        let next_cursor = more
            .then(|| {
                items
                    .last()
                    .map(|(i, created)| format!("{created}:{}", i.id))
            })
            .flatten();
        Ok(HistoryPage {
            total: items.len() as u64,
            total_is_capped: more,
            items: items.into_iter().map(|(i, _)| i).collect(),
            next_cursor,
        })
    }
}

#[cfg(test)]
#[path = "customers_tests.rs"]
mod tests;
