// Customers: a search that asks the core and lists emails masked; a new customer whose
// refusals show beside their fields; a customer's page that charges a saved card only after
// the review (and follows a doubt, never charging again), removes a card after a second yes,
// creates a collection whose consent is Mona's page in a frame and cancels one; and the
// checkout's "Save this card" option that passes the customer's own answer from the card page.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckoutResult, CheckoutReview, CheckoutSession, CollectionView, CustomerDetail, CustomerItem } from "../../api";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import Customers from "./Customers.svelte";
import CustomerPage from "./CustomerPage.svelte";
import Checkout from "../checkout/Checkout.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: async () => () => {} }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const ANA = "cus_0123456789abcdef0123456789abcdef";
const ana: CustomerItem = { id: ANA, name: "Ana Gómez", emailMasked: "a•••@example.com", createdAt: "2026-12-01T10:00:00+00:00" };
const luis: CustomerItem = { id: "cus_fedcba9876543210fedcba9876543210", name: "Luis Peña", emailMasked: "l•••@shop.mx", createdAt: "2026-12-02T10:00:00+00:00" };
const USD_40 = { minor: 4000, currency: "USD" as const };
const NGN_5000 = { minor: 500000, currency: "NGN" as const };

const active: CollectionView = {
  id: "mona_col", reference: "CL-261203-ABCDEF", amount: NGN_5000, frequency: "monthly", status: "active", description: "Veg box",
  consentedAt: "2026-12-03T10:00:00Z", nextChargeAt: "2027-01-03T10:00:00Z", cancelledAt: null, charges: 11, failedCharges: 1, canCancel: true, cancelling: false,
};
const detailOf = (over: Partial<CustomerDetail> = {}): CustomerDetail => ({
  id: ANA, name: "Ana Gómez", email: "ana@example.com", createdAt: "2026-12-01T10:00:00+00:00", providers: ["moneflow"],
  cards: [{ id: 3, provider: "moneflow", brand: "Visa", last4: "4242", tokenMasked: "••••9f2c", savedAt: "2026-12-01T10:00:00+00:00" }],
  collections: [], verification: null, history: { items: [], nextCursor: null, total: 0, totalIsCapped: false }, environment: "sandbox", note: null, ...over,
});
const resultOf = (over: Partial<CheckoutResult> = {}): CheckoutResult => ({
  localId: "moneflow_1", provider: "moneflow", amount: USD_40, reference: "MF-261203-ABCDEF", remoteId: "mft_1",
  status: "succeeded", failure: null, card: "Visa •••• 4242", completedAt: "2026-12-03T10:00:00Z", ...over,
});

beforeEach(() => {
  commands.reset();
  commands.handlers.read_amount = ({ text, currency }) => ({ amount: null, text: `${text} ${currency}`, problem: null });
});

describe("the customers' list", () => {
  let screen: ReturnType<typeof render>;
  afterEach(() => screen?.destroy());
  const rows = () => Array.from(screen.target.querySelectorAll("[data-testid=customer-row]"), (r) => r.textContent ?? "");

  it("lists customers with their emails masked and searches by name or email", async () => {
    commands.handlers.search_customers = ({ text }) => (String(text).includes("shop") ? { items: [luis], total: 1 } : { items: [ana, luis], total: 2 });
    screen = render(Customers, {});
    await until(() => expect(rows().length).toBe(2));
    expect(rows()[0]).toContain("Ana Gómez");
    expect(rows()[0]).toContain("a•••@example.com");
    expect(screen.text()).not.toContain("ana@example.com");
    type(screen.get<HTMLInputElement>("customer-search"), "shop");
    await until(() => expect(rows().length).toBe(1));
    expect(screen.get("customer-total").textContent).toBe("1 customer matching");
    expect(commands.callsOf("search_customers").at(-1)).toEqual({ text: "shop", offset: 0, limit: 50 });
  });

  it("shows what the core refused beside each field, then opens the new customer's page", async () => {
    commands.handlers.search_customers = () => ({ items: [], total: 0 });
    let refuse = true;
    commands.handlers.add_customer = () => {
      if (refuse) throw commandError("some fields need attention", [{ field: "email", message: "Enter an email like name@example.com." }]);
      return ana;
    };
    commands.handlers.get_customer = () => detailOf({ cards: [] });
    screen = render(Customers, {});
    click(screen.get("add-customer"));
    type(screen.get<HTMLInputElement>("customer-name"), "Ana Gómez");
    type(screen.get<HTMLInputElement>("customer-email"), "ana@");
    click(screen.get("save-customer"));
    await until(() => expect(screen.q("problem-customer-email")).not.toBeNull());
    expect(screen.get("customer-email").getAttribute("aria-invalid")).toBe("true");
    refuse = false;
    type(screen.get<HTMLInputElement>("customer-email"), "ana@example.com");
    click(screen.get("save-customer"));
    await until(() => expect(screen.q("customer-page")).not.toBeNull());
    expect(commands.callsOf("add_customer").at(-1)).toEqual({ draft: { name: "Ana Gómez", email: "ana@example.com" } });
    await until(() => expect(screen.get("customer-title").textContent).toBe("Ana Gómez"));
  });
});

