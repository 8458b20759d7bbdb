import { describe, expect, it } from "vitest";
import { clabeCheckDigit, clabeHint } from "./clabe";
import { acceptSdkMessage } from "./messages";
import { HISTORY_STATUSES, formatWhen, isNet, statusText, statusTone, syncFailing, toMinor } from "./format";
import { visibleRange } from "./virtual";
import { DeskError } from "../api/invoke";
import { setLanguage } from "./i18n.svelte";

describe("clabe hints", () => {
  it("computes the check digit like the bank", () => {
    expect(clabeCheckDigit("64618011040000000")).toBe(7);
    expect(clabeCheckDigit("00212345123453451")).toBe(7);
  });
  it("says what is wrong while typing", () => {
    expect(clabeHint("")).toBeNull();
    expect(clabeHint("6461801104")).toMatch(/18 digits/);
    expect(clabeHint("002123451234534510")).toMatch(/should be 7/);
    expect(clabeHint("646180110400000007")).toBeNull();
    expect(clabeHint("64618011040000000x")).toMatch(/digits only/);
  });
  it("says it in Spanish, as the core does", () => {
    setLanguage("es");
    try {
      expect(clabeHint("6461801104")).toBe("Una CLABE tiene 18 dígitos; esta tiene 10.");
      expect(clabeHint("002123451234534510")).toMatch(/debería ser 7/);
    } finally {
      setLanguage("en");
    }
  });
});

describe("amounts", () => {
  it("parses major units into integer minor units", () => {
    expect(toMinor("1,250.50")).toBe(125050);
    expect(toMinor("0.07")).toBe(7);
    expect(toMinor("12")).toBe(1200);
    expect(toMinor("1.234")).toBeNull();
    expect(toMinor("-5")).toBeNull();
  });
  it("colours statuses by meaning", () => {
    expect(statusTone("paid")).toBe("ok");
    expect(statusTone("reversed")).toBe("bad");
    expect(statusTone("queued")).toBe("warn");
    // after the sale: still open to action (warn), done (ok), closed (muted)
    expect(statusTone("authorized")).toBe("warn");
    expect(statusTone("partially_refunded")).toBe("warn");
    expect(statusTone("captured")).toBe("ok");
    for (const closed of ["refunded", "voided", "expired"]) expect(statusTone(closed)).toBe("muted");
    expect(statusText("partially_refunded")).toBe("partially refunded");
  });
  it("offers every status the history can show, each with its own readable label", () => {
    for (const s of ["pending", "processing", "authorized", "succeeded", "failed", "voided", "canceled", "refunded", "partially_refunded", "reversed", "unknown", "captured", "expired"]) {
      expect(HISTORY_STATUSES).toContain(s);
    }
    const labels = HISTORY_STATUSES.map(statusText);
    expect(new Set(labels).size).toBe(labels.length);
    expect(statusText("canceled")).toBe("cancelled");
    expect(statusText("reversed")).toBe("reversed by the bank");
    // an outcome not known is never shown as a failure
    expect(statusText("unknown")).toBe("unknown");
    expect(statusTone("unknown")).toBe("warn");
  });
  it("summarises failing providers for the status bar", () => {
    const p = (provider: "mona" | "monei" | "moneflow" | "monnet", lastError: string | null) => ({ provider, lastPulledAt: null, lastError, failingSince: null, followedById: false });
    expect(syncFailing([p("mona", null), p("monei", "Monei: The provider did not accept these credentials.")])).toBe("Monei: sync failing");
    expect(syncFailing([p("mona", "x"), p("monei", "y")])).toBe("Mona, Monei: sync failing");
    expect(syncFailing([p("mona", null)])).toBeNull();
  });
  it("shows the net where refunds or a smaller capture make it differ", () => {
    const usd = (minor: number) => ({ minor, currency: "USD" as const });
    const row = { captured: null, refunded: usd(0), amount: usd(100), net: usd(100) };
    const as = (o: object) => ({ ...row, ...o }) as Parameters<typeof isNet>[0];
    expect(isNet(as({}))).toBe(false);
    expect(isNet(as({ refunded: usd(25), net: usd(75) }))).toBe(true);
    expect(isNet(as({ captured: usd(80), net: usd(80) }))).toBe(true);
    expect(isNet(as({ captured: usd(100) }))).toBe(false);
  });
});

describe("dates in lists", () => {
  it("shows local day, short month, year and 24-hour time", () => {
    expect(formatWhen(new Date(2026, 10, 25, 14, 5).toISOString())).toBe("25 Nov 2026, 14:05");
    expect(formatWhen(new Date(2027, 0, 3, 0, 0).toISOString())).toBe("03 Jan 2027, 00:00");
    expect(formatWhen(new Date(2026, 8, 9, 23, 59).toISOString())).toBe("09 Sep 2026, 23:59");
  });
  it("shows the merchant's clock time the core wrote, whatever this window's zone", () => {
    // 23:30 in Mexico City is 06:30 the next day in Madrid: the list keeps the merchant's day
    expect(formatWhen("2026-11-25T23:30:00-06:00")).toBe("25 Nov 2026, 23:30");
    expect(formatWhen("2026-11-26T06:30:00.250+01:00")).toBe("26 Nov 2026, 06:30");
    expect(formatWhen("2026-11-26T05:30:00+00:00")).toBe("26 Nov 2026, 05:30");
  });
  it("shows nothing for a date it cannot read", () => {
    expect(formatWhen("not a date")).toBe("");
  });
});

describe("virtual list window", () => {
  it("renders only the visible rows plus overscan", () => {
    expect(visibleRange(0, 400, 40, 1_000_000)).toEqual([0, 18]);
    expect(visibleRange(40_000, 400, 40, 1_000_000)).toEqual([992, 1018]);
    expect(visibleRange(0, 400, 40, 3)).toEqual([0, 3]);
  });
});

describe("SDK messages", () => {
  const frame = {};
  const origin = "http://127.0.0.1:4100";
  it("accepts the documented shapes from the hosted frame", () => {
    const m = acceptSdkMessage({ origin, source: frame, data: { source: "moneflow-sdk", type: "nonce", nonce: "nonce_1", card: { brand: "Visa", last4: "4242" } } }, origin, frame);
    expect(m?.type).toBe("nonce");
  });
  it("ignores other origins, other frames and unknown shapes", () => {
    const data = { source: "mona-sdk", type: "completed" };
    expect(acceptSdkMessage({ origin: "http://evil.example", source: frame, data }, origin, frame)).toBeNull();
    expect(acceptSdkMessage({ origin, source: {}, data }, origin, frame)).toBeNull();
    expect(acceptSdkMessage({ origin, source: frame, data: { source: "mona-sdk", type: "steal" } }, origin, frame)).toBeNull();
  });
});

describe("command errors", () => {
  it("tell the merchant the fields' own sentences, or the message without fields", () => {
    const fields = new DeskError({
      code: "errors.validation",
      message: "Some fields need attention.",
      fields: [{ field: "sandboxPersistent", message: "Keep the sandbox's state first." }],
    });
    expect(fields.describe()).toBe("Keep the sandbox's state first.");
    const plain = new DeskError({ code: "errors.provider", message: "The provider could not be reached.", fields: [] });
    expect(plain.describe()).toBe("The provider could not be reached.");
  });
});
