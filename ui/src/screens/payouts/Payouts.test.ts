// Payouts: the amount as the desk read it beside the field, an example in the merchant's
// language, and a review whose confirmation is what the payout carries.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PayoutReview, Settings } from "../../api";
import { click, commandMock, render, type, until } from "../../lib/testing";
import Payouts from "./Payouts.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const MXN = { minor: 125050, currency: "MXN" as const };
const settingsWith = (over: Partial<Settings>): Settings => ({
  environment: "sandbox", updateChecks: true, updateEndpoint: null, sandboxPersistent: true, secretStore: "keychain",
  locale: null, confirmAbove: [], merchantName: null, ...over,
});
const reviewOf = (over: Partial<PayoutReview> = {}): PayoutReview => ({
  valid: true, fields: [], amount: MXN, amountText: "1.250,50 MXN", confirmation: null, aboveLimit: null, bankName: "STP", environment: "sandbox", ...over,
});

describe("payouts", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    commands.handlers.list_history = () => ({ items: [], nextCursor: null, total: 0, totalIsCapped: false });
    commands.handlers.get_settings = () => ({ settings: settingsWith({ locale: "es-ES" }), dataDir: "/d", logDir: "/l" });
    commands.handlers.review_payout = () => reviewOf();
    commands.handlers.read_amount = ({ text }) =>
      text === "1,250.50"
        ? { amount: null, text: null, problem: 'In Spanish (Spain) amounts the comma marks decimals, so "1,250.50" is unclear.' }
        : { amount: MXN, text: "1.250,50 MXN", problem: null };
  });
  afterEach(() => screen?.destroy());

  it("gives the example in the language of amounts and reads the amount beside the field", async () => {
    screen = render(Payouts, { environment: "sandbox" });
    await until(() => expect(screen.text()).toContain("e.g. 1.250,50"));
    expect(screen.target.querySelector("label[for=p-amount]")?.textContent).toBe("Amount (MXN)");
    type(screen.get<HTMLInputElement>("payout-amount"), "1,250.50");
    await until(() => expect(screen.get("payout-amount-reading").textContent).toContain("is unclear"));
    expect(screen.get("payout-amount-reading").classList).toContain("problem");
    type(screen.get<HTMLInputElement>("payout-amount"), "1.250,50");
    await until(() => expect(screen.get("payout-amount-reading").textContent).toBe("= 1.250,50 MXN"));
    expect(commands.callsOf("read_amount").at(-1)).toEqual({ text: "1.250,50", currency: "MXN" });
  });

  it("confirms in production what the review said, asks once more above the limit, and sends that confirmation", async () => {
    const confirmation = "Send 1.250,50 MXN through Monnet in PRODUCTION: this is real money.";
    const aboveLimit = "1.250,50 MXN is above your limit of 1000 MXN. Is this amount right?";
    commands.handlers.review_payout = () => reviewOf({ environment: "production", confirmation, aboveLimit });
    commands.handlers.create_payout = () => ({
      id: "po-1", orderId: "PO-1", amount: MXN, beneficiary: "María Pérez", clabeMasked: "••••0007", environment: "production", state: "queued",
    });
    screen = render(Payouts, { environment: "production" });
    type(screen.get<HTMLInputElement>("payout-amount"), "1.250,50");
    click(screen.get("review-payout"));
    await until(() => expect(screen.q("payout-review")).not.toBeNull());
    expect(screen.get("payout-review-amount").textContent).toBe("1.250,50 MXN");
    expect(screen.get("payout-confirmation").textContent).toBe(confirmation);
    expect(screen.get("payout-review").textContent).toContain(aboveLimit);
    const send = screen.get<HTMLButtonElement>("confirm-payout");
    expect(send.disabled).toBe(true);
    click(screen.get("above-limit-confirm"));
    expect(send.disabled).toBe(false);
    click(send);
    await until(() => expect(screen.q("payout-queued")).not.toBeNull());
    const sent = commands.callsOf("create_payout");
    expect(sent.length).toBe(1);
    expect(sent[0]?.confirmation).toEqual({ confirmed: true, aboveLimit: true, amountShown: MXN });
    expect((sent[0]?.draft as { amount: string }).amount).toBe("1.250,50");
    expect(screen.get("payout-queued").textContent).toContain("1.250,50 MXN");
  });
});
