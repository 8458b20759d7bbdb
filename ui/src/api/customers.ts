// Typed wrappers over the customers' commands (re-exported by ./index): the list and a
// customer's page, saved cards, recurring collections and identity verification. Types come
// from the generated bindings (never edited by hand).
import { call } from "./invoke";
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
  call<CustomerPage>("search_customers", { text, offset, limit });
/** A customer's page: providers that know them, saved cards, collections, verification, history. */
export const getCustomer = (id: string) => call<CustomerDetail>("get_customer", { id });
/** Records a customer entered by hand; field errors when a field is wrong or the email is taken. */
export const addCustomer = (draft: CustomerDraft) => call<CustomerItem>("add_customer", { draft });

/** Reads and checks a charge of a saved card without sending anything. */
export const reviewCardCharge = (request: CardChargeRequest) => call<CardChargeReview>("review_card_charge", { request });
/**
 * Charges a reviewed saved card, exactly once through the engine. While its outcome is not
 * known (`checking`, `queued`), follow it with checkoutStatus(localId): never charge again.
 */
export const chargeSavedCard = (request: CardChargeRequest, confirmation: Confirmation) =>
  call<CheckoutResult>("charge_saved_card", { request, confirmation });
/** Removes a saved card at MonEFlow Pay, then from the desk. */
export const removeSavedCard = (customerId: string, cardId: number) =>
  call<void>("remove_saved_card", { customerId, cardId });

/** Reads and checks a collection form without sending anything. */
export const reviewCollection = (request: CollectionRequest) => call<CollectionReview>("review_collection", { request });
/** Creates a reviewed collection through the engine; Mona's consent page once Mona holds it. */
export const createCollection = (request: CollectionRequest, confirmation: Confirmation) =>
  call<CollectionSession>("create_collection", { request, confirmation });
/** A collection as it stands, read back from Mona (after its page says the customer answered). */
export const collectionStatus = (id: string) => call<CollectionSession>("collection_status", { id });
/** Cancels a collection pending consent or active, through the engine. */
export const cancelCollection = (id: string) => call<CancelResult>("cancel_collection", { id });

/** Asks Mona to verify the customer's identity (one waiting is taken up again); Mona's page. */
export const startVerification = (customerId: string) => call<VerificationSession>("start_verification", { customerId });
/** The customer's verification read back from Mona. */
export const verificationStatus = (customerId: string) => call<VerificationSession>("verification_status", { customerId });
