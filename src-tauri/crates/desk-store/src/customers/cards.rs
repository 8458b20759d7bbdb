//! A customer's saved cards (MonEFlow Pay's Vault): the payment method token the provider
//! returned when the customer agreed to save their card, kept per environment, never shown or
//! audited whole.

use desk_domain::secret::mask_last4;
use desk_domain::{Environment, Provider};
use rusqlite::{OptionalExtension, Row, params};

use super::{corrupt, customer_in};
use crate::audit;
use crate::db::Store;
use crate::error::{Result, StoreError};

/// A saved card (MonEFlow Pay's payment method).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCard {
    /// The row's id (what the UI names it by).
    pub id: i64,
    /// Whose card.
    pub customer_id: String,
    /// The provider holding it.
    pub provider: Provider,
    /// Sandbox or production.
    pub environment: Environment,
    /// The payment method token (usable only with the merchant's server credentials).
    pub token: String,
    /// Card brand.
    pub brand: String,
    /// The card number's last four digits.
    pub last4: String,
    /// When it was saved (ms).
    pub created_at: i64,
}

/// A card as a provider lists it, to be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardToKeep {
    /// The payment method token.
    pub token: String,
    /// Card brand.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
}

const CARD_COLUMNS: &str =
    "id, customer_id, provider, environment, token, brand, last4, created_at";

fn card_row(r: &Row<'_>) -> rusqlite::Result<(SavedCard, String, String)> {
    Ok((
        SavedCard {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            provider: Provider::Moneflow,
            environment: Environment::Sandbox,
            token: r.get(4)?,
            brand: r.get(5)?,
            last4: r.get(6)?,
            created_at: r.get(7)?,
        },
        r.get(2)?,
        r.get(3)?,
    ))
}

fn checked_card((mut c, provider, env): (SavedCard, String, String)) -> Result<SavedCard> {
    c.provider = provider.parse().map_err(corrupt)?;
    c.environment = env.parse().map_err(corrupt)?;
    Ok(c)
}

/// What an audit entry says about a card: whose, which, and the token masked.
fn card_detail(customer_id: &str, brand: &str, last4: &str, token: &str) -> String {
    format!(
        "{customer_id} {brand} ••••{last4} token {}",
        mask_last4(token)
    )
}

impl Store {
    /// Keeps a card the customer saved (a sale with `vault: true` returned its token); the
    /// card kept already is returned unchanged. Returns the card and whether it is new.
    pub fn save_card(
        &self,
        customer_id: &str,
        env: Environment,
        card: &CardToKeep,
        now_ms: i64,
    ) -> Result<(SavedCard, bool)> {
        self.write(|tx| {
            customer_in(tx, customer_id)?;
            let added = tx.execute(
                "INSERT INTO saved_cards (customer_id, provider, environment, token, brand, last4, created_at)
                 VALUES (?1, 'moneflow', ?2, ?3, ?4, ?5, ?6) ON CONFLICT (provider, environment, token) DO NOTHING",
                params![customer_id, env.as_str(), card.token, card.brand, card.last4, now_ms],
            )? == 1;
            if added {
                let detail = card_detail(customer_id, &card.brand, &card.last4, &card.token);
                audit::append(tx, now_ms, "card.saved", &detail)?;
            }
            let found = tx.query_row(
                &format!("SELECT {CARD_COLUMNS} FROM saved_cards WHERE provider = 'moneflow' AND environment = ?1 AND token = ?2"),
                params![env.as_str(), card.token],
                card_row,
            )?;
            Ok((checked_card(found)?, added))
        })
    }

    /// Makes the customer's cards in `env` the ones the provider lists (`listed`): cards not
    /// kept yet are added, kept cards it no longer lists are dropped; each change audited.
    /// Returns how many changed.
    pub fn match_cards(
        &self,
        customer_id: &str,
        env: Environment,
        listed: &[CardToKeep],
        now_ms: i64,
    ) -> Result<usize> {
        let kept = self.saved_cards(customer_id, env)?;
        let mut changed = 0;
        for gone in kept
            .iter()
            .filter(|k| !listed.iter().any(|l| l.token == k.token))
        {
            self.remove_card(gone.id, now_ms)?;
            changed += 1;
        }
        for new in listed
            .iter()
            .filter(|l| !kept.iter().any(|k| k.token == l.token))
        {
            if self.save_card(customer_id, env, new, now_ms)?.1 {
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// Customer `customer_id`'s saved cards in `env`, oldest first.
    pub fn saved_cards(&self, customer_id: &str, env: Environment) -> Result<Vec<SavedCard>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(&format!(
            "SELECT {CARD_COLUMNS} FROM saved_cards WHERE customer_id = ?1 AND environment = ?2 ORDER BY created_at, id"
        ))?;
        let rows: Vec<_> = stmt
            .query_map(params![customer_id, env.as_str()], card_row)?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter().map(checked_card).collect()
    }

    /// Saved card `id`.
    pub fn saved_card(&self, id: i64) -> Result<SavedCard> {
        let found = self
            .reader()
            .query_row(
                &format!("SELECT {CARD_COLUMNS} FROM saved_cards WHERE id = ?1"),
                [id],
                card_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("saved card {id}")))?;
        checked_card(found)
    }

    /// Forgets saved card `id` (after the provider deleted it), with an audit entry.
    pub fn remove_card(&self, id: i64, now_ms: i64) -> Result<()> {
        self.write(|tx| {
            let (c, _, _) = tx
                .query_row(
                    &format!("SELECT {CARD_COLUMNS} FROM saved_cards WHERE id = ?1"),
                    [id],
                    card_row,
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(format!("saved card {id}")))?;
            tx.execute("DELETE FROM saved_cards WHERE id = ?1", [id])?;
            let detail = card_detail(&c.customer_id, &c.brand, &c.last4, &c.token);
            audit::append(tx, now_ms, "card.removed", &detail)
        })
    }
}
