// The checkout screen: what the desk read is shown beside the amount, the merchant reviews it,
// confirms what the review showed, and a charge whose outcome is not known is checked (never
// sent again, never "try again").
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AmountReading, CheckoutResult, CheckoutReview, CheckoutSession } from "../../api";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import Checkout from "./Checkout.svelte";
import { setLanguage } from "../../lib/i18n.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const EUR_12_50 = { minor: 1250, currency: "EUR" as const };
const UNCLEAR =
  'In English amounts the point marks decimals and the comma groups thousands, so "12,50" is unclear: write 12.50 if you mean 12.50 EUR, or 1,250 if you mean 1,250.00 EUR.';

const reviewOf = (over: Partial<CheckoutReview> = {}): CheckoutReview => ({
  amount: EUR_12_50, amountText: "12,50 EUR", provider: "monei", customer: "", description: "Coffee beans",
  environment: "sandbox", confirmation: null, aboveLimit: null, authorizeOnly: false, saveCard: false, ...over,
});
const sessionOf = (over: Partial<CheckoutSession> = {}): CheckoutSession => ({
  localId: "tx-1", provider: "monei", amount: EUR_12_50, reference: "ME-261201-ABCDEF", resourceId: null,
  sdkUrl: null, sdkOrigin: null, state: "ready", note: null, ...over,
});
const resultOf = (over: Partial<CheckoutResult> = {}): CheckoutResult => ({
  localId: "tx-1", provider: "monei", amount: EUR_12_50, reference: "ME-261201-ABCDEF", remoteId: "pay_1",
  status: "succeeded", failure: null, card: null, completedAt: "2026-12-01T10:00:00Z", ...over,
});
const CHECKING = "Checking with Monei whether the charge went through. Nothing is sent twice.";

/** The form filled for a Monei checkout of `amount`. */
function fillForm(screen: ReturnType<typeof render>, amount: string) {
  click(screen.get("provider-monei"));
  type(screen.get<HTMLInputElement>("checkout-amount"), amount);
  type(screen.get<HTMLInputElement>("checkout-description"), "Coffee beans");
}

/** From the form to the review. */
async function toReview(screen: ReturnType<typeof render>) {
  click(screen.get("review-checkout"));
  await until(() => expect(screen.q("checkout-review")).not.toBeNull());
}

