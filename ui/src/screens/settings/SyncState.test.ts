// Settings' sync section: each provider's own state, its error's sentence while it fails, and
// for Monei and Monnet that records created outside the desk will not appear.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SyncStatus } from "../../api";
import { commandMock, render, until } from "../../lib/testing";
import SyncState from "./SyncState.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
vi.mock("@tauri-apps/api/event", () => ({ listen: () => Promise.resolve(() => {}) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const at = "2026-12-01T10:00:00Z";
const STATUS: SyncStatus = {
  online: true, queued: 0, inFlight: 0, attention: 0, notices: 0, lastSyncAt: at, lastError: null, clockWarning: null, sandboxNetworkOff: false, historyChanged: 0,
  providers: [
    { provider: "mona", lastPulledAt: at, lastError: null, failingSince: null, followedById: false },
    { provider: "monei", lastPulledAt: at, lastError: "Monei: The provider did not accept these credentials.", failingSince: at, followedById: true },
    { provider: "monnet", lastPulledAt: null, lastError: null, failingSince: null, followedById: true },
  ],
};

describe("sync state in Settings", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => commands.reset());
  afterEach(() => screen?.destroy());

  it("shows each provider's last pull, the failing one's sentence, and what the desk cannot see", async () => {
    commands.handlers.sync_status = () => STATUS;
    screen = render(SyncState, {});
    await until(() => expect(screen.q("sync-monei")).not.toBeNull());
    expect(screen.get("sync-mona").textContent).toContain("Up to date");
    expect(screen.get("sync-error-monei").textContent).toContain("Monei: The provider did not accept these credentials.");
    expect(screen.q("sync-error-mona")).toBeNull();
    expect(screen.get("sync-monnet").textContent).toContain("never");
    expect(screen.get("sync-outside-monei").textContent).toContain("will not appear");
    expect(screen.get("sync-outside-monnet").textContent).toContain("will not appear");
    expect(screen.q("sync-outside-mona")).toBeNull();
  });
});
