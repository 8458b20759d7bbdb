//! Abandoned checkouts end. A checkout still pending after its provider's session or token
//! lifetime (docs/provider-api.md, "Checkout lifetimes") is looked up at the provider by its
//! id: what the provider says is recorded; if it still says pending, or the checkout never
//! reached it (a MonEFlow Pay card page left without a card), the checkout is marked
//! `expired` with a sentence, not left pending forever. A checkout whose charge the engine is
//! still sending or checking is the engine's, and is left alone.

use desk_domain::Provider;
use desk_i18n::Message;
use desk_store::history::{HistoryItem, HistoryQuery, rfc3339};
use desk_store::operation::OpState;
use desk_store::records::Record;
use desk_sync::{Engine, ProviderGateway};

use crate::desk::Desk;
use crate::error::Result;

const HOUR_MS: i64 = 3_600_000;

/// How many abandoned checkouts of one provider one pass ends at most.
const AT_MOST: u32 = 100;

/// How long a checkout at `provider` may stay pending before the desk looks it up and ends
/// it: Mona 24 hours (the desk's choice: Mona documents none), Monei 7 days (MONEI expires an
/// uncompleted payment seven days after it is created), MonEFlow Pay 8 hours (the client
/// token's documented lifetime: the card page cannot give a nonce after it). Monnet takes no
/// checkouts.
pub fn checkout_lifetime_ms(provider: Provider) -> Option<i64> {
    match provider {
        Provider::Mona => Some(24 * HOUR_MS),
        Provider::Monei => Some(7 * 24 * HOUR_MS),
        Provider::Moneflow => Some(8 * HOUR_MS),
        Provider::Monnet => None,
    }
}

/// The sentence an expired checkout keeps (in the desk's language when it expired).
fn expired_sentence(provider: Provider, reached: bool) -> String {
    let hours = checkout_lifetime_ms(provider).unwrap_or_default() / HOUR_MS;
    if reached {
        Message::new("checkout.expired_reached")
    } else {
        Message::new("checkout.expired_no_card")
    }
    .arg("provider", provider.display_name())
    .arg("hours", hours)
    .to_string()
}

fn record(item: &HistoryItem, status: &str, note: Option<String>, now_ms: i64) -> Record {
    Record {
        provider: item.provider,
        environment: item.environment,
        kind: item.kind.clone(),
        reference: item.reference.clone(),
        remote_id: item.remote_id.clone(),
        amount_minor: item.amount.minor,
        currency: item.amount.currency.code().into(),
        status: status.into(),
        counterparty: item.counterparty.clone(),
        description: item.description.clone(),
        details: serde_json::json!({}),
        created_at: 0,
        updated_at: now_ms,
        note,
    }
}

impl Desk {
    /// Ends the checkouts of the active environment left pending past their provider's
    /// lifetime; returns how many changed. A provider that cannot be asked now is asked again
    /// on the next pass.
    pub(crate) async fn end_abandoned_checkouts(
        &self,
        engine: &Engine<ProviderGateway>,
        env: desk_domain::Environment,
    ) -> Result<u32> {
        let store = self.store()?;
        let now = self.now_ms();
        let mut changed = 0;
        for provider in Provider::ALL {
            let Some(lifetime) = checkout_lifetime_ms(provider) else {
                continue;
            };
            let page = store.history(&HistoryQuery {
                provider: Some(provider),
                status: Some("pending".into()),
                environment: Some(env),
                to: Some(rfc3339(now - lifetime)),
                limit: Some(AT_MOST),
                ..HistoryQuery::default()
            })?;
            for item in page.items {
                if !matches!(item.kind.as_str(), "checkout" | "payment") {
                    continue;
                }
                if let Some(op) = store.operation_for_record(&item.id)?
                    && !matches!(op.state, OpState::Confirmed | OpState::CreatedEarlier)
                {
                    continue;
                }
                let said = match &item.remote_id {
                    None => None,
                    Some(id) => match engine.gateway().read_checkout(provider, id).await {
                        Ok(Some(said)) => Some(said),
                        Ok(None) => continue,
                        Err(e) => {
                            tracing::debug!(%provider, error = %e, "abandoned checkout not looked up");
                            continue;
                        }
                    },
                };
                let r = match said {
                    Some((read, reason)) if read.status != "pending" => {
                        let note = read.note_or(provider, reason);
                        record(&item, read.status, note, now)
                    }
                    _ => {
                        let note = expired_sentence(provider, item.remote_id.is_some());
                        record(&item, "expired", Some(note), now)
                    }
                };
                if store.upsert(&r)?.1 {
                    changed += 1;
                }
            }
        }
        Ok(changed)
    }
}
