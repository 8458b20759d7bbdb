//! Mona's collections pulled on their own stream (`GET /collections?updated_since=`, by
//! cursor with the same overlap as every list), so the desk's list of a customer's collections
//! follows the customer's consent, refusal and cancellation. A collection is a history record
//! of kind `collection` under its reference: the one the engine created, read again. Its
//! charges come with Mona's transactions, each linked to it by its `collectionId`.

use desk_domain::{Environment, Provider};
use desk_providers::mona::{Collection, MonaClient};
use desk_store::Store;
use desk_store::records::Record;

use super::{PullError, Pulled, Stream};
use crate::status::collection_status;

/// `record` with each of `links` that is known (`customerId`, `collectionId`) in its details:
/// how the history finds a customer's records and a collection's charges.
pub(super) fn with_links<const N: usize>(
    mut record: Record,
    links: [(&str, Option<String>); N],
) -> Record {
    if let Some(details) = record.details.as_object_mut() {
        for (key, value) in links {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                details.insert(key.into(), value.into());
            }
        }
    }
    record
}

/// A collection as a history record (kind `collection`): its status in Mona's words, its
/// customer, frequency and dates in its details.
pub fn collection_record(c: Collection, env: Environment) -> Record {
    let mut record = Pulled {
        reference: c.reference,
        remote_id: c.collection_id,
        amount: c.amount,
        currency: c.currency,
        status: collection_status(&c.status),
        counterparty: c.customer.name,
        description: c.description,
        created: c.created_at,
        updated: c.updated_at,
        note: None,
    }
    .into_record(Provider::Mona, env, "collection");
    if let Some(details) = record.details.as_object_mut() {
        details.insert("frequency".into(), c.frequency.into());
        // Null removes a date that no longer applies (the next charge of a cancelled one).
        for (key, value) in [
            ("consentedAt", c.consented_at),
            ("nextChargeAt", c.next_charge_at),
            ("cancelledAt", c.cancelled_at),
        ] {
            details.insert(
                key.into(),
                value.map_or(serde_json::Value::Null, Into::into),
            );
        }
    }
    with_links(record, [("customerId", c.customer.id)])
}

impl crate::providers::ProviderGateway {
    /// Mona's collections changed since the stream's cursor; how many records changed.
    pub(super) async fn pull_collections(
        &self,
        client: &MonaClient,
        store: &Store,
        env: Environment,
    ) -> Result<u32, PullError> {
        let stream = Stream {
            store,
            provider: Provider::Mona,
            env,
            name: "collections",
        };
        let fetch = |since: Option<String>, page: Option<String>| async move {
            let list = client
                .list_collections(since.as_deref(), page.as_deref())
                .await?;
            Ok((list.data, list.next_cursor))
        };
        stream
            .pull(fetch, |c| Some(collection_record(c, env)))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_is_a_record_linked_to_its_customer_with_its_dates() {
        let c = Collection {
            collection_id: "col_1".into(),
            reference: "CL-1".into(),
            amount: 500_000,
            currency: "NGN".into(),
            frequency: "monthly".into(),
            description: "Veg box".into(),
            customer: desk_providers::mona::CustomerDetails {
                id: Some("cus_0123456789abcdef0123456789abcdef".into()),
                name: "Ana".into(),
                email: "ana@example.com".into(),
            },
            status: "cancelled".into(),
            consented_at: Some("2026-12-01T10:00:00Z".into()),
            cancelled_at: Some("2026-12-02T10:00:00Z".into()),
            next_charge_at: None,
            created_at: "2026-12-01T09:00:00Z".into(),
            updated_at: "2026-12-02T10:00:00Z".into(),
        };
        let r = collection_record(c, Environment::Sandbox);
        assert_eq!(
            (r.kind.as_str(), r.status.as_str()),
            ("collection", "cancelled")
        );
        assert_eq!(
            r.details["customerId"],
            "cus_0123456789abcdef0123456789abcdef"
        );
        assert_eq!(r.details["frequency"], "monthly");
        assert!(
            r.details["nextChargeAt"].is_null(),
            "a cancelled collection's next charge is cleared"
        );
        let linked = with_links(
            r,
            [("collectionId", None), ("customerId", Some(String::new()))],
        );
        assert!(
            linked.details.get("collectionId").is_none(),
            "unknown links are left out"
        );
    }
}
