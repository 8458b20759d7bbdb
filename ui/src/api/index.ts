// Typed wrappers over the Tauri commands. Types come from the Rust bindings in ./bindings.
import { call } from "./invoke";
import type { AppInfo } from "./bindings/AppInfo";

export { DeskError } from "./invoke";
export type { AppInfo };

/** The app's name, version and active environment. */
export const appInfo = () => call<AppInfo>("app_info");
