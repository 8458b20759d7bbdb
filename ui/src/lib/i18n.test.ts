// The UI in Spanish and English: messages follow the language without a restart; amounts,
// numbers and dates follow the amount locale; a command's error renders from the catalog.
import { afterEach, describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import { m } from "../paraglide/messages.js";
import { DeskError } from "../api/invoke";
import { fill, loadCatalog, localize, setAmountLocale, setLanguage } from "./i18n.svelte";
import { formatMoney, groupThousands } from "./money";
import { formatWhen, kindText, statusText, syncFailing, toMinor } from "./format";
import History from "../screens/history/History.svelte";
import { commandMock, render } from "./testing";
import { vi } from "vitest";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]) => Promise.resolve(undefined as unknown) }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: () => Promise.resolve(() => {}) }));

afterEach(() => {
  setLanguage("en");
  setAmountLocale("en");
});

describe("the language", () => {
  it("renders each message in the language of the moment", () => {
    expect(m.history_title()).toBe("History");
    setLanguage("es");
    expect(m.history_title()).toBe("Historial");
    expect(statusText("reversed")).toBe("devuelto por el banco");
    expect(m.shell_queue({ queued: 2, inFlight: 1 })).toBe("2 en cola · 1 en curso");
    expect(syncFailing([{ provider: "monei", lastError: "x" } as never])).toBe("Monei: falla la sincronización");
    expect(document.documentElement.lang).toBe("es");
  });

  it("names every kind of record the store keeps, in both languages", () => {
    const kinds = ["payment", "checkout", "charge", "collection", "cancel", "payout", "refund", "capture", "void"];
    const english = kinds.map(kindText);
    expect(english).toEqual([
      "payment", "checkout", "saved-card charge", "recurring collection", "cancellation",
      "payout", "refund", "capture", "void",
    ]);
    setLanguage("es");
    expect(kinds.map(kindText)).toEqual([
      "pago", "cobro", "cargo a tarjeta guardada", "cobro recurrente", "cancelación",
      "transferencia", "reembolso", "captura", "anulación",
    ]);
  });

  it("re-renders a screen on screen when it changes, without a restart", async () => {
    const api = commandMock();
    mock.invoke = api.invoke as never;
    globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} };
    Object.defineProperty(window.screen, "availHeight", { value: 800, configurable: true });
    api.handlers.list_history = () => ({ items: [], total: 1250, totalIsCapped: false, nextCursor: null });
    const screen = render(History, {});
    await new Promise((r) => setTimeout(r, 20));
    flushSync();
    expect(screen.get("history-total").textContent).toBe("1,250 transactions");
    setLanguage("es");
    setAmountLocale("es-ES");
    flushSync();
    expect(screen.get("history-total").textContent).toBe("1250 transacciones");
    expect(screen.get("export-csv").textContent).toBe("Exportar CSV");
    screen.destroy();
  });
});

describe("amounts, numbers and dates", () => {
  it("are written as the amount locale writes them, like the core", () => {
    const eur = { minor: 125050, currency: "EUR" };
    expect(formatMoney(eur)).toBe("1,250.50 EUR");
    setAmountLocale("es-MX");
    expect(formatMoney({ minor: 125050, currency: "MXN" })).toBe("1,250.50 MXN");
    setAmountLocale("es-ES");
    expect(formatMoney(eur)).toBe("1250,50 EUR");
    expect(formatMoney({ minor: 1234550, currency: "EUR" })).toBe("12.345,50 EUR");
    expect(groupThousands(1_000_000)).toBe("1.000.000");
    expect(toMinor("1.250,50")).toBe(125050);
    expect(toMinor("1,250.50")).toBeNull();
  });

  it("name the month in the desk's language", () => {
    setLanguage("es");
    expect(formatWhen("2026-11-25T23:30:00-06:00")).toBe("25 nov 2026, 23:30");
    expect(formatWhen("2027-01-03T08:05:00+01:00")).toBe("03 ene 2027, 08:05");
  });
});

describe("a command's error", () => {
  it("renders from the catalog in the UI's language when Rust sent its code", async () => {
    setLanguage("es");
    await loadCatalog("es");
    const e = new DeskError({
      code: "errors.validation",
      message: "Some fields need attention.",
      messageCode: "errors.validation",
      params: {},
      fields: [{ field: "clabe", code: "clabe.length", params: { count: "17" }, message: "A CLABE has 18 digits; this one has 17." }],
    });
    expect(e.message).toBe("Algunos campos necesitan atención.");
    expect(e.describe()).toBe("Una CLABE tiene 18 dígitos; esta tiene 17.");
  });

  it("keeps Rust's sentence without a code, or with one the catalog does not have", async () => {
    await loadCatalog("en");
    expect(localize(null, {}, "As Rust said.")).toBe("As Rust said.");
    expect(localize("errors.no_such_code", {}, "As Rust said.")).toBe("As Rust said.");
    expect(fill("{a} and {b}", { a: "1" })).toBe("1 and {b}");
  });
});
