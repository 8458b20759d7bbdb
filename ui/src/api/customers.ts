// Typed wrappers over the customers' commands (re-exported by ./index): the list and a
// customer's page, saved cards, recurring collections and identity verification. Types come
// from the generated bindings (never edited by hand).
import { ask } from "./invoke";
import type { CancelResult } from "./bindings/CancelResult";
import type { CardChargeRequest } from "./bindings/CardChargeRequest";
import type { CardChargeReview } from "./bindings/CardChargeReview";
import type { CheckoutResult } from "./bindings/CheckoutResult";
import type { CollectionRequest } from "./bindings/CollectionRequest";
import type { CollectionReview } from "./bindings/CollectionReview";
import type { CollectionSession } from "./bindings/CollectionSession";
import type { CollectionView } from "./bindings/CollectionView";
import type { Confirmation } from "./bindings/Confirmation";
import type { CustomerDetail } from "./bindings/CustomerDetail";
import type { CustomerDraft } from "./bindings/CustomerDraft";
import type { CustomerItem } from "./bindings/CustomerItem";
import type { CustomerPage } from "./bindings/CustomerPage";
import type { Frequency } from "./bindings/Frequency";
import type { SavedCardView } from "./bindings/SavedCardView";
import type { VerificationSession } from "./bindings/VerificationSession";
import type { VerificationView } from "./bindings/VerificationView";

export type {
  CancelResult, CardChargeRequest, CardChargeReview, CollectionRequest, CollectionReview, CollectionSession, CollectionView,
  CustomerDetail, CustomerDraft, CustomerItem, CustomerPage, Frequency, SavedCardView, VerificationSession, VerificationView,
};

/** Customers whose name or email match `text` (all when empty), email masked, by name. */
export const searchCustomers = (text: string, offset = 0, limit = 50) =>
  ask<CustomerPage>("customers", "search_customers", { text, offset, limit });
/** A customer's page: providers that know them, saved cards, collections, verification, history. */
export const getCustomer = (id: string) => ask<CustomerDetail>("customers", "get_customer", { id });
/** Records a customer entered by hand; field errors when a field is wrong or the email is taken. */
export const addCustomer = (draft: CustomerDraft) => ask<CustomerItem>("customers", "add_customer", { draft });

/** Reads and checks a charge of a saved card without sending anything. */
export const reviewCardCharge = (request: CardChargeRequest) => ask<CardChargeReview>("customers", "review_card_charge", { request });
/**
 * Charges a reviewed saved card, exactly once through the engine. While its outcome is not
 * known (`checking`, `queued`), follow it with checkoutStatus(localId): never charge again.
 */
export const chargeSavedCard = (request: CardChargeRequest, confirmation: Confirmation) =>
  ask<CheckoutResult>("customers", "charge_saved_card", { request, confirmation });
/** Removes a saved card at MonEFlow Pay, then from the desk. */
export const removeSavedCard = (customerId: string, cardId: number) =>
  ask<void>("customers", "remove_saved_card", { customerId, cardId });

/** Reads and checks a collection form without sending anything. */
export const reviewCollection = (request: CollectionRequest) => ask<CollectionReview>("customers", "review_collection", { request });
/** Creates a reviewed collection through the engine; Mona's consent page once Mona holds it. */
export const createCollection = (request: CollectionRequest, confirmation: Confirmation) =>
  ask<CollectionSession>("customers", "create_collection", { request, confirmation });
/** A collection as it stands, read back from Mona (after its page says the customer answered). */
export const collectionStatus = (id: string) => ask<CollectionSession>("customers", "collection_status", { id });
/** Cancels a collection pending consent or active, through the engine. */
export const cancelCollection = (id: string) => ask<CancelResult>("customers", "cancel_collection", { id });

/** Asks Mona to verify the customer's identity (one waiting is taken up again); Mona's page. */
export const startVerification = (customerId: string) => ask<VerificationSession>("customers", "start_verification", { customerId });
/** The customer's verification read back from Mona. */
export const verificationStatus = (customerId: string) => ask<VerificationSession>("customers", "verification_status", { customerId });
