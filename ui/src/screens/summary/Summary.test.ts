// The day at a glance: the periods' totals as the core sums them, the provider breakdown of
// the chosen period, the daily chart (uPlot, faked here) per currency and measure, and the
// attention items leading to a record (History opens its details) or to Settings.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DaySummaryView, HistoryPage } from "../../api";
import type { AttentionItem } from "../../api/bindings/AttentionItem";
import type { MoneyTotals } from "../../api/bindings/MoneyTotals";
import { askToOpenRecord, askToShowSetting, takeRecordToOpen, takeSettingToShow } from "../../lib/navigation";
import { click, commandMock, render, type, until } from "../../lib/testing";
import History from "../history/History.svelte";
import Summary from "./Summary.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: () => Promise.resolve(() => {}) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

// uPlot draws on a canvas jsdom does not have: a stand-in keeps what it was asked to draw.
const plots = vi.hoisted(() => [] as { opts: { series: unknown[] }; data: number[][]; destroyed: boolean }[]);
vi.mock("uplot", () => {
  class FakePlot {
    static paths = { bars: () => "bars" };
    entry: { opts: { series: unknown[] }; data: number[][]; destroyed: boolean };
    constructor(opts: { series: unknown[] }, data: number[][]) {
      this.entry = { opts, data, destroyed: false };
      plots.push(this.entry);
    }
    setSize() {}
    destroy() {
      this.entry.destroyed = true;
    }
  }
  return { default: FakePlot };
});
vi.mock("uplot/dist/uPlot.min.css", () => ({}));

const figure = (minor: number, currency: string, count: number) => ({
  amount: { minor, currency },
  text: `${(minor / 100).toFixed(2)} ${currency}`,
  count,
});
const totals = (currency: string, taken: number, refunded: number, paidOut: number): MoneyTotals => ({
  taken: figure(taken, currency, taken ? 2 : 0),
  refunded: figure(refunded, currency, refunded ? 1 : 0),
  paidOut: figure(paidOut, currency, paidOut ? 1 : 0),
});
// 27 Oct to 25 Nov 2026
const days = [...[27, 28, 29, 30, 31].map((d) => `2026-10-${d}`), ...Array.from({ length: 25 }, (_, i) => `2026-11-${String(i + 1).padStart(2, "0")}`)];
const series = (first: number, last: number) => Array.from({ length: 30 }, (_, i) => (i === 0 ? first : i === 29 ? last : 0));
const item = (over: Partial<AttentionItem>): AttentionItem => ({
  kind: "payoutRejected", leadsTo: { to: "record", id: "monnet_1" }, provider: "monnet", recordKind: "payout", reference: "PO-7",
  amount: { minor: 50000, currency: "MXN" }, amountText: "500.00 MXN", counterparty: "María Pérez", at: "2026-11-24T10:00:00-06:00", detail: null, ...over,
});

const SUMMARY: DaySummaryView = {
  environment: "sandbox",
  timeZone: "America/Mexico_City",
  generatedAt: "2026-11-25T12:30:00-06:00",
  periods: [
    { period: "today", from: "2026-11-25", to: "2026-11-25", currencies: [{ currency: "EUR", totals: totals("EUR", 12000, 0, 0) }], providers: [{ provider: "monei", currency: "EUR", totals: totals("EUR", 12000, 0, 0) }] },
    { period: "last7Days", from: "2026-11-19", to: "2026-11-25", currencies: [{ currency: "EUR", totals: totals("EUR", 12000, 500, 0) }], providers: [{ provider: "monei", currency: "EUR", totals: totals("EUR", 12000, 500, 0) }] },
    {
      period: "last30Days", from: "2026-10-27", to: "2026-11-25",
      currencies: [{ currency: "EUR", totals: totals("EUR", 15000, 500, 0) }, { currency: "MXN", totals: totals("MXN", 0, 0, 98000) }],
      providers: [{ provider: "monei", currency: "EUR", totals: totals("EUR", 15000, 500, 0) }, { provider: "monnet", currency: "MXN", totals: totals("MXN", 0, 0, 98000) }],
    },
  ],
  days,
  daily: [
    { currency: "EUR", taken: series(3000, 12000), refunded: series(0, 500), paidOut: series(0, 0), movements: 4 },
    { currency: "MXN", taken: series(0, 0), refunded: series(0, 0), paidOut: series(98000, 0), movements: 1 },
  ],
  attention: [
    item({}),
    item({ kind: "syncFailing", leadsTo: { to: "settings", section: "sync" }, provider: "monei", recordKind: null, reference: null, amount: null, amountText: null, counterparty: null, detail: "Monei refused the key." }),
    item({ kind: "keyRotationOverdue", leadsTo: { to: "settings", section: "credentials" }, provider: "mona", recordKind: null, reference: null, amount: null, amountText: null, counterparty: null, at: "2026-11-20T00:00:00-06:00" }),
  ],
};

