import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";

describe("formatMoney", () => {
  it("shows minor units with the currency's decimals", () => {
    expect(formatMoney({ minor: 125050, currency: "MXN" })).toBe("1,250.50 MXN");
    expect(formatMoney({ minor: 7, currency: "NGN" })).toBe("0.07 NGN");
  });
  it("shows zero-decimal currencies without a point", () => {
    expect(formatMoney({ minor: 1500, currency: "CLP" })).toBe("1,500 CLP");
  });
  it("keeps the sign of refunds and reversals", () => {
    expect(formatMoney({ minor: -9900, currency: "USD" })).toBe("-99.00 USD");
  });
  it("is exact where floats are not", () => {
    // 0.1 + 0.2 style errors would show as 0.30000000000000004
    expect(formatMoney({ minor: 30, currency: "EUR" })).toBe("0.30 EUR");
  });
});
