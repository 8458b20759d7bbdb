// The message catalog's check, run by `npm test` (and so by scripts/test.sh): both languages
// have every message with the same placeholders, and every message the UI's code names
// exists. Rust's codes are checked by `cargo test -p desk-i18n`. docs/i18n.md.
import { describe, expect, it } from "vitest";
import enJson from "../messages/en.json";
import esJson from "../messages/es.json";

const en: Record<string, unknown> = enJson;
const es: Record<string, unknown> = esJson;
const keys = (c: Record<string, unknown>) => Object.keys(c).filter((k) => k !== "$schema");
const placeholders = (text: string) => [...text.matchAll(/\{([^}]*)\}/g)].map((p) => p[1]).sort();

// Every .ts and .svelte file under src, as text; the generated messages are not read.
const sources = import.meta.glob<string>(["./**/*.ts", "./**/*.svelte", "!./paraglide/**", "!./api/bindings/**"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("the message catalog", () => {
  it("has every message in both languages, with the same placeholders", () => {
    expect(keys(es).filter((k) => !(k in en)), "in es.json only").toEqual([]);
    expect(keys(en).filter((k) => !(k in es)), "in en.json only").toEqual([]);
    for (const k of keys(en)) {
      const [a, b] = [en[k], es[k]];
      expect(typeof a === "string" && a.trim() !== "" && typeof b === "string" && b.trim() !== "", `${k} is a sentence in both`).toBe(true);
      expect(placeholders(String(b)), `placeholders of ${k}`).toEqual(placeholders(String(a)));
      for (const p of placeholders(String(a))) expect(p, `placeholder in ${k}`).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    }
  });

  it("has keys the UI can name: identifiers for the UI, dotted codes for Rust, none alike", () => {
    const seen = new Map<string, string>();
    for (const k of keys(en)) {
      expect(k, "a key").toMatch(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/);
      const id = k.replace(/\./g, "_");
      expect(seen.get(id), `${k} and ${seen.get(id)} compile to the same name`).toBeUndefined();
      seen.set(id, k);
    }
  });

  it("has every message the UI's code names", () => {
    const missing: string[] = [];
    const files = Object.entries(sources);
    expect(files.length).toBeGreaterThan(20);
    for (const [file, text] of files) {
      if (!/paraglide\/messages\.js"/.test(text) || file.endsWith("catalog.test.ts")) continue;
      for (const [, key] of text.matchAll(/\bm\.([A-Za-z_][A-Za-z0-9_]*)/g)) if (!key || !(key in en)) missing.push(`${key} in ${file}`);
      for (const [, key] of text.matchAll(/\bm\["([^"]+)"\]/g)) if (!key || !(key in en)) missing.push(`${key} in ${file}`);
    }
    expect(missing).toEqual([]);
  });
});