describe("a customer's page", () => {
  let screen: ReturnType<typeof render>;
  afterEach(() => screen?.destroy());

  it("charges a saved card only after the review, and follows a doubt without charging again", async () => {
    commands.handlers.get_customer = () => detailOf();
    commands.handlers.review_card_charge = () => ({
      amount: USD_40, amountText: "40.00 USD", card: "Visa •••• 4242", provider: "moneflow", customer: "Ana Gómez <ana@example.com>",
      description: "Refill", environment: "sandbox", confirmation: null, aboveLimit: null,
    });
    commands.handlers.charge_saved_card = () => resultOf({ status: "checking", failure: "Checking with MonEFlow Pay.", remoteId: null });
    let asked = 0;
    commands.handlers.checkout_status = () => (++asked < 2 ? resultOf({ status: "checking", remoteId: null }) : resultOf());
    screen = render(CustomerPage, { id: ANA, onBack: () => {}, checkEveryMs: 20 });
    await until(() => expect(screen.q("saved-card")).not.toBeNull());
    expect(screen.get("saved-card").textContent).toContain("Visa •••• 4242");
    expect(screen.get("saved-card").textContent).toContain("••••9f2c");
    click(screen.get("charge-card"));
    type(screen.get<HTMLInputElement>("card-charge-amount"), "40.00");
    type(screen.get<HTMLInputElement>("card-charge-description"), "Refill");
    click(screen.get("review-card-charge"));
    await until(() => expect(screen.q("card-charge-review")).not.toBeNull());
    expect(commands.callsOf("charge_saved_card")).toEqual([]);
    expect(screen.get("card-charge-review-amount").textContent).toBe("40.00 USD");
    click(screen.get("confirm-card-charge"));
    await until(() => expect(screen.get("card-charge-status").textContent).toBe("succeeded"));
    expect(commands.callsOf("charge_saved_card")).toEqual([{
      request: { customerId: ANA, cardId: 3, amount: "40.00", currency: "USD", description: "Refill" },
      confirmation: { confirmed: false, aboveLimit: false, amountShown: USD_40 },
    }]);
    expect(commands.callsOf("checkout_status")).toEqual([{ localId: "moneflow_1" }, { localId: "moneflow_1" }]);
  });

  it("removes a card only after a second yes", async () => {
    let cards = detailOf().cards;
    commands.handlers.get_customer = () => detailOf({ cards });
    commands.handlers.remove_saved_card = () => {
      cards = [];
      return null;
    };
    screen = render(CustomerPage, { id: ANA, onBack: () => {}, checkEveryMs: 20 });
    await until(() => expect(screen.q("remove-card")).not.toBeNull());
    click(screen.get("remove-card"));
    expect(commands.callsOf("remove_saved_card")).toEqual([]);
    click(screen.get("confirm-remove-card"));
    await until(() => expect(screen.q("saved-card")).toBeNull());
    expect(commands.callsOf("remove_saved_card")).toEqual([{ customerId: ANA, cardId: 3 }]);
    expect(screen.get("customer-told").textContent).toContain("removed");
  });

  it("creates a collection whose consent is Mona's page in a frame, read back when the page says so", async () => {
    const origin = "http://127.0.0.1:4200";
    let collections: CollectionView[] = [];
    commands.handlers.get_customer = () => detailOf({ collections });
    commands.handlers.review_collection = () => ({
      amount: NGN_5000, amountText: "5,000.00 NGN", frequency: "monthly", customer: "Ana Gómez <ana@example.com>", description: "Veg box",
      environment: "sandbox", confirmation: null, aboveLimit: null,
    });
    commands.handlers.create_collection = () => ({
      id: "mona_col", reference: "CL-261203-ABCDEF", status: "pending_consent", note: null, sdkUrl: `${origin}/sdk/checkout?collectionId=col_1`, sdkOrigin: origin,
    });
    commands.handlers.collection_status = () => {
      collections = [active];
      return { id: "mona_col", reference: "CL-261203-ABCDEF", status: "active", note: null, sdkUrl: null, sdkOrigin: null };
    };
    screen = render(CustomerPage, { id: ANA, onBack: () => {}, checkEveryMs: 20 });
    await until(() => expect(screen.q("new-collection-button")).not.toBeNull());
    click(screen.get("new-collection-button"));
    type(screen.get<HTMLInputElement>("collection-amount"), "5,000.00");
    click(screen.get("collection-monthly"));
    type(screen.get<HTMLInputElement>("collection-description"), "Veg box");
    click(screen.get("review-collection"));
    await until(() => expect(screen.q("collection-review")).not.toBeNull());
    click(screen.get("confirm-collection"));
    await until(() => expect(screen.q("collection-frame")).not.toBeNull());
    expect(commands.callsOf("create_collection")[0]?.request).toEqual({ customerId: ANA, amount: "5,000.00", currency: "NGN", frequency: "monthly", description: "Veg box" });
    const frame = screen.get<HTMLIFrameElement>("collection-frame");
    // a message from anywhere else is not heard
    window.dispatchEvent(new MessageEvent("message", { origin: "http://evil.example", source: frame.contentWindow, data: { source: "mona-sdk", type: "completed" } }));
    expect(commands.callsOf("collection_status")).toEqual([]);
    window.dispatchEvent(new MessageEvent("message", { origin, source: frame.contentWindow, data: { source: "mona-sdk", type: "completed", collectionId: "col_1", status: "active" } }));
    await until(() => expect(screen.get("new-collection-status").dataset.collectionStatus).toBe("active"));
    await until(() => expect(screen.q("collection-row")).not.toBeNull());
    expect(screen.get("collection-row").textContent).toContain("11 charges, 1 failed");
  });

  it("cancels a collection after a second yes", async () => {
    let collections = [active];
    commands.handlers.get_customer = () => detailOf({ collections });
    commands.handlers.cancel_collection = () => {
      collections = [{ ...active, status: "cancelled", canCancel: false, nextChargeAt: null }];
      return { id: "mona_col", reference: "CN-261203-ABCDEF", state: "done", note: null };
    };
    screen = render(CustomerPage, { id: ANA, onBack: () => {}, checkEveryMs: 20 });
    await until(() => expect(screen.q("cancel-collection")).not.toBeNull());
    click(screen.get("cancel-collection"));
    expect(commands.callsOf("cancel_collection")).toEqual([]);
    click(screen.get("confirm-cancel-collection"));
    await until(() => expect(screen.get("collection-status").dataset.collectionStatus).toBe("cancelled"));
    expect(commands.callsOf("cancel_collection")).toEqual([{ id: "mona_col" }]);
    expect(screen.q("cancel-collection")).toBeNull();
  });
});

