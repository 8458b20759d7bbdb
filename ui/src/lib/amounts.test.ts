import { describe, expect, it } from "vitest";
import { amountExample, effectiveLocale, plainAmount, readingText } from "./amounts";

describe("the language of amounts", () => {
  it("is the merchant's choice, or the computer's read like the core reads it", () => {
    expect(effectiveLocale("es-ES", "en-US")).toBe("es-ES");
    expect(effectiveLocale(null, "en-GB")).toBe("en");
    expect(effectiveLocale(null, "es-ES")).toBe("es-ES");
    expect(effectiveLocale(null, "es")).toBe("es-ES");
    expect(effectiveLocale(null, "es-MX")).toBe("es-MX");
    expect(effectiveLocale(null, "es-419")).toBe("es-MX");
    expect(effectiveLocale(null, "es_US.UTF-8")).toBe("es-MX");
  });
  it("gives the field's example in that language", () => {
    expect(amountExample("en")).toBe("e.g. 1,250.50");
    expect(amountExample("es-MX")).toBe("e.g. 1,250.50");
    expect(amountExample("es-ES")).toBe("e.g. 1.250,50");
  });
  it("starts a limit's field from plain digits the core reads back in that language", () => {
    expect(plainAmount({ minor: 100000, currency: "EUR" }, "es-ES")).toBe("1000");
    expect(plainAmount({ minor: 100050, currency: "EUR" }, "es-ES")).toBe("1000,50");
    expect(plainAmount({ minor: 100005, currency: "MXN" }, "en")).toBe("1000.05");
    expect(plainAmount({ minor: 1500, currency: "CLP" }, "en")).toBe("1500");
  });
  it("writes the reading as an equation", () => {
    expect(readingText("12,50 EUR")).toBe("= 12,50 EUR");
    expect(readingText("= 12,50 EUR")).toBe("= 12,50 EUR");
  });
});
