//! MonEFlow Pay after the sale, as Braintree does it: capture (all or less of an open
//! authorisation) and void are state changes of the sale; a refund is a new `credit`
//! transaction under its own `orderId`, found again by the `orderId` lookup. Refusals use the
//! contract's error shape: 409 `conflict` for a change not legal in the sale's state, 422
//! `amount_too_large` for more than what may be captured or refunded.

use desk_domain::Provider;
use serde::Deserialize;

use super::{authenticate, status_at, view};
use crate::http::{self, Req, Response, StatusCode};
use crate::reply::error;
use crate::shared::Shared;
use crate::world::MoneflowTransaction;

/// The body of a capture or refund (a void takes none).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Change {
    amount: Option<i64>,
    order_id: Option<String>,
}

fn conflict(state: &str, action: &str) -> Response {
    error(
        StatusCode::CONFLICT,
        "conflict",
        &format!("A transaction that is {state} cannot be {action}."),
    )
}

fn too_large(left: i64, action: &str) -> Response {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "amount_too_large",
        &format!("At most {left} can be {action}."),
    )
}

/// `POST …/transactions/{id}/capture|void|refund`.
pub(super) async fn change(shared: Shared, mut req: Req) -> Response {
    let body = match req.optional_checked::<Change>().await {
        Ok(body) => body.unwrap_or_default(),
        Err(refusal) => return refusal,
    };
    let (mid, id, action) = (req.param("mid"), req.param("id"), req.param("action"));
    if let Err(r) = authenticate(&shared, req.headers(), mid) {
        return r;
    }
    if body.amount.is_some_and(|a| a <= 0) {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "amount must be a positive integer.",
        );
    }
    let now = shared.clock.now_ms();
    let mut w = shared.world();
    let Some(i) = w
        .moneflow
        .iter()
        .position(|t| t.merchant_id == mid && t.id == id && t.kind == "sale")
    else {
        return error(StatusCode::NOT_FOUND, "not_found", "No sale with that id.");
    };
    let state = status_at(&w.moneflow[i], now).0.to_string();
    let reply = match action {
        "capture" | "void" => {
            if state != "authorized" {
                return conflict(
                    &state,
                    if action == "void" {
                        "voided"
                    } else {
                        "captured"
                    },
                );
            }
            let t = &mut w.moneflow[i];
            if action == "capture" {
                let amount = body.amount.unwrap_or(t.amount);
                if amount > t.amount {
                    return too_large(t.amount, "captured");
                }
                t.captured_amount = Some(amount);
                t.status = "settled".into();
            } else {
                t.status = "voided".into();
            }
            t.updated_ms = now;
            http::json(StatusCode::OK, &view(t, now))
        }
        "refund" => {
            let Some(order_id) = body.order_id.filter(|o| !o.is_empty()) else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "orderId (the refund's reference) is required.",
                );
            };
            let no_dedup = shared.faults.no_dedup(Provider::Moneflow);
            let existing = w
                .moneflow
                .iter()
                .find(|t| t.merchant_id == mid && t.order_id == order_id)
                .map(|t| view(t, now));
            if existing.is_some() && !no_dedup {
                shared
                    .creates()
                    .create(Provider::Moneflow, mid, &order_id, true, now);
                return http::json(StatusCode::OK, &existing);
            }
            if !matches!(state.as_str(), "settled" | "partially_refunded") {
                return conflict(&state, "refunded");
            }
            let sale = &w.moneflow[i];
            let left = sale.captured_amount.unwrap_or(sale.amount) - sale.refunded_amount;
            let amount = body.amount.unwrap_or(left);
            if amount > left {
                return too_large(left, "refunded");
            }
            shared
                .creates()
                .create(Provider::Moneflow, mid, &order_id, existing.is_some(), now);
            let credit_id = format!("mft_{:06}", w.id());
            let sale = &mut w.moneflow[i];
            sale.refunded_amount += amount;
            sale.refund_ids.push(credit_id.clone());
            sale.status = if sale.refunded_amount >= sale.captured_amount.unwrap_or(sale.amount) {
                "refunded"
            } else {
                "partially_refunded"
            }
            .into();
            sale.updated_ms = now;
            let credit = MoneflowTransaction {
                id: credit_id,
                order_id,
                amount,
                kind: "credit".into(),
                intent: "sale".into(),
                status: "settled".into(),
                captured_amount: None,
                refunded_amount: 0,
                refund_ids: Vec::new(),
                refunded_transaction_id: Some(sale.id.clone()),
                payment_method_token: None,
                created_ms: now,
                updated_ms: now,
                ..sale.clone()
            };
            let v = view(&credit, now);
            w.moneflow.push(credit);
            http::json(StatusCode::CREATED, &v)
        }
        _ => {
            return error(
                StatusCode::NOT_FOUND,
                "not_found",
                "The actions are capture, void and refund.",
            );
        }
    };
    drop(w);
    shared.save();
    reply
}
