//! **[sandbox only]** A simulated customer's phone for tests that cannot drive Mona's SDK page
//! (the desk's core tests): it answers a consent exactly as the page would — a challenge from
//! the sandbox, an ECDSA P-256 signature over its payload, then the same checks and outcome as
//! `POST /sdk/v1/authorize` ([`super::devices`]). It is one device: the first consent of a
//! customer registers it, and a customer who registered another device (a browser) refuses it
//! with `sca_device_unknown`. Reached only through
//! [`SandboxHandle::mona_customer_consent`](crate::SandboxHandle::mona_customer_consent).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use rand::Rng;
use serde_json::Value;

use super::devices;
use super::sca::{apply, payload_stem};
use crate::http::StatusCode;
use crate::reply::error;
use crate::shared::Shared;
use crate::world::{Challenge, ConsentKind, World};

/// The simulated phone's key pair.
pub struct CustomerDevice(SigningKey);

impl CustomerDevice {
    /// A new device with a fresh key.
    pub fn new() -> Self {
        loop {
            let bytes: [u8; 32] = rand::thread_rng().r#gen();
            if let Ok(key) = SigningKey::from_slice(&bytes) {
                return Self(key);
            }
        }
    }
}

impl Default for CustomerDevice {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for CustomerDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CustomerDevice(…)")
    }
}

/// The merchant (private key) and kind of the Mona resource `id`.
fn find(w: &World, id: &str) -> Option<(String, ConsentKind)> {
    let t = w.mona.iter().find(|t| t.transaction_id == id);
    let c = w.mona_collections.iter().find(|c| c.collection_id == id);
    let v = w
        .mona_verifications
        .iter()
        .find(|v| v.verification_id == id);
    t.map(|t| (t.owner.clone(), ConsentKind::Transaction))
        .or_else(|| c.map(|c| (c.owner.clone(), ConsentKind::Collection)))
        .or_else(|| v.map(|v| (v.owner.clone(), ConsentKind::Verification)))
}

/// `device` answers the consent for the transaction, collection or verification `id`:
/// approves (a checkout with the approved test card) or refuses. Returns the HTTP status and
/// body `POST /sdk/v1/authorize` would have given (or the challenge's refusal).
pub fn answer(shared: &Shared, device: &CustomerDevice, id: &str, approve: bool) -> (u16, Value) {
    let now = shared.clock.now_ms();
    super::collections::catch_up(shared);
    let response = {
        let mut w = shared.world();
        match find(&w, id) {
            None => error(
                StatusCode::NOT_FOUND,
                "not_found",
                "No Mona resource with that id.",
            ),
            Some((owner, kind)) => match payload_stem(&w, &owner, kind, id, !approve) {
                Err(refusal) => refusal,
                Ok(stem) => {
                    let nonce: [u8; 16] = rand::thread_rng().r#gen();
                    let challenge_id = format!("chl_sim_{}", hex::encode(&nonce[..8]));
                    let payload = format!("{stem}:{}", hex::encode(nonce));
                    let signature: Signature = device.0.sign(payload.as_bytes());
                    w.challenges.insert(
                        challenge_id.clone(),
                        Challenge {
                            kind,
                            resource_id: id.to_string(),
                            owner: owner.clone(),
                            refuse: !approve,
                            payload,
                            used: false,
                            created_ms: now,
                        },
                    );
                    let public =
                        B64.encode(device.0.verifying_key().to_encoded_point(false).as_bytes());
                    let sig = B64.encode(signature.to_bytes());
                    match devices::check(
                        &mut w,
                        &owner,
                        &challenge_id,
                        Some(&public),
                        Some(&sig),
                        now,
                    ) {
                        Ok(consent) => apply(&mut w, &consent, Some("4242424242424242"), now),
                        Err(refusal) => refusal,
                    }
                }
            },
        }
    };
    super::collections::catch_up(shared);
    shared.save();
    let status = response.status().as_u16();
    let body = response
        .body()
        .full()
        .and_then(|b| serde_json::from_slice(b).ok())
        .unwrap_or(Value::Null);
    (status, body)
}
