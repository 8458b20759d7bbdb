// Money on screen: integer minor units in, a localised string out. Never a float in between.
import type { Currency } from "../api/bindings/Currency";
import type { Money } from "../api/bindings/Money";

/** Minor-unit digits per currency (ISO 4217), mirroring `Currency::exponent` in Rust. */
const EXPONENT: Record<Currency, number> = {
  MXN: 2, NGN: 2, USD: 2, EUR: 2, GBP: 2, PEN: 2, COP: 2, CLP: 0, BRL: 2, ARS: 2,
};

const wholeFormats = new Map<string, Intl.NumberFormat>();

/** The formatter of whole units for `locale`, built once. */
export function wholeNumberFormat(locale: string): Intl.NumberFormat {
  let f = wholeFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    wholeFormats.set(locale, f);
  }
  return f;
}

/** Formats money for display ("MX$1,250.50"), splitting minor units with integer arithmetic. */
export function formatMoney(m: Money, locale = "en-US"): string {
  const exp = EXPONENT[m.currency];
  const negative = m.minor < 0;
  const abs = Math.abs(m.minor);
  const unit = 10 ** exp;
  const whole = Math.trunc(abs / unit);
  const frac = abs % unit;
  const wholeText = wholeNumberFormat(locale).format(whole);
  const fracText = exp > 0 ? "." + String(frac).padStart(exp, "0") : "";
  return `${negative ? "-" : ""}${wholeText}${fracText} ${m.currency}`;
}
