// Helpers for component tests (jsdom): mount a screen, type into it, wait for what it shows.
import { flushSync, mount, unmount, type Component } from "svelte";
import { vi } from "vitest";
import { FEATURES } from "../api/invoke";

/** A Tauri command's handler in a test: returns the answer, or throws the command's error. */
export type Handler = (args: Record<string, unknown>) => unknown;

/** The commands a test answers and the calls the UI made, for a mocked `invoke`. */
export function commandMock() {
  const handlers: Record<string, Handler> = {};
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const invoke = async (feature: string, given: Record<string, unknown> = {}) => {
    // A feature's one command (`ask` in api/invoke.ts) is answered as the command it names.
    // Its `request` is the command's name, or an object whose one key names it and holds its arguments.
    const request = given.request as string | Record<string, Record<string, unknown>>;
    const asked = (FEATURES as readonly string[]).includes(feature);
    const cmd = !asked ? feature : typeof request === "string" ? request : (Object.keys(request)[0] ?? "");
    const args = !asked ? given : typeof request === "string" ? {} : (request[cmd] ?? {});
    calls.push({ cmd, args });
    const h = handlers[cmd];
    if (!h) throw { code: "errors.test", message: `no answer for ${cmd} in this test`, fields: [] };
    return h(args);
  };
  const callsOf = (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  const reset = () => {
    for (const k of Object.keys(handlers)) delete handlers[k];
    calls.length = 0;
  };
  return { handlers, calls, invoke, callsOf, reset };
}

/** A command error as Rust sends it. */
export const commandError = (message: string, fields: { field: string; message: string }[] = [], code = fields.length ? "errors.validation" : "errors.provider") => ({ code, message, fields });

/** Mounts `component` into a fresh element; `destroy` unmounts it and removes the element. */
export function render<P extends Record<string, unknown>>(component: Component<P>, props: P) {
  const target = document.createElement("div");
  document.body.append(target);
  const app = mount(component, { target, props });
  flushSync();
  const q = <E extends Element = HTMLElement>(testid: string) => target.querySelector<E>(`[data-testid="${testid}"]`) as E | null;
  const get = <E extends Element = HTMLElement>(testid: string): E => {
    const e = q<E>(testid);
    if (!e) throw new Error(`no [data-testid=${testid}] in: ${target.innerHTML}`);
    return e;
  };
  return {
    target,
    q,
    get,
    text: () => target.textContent ?? "",
    destroy: () => {
      unmount(app);
      target.remove();
    },
  };
}

/** Types `value` into an input the way a person does: the value changes, then `input` fires. */
export function type(input: HTMLInputElement | HTMLSelectElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  flushSync();
}

/** Clicks and lets Svelte draw what follows. */
export function click(el: HTMLElement) {
  el.click();
  flushSync();
}

/** Waits (real timers) until `check` stops throwing, flushing Svelte's updates in between. */
export async function until(check: () => void, timeout = 2000) {
  await vi.waitFor(() => {
    flushSync();
    check();
  }, { timeout, interval: 10 });
}
