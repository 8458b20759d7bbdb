import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { paraglideVitePlugin } from "@inlang/paraglide-js";
import { paraglideOptions } from "./paraglide.options.js";

/**
 * In the built app, the catalogs a command's error is rendered from (`loadCatalog` in
 * lib/i18n.svelte.ts) hold only the codes Rust sends (keys with a dot): the UI's own messages
 * are compiled into the screens by paraglide, and the binary embeds every byte of `dist/`.
 * Tests and paraglide read the whole files.
 */
const rustCodesOnly = {
  name: "rust-codes-only",
  enforce: "pre" as const,
  apply: "build" as const,
  transform(code: string, id: string) {
    if (!/[\\/]messages[\\/](en|es)\.json$/.test(id)) return null;
    const all = JSON.parse(code) as Record<string, unknown>;
    const codes = Object.fromEntries(Object.entries(all).filter(([key]) => key.includes(".") && !key.startsWith("$")));
    return { code: JSON.stringify(codes), map: null };
  },
};

// The app is served from the built `dist/` by Tauri's custom protocol; no dev server is needed.
export default defineConfig(({ mode }) => ({
  // the message catalogs (ui/messages) compiled to per-message functions: docs/i18n.md
  plugins: [rustCodesOnly, paraglideVitePlugin(paraglideOptions), svelte()],
  clearScreen: false,
  // component tests mount Svelte in jsdom: its browser build, not the server one
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
}));
