import { describe, expect, it } from "vitest";
import { formatMoney, groupThousands } from "./money";

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
  it("shows every ISO 4217 currency with its own exponent", () => {
    expect(formatMoney({ minor: 125050, currency: "CHF" })).toBe("1,250.50 CHF");
    expect(formatMoney({ minor: 1500, currency: "JPY" })).toBe("1,500 JPY");
    expect(formatMoney({ minor: 1250500, currency: "KWD" })).toBe("1,250.500 KWD");
  });
  it("shows a code outside ISO 4217 as received: the raw minor units", () => {
    expect(formatMoney({ minor: 123456, currency: "XQQ" })).toBe("123,456 XQQ");
    expect(formatMoney({ minor: 5, currency: "toString" })).toBe("5 toString");
  });
  it("is exact where floats are not", () => {
    // 0.1 + 0.2 style errors would show as 0.30000000000000004
    expect(formatMoney({ minor: 30, currency: "EUR" })).toBe("0.30 EUR");
  });
});

describe("groupThousands", () => {
  it("groups whole units in threes", () => {
    expect(groupThousands(0)).toBe("0");
    expect(groupThousands(999)).toBe("999");
    expect(groupThousands(1000)).toBe("1,000");
    expect(groupThousands(1_000_000)).toBe("1,000,000");
    expect(groupThousands(12_345_678)).toBe("12,345,678");
    expect(groupThousands(-4_500)).toBe("-4,500");
  });
  it("reads like the engine's en-US number format", () => {
    const intl = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
    for (const n of [7, 42, 1234, 56_789, 987_654_321, 9_007_199_254_740_991]) expect(groupThousands(n)).toBe(intl.format(n));
  });
});
