// After the sale, on a payment's detail: taken / refunded / remaining, a refund reviewed then
// confirmed with what the review showed, a capture and a void, an operation whose outcome is
// not known followed (never "try again"), and Mona's sentence instead of a Refund button.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AfterSaleResult, AfterSaleReview, HistoryDetail, PaymentActions } from "../../api";
import type { HistoryItem } from "../../api/bindings/HistoryItem";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import AfterSale from "./AfterSale.svelte";
import Detail from "./Detail.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const usd = (minor: number) => ({ minor, currency: "USD" as const });
const actionsOf = (over: Partial<PaymentActions> = {}): PaymentActions => ({
  paymentId: "pay-1", taken: usd(10000), refunded: usd(0), refundsPending: usd(0), remaining: usd(10000), refundable: usd(10000),
  canRefund: true, canCapture: false, canVoid: false, authorization: null, authorizationExpiresAt: null, refundOutside: null, ...over,
});
const reviewOf = (over: Partial<AfterSaleReview> = {}): AfterSaleReview => ({
  action: "refund", amount: usd(2500), amountText: "25.00 USD", provider: "moneflow", paymentReference: "MF-1",
  reason: "requested_by_customer", remainingAfterText: "75.00 USD", environment: "sandbox", confirmation: null, aboveLimit: null, ...over,
});
const resultOf = (over: Partial<AfterSaleResult> = {}): AfterSaleResult => ({
  id: "rf-1", paymentId: "pay-1", action: "refund", reference: "RF-1", amount: usd(2500), state: "done", note: null, ...over,
});
const itemOf = (over: Partial<HistoryItem> = {}): HistoryItem => ({
  id: "pay-1", provider: "moneflow", environment: "sandbox", kind: "checkout", amount: usd(10000), status: "partially_refunded",
  counterparty: "Ana", reference: "MF-1", description: "Tote", remoteId: "txn_1", createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z",
  captured: null, refunded: usd(2500), net: usd(7500), parentId: null, ...over,
});

