// Instant CLABE hints while the merchant types; the backend stays the authority.

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
  if (!/^\d+$/.test(digits)) return "A CLABE has digits only.";
  if (digits.length !== 18) return `A CLABE has 18 digits; this one has ${digits.length}.`;
  const expected = clabeCheckDigit(digits.slice(0, 17));
  return Number(digits[17]) === expected ? null : `The last digit should be ${expected}: check for a typo.`;
}
