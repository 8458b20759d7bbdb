// Instant CLABE hints while the merchant types, in the words the core uses for the same
// refusals (the catalog's `clabe.*`); the backend stays the authority.
import { m } from "../paraglide/messages.js";

const WEIGHTS = [3, 7, 1];

/** The check digit of the first 17 digits of a CLABE. */
export function clabeCheckDigit(first17: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (Number(first17[i]) * WEIGHTS[i % 3]!) % 10;
  return (10 - (sum % 10)) % 10;
}

/** What is wrong with a CLABE as typed so far, or null when it is complete and valid. */
export function clabeHint(text: string): string | null {
  const digits = text.replace(/[\s-]/g, "");
  if (digits === "") return null;
  if (!/^\d+$/.test(digits)) return m["clabe.digits_only"]();
  if (digits.length !== 18) return m["clabe.length"]({ count: String(digits.length) });
  const expected = clabeCheckDigit(digits.slice(0, 17));
  return Number(digits[17]) === expected ? null : m["clabe.check_digit"]({ expected: String(expected) });
}
