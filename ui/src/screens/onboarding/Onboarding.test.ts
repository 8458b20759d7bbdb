// The welcome screen with the merchant's own keys: each key's environment is read by Rust and
// shown before anything is stored, a key of the other environment cannot be sent, one
// provider is enough, and the merchant can always reach Settings or go back to the sandbox.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CredentialSummary, KeyReading, OnboardingState } from "../../api";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import Onboarding from "./Onboarding.svelte";
import { setLanguage } from "../../lib/i18n.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const STATUS: OnboardingState = {
  needsOnboarding: true,
  sandboxRunning: false,
  credentials: [],
  keychainProblem: null,
  secretStore: { kind: "keychain", fileVaultExists: false, fileVaultUnlocked: false, minPassphraseChars: 12 },
};

// Rust's reading, as the core words it (prefixes only, never the key)
function reading(args: Record<string, unknown>, desk: "sandbox" | "production"): KeyReading {
  const key = String(args.key);
  const environment = key.startsWith("sk_live_") ? "production" : key.startsWith("sk_test_") ? "sandbox" : null;
  const accepted = args.provider === "monnet" || environment === desk;
  const sentence = args.provider === "monnet" ? "Monnet keys carry no environment mark." : accepted ? "A sandbox key (test money) (sk_test_…)." : `This is a ${environment} key, but the desk is in ${desk}.`;
  return { provider: args.provider as KeyReading["provider"], environment, deskEnvironment: desk, accepted, sentence };
}

const stored = (provider: CredentialSummary["provider"]): CredentialSummary => ({
  provider, environment: "sandbox", publicId: "••••", fingerprint: "ab12cd34", rotatedAt: "2026-12-01T00:00:00Z", rotationDue: "2027-03-01T00:00:00Z", rotationOverdue: false,
});

describe("onboarding with the merchant's keys", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => commands.reset());
  afterEach(() => screen?.destroy());

  it("shows the key's environment before storing, refuses the other environment, and one provider is enough", async () => {
    commands.handlers.read_key = (a) => reading(a, "sandbox");
    commands.handlers.add_keys = ({ input }) => stored((input as { provider: CredentialSummary["provider"] }).provider);
    const onDone = vi.fn();
    screen = render(Onboarding, { status: STATUS, environment: "sandbox", onDone, onOpenSettings: vi.fn() });
    expect(screen.q("start-sandbox")).not.toBeNull();
    click(screen.get("have-keys"));
    click(screen.get("keys-provider-monei"));

    type(screen.get<HTMLInputElement>("key-apiKey"), "sk_live_" + "abcdefgh");
    await until(() => expect(screen.get("key-reading-apiKey").textContent).toContain("but the desk is in sandbox"));
    expect(screen.get<HTMLButtonElement>("keys-store").disabled).toBe(true);
    expect(commands.callsOf("add_keys")).toHaveLength(0);

    type(screen.get<HTMLInputElement>("key-apiKey"), "sk_test_abcdefgh");
    await until(() => expect(screen.get("key-reading-apiKey").textContent).toContain("sandbox key"));
    expect(screen.get<HTMLButtonElement>("keys-store").disabled).toBe(false);
    expect(screen.q("open-desk")).toBeNull();
    click(screen.get("keys-store"));
    await until(() => expect(screen.get("keys-added").textContent).toContain("Monei"));
    expect(commands.callsOf("add_keys")[0]?.input).toEqual({ provider: "monei", environment: "sandbox", apiKey: "sk_test_abcdefgh" });
    expect(screen.text()).not.toContain("sk_test_abcdefgh");
    click(screen.get("open-desk"));
    expect(onDone).toHaveBeenCalled();
  });

  it("adds only Monnet, whose keys carry no environment mark, and shows a refusal next to the field", async () => {
    commands.handlers.read_key = (a) => reading(a, "production");
    let first = true;
    commands.handlers.add_keys = () => {
      if (first) {
        first = false;
        throw commandError("Some fields need attention.", [{ field: "apiKey", message: "Monnet refused these credentials." }]);
      }
      return stored("monnet");
    };
    screen = render(Onboarding, { status: STATUS, environment: "production", onDone: vi.fn(), onOpenSettings: vi.fn() });
    click(screen.get("have-keys"));
    click(screen.get("keys-provider-monnet"));
    await until(() => expect(screen.get("key-reading-note").textContent).toContain("no environment mark"));
    type(screen.get<HTMLInputElement>("key-merchantId"), "22");
    type(screen.get<HTMLInputElement>("key-apiKey"), "key=");
    type(screen.get<HTMLInputElement>("key-apiSecret"), "secret=");
    click(screen.get("keys-store"));
    await until(() => expect(screen.get("key-error-apiKey").textContent).toContain("refused"));
    expect(screen.q("keys-added")).toBeNull();
    click(screen.get("keys-store"));
    await until(() => expect(screen.get("keys-added").textContent).toContain("Monnet"));
    expect(commands.callsOf("add_keys")[1]?.input).toEqual({ provider: "monnet", environment: "production", merchantId: "22", apiKey: "key=", apiSecret: "secret=" });
  });

  it("in production offers the keys path, Settings and the way back, not a dead end", async () => {
    commands.handlers.set_environment = () => ({});
    const onDone = vi.fn();
    const onOpenSettings = vi.fn();
    screen = render(Onboarding, { status: STATUS, environment: "production", onDone, onOpenSettings });
    expect(screen.get("onboarding-lede").textContent).toContain("production");
    expect(screen.text()).not.toContain("later in Settings");
    expect(screen.get("have-keys").textContent).toContain("production keys");
    click(screen.get("have-keys"));
    click(screen.get("keys-back"));
    click(screen.get("onboarding-settings"));
    expect(onOpenSettings).toHaveBeenCalled();
    click(screen.get("back-to-sandbox"));
    await until(() => expect(onDone).toHaveBeenCalled());
    expect(commands.callsOf("set_environment")[0]).toEqual({ environment: "sandbox", confirmed: false });
  });

  it("speaks Spanish when the merchant does, brands and prefixes as they are", async () => {
    setLanguage("es");
    try {
      screen = render(Onboarding, { status: STATUS, environment: "production", onDone: vi.fn(), onOpenSettings: vi.fn() });
      expect(screen.text()).toContain("Te damos la bienvenida a Merchant Desk");
      expect(screen.get("onboarding-lede").textContent).toContain("La aplicación está en producción:");
      expect(screen.get("have-keys").textContent).toBe("Tengo claves de producción");
      click(screen.get("have-keys"));
      click(screen.get("keys-provider-mona"));
      expect(screen.text()).toContain("Mona: Clave privada (mona_sk_…)");
      expect(screen.get("keys-back").textContent).toBe("Volver");
    } finally {
      setLanguage("en");
    }
  });
});
