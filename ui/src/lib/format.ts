// Small display helpers shared by the screens.
import type { HistoryItem } from "../api/bindings/HistoryItem";
import type { Provider } from "../api/bindings/Provider";

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
 * A date-time for lists, in the merchant's local time: "25 Nov 2026, 14:05". Written by hand
 * rather than with `Intl`, whose locale data cost the first screen about 13 ms to load.
 */
export function formatWhen(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return "";
  return `${twoDigits(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${twoDigits(d.getHours())}:${twoDigits(d.getMinutes())}`;
}

/** The colour class of a status badge. */
export function statusTone(status: string): "ok" | "warn" | "bad" | "muted" {
  if (["succeeded", "paid", "confirmed", "active", "verified", "captured", "done"].includes(status)) return "ok";
  if (["failed", "reversed", "refused", "declined", "attention", "conflict"].includes(status)) return "bad";
  // money still held or partly given back: the merchant may still act on it
  if (["queued", "sending", "pending", "processing", "checking", "authorized", "partially_refunded", "expiring"].includes(status)) return "warn";
  // refunded, voided, expired: closed, nothing more to take
  return "muted";
}

/** A status as a merchant reads it: "partially_refunded" → "partially refunded". */
export const statusText = (status: string) => status.replace(/_/g, " ");

/** Every status the history can show, for its filter. */
export const HISTORY_STATUSES = [
  "succeeded", "pending", "failed", "queued", "sending", "processing", "paid", "reversed",
  "authorized", "captured", "partially_refunded", "refunded", "voided", "expired",
];

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
