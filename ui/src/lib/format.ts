// Small display helpers shared by the screens, in the desk's language and amount locale.
import type { AmountLocale } from "../api/bindings/AmountLocale";
import type { HistoryItem } from "../api/bindings/HistoryItem";
import type { Provider } from "../api/bindings/Provider";
import type { ProviderSync } from "../api/bindings/ProviderSync";
import { m } from "../paraglide/messages.js";
import { currentAmountLocale } from "./i18n.svelte";

/** The provider's name as a merchant reads it (a brand: the same in every language). */
export const providerName: Record<Provider, string> = {
  mona: "Mona",
  monei: "Monei",
  moneflow: "MonEFlow Pay",
  monnet: "Monnet",
};

/** The month's short name in the desk's language: "Nov", "nov". */
const month = (n: number) => m.date_months_short().split(" ")[n];

const twoDigits = (n: number) => String(n).padStart(2, "0");

/** A local day as lists name it: "25 Nov", "25 nov" for "2026-11-25"; the text as given when it is not a day. */
export function dayLabel(day: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const name = d ? month(Number(d[2]) - 1) : undefined;
  return d && name ? `${Number(d[3])} ${name}` : day;
}

/** A month in the desk's language: "November 2026", "noviembre de 2026" for "2026-11"; the text as given when it is not one. */
export function monthLabel(text: string): string {
  const d = /^(\d{4})-(\d{2})$/.exec(text);
  const name = d ? m.date_months_long().split(" ")[Number(d[2]) - 1] : undefined;
  return d && name ? m.date_month_year({ month: name, year: d[1] ?? "" }) : text;
}

/**
 * A date-time for lists as the merchant lives it: "25 Nov 2026, 23:30", "25 nov 2026, 23:30"
 * in Spanish (Spain and Mexico write it alike: day, month, year, 24-hour clock). The core writes times
 * in the merchant's time zone (Settings, or the computer's) with their offset, so the clock
 * time is read from the text itself, not moved into this window's zone; a time in UTC ("Z")
 * is shown in the computer's zone. Written by hand rather than with `Intl`, whose locale data
 * cost the first screen about 13 ms to load.
 */
export function formatWhen(rfc3339: string): string {
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?[+-]\d{2}:\d{2}$/.exec(rfc3339);
  if (local) {
    const [, y, mo, d, h, mi] = local;
    const name = month(Number(mo) - 1);
    if (name) return `${d} ${name} ${y}, ${h}:${mi}`;
  }
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return "";
  return `${twoDigits(t.getDate())} ${month(t.getMonth())} ${t.getFullYear()}, ${twoDigits(t.getHours())}:${twoDigits(t.getMinutes())}`;
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
const STATUS_LABELS: Record<string, () => string> = {
  pending: m.status_pending,
  processing: m.status_processing,
  authorized: m.status_authorized,
  succeeded: m.status_succeeded,
  captured: m.status_captured,
  paid: m.status_paid,
  failed: m.status_failed,
  voided: m.status_voided,
  canceled: m.status_canceled,
  expired: m.status_expired,
  expiring: m.status_expiring,
  refunded: m.status_refunded,
  partially_refunded: m.status_partially_refunded,
  reversed: m.status_reversed,
  unknown: m.status_unknown,
  attention: m.status_attention,
  queued: m.status_queued,
  sending: m.status_sending,
};

/** A status as a merchant reads it: "partially_refunded" → "partially refunded". */
export const statusText = (status: string) =>
  (Object.hasOwn(STATUS_LABELS, status) ? STATUS_LABELS[status]?.() : undefined) ?? status.replace(/_/g, " ");

const KIND_LABELS: Record<string, () => string> = {
  payment: m.kind_payment,
  checkout: m.kind_checkout,
  charge: m.kind_charge,
  collection: m.kind_collection,
  cancel: m.kind_cancel,
  payout: m.kind_payout,
  refund: m.kind_refund,
  capture: m.kind_capture,
  void: m.kind_void,
};

/** A record's kind as a merchant reads it: "payout" → "payout", "transferencia". */
export const kindText = (kind: string) => (Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind]?.() : undefined) ?? kind;

/** An environment as a merchant reads it: "sandbox", "production", "producción". */
export const environmentText = (environment: string) =>
  environment === "production" ? m.environment_production() : environment === "sandbox" ? m.environment_sandbox() : environment;

/** Every status the history can show, for its filter; each has its own badge colour. */
export const HISTORY_STATUSES = [
  "succeeded", "pending", "processing", "authorized", "captured", "paid", "failed", "reversed",
  "partially_refunded", "refunded", "voided", "canceled", "expired", "unknown", "queued", "sending",
];

/** The history's sync summary for the status bar: "Monei: sync failing" while some providers' pulls fail. */
export function syncFailing(providers: readonly ProviderSync[]): string | null {
  const failing = providers.filter((p) => p.lastError).map((p) => providerName[p.provider]);
  return failing.length ? m.sync_failing({ providers: failing.join(", ") }) : null;
}

/**
 * Parses an amount typed in major units in the amount locale ("1,250.50", "1.250,50" in
 * Spain) into integer minor units, or null. Never a float. For the history's filters only:
 * amounts that move money are read by the core.
 */
export function toMinor(text: string, exponent = 2, locale: AmountLocale = currentAmountLocale()): number | null {
  const [group, decimal] = locale === "es-ES" ? [".", ","] : [",", "."];
  const t = text.replace(/[_\s]/g, "").split(group).join("").replace(decimal, ".");
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