describe("saving a card at checkout", () => {
  let screen: ReturnType<typeof render>;
  afterEach(() => screen?.destroy());

  it("is offered for MonEFlow Pay once a customer is named, and passes the customer's own answer", async () => {
    const origin = "http://127.0.0.1:4100";
    const amount = { minor: 2500, currency: "USD" as const };
    commands.handlers.review_checkout = ({ request }) => ({
      amount, amountText: "25.00 USD", provider: "moneflow", customer: "Ana <ana@example.com>", description: "Tote", authorizeOnly: false,
      saveCard: (request as { saveCard: boolean }).saveCard, environment: "sandbox", confirmation: null, aboveLimit: null,
    }) satisfies CheckoutReview;
    commands.handlers.create_checkout = () => ({
      localId: "tx-1", provider: "moneflow", amount, reference: "MF-1", resourceId: null, sdkUrl: `${origin}/sdk/card-fields?vault=offer`, sdkOrigin: origin, state: "ready", note: null,
    }) satisfies CheckoutSession;
    commands.handlers.submit_nonce = () => resultOf({ amount, localId: "tx-1" });
    screen = render(Checkout, { checkEveryMs: 10 });
    click(screen.get("provider-moneflow"));
    expect(screen.q("checkout-save-card")).toBeNull();
    type(screen.get<HTMLInputElement>("checkout-amount"), "25.00");
    type(screen.get<HTMLInputElement>("checkout-customer-email"), "ana@example.com");
    const box = screen.get<HTMLInputElement>("checkout-save-card");
    expect(box.checked).toBe(false);
    click(box);
    click(screen.get("review-checkout"));
    await until(() => expect(screen.q("checkout-review-save-card")).not.toBeNull());
    click(screen.get("confirm-checkout"));
    await until(() => expect(screen.q("sdk-frame")).not.toBeNull());
    expect((commands.callsOf("create_checkout")[0]?.request as { saveCard: boolean }).saveCard).toBe(true);
    window.dispatchEvent(new MessageEvent("message", {
      origin, source: screen.get<HTMLIFrameElement>("sdk-frame").contentWindow,
      data: { source: "moneflow-sdk", type: "nonce", nonce: "nonce_abc", card: { brand: "Visa", last4: "4242" }, vaultConsent: true },
    }));
    await until(() => expect(commands.callsOf("submit_nonce").length).toBe(1));
    expect(commands.callsOf("submit_nonce")[0]).toEqual({ submission: { localId: "tx-1", nonce: "nonce_abc", vaultConsent: true } });
  });
});
