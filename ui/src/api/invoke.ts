// The only place in the UI that calls Rust. Every command goes through `call`, which turns a
// rejected invoke into a typed `DeskError`.
import { invoke } from "@tauri-apps/api/core";
import type { CommandError } from "./bindings/CommandError";
import { PROFILE_UNTIL_MS } from "../lib/profile";

/** An error returned by a command, in the one shape every command uses. */
export class DeskError extends Error {
  readonly code: string;
  readonly fields: CommandError["fields"];
  constructor(e: CommandError) {
    super(e.message);
    this.code = e.code;
    this.fields = e.fields;
  }

  /** What to tell the merchant: the fields' own sentences when there are any. */
  describe(): string {
    return this.fields.length ? this.fields.map((f) => f.message).join(" ") : this.message;
  }
}

function isCommandError(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}


/** Calls a Tauri command and rethrows its error as a `DeskError`. */
export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const start = performance.now();
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isCommandError(e)) throw new DeskError(e);
    throw new DeskError({
      code: "errors.ipc",
      message: "The app's core did not answer. Restart Merchant Desk.",
      fields: [],
    });
  } finally {
    // commands started while the app starts leave `ipc:<command>` in the start-up profile
    if (start < PROFILE_UNTIL_MS) performance.measure(`ipc:${cmd}`, { start });
  }
}
