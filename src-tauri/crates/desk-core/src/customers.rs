//! Customers: created by hand or when a checkout names one (by email), searched by name or
//! email, and opened on a page that shows the providers that know them, their saved cards,
//! collections, identity verification and history. What is done from that page is in
//! [`cards`] (charge or remove a saved card), [`collections`] (create, follow, cancel a
//! recurring collection) and [`verification`] (ask Mona to verify their identity).

mod cards;
mod collections;
mod verification;

use desk_domain::personal::mask_personal;
use desk_domain::secret::mask_last4;
use desk_i18n::{Message, msg};
use desk_store::StoreError;
use desk_store::customers::{CardToKeep, Customer};
use desk_store::local_time::rfc3339_in;
use desk_store::operation::{CardUse, ChargeCustomer, Intent};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::checkout::CheckoutRequest;
use crate::views::customers::{
    CollectionView, CustomerDetail, CustomerDraft, CustomerItem, CustomerPage, SavedCardView,
    VerificationView,
};

/// The most customers the UI may ask for at once.
const MAX_PAGE: u32 = 100;

/// How many history rows a customer's page shows.
const HISTORY_ROWS: u32 = 50;

/// The longest name or email the desk keeps.
const MAX_TEXT: usize = 200;

/// A new customer id (`cus_` and 32 lower-case hex digits, 128 random bits).
fn new_id() -> String {
    desk_providers::customer_id::new_customer_id(&mut rand::thread_rng())
}

/// Whether `email` has an email's shape: one `@`, something before it, a dot after it, no
/// spaces.
fn email_shaped(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

impl CustomerDraft {
    /// The name and email trimmed and checked: a name, and an email of an email's shape.
    pub fn validate(&self) -> Result<(String, String)> {
        crate::input::text("name", &self.name, MAX_TEXT)?;
        crate::input::text("email", &self.email, MAX_TEXT)?;
        let (name, email) = (self.name.trim(), self.email.trim());
        let mut fields = Vec::new();
        if name.is_empty() {
            fields.push(desk_domain::FieldError::msg(
                "name",
                Message::new("customer.name_required"),
            ));
        }
        if !email_shaped(email) {
            fields.push(desk_domain::FieldError::msg(
                "email",
                Message::new("customer.email_shape"),
            ));
        }
        if fields.is_empty() {
            Ok((name.to_string(), email.to_string()))
        } else {
            Err(CoreError::Invalid(fields))
        }
    }
}

/// A store error about customer `id`, told as such.
pub(crate) fn about(id: &str) -> impl FnOnce(StoreError) -> CoreError + '_ {
    move |e| match e {
        StoreError::NotFound(_) => CoreError::not_found(msg!("customer.not_recorded", id = id)),
        other => other.into(),
    }
}

/// "Ana Gómez <ana@example.com>", or the one that is known.
pub(crate) fn who(c: &Customer) -> String {
    match c.name.is_empty() {
        true => c.email.clone(),
        false => format!("{} <{}>", c.name, c.email),
    }
}

impl Desk {
    fn customer_item(&self, c: &Customer) -> CustomerItem {
        CustomerItem {
            id: c.id.clone(),
            name: c.name.clone(),
            email_masked: mask_personal(&c.email),
            created_at: rfc3339_in(c.created_at, &self.time_zone()),
        }
    }

    /// Customers whose name or email hold every word of `text` (all when empty), email
    /// masked, by name: `limit` (at most 100) from `offset`.
    pub fn search_customers(&self, text: &str, offset: u32, limit: u32) -> Result<CustomerPage> {
        crate::input::text("search", text, MAX_TEXT)?;
        let found = self
            .store()?
            .search_customers(text, offset, limit.clamp(1, MAX_PAGE))?;
        Ok(CustomerPage {
            items: found.items.iter().map(|c| self.customer_item(c)).collect(),
            total: found.total,
        })
    }

    /// Records a customer entered by hand (with its audit entry).
    pub fn add_customer(&self, draft: &CustomerDraft) -> Result<CustomerItem> {
        let (name, email) = draft.validate()?;
        let c = self
            .store()?
            .add_customer(&new_id(), &name, &email, self.now_ms())?;
        tracing::info!(customer = %c.id, "customer added");
        Ok(self.customer_item(&c))
    }