describe("checkout", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    commands.handlers.read_amount = ({ text }) =>
      ({ amount: EUR_12_50, text: `${text} EUR`, problem: null }) satisfies AmountReading;
  });
  afterEach(() => screen?.destroy());

  it("shows beside the amount the sentence the desk says for 12,50 in English, and reaches no review", async () => {
    commands.handlers.read_amount = ({ text }) =>
      text === "12,50" ? { amount: null, text: null, problem: UNCLEAR } : { amount: null, text: null, problem: "Keep typing." };
    commands.handlers.review_checkout = () => {
      throw commandError("some fields need attention", [{ field: "amount", message: UNCLEAR }]);
    };
    screen = render(Checkout, { checkEveryMs: 10 });
    fillForm(screen, "12,50");
    await until(() => expect(screen.get("checkout-amount-reading").textContent).toBe(UNCLEAR));
    expect(screen.get("checkout-amount-reading").classList).toContain("problem");
    expect(screen.get("checkout-amount").getAttribute("aria-invalid")).toBe("true");
    expect(commands.callsOf("read_amount").at(-1)).toEqual({ text: "12,50", currency: "EUR" });

    click(screen.get("review-checkout"));
    await until(() => expect(commands.callsOf("review_checkout").length).toBe(1));
    await until(() => expect(screen.q("review-checkout")?.hasAttribute("disabled")).toBe(false));
    expect(screen.q("checkout-review")).toBeNull();
    expect(commands.callsOf("create_checkout")).toEqual([]);
  });

  it("shows what it read (= 12,50 EUR) and only the answer to the latest text", async () => {
    const answers: Record<string, (r: AmountReading) => void> = {};
    commands.handlers.read_amount = ({ text }) => new Promise((r) => (answers[String(text)] = r));
    screen = render(Checkout, { checkEveryMs: 10 });
    click(screen.get("provider-monei"));
    const amount = screen.get<HTMLInputElement>("checkout-amount");
    type(amount, "1");
    await until(() => expect(answers["1"]).toBeDefined());
    type(amount, "12,50");
    await until(() => expect(answers["12,50"]).toBeDefined());
    answers["12,50"]!({ amount: EUR_12_50, text: "12,50 EUR", problem: null });
    answers["1"]!({ amount: { minor: 100, currency: "EUR" }, text: "1,00 EUR", problem: null }); // late, stale
    await until(() => expect(screen.get("checkout-amount-reading").textContent).toBe("= 12,50 EUR"));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.get("checkout-amount-reading").textContent).toBe("= 12,50 EUR");
  });

  it("reviews a production charge with the amount read and the confirmation, and creates it once with what was confirmed", async () => {
    const confirmation = "Charge 1.250,00 EUR with Monei in PRODUCTION: this is real money.";
    const aboveLimit = "1.250,00 EUR is above your limit of 1000,00 EUR. Is this amount right?";
    const amount = { minor: 125000, currency: "EUR" as const };
    commands.handlers.review_checkout = () =>
      reviewOf({ amount, amountText: "1.250,00 EUR", environment: "production", confirmation, aboveLimit, customer: "Ana López" });
    let release!: () => void;
    commands.handlers.create_checkout = () => new Promise((r) => (release = () => r(sessionOf({ amount, resourceId: "pay_1" }))));
    commands.handlers.checkout_status = () => resultOf({ amount });
    screen = render(Checkout, { checkEveryMs: 10 });
    fillForm(screen, "1.250");
    await toReview(screen);

    const review = screen.get("checkout-review");
    expect(screen.get("checkout-review-amount").textContent).toBe("1.250,00 EUR");
    expect(review.textContent).toContain("Ana López");
    expect(review.textContent).toContain("PRODUCTION — real money");
    expect(review.classList).toContain("live");
    expect(screen.get("checkout-confirmation").textContent).toBe(confirmation);
    expect(review.textContent).toContain(aboveLimit);
    const create = screen.get<HTMLButtonElement>("confirm-checkout");
    expect(create.textContent?.trim()).toBe("Confirm and charge");
    expect(create.disabled).toBe(true); // the second question is not answered yet
    click(screen.get("above-limit-confirm"));
    expect(create.disabled).toBe(false);

    click(create);
    click(create); // a second click while the first is on its way
    expect(create.disabled).toBe(true);
    release();
    await until(() => expect(screen.q("checkout-result")).not.toBeNull());
    expect(commands.callsOf("create_checkout")).toEqual([
      {
        request: { provider: "monei", amount: "1.250", currency: "EUR", description: "Coffee beans", customerName: "", customerEmail: "", authorizeOnly: false, saveCard: false },
        confirmation: { confirmed: true, aboveLimit: true, amountShown: amount },
      },
    ]);
    expect(screen.get("checkout-result").textContent).toContain("1.250,00 EUR");
  });

  it("creates a sandbox checkout without the production question, and Back to edit keeps the form", async () => {
    commands.handlers.review_checkout = () => reviewOf();
    commands.handlers.create_checkout = () => sessionOf({ resourceId: "pay_1" });
    commands.handlers.checkout_status = () => resultOf();
    screen = render(Checkout, { checkEveryMs: 10 });
    fillForm(screen, "12,50");
    await toReview(screen);
    expect(screen.get("checkout-review").textContent).toContain("SANDBOX — test money");
    expect(screen.get("checkout-review").textContent).toContain("No customer");
    expect(screen.q("checkout-confirmation")).toBeNull();
    expect(screen.q("above-limit-confirm")).toBeNull();

    click(screen.get("back-to-edit"));
    expect(screen.get<HTMLInputElement>("checkout-amount").value).toBe("12,50");
    expect(screen.get<HTMLInputElement>("checkout-description").value).toBe("Coffee beans");
    await toReview(screen);
    const create = screen.get<HTMLButtonElement>("confirm-checkout");
    expect(create.textContent?.trim()).toBe("Create checkout");
    click(create);
    await until(() => expect(screen.get("checkout-status").textContent).toBe("succeeded"));
    expect(commands.callsOf("create_checkout")[0]?.confirmation).toEqual({ confirmed: false, aboveLimit: false, amountShown: EUR_12_50 });
  });

  it("says it is checking a charge whose outcome is unknown, never 'try again', and follows it to the receipt", async () => {
    commands.handlers.review_checkout = () => reviewOf();
    commands.handlers.create_checkout = () => sessionOf({ state: "checking", note: CHECKING });
    let resumed = 0;
    commands.handlers.resume_checkout = () => (++resumed < 3 ? sessionOf({ state: "checking", note: CHECKING }) : sessionOf({ resourceId: "pay_1" }));
    commands.handlers.checkout_status = () => resultOf();
    screen = render(Checkout, { checkEveryMs: 50 });
    fillForm(screen, "12,50");
    await toReview(screen);
    click(screen.get("confirm-checkout"));

    await until(() => expect(screen.q("checkout-checking")).not.toBeNull());
    const checking = screen.get("checkout-checking");
    expect(checking.textContent).toContain(CHECKING);
    expect(checking.textContent).toContain("Checking…");
    expect(screen.text()).not.toMatch(/try again/i);
    expect(screen.q("confirm-checkout")).toBeNull();
    expect(screen.q("checkout-result")).toBeNull();

    await until(() => expect(screen.q("checkout-result")).not.toBeNull());
    expect(commands.callsOf("resume_checkout")).toEqual([{ localId: "tx-1" }, { localId: "tx-1" }, { localId: "tx-1" }]);
    expect(commands.callsOf("create_checkout").length).toBe(1); // never sent again
    expect(screen.get("checkout-status").textContent).toBe("succeeded");
  });

  it("shows a charge the provider holds differently as needing attention, not as a success", async () => {
    const conflict = "Monei holds a different payment under ME-261201-ABCDEF: look at it before charging again.";
    commands.handlers.review_checkout = () => reviewOf();
    commands.handlers.create_checkout = () => sessionOf({ state: "queued", note: "Monei is not reachable: the charge is saved and is created as soon as it is." });
    commands.handlers.resume_checkout = () => sessionOf({ state: "attention", note: conflict });
    screen = render(Checkout, { checkEveryMs: 10 });
    fillForm(screen, "12,50");
    await toReview(screen);
    click(screen.get("confirm-checkout"));
    await until(() => expect(screen.q("checkout-attention")).not.toBeNull());
    expect(screen.get("checkout-attention").textContent).toContain(conflict);
    expect(screen.q("checkout-result")).toBeNull();
    expect(screen.text()).not.toMatch(/succeeded|try again/i);
    expect(commands.callsOf("checkout_status")).toEqual([]);
  });

  it("checks a card charge whose nonce answer is not known yet until it settles", async () => {
    const origin = "http://127.0.0.1:4100";
    commands.handlers.review_checkout = () => reviewOf({ provider: "moneflow", amount: { minor: 2500, currency: "USD" }, amountText: "25.00 USD" });
    commands.handlers.create_checkout = () =>
      sessionOf({ provider: "moneflow", amount: { minor: 2500, currency: "USD" }, sdkUrl: `${origin}/sdk/card-fields`, sdkOrigin: origin });
    commands.handlers.submit_nonce = () => resultOf({ provider: "moneflow", status: "checking", failure: CHECKING, remoteId: null });
    let asked = 0;
    commands.handlers.checkout_status = () =>
      ++asked < 2 ? resultOf({ status: "checking", failure: CHECKING, remoteId: null }) : resultOf({ provider: "moneflow", amount: { minor: 2500, currency: "USD" }, card: "Visa •••• 4242" });
    screen = render(Checkout, { checkEveryMs: 30 });
    click(screen.get("provider-moneflow"));
    type(screen.get<HTMLInputElement>("checkout-amount"), "25.00");
    await toReview(screen);
    click(screen.get("confirm-checkout"));
    await until(() => expect(screen.q("sdk-frame")).not.toBeNull());
    const frame = screen.get<HTMLIFrameElement>("sdk-frame");
    window.dispatchEvent(new MessageEvent("message", {
      origin, source: frame.contentWindow, data: { source: "moneflow-sdk", type: "nonce", nonce: "nonce_abc", card: { brand: "Visa", last4: "4242" } },
    }));
    await until(() => expect(screen.q("checkout-checking")).not.toBeNull());
    expect(screen.get("checkout-checking").textContent).toContain(CHECKING);
    expect(screen.text()).not.toMatch(/try again/i);
    await until(() => expect(screen.q("checkout-result")).not.toBeNull());
    expect(screen.get("checkout-result").textContent).toContain("25.00 USD");
    expect(commands.callsOf("submit_nonce")).toEqual([{ submission: { localId: "tx-1", nonce: "nonce_abc", vaultConsent: false } }]);
  });
});

