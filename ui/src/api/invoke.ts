// The only place in the UI that calls Rust. Every command goes through `call`, which turns a
// rejected invoke into a typed `DeskError`.
import { invoke } from "@tauri-apps/api/core";
import type { CommandError } from "./bindings/CommandError";
import type { FieldError } from "./bindings/FieldError";
import { PROFILE_UNTIL_MS } from "../lib/profile";
import { localize } from "../lib/i18n.svelte";
import { m } from "../paraglide/messages.js";

/** A sentence as a command's error carries it: the catalog's code and parameters, if any. */
type Said = { code?: string | null; params?: Partial<Record<string, string>> };

/** A command's error as Rust sends it (a test may leave out the catalog's codes). */
export type DeskErrorInput = Pick<CommandError, "code" | "message"> & {
  messageCode?: string | null;
  params?: Partial<Record<string, string>>;
  fields: (Pick<FieldError, "field" | "message"> & Said)[];
};

/**
 * An error returned by a command, in the one shape every command uses. Its `message` and its
 * fields' messages are the catalog's sentences in the UI's language when Rust sent a code
 * (`messageCode`, a field's `code`) the catalog has, else Rust's own sentence.
 */
export class DeskError extends Error {
  readonly code: string;
  readonly fields: FieldError[];
  constructor(e: DeskErrorInput) {
    super(localize(e.messageCode, e.params, e.message));
    this.code = e.code;
    this.fields = e.fields.map((f) => ({
      field: f.field,
      code: f.code ?? null,
      params: (f.params ?? {}) as FieldError["params"],
      message: localize(f.code, f.params, f.message),
    }));
  }

  /** What to tell the merchant: the fields' own sentences when there are any. */
  describe(): string {
    return this.fields.length ? this.fields.map((f) => f.message).join(" ") : this.message;
  }
}

/** A caught error as a sentence for the merchant. */
export function describeError(e: unknown): string {
  return e instanceof DeskError ? e.describe() : String(e);
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
    if (missing) return m.error_input_missing({ name: missing[1] ?? "" });
    const variant = /unknown variant `([^`]*)`/.exec(raw);
    if (variant) return m.error_input_not_a_choice({ value: variant[1] ?? "" });
    const expectsNumber = /expected (a |an )?(u|i)(8|16|32|64|128|size)\b|expected (an )?integer|expected (a )?number|expected f(32|64)/.test(raw);
    if (/floating point/.test(raw) && expectsNumber) return m.error_input_decimals();
    if (/invalid type: null/.test(raw)) return m.error_input_empty();
    if (/invalid type: (string|map|sequence|boolean)/.test(raw) && expectsNumber) return m.error_input_not_a_number();
    if (/invalid value: integer/.test(raw)) return m.error_input_out_of_range();
    return m.error_input_unexpected();
  })();
  return m.error_invalid_input({ what });
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
  return new DeskError({ code: "errors.ipc", message: m.error_ipc(), fields: [] });
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

/** The features Rust serves through one command each (see `ask`). */
export const FEATURES = ["batches", "customers", "beneficiaries"] as const;

/** One of `FEATURES`. */
export type Feature = (typeof FEATURES)[number];

/**
 * Asks a feature's one command (`batches`, `customers`, `beneficiaries`) for `command` with
 * `args`: Rust serves a feature through one command, each command's glue costing the binary
 * several KB against its size budget. Errors as `call`.
 */
export function ask<T>(feature: Feature, command: string, args?: Record<string, unknown>): Promise<T> {
  return call<T>(feature, { request: args === undefined ? command : { [command]: args } });
}
