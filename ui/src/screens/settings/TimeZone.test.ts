// Settings → Time zone: an IANA name saved as the core reads it, empty to follow the computer,
// and the core's refusal of a name it does not know shown beside the field.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Settings } from "../../api";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import TimeZone from "./TimeZone.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const SETTINGS: Settings = {
  environment: "sandbox", updateChecks: true, updateEndpoint: null, sandboxPersistent: true, secretStore: "keychain", language: "en",
  locale: null, confirmAbove: [], merchantName: null, timeZone: "Europe/Madrid",
};

describe("settings: time zone", () => {
  let screen: ReturnType<typeof render>;
  let saved = 0;
  beforeEach(() => {
    commands.reset();
    saved = 0;
    commands.handlers.update_settings = ({ settings }) => {
      if ((settings as Settings).timeZone === "Mars/Olympus") throw commandError("\"Mars/Olympus\" is not a time zone this computer knows.", [{ field: "timeZone", message: "\"Mars/Olympus\" is not a time zone this computer knows: use a name like America/Mexico_City or Europe/Madrid." }]);
      return { settings, dataDir: "/d", logDir: "/l" };
    };
  });
  afterEach(() => screen?.destroy());

  it("starts from the saved zone and saves a new one, or null to follow the computer", async () => {
    screen = render(TimeZone, { settings: SETTINGS, onSaved: () => saved++ });
    const input = screen.get<HTMLInputElement>("time-zone");
    expect(input.value).toBe("Europe/Madrid");
    type(input, " America/Mexico_City ");
    click(screen.get("save-time-zone"));
    await until(() => expect(saved).toBe(1));
    expect(commands.callsOf("update_settings")[0]).toEqual({ settings: { ...SETTINGS, timeZone: "America/Mexico_City" } });
    expect(screen.get("time-zone-message").textContent).toContain("America/Mexico_City");
    type(input, "");
    click(screen.get("save-time-zone"));
    await until(() => expect(saved).toBe(2));
    expect(commands.callsOf("update_settings")[1]).toEqual({ settings: { ...SETTINGS, timeZone: null } });
  });

  it("shows the core's refusal of an unknown zone and saves nothing", async () => {
    screen = render(TimeZone, { settings: SETTINGS, onSaved: () => saved++ });
    type(screen.get<HTMLInputElement>("time-zone"), "Mars/Olympus");
    click(screen.get("save-time-zone"));
    await until(() => expect(screen.text()).toContain("not a time zone this computer knows"));
    expect(saved).toBe(0);
  });
});