    /// The customer a checkout names, created if new (by email; a checkout without an email
    /// names no customer), and what the charge does with their card. Saving the card is
    /// offered only for MonEFlow Pay with a customer; the card is saved only if the customer
    /// ticks the box in the card page.
    pub(crate) fn checkout_customer(&self, req: &CheckoutRequest) -> Result<Option<String>> {
        let email = req.customer_email.trim();
        if email.is_empty() {
            return Ok(None);
        }
        let (c, made) = self.store()?.customer_for_checkout(
            &new_id(),
            req.customer_name.trim(),
            email,
            self.now_ms(),
        )?;
        if made {
            tracing::info!(customer = %c.id, "customer added from a checkout");
        }
        Ok(Some(c.id))
    }

    /// What a checkout's save-card choice must satisfy: MonEFlow Pay, and a customer's email.
    pub(crate) fn check_save_card(&self, req: &CheckoutRequest) -> Result<()> {
        if !req.save_card {
            return Ok(());
        }
        if req.provider != desk_domain::Provider::Moneflow {
            return Err(CoreError::field_msg(
                "saveCard",
                Message::new("checkout.save_card_moneflow_only"),
            ));
        }
        if req.customer_email.trim().is_empty() {
            return Err(CoreError::field_msg(
                "customerEmail",
                Message::new("checkout.save_card_needs_email"),
            ));
        }
        Ok(())
    }

