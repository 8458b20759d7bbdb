// The first screen: blank while its answers come, "Starting…" only if they are slow, then
// the shell drawn together with the merchant's latest transactions.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushSync, mount, unmount } from "svelte";
import type { AppInfo, HistoryPage, OnboardingState, SyncStatus } from "./api";

type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const answers = {
  info: deferred<AppInfo>(),
  onboarding: deferred<OnboardingState>(),
  sync: deferred<SyncStatus>(),
  page: deferred<HistoryPage>(),
};

vi.mock("./api", async (original) => ({
  ...(await original<typeof import("./api")>()),
  appInfo: () => answers.info.promise,
  onboardingState: () => answers.onboarding.promise,
  syncStatus: () => answers.sync.promise,
  listHistory: () => answers.page.promise,
  onSyncProgress: () => Promise.resolve(() => {}),
  getSettings: () => new Promise(() => {}),
  checkUpdate: () => new Promise(() => {}),
}));

const INFO: AppInfo = { name: "Merchant Desk", version: "0.1.0", environment: "sandbox", language: "en", amountLocale: "en" };
const ONBOARDED: OnboardingState = {
  needsOnboarding: false,
  sandboxRunning: false,
  credentials: [],
  keychainProblem: null,
  secretStore: { kind: "keychain", fileVaultExists: false, fileVaultUnlocked: false, minPassphraseChars: 12 },
};
const SYNC: SyncStatus = { online: true, queued: 0, inFlight: 0, attention: 0, notices: 0, lastSyncAt: null, lastError: null, clockWarning: null, sandboxNetworkOff: false, historyChanged: 0, providers: [] };
const PAGE: HistoryPage = {
  items: [
    {
      id: "r1", provider: "monnet", environment: "sandbox", kind: "payout", amount: { minor: 125050, currency: "MXN" },
      status: "paid", counterparty: "Sofía Martínez", reference: "PO-SEED-0084", description: "", remoteId: null,
      createdAt: "2026-12-01T02:47:00Z", updatedAt: "2026-12-01T02:47:00Z",
      captured: null, refunded: { minor: 0, currency: "MXN" }, net: { minor: 125050, currency: "MXN" }, parentId: null,
    },
  ],
  nextCursor: null,
  total: 1,
  totalIsCapped: false,
};

async function answerAll(sync: SyncStatus = SYNC) {
  answers.info.resolve(INFO);
  answers.onboarding.resolve(ONBOARDED);
  answers.sync.resolve(sync);
  answers.page.resolve(PAGE);
  // let the awaited answers and the render they cause settle
  for (let i = 0; i < 10; i++) await Promise.resolve();
  flushSync();
}

describe("the first screen", () => {
  let target: HTMLElement;
  let app: Record<string, unknown> | undefined;

  beforeEach(() => {
    vi.useFakeTimers();
    for (const k of Object.keys(answers) as (keyof typeof answers)[]) (answers as Record<string, Deferred<unknown>>)[k] = deferred();
    Object.defineProperty(window.screen, "availHeight", { value: 800, configurable: true });
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
    target = document.createElement("div");
    document.body.append(target);
  });
  afterEach(() => {
    if (app) unmount(app);
    target.remove();
    vi.useRealTimers();
  });

  it("stays blank while its answers come and draws the shell with the latest rows", async () => {
    const { default: App } = await import("./App.svelte");
    app = mount(App, { target });
    flushSync();
    expect(target.textContent?.trim()).toBe("");
    vi.advanceTimersByTime(300);
    flushSync();
    expect(target.textContent?.trim()).toBe("");

    await answerAll();
    expect(target.querySelector("[data-testid=environment]")?.textContent).toContain("Sandbox");
    const rows = target.querySelectorAll("[data-testid=history-row]");
    expect(rows.length).toBe(1);
    expect(rows[0]?.textContent).toContain("PO-SEED-0084");
    expect(target.textContent).not.toContain("Starting");
  });

  it("says it is starting when the answers are slow, then shows the history", async () => {
    const { default: App } = await import("./App.svelte");
    app = mount(App, { target });
    vi.advanceTimersByTime(400);
    flushSync();
    expect(target.textContent).toContain("Starting…");
    expect(target.textContent).toContain("Merchant Desk");

    await answerAll();
    expect(target.textContent).not.toContain("Starting…");
    expect(target.querySelectorAll("[data-testid=history-row]").length).toBe(1);
  });

  it("counts every money movement in the status bar, and those needing attention as a warning", async () => {
    const { default: App } = await import("./App.svelte");
    app = mount(App, { target });
    await answerAll({ ...SYNC, queued: 1, inFlight: 2, attention: 2 });
    const bar = target.querySelector("[data-testid=sync-status]");
    expect(bar?.textContent).toContain("Money movements: 1 queued · 2 in flight");
    const attention = target.querySelector("[data-testid=sync-attention]");
    expect(attention?.textContent).toBe("2 need attention");
    expect(attention?.classList).toContain("warn");
  });

  it("says which provider's sync fails while the others go on", async () => {
    const { default: App } = await import("./App.svelte");
    app = mount(App, { target });
    const state = (provider: "mona" | "monei", lastError: string | null) => ({ provider, lastPulledAt: "2026-12-01T10:00:00Z", lastError, failingSince: null, followedById: provider === "monei" });
    await answerAll({ ...SYNC, providers: [state("mona", null), state("monei", "Monei: The provider did not accept these credentials.")] });
    const failing = target.querySelector("[data-testid=sync-failing]");
    expect(failing?.textContent).toBe("Monei: sync failing");
    expect(failing?.getAttribute("title")).toContain("did not accept these credentials");
    expect(target.querySelector("[data-testid=connectivity]")?.textContent).toBe("Online");
  });

  it("says how far the computer's clock is off from Monnet's", async () => {
    const { default: App } = await import("./App.svelte");
    app = mount(App, { target });
    const told = "Your computer's clock is 10 minutes behind Monnet's. Set the clock right (automatic time); meanwhile the desk signs with Monnet's time.";
    await answerAll({ ...SYNC, clockWarning: told });
    expect(target.querySelector("[data-testid=clock-warning]")?.textContent).toBe(told);
  });

  it("shows no attention count when nothing needs it", async () => {
    const { default: App } = await import("./App.svelte");
    app = mount(App, { target });
    await answerAll();
    expect(target.querySelector("[data-testid=sync-queue]")?.textContent).toBe("0 queued · 0 in flight");
    expect(target.querySelector("[data-testid=sync-attention]")).toBeNull();
    expect(target.querySelector("[data-testid=clock-warning]")).toBeNull();
  });
});
