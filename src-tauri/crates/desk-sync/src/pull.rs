//! The pulls beside the engine: each provider's records brought into the history on its own,
//! so one provider's 401, timeout or outage never stops another's. Only what a provider
//! documents is used (docs/provider-api.md): Mona and MonEFlow Pay are read by cursor from
//! their lists; MONEI's public REST API lists no payments and Monnet documents no payout
//! list, so for those two the desk follows by id what it created until it is final
//! ([`follow`]): records created outside the desk do not appear for them.
//!
//! Nothing is missed: each page is written as it arrives and the stream's cursor moves only
//! once the page is stored, so a crash mid-pull keeps what came; and each pass starts
//! [`OVERLAP_MS`] behind the cursor, so a change a provider makes visible late, or dates
//! before the last one seen, is still read. A record read twice is the same row: the history
//! keys records by provider, environment, kind and reference.

mod collections;
mod follow;
mod provider_time;

use std::future::Future;

use desk_domain::{Environment, Provider};
use desk_providers::ProviderError;
use desk_store::history::rfc3339;
use desk_store::records::Record;
use desk_store::{Store, StoreError};

use crate::providers::ProviderGateway;
use crate::status::{Read, mona_status, moneflow_status};

pub use follow::FOLLOW_PAID_MS;

/// How far behind its cursor each list pass starts again (10 minutes).
pub const OVERLAP_MS: i64 = 10 * 60_000;

/// The providers whose records the desk follows by id because they document no list: what
/// was created outside the desk does not appear for them.
pub const FOLLOWED_BY_ID: [Provider; 2] = [Provider::Monei, Provider::Monnet];

/// Why one provider's pull stopped.
#[derive(Debug, thiserror::Error)]
pub enum PullError {
    /// The provider did not answer as it should.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// The history could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one pass of pulls did.
#[derive(Debug, Default)]
pub struct PullReport {
    /// History records added or changed.
    pub changed: u32,
    /// The providers set up on this desk whose pull went through.
    pub pulled: Vec<Provider>,
    /// The providers whose pull failed, with why.
    pub failed: Vec<(Provider, PullError)>,
}

pub use collections::collection_record;
use collections::with_links;
use provider_time::{PROVIDER_TIME, keep_unread, ms};

/// A record as a provider reports it, before it becomes a history row.
struct Pulled {
    reference: String,
    remote_id: String,
    amount: i64,
    currency: String,
    status: Read,
    counterparty: String,
    description: String,
    created: String,
    updated: String,
    note: Option<String>,
}

impl Pulled {
    fn into_record(self, provider: Provider, env: Environment, kind: &str) -> Record {
        Record {
            provider,
            environment: env,
            kind: kind.into(),
            reference: self.reference,
            remote_id: Some(self.remote_id),
            amount_minor: self.amount,
            currency: self.currency,
            status: self.status.status.into(),
            counterparty: self.counterparty,
            description: self.description,
            details: keep_unread(details(&self.status), &[&self.created, &self.updated]),
            created_at: ms(&self.created),
            updated_at: ms(&self.updated),
            note: self.status.stored_note_or(provider, self.note),
        }
    }
}

/// The facts a status adds to a record: the provider's own word when the desk does not know
/// it.
fn details(read: &Read) -> serde_json::Value {
    match &read.word {
        Some(word) => serde_json::json!({ "providerStatus": word }),
        None => serde_json::json!({}),
    }
}

/// One list stream of one provider: where its cursor is kept.
struct Stream<'a> {
    store: &'a Store,
    provider: Provider,
    env: Environment,
    name: &'static str,
}

impl Stream<'_> {
    /// Reads the list from the cursor less [`OVERLAP_MS`], page by page through
    /// `fetch(updated_since, page)`, writing each page as it arrives and moving the cursor
    /// (never back) once the page is stored.
    async fn pull<T, Fut>(
        &self,
        fetch: impl Fn(Option<String>, Option<String>) -> Fut,
        record: impl Fn(T) -> Option<Record>,
    ) -> Result<u32, PullError>
    where
        Fut: Future<Output = Result<(Vec<T>, Option<String>), ProviderError>>,
    {
        let mut cursor = self
            .store
            .cursor(self.provider, self.env, self.name)?
            .map(|c| ms(&c));
        let since = cursor.map(|c| rfc3339(c - OVERLAP_MS));
        let (mut changed, mut page) = (0u32, None);
        loop {
            let (items, next) = fetch(since.clone(), page).await?;
            let records: Vec<Record> = items.into_iter().filter_map(&record).collect();
            let n = self.store.upsert_many(&records)?;
            changed = changed.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            // A record whose time could not be read carries the time it was received, not the
            // provider's: it never moves the cursor, which would skip what lies between.
            let latest = records
                .iter()
                .filter(|r| r.details.get(PROVIDER_TIME).is_none())
                .map(|r| r.updated_at)
                .max();
            if let Some(latest) = latest.filter(|l| cursor.is_none_or(|c| *l > c)) {
                self.store
                    .set_cursor(self.provider, self.env, self.name, &rfc3339(latest))?;
                cursor = Some(latest);
            }
            match next {
                Some(next) => page = Some(next),
                None => return Ok(changed),
            }
        }
    }
}

