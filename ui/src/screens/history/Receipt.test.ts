// Receipts: any record's detail saves its receipt as a PDF (the path is shown) and prints a
// print-only copy with the merchant's name through the system print dialog.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HistoryDetail } from "../../api";
import type { HistoryItem } from "../../api/bindings/HistoryItem";
import { click, commandError, commandMock, render, until } from "../../lib/testing";
import Receipt from "./Receipt.svelte";
import Detail from "./Detail.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const mxn = (minor: number) => ({ minor, currency: "MXN" as const });
const payout: HistoryItem = {
  id: "po-1", provider: "monnet", environment: "sandbox", kind: "payout", amount: mxn(125050), status: "paid",
  counterparty: "María Pérez", reference: "PO-77", description: "Invoice 77", remoteId: "mn_1", createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:00:00Z", captured: null, refunded: mxn(0), net: mxn(125050), parentId: null,
};
const detail: HistoryDetail = { item: payout, timeline: [], facts: [["clabe", "•••• 0007"], ["bank", "STP"]], operations: [] };

describe("receipts", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => commands.reset());
  afterEach(() => screen?.destroy());

  it("saves a payout's receipt as a PDF and says where", async () => {
    commands.handlers.save_receipt = ({ id }) => `/home/ana/Downloads/receipt-${id === "po-1" ? "PO-77" : "x"}.pdf`;
    screen = render(Detail, { detail, onClose: () => {} });
    expect(screen.get("save-receipt").textContent).toBe("Save receipt (PDF)");
    click(screen.get("save-receipt"));
    await until(() => expect(screen.get("receipt-path").textContent).toBe("Saved to /home/ana/Downloads/receipt-PO-77.pdf"));
    expect(commands.callsOf("save_receipt")).toEqual([{ id: "po-1" }]);
  });

  it("says why a receipt could not be saved", async () => {
    commands.handlers.save_receipt = () => { throw commandError("The Downloads folder cannot be written."); };
    screen = render(Receipt, { detail });
    click(screen.get("save-receipt"));
    await until(() => expect(screen.text()).toContain("The Downloads folder cannot be written."));
    expect(screen.q("receipt-path")).toBeNull();
  });

  it("prints a copy with the merchant's name, the masked CLABE and the environment, outside the app", async () => {
    commands.handlers.get_settings = () => ({ settings: { merchantName: "Tienda Ana" }, dataDir: "", logDir: "" });
    const print = vi.fn();
    screen = render(Receipt, { detail, print });
    const copy = document.body.querySelector<HTMLElement>("body > [data-testid=print-view]");
    expect(copy).not.toBeNull(); // a child of <body>: print CSS hides everything else
    click(screen.get("print-receipt"));
    await until(() => expect(print).toHaveBeenCalledTimes(1));
    const text = copy!.textContent ?? "";
    expect(text).toContain("Tienda Ana");
    expect(text).toContain("Payout receipt");
    expect(text).toContain("1,250.50 MXN");
    expect(text).toContain("PO-77");
    expect(text).toContain("•••• 0007");
    expect(text).toContain("María Pérez");
    expect(text).toContain("SANDBOX: a test record");
    screen.destroy();
    expect(document.body.querySelector("[data-testid=print-view]")).toBeNull();
    screen = render(Receipt, { detail, print });
  });
});
