// Small display helpers shared by the screens.
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
  if (["succeeded", "paid", "confirmed", "active", "verified"].includes(status)) return "ok";
  if (["failed", "reversed", "refused", "declined"].includes(status)) return "bad";
  if (["queued", "sending", "pending", "processing"].includes(status)) return "warn";
  return "muted";
}

/** Parses an amount typed in major units into integer minor units, or null. Never a float. */
export function toMinor(text: string, exponent = 2): number | null {
  const t = text.replace(/[,_\s]/g, "");
  if (!/^\d+(\.\d*)?$/.test(t)) return null;
  const [whole = "0", frac = ""] = t.split(".");
  if (frac.length > exponent) return null;
  return Number(whole) * 10 ** exponent + Number(frac.padEnd(exponent, "0") || "0");
}
