//! Saved beneficiaries: added by hand or from a payout, searched, picked in the payout form,
//! edited and removed. A beneficiary is checked by the payout form's own rules, so one that
//! is saved always fills a payout whose beneficiary fields pass.

use desk_domain::personal::mask_personal;
use desk_domain::secret::mask_last4;
use desk_domain::{Beneficiary, Clabe, DomainError, PayoutDraft};
use desk_i18n::{Message, msg};
use desk_store::StoreError;
use desk_store::beneficiaries::SavedBeneficiary;

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::beneficiaries::{
    BeneficiaryDraft, BeneficiaryItem, BeneficiaryPage, BeneficiaryRecord, BeneficiaryReview,
    BeneficiarySaved,
};

/// The payout form's fields a beneficiary fills, by the names the UI knows them.
const FIELDS: [&str; 6] = [
    "firstName",
    "lastName",
    "email",
    "documentType",
    "documentNumber",
    "clabe",
];

/// The most beneficiaries the UI may ask for at once.
const MAX_PAGE: u32 = 100;

impl BeneficiaryDraft {
    /// The beneficiary fields of a payout draft.
    pub fn from_payout(d: &PayoutDraft) -> Self {
        Self {
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            email: d.email.clone(),
            document_type: d.document_type.clone(),
            document_number: d.document_number.clone(),
            clabe: d.clabe.clone(),
        }
    }

    /// Checks every field with the payout form's rules (names, email shape, document number
    /// per type, CLABE check digit and registered bank): the beneficiary and its CLABE, or one
    /// field error per field at fault.
    pub fn validate(&self) -> Result<(Beneficiary, Clabe)> {
        // The draft's fields inside a payout whose other fields are right, so only this
        // draft's faults are reported: the rules stay in one place, the domain's.
        let payout = PayoutDraft {
            country: "MEX".into(),
            amount: "1.00".into(),
            currency: "MXN".into(),
            order_id: "BENEFICIARY".into(),
            description: "Saved beneficiary".into(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            document_type: self.document_type.clone(),
            document_number: self.document_number.clone(),
            clabe: self.clabe.clone(),
            bank_code: String::new(),
        };
        crate::input::payout_draft(&payout)?;
        match payout.validate() {
            Ok(valid) => Ok((valid.beneficiary, valid.clabe)),
            Err(DomainError::Invalid(fields)) => {
                let ours: Vec<_> = fields
                    .into_iter()
                    .filter(|f| FIELDS.contains(&f.field.as_str()))
                    .collect();
                Err(if ours.is_empty() {
                    CoreError::field_msg("form", Message::new("beneficiary.not_checked"))
                } else {
                    CoreError::Invalid(ours)
                })
            }
            Err(other) => Err(CoreError::field("form", other.to_string())),
        }
    }
}

impl From<&SavedBeneficiary> for BeneficiaryItem {
    fn from(b: &SavedBeneficiary) -> Self {
        let digits = b.clabe.as_str();
        Self {
            id: b.id,
            first_name: b.person.first_name.clone(),
            last_name: b.person.last_name.clone(),
            email_masked: mask_personal(&b.person.email),
            document_type: b.person.document_type,
            document_masked: mask_last4(&b.person.document_number),
            bank_name: b.clabe.bank_name().map(str::to_string),
            clabe_last4: digits[digits.len() - 4..].to_string(),
        }
    }
}

impl From<&SavedBeneficiary> for BeneficiaryRecord {
    fn from(b: &SavedBeneficiary) -> Self {
        Self {
            id: b.id,
            first_name: b.person.first_name.clone(),
            last_name: b.person.last_name.clone(),
            email: b.person.email.clone(),
            document_type: b.person.document_type,
            document_number: b.person.document_number.clone(),
            clabe: b.clabe.as_str().to_string(),
            bank_code: b.clabe.bank_code().to_string(),
            bank_name: b.clabe.bank_name().map(str::to_string),
            updated_at: b.updated_at,
        }
    }
}

/// A store error about beneficiary `id`, told as such (not as a missing history record).
fn about(id: i64) -> impl FnOnce(StoreError) -> CoreError {
    move |e| match e {
        StoreError::NotFound(_) => CoreError::not_found(msg!("beneficiary.not_saved", id = id)),
        other => other.into(),
    }
}

impl Desk {
    /// Checks a beneficiary form as the merchant types, storing nothing.
    pub fn review_beneficiary(&self, draft: &BeneficiaryDraft) -> BeneficiaryReview {
        let bank_name = Clabe::parse(&draft.clabe)
            .ok()
            .and_then(|c| c.bank_name().map(str::to_string));
        let fields = match draft.validate() {
            Ok(_) => Vec::new(),
            Err(CoreError::Invalid(fields)) => fields,
            Err(other) => vec![desk_domain::FieldError::new("form", other.to_string())],
        };
        BeneficiaryReview {
            valid: fields.is_empty(),
            fields,
            bank_name,
        }
    }