describe("Monei's payment page", () => {
  let screen: ReturnType<typeof render>;
  const origin = "http://127.0.0.1:4101";
  beforeEach(() => {
    commands.reset();
    commands.handlers.read_amount = ({ text }) => ({ amount: EUR_12_50, text: `${text} EUR`, problem: null }) satisfies AmountReading;
  });
  afterEach(() => screen?.destroy());

  it("frames the page, ignores messages from elsewhere and reads the outcome back from Monei", async () => {
    commands.handlers.review_checkout = () => reviewOf();
    commands.handlers.create_checkout = () =>
      sessionOf({ resourceId: "pay_1", sdkUrl: `${origin}/payments/pay_1?parentOrigin=tauri%3A%2F%2Flocalhost`, sdkOrigin: origin });
    // the page says "completed", Monei says the card was declined: Monei is believed
    commands.handlers.checkout_status = () => resultOf({ status: "failed", failure: "The card was declined." });
    screen = render(Checkout, { checkEveryMs: 10 });
    fillForm(screen, "12.50");
    await toReview(screen);
    click(screen.get("confirm-checkout"));
    await until(() => expect(screen.q("sdk-frame")).not.toBeNull());
    const frame = screen.get<HTMLIFrameElement>("sdk-frame");
    expect(frame.src).toBe(`${origin}/payments/pay_1?parentOrigin=tauri%3A%2F%2Flocalhost`);
    const completed = { source: "monei-sdk", type: "completed", paymentId: "pay_1", status: "SUCCEEDED" };
    window.dispatchEvent(new MessageEvent("message", { origin: "https://evil.example", source: frame.contentWindow, data: completed }));
    window.dispatchEvent(new MessageEvent("message", { origin, source: window, data: completed }));
    window.dispatchEvent(new MessageEvent("message", { origin, source: frame.contentWindow, data: { ...completed, paymentId: "pay_2" } }));
    await new Promise((r) => setTimeout(r, 30));
    expect(commands.callsOf("checkout_status")).toEqual([]);
    expect(screen.q("checkout-result")).toBeNull();
    window.dispatchEvent(new MessageEvent("message", { origin, source: frame.contentWindow, data: completed }));
    await until(() => expect(screen.q("checkout-result")).not.toBeNull());
    expect(commands.callsOf("checkout_status")).toEqual([{ localId: "tx-1" }]);
    expect(screen.get("checkout-status").textContent).toBe("failed");
    expect(screen.get("checkout-result").textContent).toContain("The card was declined.");
  });
});

