// How the customers' screens name statuses a merchant reads (the history's own are in
// lib/format): a collection's and a verification's.
import { m } from "../../paraglide/messages.js";

const COLLECTION: Record<string, () => string> = {
  queued: m.customers_status_queued,
  sending: m.customers_status_sending,
  checking: m.customers_status_checking,
  pending_consent: m.customers_status_pending_consent,
  active: m.customers_status_active,
  refused: m.customers_status_refused,
  cancelled: m.customers_status_cancelled,
  failed: m.customers_status_failed,
  attention: m.customers_status_attention,
};

const VERIFICATION: Record<string, () => string> = {
  creating: m.customers_verification_creating,
  pending: m.customers_verification_pending,
  verified: m.customers_verification_verified,
  failed: m.customers_verification_failed,
  refused: m.customers_verification_refused,
};

/** A collection's status as a merchant reads it. */
export const collectionStatusText = (status: string) => (Object.hasOwn(COLLECTION, status) ? COLLECTION[status]?.() : undefined) ?? status.replace(/_/g, " ");

/** A verification's status as a merchant reads it. */
export const verificationStatusText = (status: string) => (Object.hasOwn(VERIFICATION, status) ? VERIFICATION[status]?.() : undefined) ?? status.replace(/_/g, " ");

/** The colour of a collection's or verification's badge. */
export function tone(status: string): "ok" | "warn" | "bad" | "muted" {
  if (["active", "verified"].includes(status)) return "ok";
  if (["refused", "failed", "attention"].includes(status)) return "bad";
  if (["queued", "sending", "checking", "pending_consent", "creating", "pending"].includes(status)) return "warn";
  return "muted";
}
