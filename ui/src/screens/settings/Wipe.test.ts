// Lock and wipe with money movements not carried out yet: the core's sentence naming them, an
// export first, and a wipe only after "Wipe anyway". Also the merchant's name for receipts.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Settings } from "../../api";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import Wipe from "./Wipe.svelte";
import MerchantName from "./MerchantName.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const UNSETTLED = "1 money movement (1,250.50 MXN) has not reached its provider as meant yet: queued, being checked or needing attention. Wiping deletes it for good. Export the history first, then confirm the wipe again.";

describe("lock and wipe", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => commands.reset());
  afterEach(() => screen?.destroy());

  it("names what it would drop, offers the export, and wipes only after Wipe anyway", async () => {
    commands.handlers.lock_and_wipe = ({ unsettledConfirmed }) => {
      if (!unsettledConfirmed) throw commandError(UNSETTLED, [], "errors.confirmation_required");
    };
    commands.handlers.export_history_csv = () => "/home/ana/Downloads/merchant-desk-history.csv";
    const onWiped = vi.fn();
    screen = render(Wipe, { onWiped });
    expect(screen.get<HTMLButtonElement>("wipe").disabled).toBe(true);
    type(screen.get<HTMLInputElement>("wipe-confirm"), "WIPE");
    click(screen.get("wipe"));
    await until(() => expect(screen.q("wipe-unsettled")).not.toBeNull());
    expect(screen.get("wipe-unsettled").textContent).toContain(UNSETTLED);
    expect(onWiped).not.toHaveBeenCalled();
    expect(screen.q("wipe")).toBeNull();

    click(screen.get("wipe-export"));
    await until(() => expect(screen.get("wipe-export-path").textContent).toContain("merchant-desk-history.csv"));
    expect(commands.callsOf("export_history_csv")[0]?.query).toMatchObject({ status: null, limit: null });

    click(screen.get("wipe-anyway"));
    await until(() => expect(onWiped).toHaveBeenCalledTimes(1));
    expect(commands.callsOf("lock_and_wipe")).toEqual([{ confirmation: "WIPE" }, { confirmation: "WIPE", unsettledConfirmed: true }]);
  });

  it("wipes at once when nothing is waiting, and shows other errors as they are", async () => {
    commands.handlers.lock_and_wipe = () => undefined;
    const onWiped = vi.fn();
    screen = render(Wipe, { onWiped });
    type(screen.get<HTMLInputElement>("wipe-confirm"), "WIPE");
    click(screen.get("wipe"));
    await until(() => expect(onWiped).toHaveBeenCalledTimes(1));
    expect(screen.q("wipe-unsettled")).toBeNull();
    commands.handlers.lock_and_wipe = () => { throw commandError("The keychain is locked."); };
    click(screen.get("wipe"));
    await until(() => expect(screen.text()).toContain("The keychain is locked."));
    expect(screen.q("wipe-anyway")).toBeNull();
  });
});

describe("the merchant's name on receipts", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => commands.reset());
  afterEach(() => screen?.destroy());

  it("is saved with the other settings", async () => {
    const settings: Settings = {
      environment: "sandbox", updateChecks: true, updateEndpoint: null, sandboxPersistent: false, secretStore: "keychain", language: "en",
      locale: "en", confirmAbove: [], merchantName: null,
    };
    commands.handlers.update_settings = ({ settings: s }) => ({ settings: s, dataDir: "", logDir: "" });
    const onSaved = vi.fn();
    screen = render(MerchantName, { settings, onSaved });
    expect(screen.target.querySelector("label[for=merchant-name]")?.textContent).toBe("Merchant name (on receipts)");
    type(screen.get<HTMLInputElement>("merchant-name"), "  Tienda Ana ");
    click(screen.get("save-merchant-name"));
    await until(() => expect(onSaved).toHaveBeenCalled());
    expect(commands.callsOf("update_settings")).toEqual([{ settings: { ...settings, merchantName: "Tienda Ana" } }]);
    expect(screen.get("merchant-name-message").textContent).toContain("Receipts show this name.");
  });
});
