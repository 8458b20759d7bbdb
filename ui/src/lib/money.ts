// Money on screen: integer minor units in, a localised string out. Never a float in between.
import { ISO_EXPONENT } from "../api/bindings/currencies";
import type { AmountLocale } from "../api/bindings/AmountLocale";
import type { Money } from "../api/bindings/Money";
import { currentAmountLocale } from "./i18n.svelte";

/**
 * Minor-unit digits of a currency, as `Currency::exponent` in Rust (the table is generated
 * from it): every ISO 4217 code has its own; a code outside ISO 4217 has 0, so its amount
 * shows as the raw integer the provider sent, beside the code as received.
 */
export function exponentOf(currency: string): number {
  return Object.hasOwn(ISO_EXPONENT, currency) ? (ISO_EXPONENT[currency] ?? 0) : 0;
}

/** The decimal mark and the thousands separator of an amount locale, as the core writes them. */
export function separators(locale: AmountLocale = currentAmountLocale()): { decimal: string; group: string } {
  return locale === "es-ES" ? { decimal: ",", group: "." } : { decimal: ".", group: "," };
}

/**
 * Whole units with thousands separators as the amount locale writes them ("1,250,000"; in
 * Spain "1.250.000", and "1250" under five digits, as the core writes them), by hand: the
 * engine's `Intl` loads its locale data on first use, which cost the first screen about 13 ms.
 */
export function groupThousands(whole: number, locale: AmountLocale = currentAmountLocale()): string {
  const digits = String(Math.trunc(Math.abs(whole)));
  const sign = whole < 0 ? "-" : "";
  if (locale === "es-ES" && digits.length < 5) return sign + digits;
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return sign + groups.join(separators(locale).group);
}

/**
 * Formats money for display as the core does (`Money::display_in`): "1,250.50 MXN", in Spain
 * "1250,50 EUR" and "12.345,50 EUR"; minor units split with integer arithmetic.
 */
export function formatMoney(m: Money, locale: AmountLocale = currentAmountLocale()): string {
  const exp = exponentOf(m.currency);
  const negative = m.minor < 0;
  const abs = Math.abs(m.minor);
  const unit = 10 ** exp;
  const whole = Math.trunc(abs / unit);
  const frac = abs % unit;
  const wholeText = groupThousands(whole, locale);
  const fracText = exp > 0 ? separators(locale).decimal + String(frac).padStart(exp, "0") : "";
  return `${negative ? "-" : ""}${wholeText}${fracText} ${m.currency}`;
}