describe("after the sale", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    commands.handlers.read_amount = ({ text }) => ({ amount: usd(2500), text: `${text} USD`, problem: null });
  });
  afterEach(() => screen?.destroy());

  it("shows taken, refunded and remaining, and refunds part with a reason after a review, sending what the review showed once", async () => {
    let actions = actionsOf({ refunded: usd(0) });
    commands.handlers.payment_actions = () => actions;
    commands.handlers.review_after_sale = () => reviewOf({ reason: "duplicated" });
    commands.handlers.create_after_sale = () => {
      actions = actionsOf({ refunded: usd(2500), remaining: usd(7500), refundable: usd(7500) });
      return resultOf();
    };
    const onChanged = vi.fn();
    screen = render(AfterSale, { paymentId: "pay-1", onChanged, checkEveryMs: 10 });
    await until(() => expect(screen.get("after-sale-taken").textContent).toBe("100.00 USD"));
    expect(screen.get("after-sale-refunded").textContent).toBe("0.00 USD");
    expect(screen.get("after-sale-remaining").textContent).toBe("100.00 USD");
    expect(screen.q("start-capture")).toBeNull();

    click(screen.get("start-refund"));
    expect(screen.get("after-sale-form").textContent).toContain("all that remains, 100.00 USD");
    type(screen.get<HTMLInputElement>("after-sale-amount"), "25");
    await until(() => expect(screen.get("after-sale-amount-reading").textContent).toBe("= 25 USD"));
    type(screen.get<HTMLSelectElement>("after-sale-reason"), "duplicated");
    click(screen.get("review-after-sale"));
    await until(() => expect(screen.q("after-sale-review")).not.toBeNull());
    expect(commands.callsOf("review_after_sale")).toEqual([{ request: { paymentId: "pay-1", action: "refund", amount: "25", reason: "duplicated" } }]);
    expect(screen.get("after-sale-review-amount").textContent).toBe("25.00 USD");
    expect(screen.get("after-sale-review-remaining").textContent).toBe("75.00 USD");
    expect(screen.get("after-sale-review").textContent).toContain("Duplicated");
    expect(commands.callsOf("create_after_sale")).toEqual([]);

    const confirm = screen.get<HTMLButtonElement>("confirm-after-sale");
    click(confirm);
    click(confirm);
    await until(() => expect(screen.q("after-sale-done")).not.toBeNull());
    expect(commands.callsOf("create_after_sale")).toEqual([
      { request: { paymentId: "pay-1", action: "refund", amount: "25", reason: "duplicated" }, confirmation: { confirmed: false, aboveLimit: false, amountShown: usd(2500) } },
    ]);
    expect(screen.get("after-sale-done").textContent).toContain("Refunded 25.00 USD");
    await until(() => expect(screen.get("after-sale-refunded").textContent).toBe("25.00 USD"));
    expect(screen.get("after-sale-remaining").textContent).toBe("75.00 USD");
    expect(onChanged).toHaveBeenCalled();
  });

  it("asks the production sentence and the above-limit question before a capture", async () => {
    const confirmation = "Capture 80.00 USD of the authorisation with MonEFlow Pay in PRODUCTION: this is real money.";
    commands.handlers.payment_actions = () =>
      actionsOf({ taken: usd(0), remaining: usd(0), refundable: usd(0), canRefund: false, canCapture: true, canVoid: true, authorization: "expiring", authorizationExpiresAt: "2026-12-08T10:00:00Z" });
    commands.handlers.review_after_sale = () => reviewOf({ action: "capture", amount: usd(8000), amountText: "80.00 USD", reason: null, remainingAfterText: "20.00 USD", environment: "production", confirmation, aboveLimit: "80.00 USD is above your limit. Is this amount right?" });
    commands.handlers.create_after_sale = () => resultOf({ id: "cp-1", action: "capture", amount: usd(8000) });
    screen = render(AfterSale, { paymentId: "pay-1", checkEveryMs: 10 });
    await until(() => expect(screen.q("start-capture")).not.toBeNull());
    expect(screen.get("authorization-state").textContent).toContain("Authorisation expiring");
    expect(screen.q("start-refund")).toBeNull();
    click(screen.get("start-capture"));
    expect(screen.q("after-sale-reason")).toBeNull();
    click(screen.get("review-after-sale"));
    await until(() => expect(screen.q("after-sale-confirmation")).not.toBeNull());
    expect(screen.get("after-sale-confirmation").textContent).toBe(confirmation);
    const confirm = screen.get<HTMLButtonElement>("confirm-after-sale");
    expect(confirm.textContent?.trim()).toBe("Confirm");
    expect(confirm.disabled).toBe(true);
    click(screen.get("after-sale-above-limit-confirm"));
    click(confirm);
    await until(() => expect(screen.q("after-sale-done")).not.toBeNull());
    expect(commands.callsOf("create_after_sale")[0]).toEqual({
      request: { paymentId: "pay-1", action: "capture", amount: "", reason: "" },
      confirmation: { confirmed: true, aboveLimit: true, amountShown: usd(8000) },
    });
  });

  it("follows a refund queued offline every few ms until it is done, never saying try again", async () => {
    const QUEUED = "MonEFlow Pay is not reachable: the refund is saved and goes out as soon as it is.";
    commands.handlers.payment_actions = () => actionsOf();
    commands.handlers.review_after_sale = () => reviewOf();
    commands.handlers.create_after_sale = () => resultOf({ state: "queued", note: QUEUED });
    let asked = 0;
    commands.handlers.after_sale_status = () => (++asked < 3 ? resultOf({ state: "checking", note: "Checking with MonEFlow Pay. Nothing is sent twice." }) : resultOf());
    screen = render(AfterSale, { paymentId: "pay-1", checkEveryMs: 30 });
    await until(() => expect(screen.q("start-refund")).not.toBeNull());
    click(screen.get("start-refund"));
    click(screen.get("review-after-sale"));
    await until(() => expect(screen.q("confirm-after-sale")).not.toBeNull());
    click(screen.get("confirm-after-sale"));
    await until(() => expect(screen.q("after-sale-checking")).not.toBeNull());
    expect(screen.get("after-sale-note").textContent).toBe(QUEUED);
    expect(screen.text()).not.toMatch(/try again/i);
    expect(screen.q("confirm-after-sale")).toBeNull();
    await until(() => expect(screen.q("after-sale-done")).not.toBeNull(), 3000);
    expect(commands.callsOf("after_sale_status")).toEqual([{ id: "rf-1" }, { id: "rf-1" }, { id: "rf-1" }]);
    expect(commands.callsOf("create_after_sale").length).toBe(1);
  });

  it("shows attention as a warning and a failure with its note", async () => {
    commands.handlers.payment_actions = () => actionsOf({ canRefund: false, canVoid: true, authorization: "active", authorizationExpiresAt: "2026-12-08T10:00:00Z" });
    commands.handlers.review_after_sale = () => reviewOf({ action: "void", reason: null });
    commands.handlers.create_after_sale = () => resultOf({ action: "void", state: "attention", note: "MonEFlow Pay holds something else." });
    screen = render(AfterSale, { paymentId: "pay-1", checkEveryMs: 10 });
    await until(() => expect(screen.q("start-void")).not.toBeNull());
    click(screen.get("start-void"));
    expect(screen.q("after-sale-amount")).toBeNull();
    click(screen.get("review-after-sale"));
    await until(() => expect(screen.q("confirm-after-sale")).not.toBeNull());
    click(screen.get("confirm-after-sale"));
    await until(() => expect(screen.q("after-sale-attention")).not.toBeNull());
    expect(screen.get("after-sale-attention").getAttribute("role")).toBe("alert");
    expect(screen.text()).toContain("MonEFlow Pay holds something else.");
    expect(screen.q("after-sale-done")).toBeNull();
  });

  it("keeps the form and shows the core's sentence when the amount is refused", async () => {
    commands.handlers.payment_actions = () => actionsOf();
    commands.handlers.review_after_sale = () => {
      throw commandError("some fields need attention", [{ field: "amount", message: "At most 100.00 USD can be refunded." }]);
    };
    screen = render(AfterSale, { paymentId: "pay-1" });
    await until(() => expect(screen.q("start-refund")).not.toBeNull());
    click(screen.get("start-refund"));
    type(screen.get<HTMLInputElement>("after-sale-amount"), "500");
    click(screen.get("review-after-sale"));
    await until(() => expect(screen.get("after-sale-form").textContent).toContain("At most 100.00 USD can be refunded."));
    expect(screen.get("after-sale-amount").getAttribute("aria-invalid")).toBe("true");
    expect(screen.q("after-sale-review")).toBeNull();
  });

  it("says how to refund a Mona payment outside the desk instead of offering Refund", async () => {
    const outside = "Mona offers no refund through its API: refund it from the Mona dashboard, quoting reference MO-1.";
    commands.handlers.payment_actions = () => actionsOf({ canRefund: false, refundOutside: outside });
    screen = render(AfterSale, { paymentId: "pay-1" });
    await until(() => expect(screen.q("refund-outside")).not.toBeNull());
    expect(screen.get("refund-outside").textContent).toBe(outside);
    expect(screen.q("start-refund")).toBeNull();
  });
});

