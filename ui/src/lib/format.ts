// Small display helpers shared by the screens.
import type { HistoryItem } from "../api/bindings/HistoryItem";
import type { Provider } from "../api/bindings/Provider";
import type { ProviderSync } from "../api/bindings/ProviderSync";

/** The provider's name as a merchant reads it. */
export const providerName: Record<Provider, string> = {
  mona: "Mona",
  monei: "Monei",
  moneflow: "MonEFlow Pay",
  monnet: "Monnet",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const twoDigits = (n: number) => String(n).padStart(2, "0");

/**
 * A date-time for lists as the merchant lives it: "25 Nov 2026, 23:30". The core writes times
 * in the merchant's time zone (Settings, or the computer's) with their offset, so the clock
 * time is read from the text itself, not moved into this window's zone; a time in UTC ("Z")
 * is shown in the computer's zone. Written by hand rather than with `Intl`, whose locale data
 * cost the first screen about 13 ms to load.
 */
export function formatWhen(rfc3339: string): string {
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?[+-]\d{2}:\d{2}$/.exec(rfc3339);
  if (local) {
    const [, y, mo, d, h, mi] = local;
    const month = MONTHS[Number(mo) - 1];
    if (month) return `${d} ${month} ${y}, ${h}:${mi}`;
  }
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return "";
  return `${twoDigits(t.getDate())} ${MONTHS[t.getMonth()]} ${t.getFullYear()}, ${twoDigits(t.getHours())}:${twoDigits(t.getMinutes())}`;
}

/** The colour class of a status badge. */
export function statusTone(status: string): "ok" | "warn" | "bad" | "muted" {
  if (["succeeded", "paid", "confirmed", "active", "verified", "captured", "done"].includes(status)) return "ok";
  if (["failed", "reversed", "refused", "declined", "attention", "conflict"].includes(status)) return "bad";
  // money still held or partly given back, or an outcome not known: the merchant may still act on it
  if (["queued", "sending", "pending", "processing", "checking", "authorized", "partially_refunded", "expiring", "unknown"].includes(status)) return "warn";
  // refunded, voided, canceled, expired: closed, nothing more to take
  return "muted";
}

/** How each status the history shows reads to a merchant (anything else: its words). */
const STATUS_LABELS: Record<string, string> = {
  pending: "pending",
  processing: "processing",
  authorized: "authorized",
  succeeded: "succeeded",
  captured: "captured",
  paid: "paid",
  failed: "failed",
  voided: "voided",
  canceled: "cancelled",
  expired: "expired",
  refunded: "refunded",
  partially_refunded: "partially refunded",
  reversed: "reversed by the bank",
  unknown: "unknown",
  attention: "needs attention",
};

/** A status as a merchant reads it: "partially_refunded" → "partially refunded". */
export const statusText = (status: string) => STATUS_LABELS[status] ?? status.replace(/_/g, " ");

/** Every status the history can show, for its filter; each has its own badge colour. */
export const HISTORY_STATUSES = [
  "succeeded", "pending", "processing", "authorized", "captured", "paid", "failed", "reversed",
  "partially_refunded", "refunded", "voided", "canceled", "expired", "unknown", "queued", "sending",
];

/** The history's sync summary for the status bar: "Monei: sync failing" while some providers' pulls fail. */
export function syncFailing(providers: readonly ProviderSync[]): string | null {
  const failing = providers.filter((p) => p.lastError).map((p) => providerName[p.provider]);
  return failing.length ? `${failing.join(", ")}: sync failing` : null;
}

/** Parses an amount typed in major units into integer minor units, or null. Never a float. */
export function toMinor(text: string, exponent = 2): number | null {
  const t = text.replace(/[,_\s]/g, "");
  if (!/^\d+(\.\d*)?$/.test(t)) return null;
  const [whole = "0", frac = ""] = t.split(".");
  if (frac.length > exponent) return null;
  return Number(whole) * 10 ** exponent + Number(frac.padEnd(exponent, "0") || "0");
}

/** Records whose money goes out of the merchant's account (shown with a minus). */
export const MONEY_OUT = ["payout", "refund"];

/** Whether a record keeps other than its amount (refunds, or a capture of less): show the net. */
export const isNet = (item: HistoryItem) =>
  item.refunded.minor > 0 || (item.captured !== null && item.captured.minor !== item.amount.minor);
