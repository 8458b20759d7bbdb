// The status bar's notices: the count of unopened ones as a button, the list it opens, and a
// notice opening its record's details (which the core marks read), the list asked again.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HistoryDetail, Notice } from "../../api";
import { click, commandMock, render, until } from "../../lib/testing";
import Notices from "./Notices.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const mxn = (minor: number) => ({ minor, currency: "MXN" as const });
const NOTICES: Notice[] = [
  { transactionId: "po-9", kind: "reversed", message: "Monnet reversed payout PO-9 of 500.00 MXN: the bank refused the CLABE.", createdAt: Date.UTC(2026, 11, 1, 10, 5) },
  { transactionId: "ck-3", kind: "attention", message: "Monei holds a different payment under ME-3.", createdAt: Date.UTC(2026, 11, 1, 9, 0) },
];
const detailOf = (id: string): HistoryDetail => ({
  item: {
    id, provider: "monnet", environment: "sandbox", kind: "payout", amount: mxn(50000), status: "reversed", counterparty: "Luis", reference: "PO-9",
    description: "", remoteId: "mn_9", createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:05:00Z", captured: null, refunded: mxn(0), net: mxn(0), parentId: null,
  },
  timeline: [], facts: [], operations: [],
});

describe("notices", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => commands.reset());
  afterEach(() => screen?.destroy());

  it("shows nothing when every notice is opened", () => {
    screen = render(Notices, { count: 0 });
    expect(screen.q("notices-button")).toBeNull();
  });

  it("opens the list of unopened notices and a notice's record, asking for the list again", async () => {
    let left = [...NOTICES];
    commands.handlers.list_notices = () => left;
    commands.handlers.history_detail = ({ id }) => {
      left = left.filter((n) => n.transactionId !== id);
      return detailOf(String(id));
    };
    screen = render(Notices, { count: 2 });
    const button = screen.get("notices-button");
    expect(button.textContent?.trim()).toBe("2 notices");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    click(button);
    await until(() => expect(screen.target.querySelectorAll("[data-testid=notice]").length).toBe(2));
    expect(button.getAttribute("aria-expanded")).toBe("true");
    const first = screen.get("notice");
    expect(first.textContent).toContain("Reversed");
    expect(first.textContent).toContain("the bank refused the CLABE");

    click(first);
    await until(() => expect(screen.q("history-detail")).not.toBeNull());
    expect(commands.callsOf("history_detail")).toEqual([{ id: "po-9" }]);
    expect(screen.get("history-detail").textContent).toContain("PO-9");
    expect(commands.callsOf("list_notices").length).toBe(2);
    // the opened notice is gone from the count until the next sync event says so itself
    await until(() => expect(screen.get("notices-button").textContent?.trim()).toBe("1 notice"));
  });
});
