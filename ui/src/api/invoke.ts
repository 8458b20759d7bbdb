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

/**
 * What the merchant is told when Tauri refused a command's arguments before Rust saw them
 * (its deserialisation error, a plain string such as "invalid args `request` for command
 * `create_checkout`: invalid type: floating point `1.5`, expected u64"): what was wrong, in
 * words, without Rust's type names. Nothing was sent.
 */
export function unreadableInput(raw: string): string {
  const what = (() => {
    const missing = /missing field `([^`]+)`/.exec(raw);
    if (missing) return `${missing[1]} is missing`;
    const variant = /unknown variant `([^`]*)`/.exec(raw);
    if (variant) return `"${variant[1]}" is not one of the choices`;
    const expectsNumber = /expected (a |an )?(u|i)(8|16|32|64|128|size)\b|expected (an )?integer|expected (a )?number|expected f(32|64)/.test(raw);
    if (/floating point/.test(raw) && expectsNumber) return "a number with decimals where a whole number is expected";
    if (/invalid type: null/.test(raw)) return "an empty value where one is needed";
    if (/invalid type: (string|map|sequence|boolean)/.test(raw) && expectsNumber) return "something else where a number is expected";
    if (/invalid value: integer/.test(raw)) return "a number outside what is allowed";
    return "a value that is not in the expected form";
  })();
  return `Some of what was entered could not be read: ${what}. Nothing was sent; check what you entered.`;
}

/** Calls a Tauri command and rethrows its error as a `DeskError`. */
export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const start = performance.now();
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toDeskError(e);
  } finally {
    // commands started while the app starts leave `ipc:<command>` in the start-up profile
    if (start < PROFILE_UNTIL_MS) performance.measure(`ipc:${cmd}`, { start });
  }
}

/** A rejected invoke as a `DeskError`: the core's own error, Tauri's refusal, or no answer. */
function toDeskError(e: unknown): DeskError {
  if (isCommandError(e)) return new DeskError(e);
  // Tauri's own refusal of the arguments (before the command ran) is a plain string
  if (typeof e === "string" && e.trim()) {
    return new DeskError({ code: "errors.invalid_input", message: unreadableInput(e), fields: [] });
  }
  return new DeskError({
    code: "errors.ipc",
    message: "The app's core did not answer. Restart Merchant Desk.",
    fields: [],
  });
}

/**
 * Calls a Tauri command whose payload is raw bytes (a file), with `headers` beside it (Tauri
 * 2's raw request body), and rethrows its error as a `DeskError` like `call`.
 */
export async function callRaw<T>(cmd: string, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, bytes, { headers });
  } catch (e) {
    throw toDeskError(e);
  }
}