    /// The charge's customer for a MonEFlow Pay nonce: saving the card only when the checkout
    /// offered it and the card page says the customer agreed.
    pub(crate) fn nonce_customer(
        facts: &[(String, String)],
        vault_consent: bool,
    ) -> Option<ChargeCustomer> {
        let fact = |key: &str| {
            facts
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let id = fact("customerId")?.to_string();
        let offered = fact("saveCard") == Some("true");
        Some(ChargeCustomer {
            id,
            card: if offered && vault_consent {
                CardUse::Save
            } else {
                CardUse::Once
            },
        })
    }

    /// Keeps the card a MonEFlow Pay sale saved (its charge asked to save it and the sale
    /// returned a token); nothing for any other sale.
    pub(crate) fn keep_saved_card(
        &self,
        local_id: &str,
        t: &desk_providers::moneflow::Transaction,
    ) -> Result<()> {
        let store = self.store()?;
        let Some(op) = store.operation_for_record(local_id)? else {
            return Ok(());
        };
        let Intent::Charge(charge) = &op.intent else {
            return Ok(());
        };
        let (Some(who), Some(token)) = (&charge.customer, &t.payment_method_token) else {
            return Ok(());
        };
        if who.card != CardUse::Save {
            return Ok(());
        }
        let card = CardToKeep {
            token: token.clone(),
            brand: t.card.brand.clone(),
            last4: t.card.last4.clone(),
        };
        if store
            .save_card(&who.id, op.environment, &card, self.now_ms())?
            .1
        {
            tracing::info!(customer = %who.id, "card saved for next time");
        }
        Ok(())
    }

    /// A customer's page in the active environment: their saved cards are matched with
    /// MonEFlow Pay's list and a verification waiting for them is read again from Mona
    /// first (what cannot be read now is shown as last read, with a note).
    pub async fn customer(&self, id: &str) -> Result<CustomerDetail> {
        crate::input::text("id", id, 64)?;
        let store = self.store()?;
        let c = store.customer(id).map_err(about(id))?;
        let env = self.environment();
        let mut notes = Vec::new();
        if let Err(e) = self.refresh_cards(&c.id, env).await {
            notes.push(msg!("customer.cards_unreadable", error = e).to_string());
        }
        if let Err(e) = self.refresh_verification(&c.id, env).await {
            notes.push(msg!("customer.verification_unreadable", error = e).to_string());
        }
        let tz = self.time_zone();
        let cards = store
            .saved_cards(&c.id, env)?
            .into_iter()
            .map(|k| SavedCardView {
                id: k.id,
                provider: k.provider,
                brand: k.brand,
                last4: k.last4,
                token_masked: mask_last4(&k.token),
                saved_at: rfc3339_in(k.created_at, &tz),
            })
            .collect();
        let mut collections = Vec::new();
        for row in store.collections_of(&c.id, env)? {
            let (charges, failed) = match &row.remote_id {
                Some(remote) => store.collection_charges(&c.id, remote)?,
                None => (0, 0),
            };
            collections.push(CollectionView {
                can_cancel: row.can_cancel(),
                cancelling: row.cancelling,
                id: row.record,
                reference: row.reference,
                amount: row.amount,
                frequency: row.frequency,
                status: row.status,
                description: row.description,
                consented_at: row.consented_at,
                next_charge_at: row.next_charge_at,
                cancelled_at: row.cancelled_at,
                charges,
                failed_charges: failed,
            });
        }
        let verification = store
            .latest_verification(&c.id, env)?
            .map(|v| VerificationView {
                reference: v.reference,
                status: v.status,
                updated_at: rfc3339_in(v.updated_at, &tz),
            });
        Ok(CustomerDetail {
            providers: store.customer_providers(&c.id, env)?,
            history: store.customer_history(&c.id, env, &tz, HISTORY_ROWS, None)?,
            created_at: rfc3339_in(c.created_at, &tz),
            id: c.id,
            name: c.name,
            email: c.email,
            cards,
            collections,
            verification,
            environment: env,
            note: (!notes.is_empty()).then(|| notes.join(" ")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_needs_a_name_and_an_email_of_an_emails_shape() {
        let ok = CustomerDraft {
            name: " Ana Gómez ".into(),
            email: " ana@example.com".into(),
        };
        assert_eq!(
            ok.validate().unwrap(),
            ("Ana Gómez".to_string(), "ana@example.com".to_string())
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a na@example.com",
            "a@b@c.com",
            "ana@example.",
        ] {
            let draft = CustomerDraft {
                name: "Ana".into(),
                email: bad.into(),
            };
            match draft.validate() {
                Err(CoreError::Invalid(f)) => assert_eq!(f[0].field, "email", "{bad}"),
                other => panic!("{bad:?} must be refused: {other:?}"),
            }
        }
        match CustomerDraft::default().validate() {
            Err(CoreError::Invalid(f)) => assert_eq!(f.len(), 2, "both fields are named: {f:?}"),
            other => panic!("{other:?}"),
        }
        let control = CustomerDraft {
            name: "Ana\nGómez".into(),
            email: "ana@example.com".into(),
        };
        assert!(control.validate().is_err());
    }

    #[test]
    fn a_customer_s_refusals_carry_their_codes_and_read_in_spanish() {
        use desk_i18n::Language;
        match CustomerDraft::default().validate() {
            Err(CoreError::Invalid(f)) => {
                let codes: Vec<_> = f.iter().map(|e| e.code.as_deref()).collect();
                assert_eq!(
                    codes,
                    [Some("customer.name_required"), Some("customer.email_shape")]
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            Message::new("customer.name_required").render(Language::Es),
            "Escribe el nombre del cliente."
        );
        assert_eq!(
            msg!("customer.not_recorded", id = "cus_1").render(Language::Es),
            "El cliente cus_1 no está registrado."
        );
    }

    #[test]
    fn a_card_is_saved_only_when_the_checkout_offered_it_and_the_customer_agreed() {
        let facts = |save: &str| {
            vec![
                (
                    "customerId".to_string(),
                    "cus_0123456789abcdef0123456789abcdef".to_string(),
                ),
                ("saveCard".to_string(), save.to_string()),
            ]
        };
        let card =
            |f: &[(String, String)], consent| Desk::nonce_customer(f, consent).map(|c| c.card);
        assert_eq!(card(&facts("true"), true), Some(CardUse::Save));
        assert_eq!(card(&facts("true"), false), Some(CardUse::Once));
        assert_eq!(
            card(&facts("false"), true),
            Some(CardUse::Once),
            "a consent the desk did not offer saves nothing"
        );
        assert_eq!(card(&[], true), None, "no customer, nothing to save for");
    }
}
