// Compiles the message catalogs (ui/messages/*.json) into src/paraglide/ for svelte-check; the
// Vite plugin does the same for `vite build` and vitest. See docs/i18n.md.
import { compile } from "@inlang/paraglide-js";
import { paraglideOptions } from "../paraglide.options.js";

await compile(paraglideOptions);
