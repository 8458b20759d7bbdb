// Settings → Notifications: one switch, saved with the other settings as they are, on when a
// settings object from before the switch has no value for it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Settings } from "../../api";
import { click, commandError, commandMock, render, until } from "../../lib/testing";
import Notifications from "./Notifications.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const SETTINGS = {
  environment: "sandbox", updateChecks: true, updateEndpoint: null, sandboxPersistent: true, secretStore: "keychain",
  locale: null, confirmAbove: [], merchantName: "Panadería", timeZone: null,
} as unknown as Settings;

describe("settings: notifications", () => {
  let screen: ReturnType<typeof render>;
  let saved = 0;
  beforeEach(() => {
    commands.reset();
    saved = 0;
    commands.handlers.update_settings = ({ settings }) => ({ settings, dataDir: "/d", logDir: "/l" });
  });
  afterEach(() => screen?.destroy());

  it("is on by default and saves the switch with the other settings unchanged", async () => {
    screen = render(Notifications, { settings: SETTINGS, onSaved: () => saved++ });
    const box = screen.get<HTMLInputElement>("notifications");
    expect(box.checked).toBe(true);
    click(box);
    await until(() => expect(saved).toBe(1));
    expect(commands.callsOf("update_settings")).toEqual([{ settings: { ...SETTINGS, notifications: false } }]);
    expect(screen.get("notifications-message").textContent).toContain("Notifications are off");
  });

  it("shows a saved off as off, and the core's refusal", async () => {
    commands.handlers.update_settings = () => { throw commandError("The settings file cannot be written."); };
    screen = render(Notifications, { settings: { ...SETTINGS, notifications: false }, onSaved: () => saved++ });
    const box = screen.get<HTMLInputElement>("notifications");
    expect(box.checked).toBe(false);
    click(box);
    await until(() => expect(screen.text()).toContain("The settings file cannot be written."));
    expect(saved).toBe(0);
    expect(box.checked).toBe(false);
  });
});