impl ProviderGateway {
    /// Pulls every provider the desk has credentials for, each on its own.
    pub async fn pull(&self, store: &Store, env: Environment, now_ms: i64) -> PullReport {
        let mut report = PullReport::default();
        let results = [
            (Provider::Mona, self.pull_mona(store, env).await),
            (
                Provider::Monei,
                self.follow_payments(store, env, now_ms).await,
            ),
            (Provider::Moneflow, self.pull_moneflow(store, env).await),
            (
                Provider::Monnet,
                self.follow_payouts(store, env, now_ms).await,
            ),
        ];
        for (provider, result) in results {
            match result {
                Ok(Some(n)) => {
                    report.changed += n;
                    report.pulled.push(provider);
                }
                Ok(None) => {}
                Err(e) => report.failed.push((provider, e)),
            }
        }
        report
    }

    /// Mona's transactions from its list; `None` when Mona is not set up.
    async fn pull_mona(&self, store: &Store, env: Environment) -> Result<Option<u32>, PullError> {
        let Some(client) = &self.mona else {
            return Ok(None);
        };
        let stream = Stream {
            store,
            provider: Provider::Mona,
            env,
            name: "transactions",
        };
        let fetch = |since: Option<String>, page: Option<String>| async move {
            let list = client
                .list_transactions(since.as_deref(), page.as_deref())
                .await?;
            Ok((list.data, list.next_cursor))
        };
        let changed = stream
            .pull(fetch, |t| {
                // A collection's charge names its collection; any record its customer.
                let links = [
                    ("customerId", t.customer_id),
                    ("collectionId", t.collection_id),
                ];
                let pulled = Pulled {
                    reference: t.reference,
                    remote_id: t.transaction_id,
                    amount: t.amount,
                    currency: t.currency,
                    status: mona_status(&t.status),
                    counterparty: t.customer_name,
                    description: t.description,
                    created: t.created_at,
                    updated: t.updated_at,
                    note: t.failure_reason,
                };
                let record = pulled.into_record(Provider::Mona, env, "checkout");
                Some(with_links(record, links))
            })
            .await?;
        // The collections' own states (consent, refusal, cancellation) on their stream.
        Ok(Some(
            changed + self.pull_collections(client, store, env).await?,
        ))
    }

    /// MonEFlow Pay's sales from its list (credits are refunds, which the desk follows through
    /// the engine); `None` when MonEFlow Pay is not set up.
    async fn pull_moneflow(
        &self,
        store: &Store,
        env: Environment,
    ) -> Result<Option<u32>, PullError> {
        let Some(client) = &self.moneflow else {
            return Ok(None);
        };
        let stream = Stream {
            store,
            provider: Provider::Moneflow,
            env,
            name: "transactions",
        };
        let fetch = |since: Option<String>, page: Option<String>| async move {
            let list = client
                .list_transactions(since.as_deref(), page.as_deref())
                .await?;
            Ok((list.data, list.next_cursor))
        };
        let changed = stream
            .pull(fetch, |t| {
                if t.kind == "credit" {
                    return None;
                }
                let holder = if t.holder_name.is_empty() {
                    format!("{} •••• {}", t.card.brand, t.card.last4)
                } else {
                    t.holder_name
                };
                let approved = t.response_code == "10000";
                let links = [("customerId", t.customer_id)];
                let pulled = Pulled {
                    reference: t.order_id,
                    remote_id: t.id,
                    amount: t.amount,
                    currency: t.currency,
                    status: moneflow_status(&t.status, &t.intent),
                    counterparty: holder,
                    description: String::new(),
                    created: t.created_at,
                    updated: t.updated_at,
                    note: (!approved).then_some(t.response_message),
                };
                Some(with_links(
                    pulled.into_record(Provider::Moneflow, env, "checkout"),
                    links,
                ))
            })
            .await?;
        Ok(Some(changed))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test may stop at the first surprise

    use super::*;

    fn record(reference: &str, updated: &str) -> Record {
        Record {
            provider: Provider::Mona,
            environment: Environment::Sandbox,
            kind: "checkout".into(),
            reference: reference.into(),
            remote_id: Some(format!("txn_{reference}")),
            amount_minor: 100,
            currency: "NGN".into(),
            status: "pending".into(),
            counterparty: String::new(),
            description: String::new(),
            details: serde_json::json!({}),
            created_at: ms(updated),
            updated_at: ms(updated),
            note: None,
        }
    }

    fn stream(store: &Store) -> Stream<'_> {
        Stream {
            store,
            provider: Provider::Mona,
            env: Environment::Sandbox,
            name: "transactions",
        }
    }

