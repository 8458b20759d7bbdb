//! Mona's consent binds a known device (docs/provider-api.md): a consent is accepted only when
//! signed, over a fresh challenge, by a device key the customer registered before; the first
//! accepted consent registers the key, as creating a passkey would (trust on first use).
//!
//! Each refusal is a 401 of its own code, checked in this order: an unknown challenge
//! (`sca_challenge_invalid`), a spent one (`sca_challenge_used`), a stale one
//! (`sca_challenge_expired`), no signature (`sca_signature_missing`), a signature that does
//! not verify (`sca_failed`), a key the customer did not register (`sca_device_unknown`). A
//! challenge past the first three checks is spent, whatever follows.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};

use crate::http::{Response, StatusCode};
use crate::reply::error;
use crate::world::{Challenge, ConsentKind, MonaCustomer, MonaDevice, World};

/// How long a consent challenge may be answered: 5 minutes on the sandbox clock.
pub(super) const CHALLENGE_TTL_MS: i64 = 5 * 60_000;

/// A consent that passed every check.
pub(super) struct Consent {
    /// The challenge it answered (now spent).
    pub challenge: Challenge,
    /// The device key, as registered: base64 of the uncompressed SEC1 point.
    pub public_key: String,
    /// The customer ([`MonaCustomer::identity`]); `None` for a guest's checkout.
    pub identity: Option<String>,
    /// Whether the customer had no registered device yet (this one registers).
    pub first_use: bool,
}

fn nonempty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

fn refused(code: &str, message: &str) -> Response {
    error(StatusCode::UNAUTHORIZED, code, message)
}

/// The customer the challenge's resource names, for device binding.
fn identity(w: &World, ch: &Challenge) -> Option<String> {
    let mine = |owner: &str| owner == ch.owner;
    match ch.kind {
        ConsentKind::Transaction => w
            .mona
            .iter()
            .find(|t| mine(&t.owner) && t.transaction_id == ch.resource_id)
            .and_then(|t| {
                MonaCustomer {
                    name: String::new(),
                    email: t.customer_email.clone(),
                    id: t.customer_id.clone(),
                }
                .identity()
            }),
        ConsentKind::Collection => w
            .mona_collections
            .iter()
            .find(|c| mine(&c.owner) && c.collection_id == ch.resource_id)
            .and_then(|c| c.customer.identity()),
        ConsentKind::Verification => w
            .mona_verifications
            .iter()
            .find(|v| mine(&v.owner) && v.verification_id == ch.resource_id)
            .and_then(|v| v.customer.identity()),
    }
}

/// The device key of `public_key` (base64 SEC1) if it verifies `signature` (base64 `r‖s`)
/// over `payload`, re-encoded uncompressed so one device reads the same however it was sent.
fn verified_key(public_key: &str, signature: &str, payload: &str) -> Option<String> {
    let key = VerifyingKey::from_sec1_bytes(&B64.decode(public_key).ok()?).ok()?;
    let sig = Signature::from_slice(&B64.decode(signature).ok()?).ok()?;
    key.verify(payload.as_bytes(), &sig).ok()?;
    Some(B64.encode(key.to_encoded_point(false).as_bytes()))
}

/// Checks the answer to challenge `challenge_id` of the merchant `owner` at `now`, spending the
/// challenge once it is known, unspent and fresh. The caller saves the world either way.
pub(super) fn check(
    w: &mut World,
    owner: &str,
    challenge_id: &str,
    public_key: Option<&str>,
    signature: Option<&str>,
    now: i64,
) -> Result<Consent, Response> {
    let Some(ch) = w
        .challenges
        .get_mut(challenge_id)
        .filter(|c| c.owner == owner)
    else {
        return Err(refused(
            "sca_challenge_invalid",
            "Unknown consent challenge: ask for a new one.",
        ));
    };
    if ch.used {
        return Err(refused(
            "sca_challenge_used",
            "This consent challenge was already answered: ask for a new one.",
        ));
    }
    if now - ch.created_ms > CHALLENGE_TTL_MS {
        return Err(refused(
            "sca_challenge_expired",
            "This consent challenge expired (5 minutes): ask for a new one.",
        ));
    }
    ch.used = true;
    let challenge = ch.clone();
    let (Some(public_key), Some(signature)) = (nonempty(public_key), nonempty(signature)) else {
        return Err(refused(
            "sca_signature_missing",
            "The consent must be signed on the customer's device.",
        ));
    };
    let Some(public_key) = verified_key(public_key, signature, &challenge.payload) else {
        return Err(refused(
            "sca_failed",
            "The consent signature does not verify: nothing was done.",
        ));
    };
    let identity = identity(w, &challenge);
    let registered: Vec<&MonaDevice> = identity
        .as_ref()
        .map(|who| {
            w.mona_devices
                .iter()
                .filter(|d| d.owner == owner && &d.customer == who)
                .collect()
        })
        .unwrap_or_default();
    if !registered.is_empty() && !registered.iter().any(|d| d.public_key == public_key) {
        return Err(refused(
            "sca_device_unknown",
            "This device is not one the customer registered: the consent was not accepted.",
        ));
    }
    Ok(Consent {
        first_use: registered.is_empty(),
        challenge,
        public_key,
        identity,
    })
}

/// Registers the consent's device for its customer if it was the customer's first (a guest's
/// checkout registers nothing).
pub(super) fn register(w: &mut World, consent: &Consent, now: i64) {
    if let (true, Some(who)) = (consent.first_use, &consent.identity) {
        w.mona_devices.push(MonaDevice {
            owner: consent.challenge.owner.clone(),
            customer: who.clone(),
            public_key: consent.public_key.clone(),
            registered_ms: now,
        });
    }
}
