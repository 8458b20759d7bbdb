//! The desk's customer ids (docs/provider-api.md, "Customers, vault, collections,
//! verification"): `cus_` and 32 lower-case hexadecimal digits (128 random bits), made once per
//! customer and sent as `customerId` to MonEFlow Pay and `customer.id` to Mona. The providers
//! take any 1 to 36 characters from `[A-Za-z0-9_-]` (Braintree's rule); the desk's ids are 36.

use rand::Rng;

/// The prefix of the desk's customer ids.
pub const PREFIX: &str = "cus_";

/// A new customer id: `cus_` and 32 lower-case hex digits from `rng`.
pub fn new_customer_id(rng: &mut impl Rng) -> String {
    format!("{PREFIX}{}", hex::encode(rng.r#gen::<[u8; 16]>()))
}

/// Whether `id` is one of the desk's customer ids (`cus_` and 32 lower-case hex digits).
pub fn is_desk_customer_id(id: &str) -> bool {
    id.strip_prefix(PREFIX).is_some_and(|hex| {
        hex.len() == 32
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Whether a provider takes `id` as a customer id: 1 to 36 characters from `[A-Za-z0-9_-]`.
pub fn provider_accepts(id: &str) -> bool {
    (1..=36).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_desk_ids_the_providers_accept() {
        let mut rng = rand::thread_rng();
        let a = new_customer_id(&mut rng);
        assert_eq!(a.len(), 36);
        assert!(is_desk_customer_id(&a) && provider_accepts(&a), "{a}");
        assert_ne!(a, new_customer_id(&mut rng));
        for bad in [
            "cus_",
            "cus_0123456789ABCDEF0123456789ABCDEF",
            "cust-1",
            "cus_0123",
        ] {
            assert!(!is_desk_customer_id(bad), "{bad}");
        }
        assert!(provider_accepts("cust-1"));
        assert!(!provider_accepts("has space") && !provider_accepts(&"a".repeat(37)));
    }
}
