//! The sync engine's port to Monnet, over the signed Monnet client.

use desk_domain::ValidPayout;
use desk_providers::ProviderError;
use desk_providers::monnet::{MonnetClient, Payout};
use desk_store::history::rfc3339;
use desk_sync::{GatewayError, PayoutGateway, RemotePayout};

/// Monnet as the sync engine sees it.
pub struct MonnetGateway(pub MonnetClient);

/// Monnet's status in the desk's words: `pending`, `processing`, `paid`, `failed`,
/// `reversed` (paid, then returned by the bank: paid is not final).
pub fn normalise(status: &str, error_code: Option<i64>) -> &'static str {
    match (status, error_code) {
        ("CREATED", _) => "pending",
        ("PROCESSING", _) => "processing",
        ("PAID", _) => "paid",
        ("REJECTED_BANK", Some(4003)) => "reversed",
        _ => "failed",
    }
}

fn parse_ms(text: &str) -> i64 {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or(0)
}

fn remote(p: Payout) -> RemotePayout {
    let changed = parse_ms(&p.status_change_date_time);
    RemotePayout {
        remote_id: p.id.to_string(),
        status: normalise(&p.status, p.error_code).to_string(),
        note: p.error_message.clone(),
        order_id: p.order_id,
        amount_minor: p.amount,
        currency: p.currency,
        beneficiary: p.beneficiary.unwrap_or_default(),
        description: p.description.unwrap_or_default(),
        changed_at: changed,
        created_at: p.created_at.as_deref().map(parse_ms).unwrap_or(changed),
    }
}

fn gateway_error(e: ProviderError) -> GatewayError {
    match e {
        ProviderError::Unreachable(m) => GatewayError::NotSent {
            reason: m,
            retry_after: None,
        },
        ProviderError::RateLimited { retry_after } => GatewayError::NotSent {
            reason: "rate limited".into(),
            retry_after: Some(retry_after),
        },
        ProviderError::UnknownOutcome(m) | ProviderError::Decode(m) => GatewayError::Unknown(m),
        ProviderError::Rejected { status: 401, .. } => GatewayError::NotSent {
            reason: "the provider did not accept our credentials".into(),
            retry_after: None,
        },
        other => GatewayError::Refused(other.to_string()),
    }
}

impl PayoutGateway for MonnetGateway {
    async fn send(&self, payout: &ValidPayout) -> Result<RemotePayout, GatewayError> {
        self.0
            .create_payout(payout)
            .await
            .map(remote)
            .map_err(gateway_error)
    }

    async fn find_by_order_id(&self, order_id: &str) -> Result<Option<RemotePayout>, GatewayError> {
        self.0
            .find_by_order_id(order_id)
            .await
            .map(|p| p.map(remote))
            .map_err(gateway_error)
    }

    async fn changed_since(
        &self,
        cursor: Option<String>,
    ) -> Result<(Vec<RemotePayout>, Option<String>), GatewayError> {
        let mut out = Vec::new();
        let mut page_cursor: Option<String> = None;
        loop {
            let page = self
                .0
                .list_updated_since(cursor.as_deref(), page_cursor.as_deref())
                .await
                .map_err(gateway_error)?;
            out.extend(page.data.into_iter().map(remote));
            match page.next_cursor {
                Some(c) => page_cursor = Some(c),
                None => break,
            }
        }
        let next = out
            .iter()
            .map(|p| p.changed_at)
            .max()
            .map(rfc3339)
            .or(cursor);
        Ok((out, next))
    }
}