describe("the day at a glance", () => {
  let screen: ReturnType<typeof render>;
  const opened: string[] = [];
  const settings: string[] = [];
  beforeEach(() => {
    commands.reset();
    plots.length = 0;
    opened.length = 0;
    settings.length = 0;
    globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} };
    Object.defineProperty(window.screen, "availHeight", { value: 800, configurable: true });
  });
  afterEach(() => screen?.destroy());

  const show = async (view: DaySummaryView = SUMMARY) => {
    commands.handlers.day_summary = () => view;
    screen = render(Summary, { onOpenRecord: (id: string) => opened.push(id), onOpenSettings: (s: string) => settings.push(s) });
    await until(() => expect(screen.q("summary-period-today")).not.toBeNull());
  };

  it("shows each period's totals per currency as the core summed them", async () => {
    await show();
    const month = screen.get("summary-period-last30Days");
    expect(month.dataset.from).toBe("2026-10-27");
    expect(month.dataset.to).toBe("2026-11-25");
    const currencies = [...month.querySelectorAll<HTMLElement>("[data-testid=summary-currency]")];
    expect(currencies.map((c) => c.dataset.currency)).toEqual(["EUR", "MXN"]);
    const eur = currencies[0]!;
    expect(eur.querySelector<HTMLElement>("[data-testid=summary-taken]")!.dataset.minor).toBe("15000");
    expect(eur.querySelector("[data-testid=summary-taken]")!.textContent).toContain("150.00 EUR");
    expect(eur.querySelector("[data-testid=summary-taken] .count")!.getAttribute("title")).toBe("2 payments");
    expect(eur.querySelector("[data-testid=summary-refunded]")!.textContent).toContain("5.00 EUR");
    expect(eur.querySelector("[data-testid=summary-refunded] .count")!.getAttribute("title")).toBe("1 refund");
    expect(currencies[1]!.querySelector("[data-testid=summary-paid-out]")!.textContent).toContain("980.00 MXN");
    expect(screen.get("summary-period-today").textContent).toContain("25 Nov");
    expect(screen.get("summary-generated").textContent).toContain("America/Mexico_City");
  });

  it("breaks the chosen period down per provider", async () => {
    await show();
    const rows = () => [...screen.target.querySelectorAll<HTMLElement>("[data-testid=summary-provider-row]")].map((r) => `${r.dataset.provider} ${r.dataset.currency}`);
    expect(screen.get("summary-providers").textContent).toContain("By provider, today");
    expect(rows()).toEqual(["monei EUR"]);
    click(screen.get("summary-period-last30Days"));
    expect(screen.get("summary-period-last30Days").getAttribute("aria-pressed")).toBe("true");
    expect(screen.get("summary-providers").textContent).toContain("By provider, last 30 days");
    expect(rows()).toEqual(["monei EUR", "monnet MXN"]);
    const monnet = screen.target.querySelectorAll<HTMLElement>("[data-testid=summary-provider-row]")[1]!;
    expect(monnet.textContent).toContain("980.00 MXN");
  });

  it("charts the currency with the most movements first, then what the merchant picks", async () => {
    await show();
    await until(() => expect(plots.length).toBe(1));
    expect(plots[0]!.data[0]).toHaveLength(30);
    expect(plots[0]!.data[1]![0]).toBe(30);
    expect(plots[0]!.data[1]![29]).toBe(120);
    expect(screen.get("daily-plot").dataset.currency).toBe("EUR");
    expect(screen.get("daily-readout").textContent).toContain("Taken in 30 days: 150.00 EUR");

    click(screen.get("daily-measure-refunded"));
    await until(() => expect(plots.length).toBe(2));
    expect(plots[0]!.destroyed).toBe(true);
    expect(plots[1]!.data[1]![29]).toBe(5);
    expect(screen.get("daily-readout").textContent).toContain("Refunded in 30 days: 5.00 EUR");

    click(screen.get("daily-measure-paidOut"));
    type(screen.get<HTMLSelectElement>("daily-currency"), "MXN");
    await until(() => expect(plots.at(-1)!.data[1]![0]).toBe(980));
    expect(screen.get("daily-plot").dataset.currency).toBe("MXN");
    expect(screen.get("daily-readout").textContent).toContain("Paid out in 30 days: 980.00 MXN");
  });

  it("draws the chart where the system names no language (LANG=C)", async () => {
    const real = Object.getOwnPropertyDescriptor(window.navigator, "language");
    Object.defineProperty(window.navigator, "language", { value: "C", configurable: true });
    try {
      await show();
      await until(() => expect(plots.length).toBe(1));
      expect(navigator.language).toBe("en-US");
    } finally {
      if (real) Object.defineProperty(window.navigator, "language", real);
      else delete (window.navigator as { language?: string }).language;
    }
  });

  it("leads each attention item to its record or its setting", async () => {
    await show();
    const items = [...screen.target.querySelectorAll<HTMLElement>("[data-testid=attention-item]")];
    expect(items.map((i) => i.dataset.kind)).toEqual(["payoutRejected", "syncFailing", "keyRotationOverdue"]);
    expect(items[0]!.textContent).toContain("Monnet rejected the payout PO-7 of 500.00 MXN to María Pérez.");
    expect(items[1]!.textContent).toContain("Monei refused the key.");
    expect(items[2]!.textContent).toContain("The Mona key was due for rotation on 20 Nov 2026.");
    click(items[0]!);
    click(items[1]!);
    click(items[2]!);
    expect(opened).toEqual(["monnet_1"]);
    expect(settings).toEqual(["sync", "credentials"]);
  });

  it("says when nothing moved and nothing needs attention", async () => {
    const empty: DaySummaryView = {
      ...SUMMARY,
      periods: SUMMARY.periods.map((p) => ({ ...p, currencies: [], providers: [] })),
      daily: [],
      attention: [],
    };
    await show(empty);
    expect(screen.get("summary-period-today").textContent).toContain("Nothing taken, refunded or paid out.");
    expect(screen.get("attention-none").textContent).toContain("Nothing needs your attention.");
    expect(screen.get("daily-empty")).not.toBeNull();
    expect(plots).toHaveLength(0);
  });

  it("shows an error the core gives instead of figures", async () => {
    commands.handlers.day_summary = () => {
      throw { code: "errors.storage", message: "The database could not be read.", fields: [] };
    };
    screen = render(Summary, { onOpenRecord: () => {}, onOpenSettings: () => {} });
    await until(() => expect(screen.get("summary-error").textContent).toContain("The database could not be read."));
  });
});

