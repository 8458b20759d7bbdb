// The desk's language and how it writes amounts, numbers and dates, for the whole UI.
//
// Messages come from the catalog compiled by paraglide-js (`import { m } from
// "../paraglide/messages.js"`, then `m.history_title()` in markup): each message reads the
// language through `getLocale()`, which reads the state below, so every message on screen
// re-renders when the language changes, without a restart. App sets both from `appInfo()`
// (the desk's settings) before the first screen; Settings changes them. docs/i18n.md.
import { overwriteGetLocale } from "../paraglide/runtime.js";
import type { AmountLocale } from "../api/bindings/AmountLocale";
import type { Language } from "../api/bindings/Language";

/** The computer's language as the desk reads it (Rust does the same): Spanish or English. */
export function languageOf(tag: string | undefined): Language {
  return tag?.toLowerCase().startsWith("es") ? "es" : "en";
}

let language = $state<Language>(languageOf(globalThis.navigator?.language));
let amountLocale = $state<AmountLocale>("en");
overwriteGetLocale(() => language);

/** The language the UI speaks now. */
export const currentLanguage = (): Language => language;

/** How amounts, numbers and dates are written now (`en`, `es-ES`, `es-MX`). */
export const currentAmountLocale = (): AmountLocale => amountLocale;

/** Speaks `next` from now on: every message on screen re-renders in it. */
export function setLanguage(next: Language): void {
  language = next;
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

/** Writes amounts, numbers and dates as `next` does from now on. */
export function setAmountLocale(next: AmountLocale): void {
  amountLocale = next;
}

// The catalog a command's error is rendered from (`DeskError`): the JSON of one language,
// loaded on first use, off the start-up path. Until it has loaded, Rust's own sentence (already
// in the desk's language) is shown.
type Catalog = Record<string, string>;
const catalogs: Partial<Record<Language, Catalog>> = {};
const loading: Partial<Record<Language, Promise<void>>> = {};

/** Loads the catalog of `lang` for `localize` (once). */
export function loadCatalog(lang: Language = language): Promise<void> {
  loading[lang] ??= (lang === "es" ? import("../../messages/es.json") : import("../../messages/en.json")).then(
    (json) => void (catalogs[lang] = json.default as Catalog),
    () => void delete loading[lang],
  );
  return loading[lang];
}

/** `template` with each `{name}` replaced by `params[name]`. */
export function fill(template: string, params: Partial<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (all, name: string) => params[name] ?? all);
}

/**
 * The catalog's sentence for `code` with `params` in the UI's language, or `fallback` (Rust's
 * sentence) when there is no code, the catalog has not loaded yet or has no such code.
 */
export function localize(code: string | null | undefined, params: Partial<Record<string, string>> | undefined, fallback: string): string {
  if (!code) return fallback;
  const catalog = catalogs[language];
  if (!catalog) {
    void loadCatalog(language);
    return fallback;
  }
  const template = Object.hasOwn(catalog, code) ? catalog[code] : undefined;
  return template === undefined ? fallback : fill(template, params ?? {});
}
