// Money on screen: integer minor units in, a localised string out. Never a float in between.
import type { Currency } from "../api/bindings/Currency";
import type { Money } from "../api/bindings/Money";

/** Minor-unit digits per currency (ISO 4217), mirroring `Currency::exponent` in Rust. */
export const EXPONENT: Record<Currency, number> = {
  MXN: 2, NGN: 2, USD: 2, EUR: 2, GBP: 2, PEN: 2, COP: 2, CLP: 0, BRL: 2, ARS: 2,
};

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
  const exp = EXPONENT[m.currency];
  const negative = m.minor < 0;
  const abs = Math.abs(m.minor);
  const unit = 10 ** exp;
  const whole = Math.trunc(abs / unit);
  const frac = abs % unit;
  const wholeText = groupThousands(whole);
  const fracText = exp > 0 ? "." + String(frac).padStart(exp, "0") : "";
  return `${negative ? "-" : ""}${wholeText}${fracText} ${m.currency}`;
}
