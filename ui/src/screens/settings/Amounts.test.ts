// Settings → Amounts: the language of amounts and the "ask once more above" limits, each read
// by the core beside its field and saved as money.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Settings } from "../../api";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import Amounts from "./Amounts.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const SETTINGS: Settings = {
  environment: "sandbox", updateChecks: true, updateEndpoint: null, sandboxPersistent: true, secretStore: "keychain", language: "en",
  locale: null, confirmAbove: [{ minor: 100000, currency: "EUR" }], merchantName: null,
};

describe("settings: amounts", () => {
  let screen: ReturnType<typeof render>;
  const saved: string[] = [];
  beforeEach(() => {
    commands.reset();
    saved.length = 0;
    commands.handlers.update_settings = ({ settings }) => ({ settings, dataDir: "/d", logDir: "/l" });
    commands.handlers.read_amount = ({ text, currency }) =>
      text === "5000" ? { amount: { minor: 500000, currency }, text: `5,000.00 ${currency}`, problem: null }
      : text === "1000" ? { amount: { minor: 100000, currency }, text: `1,000.00 ${currency}`, problem: null }
      : { amount: null, text: null, problem: "Write the amount with digits, like 1,250.50." };
  });
  afterEach(() => screen?.destroy());

  it("saves the language of amounts, and null to follow the computer", async () => {
    screen = render(Amounts, { settings: SETTINGS, onSaved: (m: string) => saved.push(m) });
    const select = screen.get<HTMLSelectElement>("settings-locale");
    expect([...select.options].map((o) => o.textContent)).toEqual(["Follow this computer", "English", "Español (España)", "Español (México)"]);
    expect(select.value).toBe("");
    type(select, "es-ES");
    await until(() => expect(saved.length).toBe(1));
    expect(commands.callsOf("update_settings")[0]).toEqual({ settings: { ...SETTINGS, locale: "es-ES" } });
    type(select, "");
    await until(() => expect(saved.length).toBe(2));
    expect((commands.callsOf("update_settings")[1]?.settings as Settings).locale).toBeNull();
  });

  it("reads each limit beside its field and saves one per currency, an empty field meaning none", async () => {
    screen = render(Amounts, { settings: SETTINGS, onSaved: (m: string) => saved.push(m) });
    expect(screen.get<HTMLInputElement>("limit-EUR").value).toBe("1000");
    await until(() => expect(screen.get("limit-EUR-reading").textContent).toBe("= 1,000.00 EUR"));
    type(screen.get<HTMLInputElement>("limit-MXN"), "5000");
    type(screen.get<HTMLInputElement>("limit-EUR"), "");
    await until(() => expect(screen.get("limit-MXN-reading").textContent).toBe("= 5,000.00 MXN"));
    click(screen.get("save-limits"));
    await until(() => expect(saved.length).toBe(1));
    expect((commands.callsOf("update_settings")[0]?.settings as Settings).confirmAbove).toEqual([{ minor: 500000, currency: "MXN" }]);
  });

  it("does not save a limit the desk cannot read, and shows the core's sentences", async () => {
    commands.handlers.update_settings = () => {
      throw commandError("some fields need attention", [{ field: "confirmAbove", message: "One limit per currency." }]);
    };
    screen = render(Amounts, { settings: SETTINGS, onSaved: (m: string) => saved.push(m) });
    type(screen.get<HTMLInputElement>("limit-USD"), "lots");
    await until(() => expect(screen.get("limit-USD-reading").textContent).toContain("Write the amount with digits"));
    click(screen.get("save-limits"));
    await until(() => expect(screen.get("amounts-error").textContent).toContain("USD: Write the amount with digits"));
    expect(commands.callsOf("update_settings")).toEqual([]);
    type(screen.get<HTMLInputElement>("limit-USD"), "");
    click(screen.get("save-limits"));
    await until(() => expect(screen.get("amounts-error").textContent).toBe("One limit per currency."));
    expect(saved).toEqual([]);
  });
});
