// Amounts as the merchant types them. The desk's core reads every amount (readAmount); what is
// here only picks the example and the plain text a field starts from, by the language of
// amounts the merchant chose in Settings.
import type { AmountLocale } from "../api/bindings/AmountLocale";
import type { Money } from "../api/bindings/Money";
import { exponentOf } from "./money";
import { m } from "../paraglide/messages.js";

/**
 * The language of amounts in effect: the merchant's choice, or (null: "follow this computer")
 * the webview's language read the way the core reads the computer's: Spanish of Mexico, the
 * United States and Latin America writes like English, any other Spanish like Spain.
 */
export function effectiveLocale(chosen: AmountLocale | null, computer: string = globalThis.navigator?.language ?? "en"): AmountLocale {
  if (chosen) return chosen;
  const [language = "", ...rest] = computer.split(/[-_.@]/);
  if (language.toLowerCase() !== "es") return "en";
  const region = rest.find((p) => p.length !== 4) ?? "";
  return ["MX", "US", "419"].includes(region.toUpperCase()) ? "es-MX" : "es-ES";
}

/** An amount as written in the language of amounts: "1,250.50", or "1.250,50" in Spain. */
export function exampleAmount(chosen: AmountLocale | null): string {
  return effectiveLocale(chosen) === "es-ES" ? "1.250,50" : "1,250.50";
}

/** The example under an amount field: "e.g. 1,250.50", or "p. ej., 1.250,50" in Spain. */
export function amountExample(chosen: AmountLocale | null): string {
  return m.amounts_example({ example: exampleAmount(chosen) });
}

/**
 * A saved amount as the text a field starts from: plain digits, no thousands separators, the
 * locale's decimal mark only when there are cents ("1000", "1000,50"). The field's reading
 * beside it (from the core) shows what it means.
 */
export function plainAmount(money: Money, chosen: AmountLocale | null): string {
  const exp = exponentOf(money.currency);
  const unit = 10 ** exp;
  const whole = Math.trunc(Math.abs(money.minor) / unit);
  const frac = Math.abs(money.minor) % unit;
  if (frac === 0) return String(whole);
  const mark = effectiveLocale(chosen) === "es-ES" ? "," : ".";
  return `${whole}${mark}${String(frac).padStart(exp, "0")}`;
}

/** The reading beside a field, from the core's `text` ("12,50 EUR"): "= 12,50 EUR". */
export function readingText(text: string): string {
  return text.trimStart().startsWith("=") ? text : `= ${text}`;
}