    type Page = (Vec<Record>, Option<String>);

    // A crash (here: a failure) on the second page keeps the first page and moves the cursor
    // to it, no further; the next pass starts the overlap before it.
    #[tokio::test]
    async fn each_page_is_stored_as_it_arrives_and_the_cursor_follows_it() {
        let store = Store::open_in_memory().unwrap();
        let asked = std::sync::Mutex::new(Vec::new());
        let fetch = |since: Option<String>, page: Option<String>| {
            asked.lock().unwrap().push(since);
            async move {
                match page {
                    None => Ok::<Page, _>((
                        vec![
                            record("A", "2026-12-01T10:00:00Z"),
                            record("B", "2026-12-01T10:05:00Z"),
                        ],
                        Some("2".into()),
                    )),
                    Some(_) => Err(ProviderError::Unreachable("dropped".into())),
                }
            }
        };
        let err = stream(&store).pull(fetch, Some).await.unwrap_err();
        assert!(matches!(err, PullError::Provider(_)), "{err}");
        let kept = store
            .to_follow(
                Provider::Mona,
                Environment::Sandbox,
                "checkout",
                &["pending"],
                i64::MAX,
                10,
                None,
            )
            .unwrap()
            .0;
        assert_eq!(
            kept.len(),
            2,
            "the first page was written before the second failed"
        );
        assert_eq!(
            store
                .cursor(Provider::Mona, Environment::Sandbox, "transactions")
                .unwrap()
                .as_deref(),
            Some("2026-12-01T10:05:00Z"),
            "the cursor moved to the stored page"
        );
        let again = |since: Option<String>, _page: Option<String>| {
            asked.lock().unwrap().push(since);
            async move { Ok::<Page, ProviderError>((vec![record("B", "2026-12-01T10:05:00Z")], None)) }
        };
        assert_eq!(
            stream(&store).pull(again, Some).await.unwrap(),
            0,
            "B is the same row"
        );
        let asked = asked.lock().unwrap();
        assert_eq!(asked[0], None, "the first pass reads everything");
        assert_eq!(
            asked.last().unwrap().as_deref(),
            Some("2026-12-01T09:55:00Z"),
            "the next pass starts ten minutes before the cursor"
        );
    }

    // A record whose time could not be read is stored (at the time received) but never moves
    // the cursor past the provider's own times.
    #[tokio::test]
    async fn an_unreadable_time_never_moves_the_cursor() {
        let store = Store::open_in_memory().unwrap();
        let fetch = |_s: Option<String>, _p: Option<String>| async move {
            let mut garbled = record("G", "yesterday-ish");
            garbled.details = provider_time::keep_unread(serde_json::json!({}), &["yesterday-ish"]);
            Ok::<Page, ProviderError>((vec![record("A", "2026-12-01T10:00:00Z"), garbled], None))
        };
        assert_eq!(stream(&store).pull(fetch, Some).await.unwrap(), 2);
        assert_eq!(
            store
                .cursor(Provider::Mona, Environment::Sandbox, "transactions")
                .unwrap()
                .as_deref(),
            Some("2026-12-01T10:00:00Z"),
            "the cursor is the provider's latest readable time"
        );
    }

    // A page older than the cursor (read again in the overlap) never moves the cursor back.
    #[tokio::test]
    async fn the_cursor_never_moves_back() {
        let store = Store::open_in_memory().unwrap();
        let at = |t: &'static str| {
            move |_s: Option<String>, _p: Option<String>| async move {
                Ok::<Page, ProviderError>((vec![record(t, t)], None))
            }
        };
        stream(&store)
            .pull(at("2026-12-01T10:05:00Z"), Some)
            .await
            .unwrap();
        stream(&store)
            .pull(at("2026-12-01T10:01:00Z"), Some)
            .await
            .unwrap();
        assert_eq!(
            store
                .cursor(Provider::Mona, Environment::Sandbox, "transactions")
                .unwrap()
                .as_deref(),
            Some("2026-12-01T10:05:00Z")
        );
    }
}
