//! Mona's collections: recurring charges a customer consents to once, with SCA (the consent
//! itself is in [`super::sca`]). A collection is `pending_consent` until the customer answers,
//! then `active` or `refused`; the merchant may cancel a pending or active one.
//!
//! Charges fall due on the sandbox clock (weekly: every 7 days; monthly: the same day of each
//! calendar month, held to the month's last day) from the consent on, the first at the consent.
//! They are made lazily, at the first Mona call after they fall due ([`catch_up`]), and dated
//! when they fell due, so a list read at any time holds every charge due by then. Charge `n`
//! fails when `n` is a multiple of 10.

use desk_domain::Provider;
use serde_json::{Value, json};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime};

use super::{authenticate, base, body_and_merchant, customer, customer_json};
use crate::clock::{parse_rfc3339, rfc3339};
use crate::http::{self, Req, Response, Routes, StatusCode};
use crate::reply::{error, page_answer};
use crate::shared::Shared;
use crate::strict::check_currency;
use crate::world::{MonaCollection, MonaTransaction, World};

/// At most this many charges per collection are made by one catch-up (a clock set centuries
/// ahead must not stall a request; the next call goes on).
const CATCH_UP_LIMIT: u32 = 1_000;

const WEEK_MS: i64 = 7 * 86_400_000;

/// The collection routes.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/collections", list)
        .post("/collections", create)
        .get("/collections/{id}", read)
        .post("/collections/{id}/cancel", cancel)
}