describe("a record's detail", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => commands.reset());
  afterEach(() => screen?.destroy());

  it("shows the net, the refunds on its timeline and the actions after the sale for a payment", async () => {
    commands.handlers.payment_actions = () => actionsOf({ refunded: usd(2500), remaining: usd(7500) });
    const refund = itemOf({ id: "rf-1", kind: "refund", amount: usd(2500), status: "succeeded", reference: "RF-1", parentId: "pay-1", refunded: usd(0), net: usd(0) });
    const detail: HistoryDetail = { item: itemOf(), timeline: [{ status: "partially_refunded", at: "2026-12-01T11:00:00Z", note: null }], facts: [], operations: [refund] };
    const onOpen = vi.fn();
    screen = render(Detail, { detail, onClose: () => {}, onOpen });
    expect(screen.get("detail-status").textContent).toBe("partially refunded");
    expect(screen.get("detail-status").classList).toContain("warn");
    expect(screen.get("detail-net").textContent).toContain("75.00 USD");
    expect(screen.get("detail-operation").textContent).toContain("25.00 USD");
    expect(screen.get("detail-operation").textContent).toContain("RF-1");
    await until(() => expect(screen.get("after-sale-remaining").textContent).toBe("75.00 USD"));
    click(screen.get("detail-operation").querySelector("button")!);
    expect(onOpen).toHaveBeenCalledWith("rf-1");
  });

  it("offers no actions after the sale on a payout or a refund, only its receipt", () => {
    const detail: HistoryDetail = { item: itemOf({ kind: "payout", provider: "monnet" }), timeline: [], facts: [], operations: [] };
    screen = render(Detail, { detail, onClose: () => {} });
    expect(screen.q("after-sale")).toBeNull();
    expect(screen.q("save-receipt")).not.toBeNull();
    expect(commands.callsOf("payment_actions")).toEqual([]);
  });
});
