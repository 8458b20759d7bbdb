//! What a create answered: the resource, and whether the provider already had it.

/// The resource a create returned, and whether the provider said it already existed: 200
/// "already had it" (`existed: true`) rather than 201 "created" (`existed: false`).
///
/// Only the contract's deduplicating providers (Mona, Monei, MonEFlow Pay; see
/// `docs/provider-api.md`) ever answer 200; a provider without deduplication makes a second
/// resource instead, which is why a resend is preceded by a lookup, never trusted to this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created<T> {
    /// The resource as the provider reported it.
    pub value: T,
    /// `true` when the provider answered 200 with a resource it already held for the reference.
    pub existed: bool,
}

impl<T> Created<T> {
    /// The resource, whether new or not.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The same answer with its resource read by `f` (whether it existed is kept).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Created<U> {
        Created {
            value: f(self.value),
            existed: self.existed,
        }
    }
}
