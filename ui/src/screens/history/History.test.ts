// The history list after the sale: partially refunded, refunded, authorised… as badges, the net
// beside what was charged, and a refund shown as money going out.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HistoryPage } from "../../api";
import type { HistoryItem } from "../../api/bindings/HistoryItem";
import { commandMock, render, until } from "../../lib/testing";
import History from "./History.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: () => Promise.resolve(() => {}) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const usd = (minor: number) => ({ minor, currency: "USD" as const });
const row = (over: Partial<HistoryItem>): HistoryItem => ({
  id: "x", provider: "moneflow", environment: "sandbox", kind: "checkout", amount: usd(10000), status: "succeeded", counterparty: "Ana",
  reference: "MF-X", description: "", remoteId: "t", createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z",
  captured: null, refunded: usd(0), net: usd(10000), parentId: null, ...over,
});

describe("the history list", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    Object.defineProperty(window.screen, "availHeight", { value: 800, configurable: true });
    globalThis.ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} };
  });
  afterEach(() => screen?.destroy());

  it("shows the states after the sale and the net of a partly refunded payment", async () => {
    const page: HistoryPage = {
      items: [
        row({ id: "a", reference: "MF-PART", status: "partially_refunded", refunded: usd(2500), net: usd(7500) }),
        row({ id: "b", reference: "RF-1", kind: "refund", amount: usd(2500), net: usd(0), parentId: "a" }),
        row({ id: "c", reference: "MF-AUTH", status: "authorized", net: usd(0) }),
        row({ id: "d", reference: "MF-VOID", status: "voided", net: usd(0) }),
      ],
      nextCursor: null, total: 4, totalIsCapped: false,
    };
    commands.handlers.list_history = () => page;
    screen = render(History, {});
    await until(() => expect(screen.target.querySelectorAll("[data-testid=history-row]").length).toBe(4));
    const rows = [...screen.target.querySelectorAll<HTMLElement>("[data-testid=history-row]")];
    const [part, refund, auth, voided] = rows.map((r) => r.textContent ?? "");
    expect(part).toContain("partially refunded");
    expect(part).toContain("75.00 USDnet of 100.00 USD");
    expect(rows[0]!.querySelector(".badge")!.classList).toContain("warn");
    expect(refund).toContain("−25.00 USD");
    expect(auth).toContain("authorized");
    expect(auth).toContain("100.00 USD");
    expect(voided).toContain("voided");
    expect(rows[3]!.querySelector(".badge")!.classList).toContain("muted");
    const statuses = [...screen.target.querySelectorAll<HTMLOptionElement>("#h-status option")].map((o) => o.value);
    for (const s of ["partially_refunded", "refunded", "authorized", "captured", "voided", "expired"]) expect(statuses).toContain(s);
  });
});