/// `ms` plus `months` calendar months (UTC), the day held to the target month's last day.
fn add_months(ms: i64, months: u32) -> Option<i64> {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?;
    let index = i64::from(at.year()) * 12 + i64::from(u8::from(at.month()) - 1) + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = at.day().min(month.length(year));
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let moved = PrimitiveDateTime::new(date, at.time()).assume_utc();
    Some((moved.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// When charge `n` (from 1) of `c` falls due, if it was consented to.
pub fn due_ms(c: &MonaCollection, n: u32) -> Option<i64> {
    let start = c.consented_ms?;
    let periods = n.checked_sub(1)?;
    match c.frequency.as_str() {
        "weekly" => Some(start + i64::from(periods) * WEEK_MS),
        _ => add_months(start, periods),
    }
}

/// Makes every charge of every collection that fell due by `now` (none after a cancellation);
/// returns how many were made.
pub fn catch_up_world(w: &mut World, now: i64) -> usize {
    let mut charges = Vec::new();
    for c in &mut w.mona_collections {
        let until = match (c.status.as_str(), c.cancelled_ms) {
            ("active", _) => now,
            ("cancelled", Some(at)) => now.min(at - 1),
            _ => continue,
        };
        for _ in 0..CATCH_UP_LIMIT {
            let n = c.charges_made + 1;
            match due_ms(c, n) {
                Some(due) if due <= until => {
                    charges.push((c.clone(), n, due));
                    c.charges_made = n;
                }
                _ => break,
            }
        }
    }
    let made = charges.len();
    for (c, n, due) in charges {
        let id = w.id();
        let failed = n % 10 == 0;
        w.mona.push(MonaTransaction {
            transaction_id: format!("txn_{id:06}"),
            friendly_id: format!("MONA-{id:04}"),
            owner: c.owner,
            reference: format!("{}-{n}", c.reference),
            amount: c.amount,
            currency: c.currency,
            description: c.description,
            customer_name: c.customer.name,
            customer_email: c.customer.email,
            customer_id: c.customer.id,
            collection_id: Some(c.collection_id),
            status: if failed { "failed" } else { "successful" }.into(),
            failure_reason: failed.then(|| "insufficient_funds".to_string()),
            created_ms: due,
            updated_ms: due,
        });
    }
    made
}

/// Makes the charges due by now, and saves if any was made.
pub fn catch_up(shared: &Shared) {
    let now = shared.clock.now_ms();
    let made = catch_up_world(&mut shared.world(), now);
    if made > 0 {
        shared.save();
    }
}

/// The collection as served.
pub fn view(c: &MonaCollection, base: &str) -> Value {
    let next = (c.status == "active")
        .then(|| due_ms(c, c.charges_made + 1))
        .flatten()
        .map(rfc3339);
    json!({
        "collectionId": c.collection_id, "reference": c.reference, "amount": c.amount,
        "currency": c.currency, "frequency": c.frequency, "description": c.description,
        "customer": customer_json(&c.customer), "status": c.status,
        "url": format!("{base}sdk/checkout?collectionId={}", c.collection_id),
        "consentedAt": c.consented_ms.map(rfc3339), "cancelledAt": c.cancelled_ms.map(rfc3339),
        "nextChargeAt": next, "createdAt": rfc3339(c.created_ms),
        "updatedAt": rfc3339(c.updated_ms),
    })
}

fn bad(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "invalid_request", message)
}

async fn create(shared: Shared, mut req: Req) -> Response {
    let (b, m) = match body_and_merchant::<Value>(&shared, &mut req).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    let headers = req.headers();
    let Some(amount) = b["amount"].as_i64().filter(|a| *a > 0) else {
        return bad("amount must be a positive integer (kobo).");
    };
    let Some(currency) = b["currency"].as_str() else {
        return bad("currency is required.");
    };
    if let Err(r) = check_currency(currency) {
        return r;
    }
    let Some(frequency) = b["frequency"]
        .as_str()
        .filter(|f| matches!(*f, "weekly" | "monthly"))
    else {
        return bad("frequency must be weekly or monthly.");
    };
    let Some(reference) = b["reference"].as_str().filter(|r| !r.is_empty()) else {
        return bad("reference is required.");
    };
    let description = match &b["description"] {
        Value::Null => "",
        Value::String(d) => d.as_str(),
        _ => return bad("description must be text."),
    };
    let customer = match customer(&b, true) {
        Ok(Some(c)) => c,
        Ok(None) => return bad("customer {name, email} is required."),
        Err(r) => return r,
    };
    let now = shared.clock.now_ms();
    let owner = &m.mona.private_key;
    let page_base = base(&shared, headers);
    let no_dedup = shared.faults.no_dedup(Provider::Mona);
    let (status, v) = {
        let mut w = shared.world();
        let existing = w
            .mona_collections
            .iter()
            .find(|c| &c.owner == owner && c.reference == reference);
        if let Some(c) = existing.filter(|_| !no_dedup) {
            (StatusCode::OK, view(c, &page_base))
        } else {
            let id = w.id();
            let c = MonaCollection {
                collection_id: format!("col_{id:06}"),
                owner: owner.clone(),
                reference: reference.to_string(),
                amount,
                currency: currency.to_string(),
                frequency: frequency.to_string(),
                description: description.to_string(),
                customer,
                status: "pending_consent".into(),
                consented_ms: None,
                cancelled_ms: None,
                charges_made: 0,
                created_ms: now,
                updated_ms: now,
            };
            let v = view(&c, &page_base);
            w.mona_collections.push(c);
            (StatusCode::CREATED, v)
        }
    };
    shared.save();
    http::json(status, &v)
}

async fn read(shared: Shared, req: Req) -> Response {
    let (headers, id) = (req.headers(), req.param("id"));
    let m = match authenticate(&shared, headers) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let w = shared.world();
    match w
        .mona_collections
        .iter()
        .find(|c| c.owner == m.mona.private_key && c.collection_id == id)
    {
        Some(c) => http::json(StatusCode::OK, &view(c, &base(&shared, headers))),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No collection with that id.",
        ),
    }
}

async fn list(shared: Shared, req: Req) -> Response {
    let (headers, q) = (req.headers(), req.query_map());
    let m = match authenticate(&shared, headers) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let page_base = base(&shared, headers);
    let w = shared.world();
    let mut items: Vec<&MonaCollection> = w
        .mona_collections
        .iter()
        .filter(|c| c.owner == m.mona.private_key)
        .collect();
    if let Some(reference) = q.get("reference") {
        items.retain(|c| &c.reference == reference);
        items.sort_by_key(|c| c.created_ms);
        let data: Vec<Value> = items.into_iter().map(|c| view(c, &page_base)).collect();
        return http::json(StatusCode::OK, &json!({ "data": data, "nextCursor": null }));
    }
    if let Some(since) = q.get("updated_since").and_then(|s| parse_rfc3339(s)) {
        items.retain(|c| c.updated_ms > since);
    }
    items.sort_by(|a, b| (a.updated_ms, &a.collection_id).cmp(&(b.updated_ms, &b.collection_id)));
    let views: Vec<Value> = items.into_iter().map(|c| view(c, &page_base)).collect();
    page_answer(views, &q)
}

/// `POST /collections/{id}/cancel`: only a pending or active collection; no charge falls due
/// after it (those due before were made by the catch-up in [`authenticate`]).
async fn cancel(shared: Shared, mut req: Req) -> Response {
    // A body, if any, must be JSON all the same.
    if let Err(refusal) = req.optional_checked::<Value>().await {
        return refusal;
    }
    let (headers, id) = (req.headers(), req.param("id"));
    let m = match authenticate(&shared, headers) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let now = shared.clock.now_ms();
    let v = {
        let mut w = shared.world();
        let Some(c) = w
            .mona_collections
            .iter_mut()
            .find(|c| c.owner == m.mona.private_key && c.collection_id == id)
        else {
            return error(
                StatusCode::NOT_FOUND,
                "not_found",
                "No collection with that id.",
            );
        };
        if !matches!(c.status.as_str(), "pending_consent" | "active") {
            return error(
                StatusCode::CONFLICT,
                "conflict",
                &format!("A collection that is {} cannot be cancelled.", c.status),
            );
        }
        c.status = "cancelled".into();
        c.cancelled_ms = Some(now);
        c.updated_ms = now;
        view(c, &base(&shared, headers))
    };
    shared.save();
    http::json(StatusCode::OK, &v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::MonaCustomer;

    fn ms(text: &str) -> i64 {
        parse_rfc3339(text).unwrap_or_default()
    }

    fn collection(frequency: &str, consented: &str) -> MonaCollection {
        MonaCollection {
            collection_id: "col_1".into(),
            owner: "o".into(),
            reference: "SUB".into(),
            amount: 100,
            currency: "NGN".into(),
            frequency: frequency.into(),
            description: String::new(),
            customer: MonaCustomer::default(),
            status: "active".into(),
            consented_ms: Some(ms(consented)),
            cancelled_ms: None,
            charges_made: 0,
            created_ms: 0,
            updated_ms: 0,
        }
    }

    #[test]
    fn monthly_charges_keep_the_day_held_to_the_months_last() {
        let c = collection("monthly", "2026-01-31T10:00:00Z");
        let due = |n| due_ms(&c, n).map(rfc3339).unwrap_or_default();
        assert_eq!(due(1), "2026-01-31T10:00:00Z");
        assert_eq!(due(2), "2026-02-28T10:00:00Z");
        assert_eq!(due(3), "2026-03-31T10:00:00Z");
        assert_eq!(due(4), "2026-04-30T10:00:00Z");
        assert_eq!(due(12), "2026-12-31T10:00:00Z");
        assert_eq!(due(13), "2027-01-31T10:00:00Z");
        let leap = collection("monthly", "2027-12-29T00:00:00Z");
        assert_eq!(
            due_ms(&leap, 3).map(rfc3339).unwrap_or_default(),
            "2028-02-29T00:00:00Z"
        );
    }

    #[test]
    fn weekly_charges_are_seven_days_apart_and_every_tenth_fails() {
        let mut w = World::default();
        w.mona_collections
            .push(collection("weekly", "2026-01-01T00:00:00Z"));
        let made = catch_up_world(&mut w, ms("2026-03-12T00:00:00Z"));
        assert_eq!(made, 11, "1 January plus ten weeks");
        assert_eq!(catch_up_world(&mut w, ms("2026-03-12T00:00:00Z")), 0);
        let failed: Vec<&str> = w
            .mona
            .iter()
            .filter(|t| t.status == "failed")
            .map(|t| t.reference.as_str())
            .collect();
        assert_eq!(failed, ["SUB-10"]);
        assert_eq!(rfc3339(w.mona[10].created_ms), "2026-03-12T00:00:00Z");
    }

    #[test]
    fn nothing_falls_due_after_a_cancellation() {
        let mut w = World::default();
        let mut c = collection("weekly", "2026-01-01T00:00:00Z");
        c.status = "cancelled".into();
        c.cancelled_ms = Some(ms("2026-01-15T00:00:00Z"));
        w.mona_collections.push(c);
        assert_eq!(catch_up_world(&mut w, ms("2027-01-01T00:00:00Z")), 2);
    }
}