describe("authorise only", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    commands.handlers.read_amount = ({ text }) => ({ amount: { minor: 2500, currency: "USD" }, text: `${text} USD`, problem: null });
  });
  afterEach(() => screen?.destroy());

  it("is offered for MonEFlow Pay only, sent with the request and shown on the review", async () => {
    commands.handlers.review_checkout = ({ request }) =>
      reviewOf({ provider: "moneflow", amount: { minor: 2500, currency: "USD" }, amountText: "25.00 USD", authorizeOnly: (request as { authorizeOnly: boolean }).authorizeOnly });
    screen = render(Checkout, { checkEveryMs: 10 });
    click(screen.get("provider-monei"));
    expect(screen.q("checkout-authorize-only")).toBeNull();
    click(screen.get("provider-moneflow"));
    const box = screen.get<HTMLInputElement>("checkout-authorize-only");
    expect(box.closest("label")?.textContent).toContain("Authorise only, capture later");
    expect(box.checked).toBe(false);
    click(box);
    type(screen.get<HTMLInputElement>("checkout-amount"), "25.00");
    type(screen.get<HTMLInputElement>("checkout-description"), "Tote bag");
    await toReview(screen);
    expect(commands.callsOf("review_checkout")[0]?.request).toMatchObject({ provider: "moneflow", authorizeOnly: true });
    expect(screen.get("checkout-review-authorize-only").textContent).toContain("Authorise only");

    // back, and another provider: no authorisation is asked of it
    click(screen.get("back-to-edit"));
    click(screen.get("provider-monei"));
    await toReview(screen);
    expect(commands.callsOf("review_checkout")[1]?.request).toMatchObject({ provider: "monei", authorizeOnly: false });
    expect(screen.q("checkout-review-authorize-only")).toBeNull();
  });
});

describe("in Spanish", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    setLanguage("es");
    commands.handlers.read_amount = ({ text }) => ({ amount: EUR_12_50, text: `${text} EUR`, problem: null }) satisfies AmountReading;
  });
  afterEach(() => {
    screen?.destroy();
    setLanguage("en");
  });

  it("words the form, the review and the receipt in Spanish, with Rust's sentences as they come", async () => {
    const confirmation = "Cobrar 12,50 EUR con Monei en PRODUCCIÓN: es dinero real.";
    commands.handlers.review_checkout = () => reviewOf({ environment: "production", confirmation });
    commands.handlers.create_checkout = () => sessionOf({ resourceId: "pay_1" });
    commands.handlers.checkout_status = () => resultOf();
    screen = render(Checkout, { checkEveryMs: 10 });
    expect(screen.text()).toContain("Descripción");
    expect(screen.get("review-checkout").textContent).toBe("Revisar cobro");
    fillForm(screen, "12,50");
    await toReview(screen);
    const review = screen.get("checkout-review");
    expect(review.textContent).toContain("Revisa antes de cobrar");
    expect(review.textContent).toContain("PRODUCCIÓN — dinero real");
    expect(review.textContent).toContain("Sin cliente");
    expect(screen.get("checkout-confirmation").textContent).toBe(confirmation);
    expect(screen.get("confirm-checkout").textContent?.trim()).toBe("Confirmar y cobrar");
    click(screen.get("confirm-checkout"));
    await until(() => expect(screen.get("checkout-status").textContent).toBe("completado"));
    expect(screen.get("checkout-result").textContent).toContain("Comprobante");
    expect(screen.text()).toContain("Nuevo cobro");
  });
});
