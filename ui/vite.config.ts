import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { paraglideVitePlugin } from "@inlang/paraglide-js";
import { paraglideOptions } from "./paraglide.options.js";

// The app is served from the built `dist/` by Tauri's custom protocol; no dev server is needed.
export default defineConfig(({ mode }) => ({
  // the message catalogs (ui/messages) compiled to per-message functions: docs/i18n.md
  plugins: [paraglideVitePlugin(paraglideOptions), svelte()],
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
