// Small display helpers shared by the screens.
import type { Provider } from "../api/bindings/Provider";
import { wholeNumberFormat } from "./money";

/** The provider's name as a merchant reads it. */
export const providerName: Record<Provider, string> = {
  mona: "Mona",
  monei: "Monei",
  moneflow: "MonEFlow Pay",
  monnet: "Monnet",
};

const whenFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale, built once: building one is the costly part of formatting. */
function whenFormat(locale: string): Intl.DateTimeFormat {
  let f = whenFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
    whenFormats.set(locale, f);
  }
  return f;
}

/** A date-time for lists: "25 Nov 2026, 14:05". */
export function formatWhen(rfc3339: string, locale = "en-GB"): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return "";
  return whenFormat(locale).format(d);
}

/**
 * Builds the history list's formatters (the first loads the engine's locale data) while the
 * app waits for its first answers from Rust, instead of while it paints the first rows.
 */
export function warmFormatters(): void {
  whenFormat("en-GB").format(0);
  wholeNumberFormat("en-US").format(0);
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
