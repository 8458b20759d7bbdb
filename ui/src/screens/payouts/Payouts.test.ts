// Payouts: the amount as the desk read it beside the field, an example in the merchant's
// language, and a review whose confirmation is what the payout carries.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BeneficiaryRecord, PayoutReview, Settings } from "../../api";
import { click, commandMock, render, type, until } from "../../lib/testing";
import Payouts from "./Payouts.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const MXN = { minor: 125050, currency: "MXN" as const };
const settingsWith = (over: Partial<Settings>): Settings => ({
  environment: "sandbox", updateChecks: true, updateEndpoint: null, sandboxPersistent: true, secretStore: "keychain", language: "en",
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
    // what the desk read: amount, currency, provider and environment, before anything is sent
    expect(screen.get("payout-review").textContent).toMatch(/Provider\s*Monnet/);
    expect(screen.get("payout-review").textContent).toContain("PRODUCTION");
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

  const mariaWhole: BeneficiaryRecord = {
    id: 7, firstName: "María", lastName: "Pérez", email: "maria@example.com", documentType: "Rfc", documentNumber: "PEGM9007151H0",
    clabe: "646180110400000007", bankCode: "646", bankName: "STP", updatedAt: 1,
  };
  const value = (testid: string) => screen.get<HTMLInputElement>(testid).value;

  it("fills the beneficiary fields from a saved one, leaves them editable and keeps the saved one as it was", async () => {
    commands.handlers.search_beneficiaries = ({ text }) => ({
      items: String(text).includes("per") ? [{ id: 7, firstName: "María", lastName: "Pérez", emailMasked: "m•••@example.com", documentType: "Rfc", documentMasked: "••••51H0", bankName: "STP", clabeLast4: "0007" }] : [],
      total: 1,
    });
    commands.handlers.get_beneficiary = () => mariaWhole;
    screen = render(Payouts, { environment: "sandbox" });
    type(screen.get<HTMLInputElement>("pick-beneficiary"), "per");
    await until(() => expect(screen.q("pick-option")).not.toBeNull());
    // the list shows the masked item, never the whole email
    expect(screen.get("pick-option").textContent).toContain("m•••@example.com · STP ••••0007");
    click(screen.get("pick-option"));
    await until(() => expect(value("payout-clabe")).toBe("646180110400000007"));
    expect(commands.callsOf("get_beneficiary")).toEqual([{ id: 7 }]);
    expect([value("payout-firstName"), value("payout-lastName"), value("payout-email"), value("payout-documentNumber")])
      .toEqual(["María", "Pérez", "maria@example.com", "PEGM9007151H0"]);
    expect(screen.target.querySelector<HTMLSelectElement>("#p-documentType")?.value).toBe("Rfc");
    expect(value("pick-beneficiary")).toBe("");
    expect(screen.get("picked-note").textContent).toContain("Filled from María Pérez");
    type(screen.get<HTMLInputElement>("payout-email"), "pagos@example.com");
    expect(value("payout-email")).toBe("pagos@example.com");
    expect(screen.get("picked-note").textContent).toContain("Changed for this payout");
    await until(() => expect((commands.callsOf("review_payout").at(-1)?.draft as { email: string }).email).toBe("pagos@example.com"));
    expect(commands.callsOf("update_beneficiary").length).toBe(0);
  });

  it("saves the beneficiary once the payout is queued when asked to", async () => {
    commands.handlers.create_payout = () => ({
      id: "po-1", orderId: "PO-1", amount: MXN, beneficiary: "María Pérez", clabeMasked: "••••0007", environment: "sandbox", state: "queued",
    });
    commands.handlers.save_payout_beneficiary = () => ({
      item: { id: 7, firstName: "María", lastName: "Pérez", emailMasked: "m•••@example.com", documentType: "Rfc", documentMasked: "••••51H0", bankName: "STP", clabeLast4: "0007" },
      alreadySaved: false,
    });
    screen = render(Payouts, { environment: "sandbox" });
    type(screen.get<HTMLInputElement>("payout-firstName"), "María");
    type(screen.get<HTMLInputElement>("payout-lastName"), "Pérez");
    click(screen.get("save-beneficiary-check"));
    click(screen.get("review-payout"));
    await until(() => expect(screen.q("payout-review")).not.toBeNull());
    expect(screen.get("review-saves-beneficiary").textContent).toContain("María Pérez will be saved");
    expect(commands.callsOf("save_payout_beneficiary").length).toBe(0);
    click(screen.get("confirm-payout"));
    await until(() => expect(screen.q("payout-beneficiary-saved")).not.toBeNull());
    expect(screen.get("payout-beneficiary-saved").textContent).toBe("María Pérez is saved as a beneficiary.");
    const saved = commands.callsOf("save_payout_beneficiary");
    expect(saved.length).toBe(1);
    expect(saved[0]?.draft).toEqual(commands.callsOf("create_payout")[0]?.draft);
  });

  it("queues without saving when the box is not ticked", async () => {
    commands.handlers.create_payout = () => ({
      id: "po-2", orderId: "PO-2", amount: MXN, beneficiary: "María Pérez", clabeMasked: "••••0007", environment: "sandbox", state: "queued",
    });
    screen = render(Payouts, { environment: "sandbox" });
    click(screen.get("review-payout"));
    await until(() => expect(screen.q("payout-review")).not.toBeNull());
    click(screen.get("confirm-payout"));
    await until(() => expect(screen.q("payout-queued")).not.toBeNull());
    expect(commands.callsOf("save_payout_beneficiary").length).toBe(0);
    expect(screen.q("payout-beneficiary-saved")).toBeNull();
  });

  it("opens the saved beneficiaries in place of the form, and Pay brings the form back filled", async () => {
    commands.handlers.search_beneficiaries = () => ({
      items: [{ id: 7, firstName: "María", lastName: "Pérez", emailMasked: "m•••@example.com", documentType: "Rfc", documentMasked: "••••51H0", bankName: "STP", clabeLast4: "0007" }],
      total: 1,
    });
    commands.handlers.get_beneficiary = () => mariaWhole;
    screen = render(Payouts, { environment: "sandbox" });
    click(screen.get("payouts-tab-beneficiaries"));
    expect(screen.q("payout-amount")).toBeNull();
    expect(screen.get("payouts-tab-beneficiaries").getAttribute("aria-pressed")).toBe("true");
    await until(() => expect(screen.q("pay-beneficiary")).not.toBeNull());
    click(screen.get("pay-beneficiary"));
    await until(() => expect(screen.q("payout-amount")).not.toBeNull());
    expect(value("payout-clabe")).toBe("646180110400000007");
    expect(value("payout-firstName")).toBe("María");
  });
});