describe("leading from the summary to another screen", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} };
    Object.defineProperty(window.screen, "availHeight", { value: 800, configurable: true });
  });
  afterEach(() => screen?.destroy());

  it("hands a wish over once", () => {
    askToOpenRecord("a");
    expect(takeRecordToOpen()).toBe("a");
    expect(takeRecordToOpen()).toBeNull();
    askToShowSetting("sync");
    expect(takeSettingToShow()).toBe("sync");
    expect(takeSettingToShow()).toBeNull();
  });

  it("History opens the details of the record it was asked for", async () => {
    const page: HistoryPage = { items: [], nextCursor: null, total: 0, totalIsCapped: false };
    commands.handlers.list_history = () => page;
    commands.handlers.history_detail = ({ id }) => ({
      item: {
        id, provider: "monnet", environment: "sandbox", kind: "payout", amount: { minor: 50000, currency: "MXN" }, status: "failed", counterparty: "María Pérez",
        reference: "PO-7", description: "", remoteId: "9", createdAt: "2026-11-24T10:00:00-06:00", updatedAt: "2026-11-24T10:00:30-06:00",
        captured: null, refunded: { minor: 0, currency: "MXN" }, net: { minor: 0, currency: "MXN" }, parentId: null,
      },
      timeline: [], facts: [], operations: [],
    });
    askToOpenRecord("monnet_1");
    screen = render(History, {});
    await until(() => expect(screen.q("history-detail")).not.toBeNull());
    expect(commands.callsOf("history_detail")).toEqual([{ id: "monnet_1" }]);
    expect(screen.get("history-detail").textContent).toContain("PO-7");
  });
});
