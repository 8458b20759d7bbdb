// How paraglide-js compiles ui/messages/*.json into ui/src/paraglide/ (generated, not committed):
// the same options for the Vite plugin (build, vitest) and scripts/messages.mjs (svelte-check).
// The plugin of the message format is read from node_modules, not fetched from a CDN. The UI
// sets the language itself (src/lib/i18n.svelte.ts), from the desk's setting: no cookie, URL or
// browser detection. See docs/i18n.md.

/** @type {import("@inlang/paraglide-js").CompilerOptions} */
export const paraglideOptions = {
  project: "./project.inlang",
  outdir: "./src/paraglide",
  strategy: ["globalVariable", "baseLocale"],
  // the desk has no server side: its branches are dropped from the bundle
  isServer: "false",
  emitReadme: false,
  emitPrettierIgnore: false,
  // rewritten in place, so a check and a test run side by side never see an empty folder
  cleanOutdir: false,
};