    /// Saves a beneficiary entered by hand (with its audit entry).
    pub fn add_beneficiary(&self, draft: &BeneficiaryDraft) -> Result<BeneficiaryRecord> {
        let (person, clabe) = draft.validate()?;
        let saved = self
            .store()?
            .add_beneficiary(&person, &clabe, self.now_ms())?;
        tracing::info!(id = saved.id, "beneficiary saved");
        Ok((&saved).into())
    }

    /// Saves the beneficiary of a payout draft ("Save this beneficiary"); when one with the
    /// same CLABE and document is saved already, returns it unchanged.
    pub fn save_payout_beneficiary(&self, payout: &PayoutDraft) -> Result<BeneficiarySaved> {
        let (person, clabe) = BeneficiaryDraft::from_payout(payout).validate()?;
        let (saved, created) =
            self.store()?
                .save_beneficiary_once(&person, &clabe, self.now_ms())?;
        if created {
            tracing::info!(id = saved.id, "beneficiary saved from a payout");
        }
        Ok(BeneficiarySaved {
            item: (&saved).into(),
            already_saved: !created,
        })
    }

    /// Replaces saved beneficiary `id`'s fields (with an audit entry naming what changed).
    pub fn update_beneficiary(
        &self,
        id: i64,
        draft: &BeneficiaryDraft,
    ) -> Result<BeneficiaryRecord> {
        let (person, clabe) = draft.validate()?;
        let saved = self
            .store()?
            .update_beneficiary(id, &person, &clabe, self.now_ms())
            .map_err(about(id))?;
        Ok((&saved).into())
    }

    /// Removes saved beneficiary `id` (with an audit entry); payouts already made keep theirs.
    pub fn remove_beneficiary(&self, id: i64) -> Result<()> {
        self.store()?
            .remove_beneficiary(id, self.now_ms())
            .map_err(about(id))?;
        tracing::info!(id, "beneficiary removed");
        Ok(())
    }

    /// Saved beneficiary `id` whole, to fill the payout form or the edit form.
    pub fn beneficiary(&self, id: i64) -> Result<BeneficiaryRecord> {
        let saved = self.store()?.beneficiary(id).map_err(about(id))?;
        Ok((&saved).into())
    }

    /// Saved beneficiaries whose names, email or CLABE match `text` (all when empty), masked,
    /// by last then first name: `limit` (at most 100) from `offset`.
    pub fn search_beneficiaries(
        &self,
        text: &str,
        offset: u32,
        limit: u32,
    ) -> Result<BeneficiaryPage> {
        crate::input::text("search", text, 200)?;
        let found = self
            .store()?
            .search_beneficiaries(text, offset, limit.clamp(1, MAX_PAGE))?;
        Ok(BeneficiaryPage {
            items: found.items.iter().map(BeneficiaryItem::from).collect(),
            total: found.total,
        })
    }
}

#[cfg(test)]
#[path = "beneficiaries_tests.rs"]
mod tests;
