// Money on screen: integer minor units in, a localised string out. Never a float in between.
import { ISO_EXPONENT } from "../api/bindings/currencies";
import type { Money } from "../api/bindings/Money";

/**
 * Minor-unit digits of a currency, as `Currency::exponent` in Rust (the table is generated
 * from it): every ISO 4217 code has its own; a code outside ISO 4217 has 0, so its amount
 * shows as the raw integer the provider sent, beside the code as received.
 */
export function exponentOf(currency: string): number {
  return Object.hasOwn(ISO_EXPONENT, currency) ? (ISO_EXPONENT[currency] ?? 0) : 0;
}

/**
 * Whole units with thousands separators ("1,250,000"), written by hand: the engine's `Intl`
 * loads its locale data on first use, which cost the first screen about 13 ms.
 */
export function groupThousands(whole: number): string {
  const digits = String(Math.trunc(Math.abs(whole)));
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return (whole < 0 ? "-" : "") + groups.join(",");
}

/** Formats money for display ("1,250.50 MXN"), splitting minor units with integer arithmetic. */
export function formatMoney(m: Money): string {
  const exp = exponentOf(m.currency);
  const negative = m.minor < 0;
  const abs = Math.abs(m.minor);
  const unit = 10 ** exp;
  const whole = Math.trunc(abs / unit);
  const frac = abs % unit;
  const wholeText = groupThousands(whole);
  const fracText = exp > 0 ? "." + String(frac).padStart(exp, "0") : "";
  return `${negative ? "-" : ""}${wholeText}${fracText} ${m.currency}`;
}
