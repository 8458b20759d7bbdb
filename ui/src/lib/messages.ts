// Messages from the providers' SDK pages are accepted only from the page we host, from its
// origin (one of the SDK origins Rust lists, or the embedded sandbox on loopback), and in the
// shapes the contract documents.
import { LOOPBACK_ORIGIN_PREFIX, SDK_ORIGINS } from "../api/bindings/frameOrigins";

export type SdkMessage =
  | { source: "mona-sdk"; type: "completed" | "failed" | "cancelled"; status?: string; reason?: string }
  | { source: "moneflow-sdk"; type: "nonce"; nonce: string; card: { brand: string; last4: string }; vaultConsent?: boolean }
  | { source: "moneflow-sdk"; type: "error"; code?: string; message: string }
  | { source: "monei-sdk"; type: "completed" | "failed"; paymentId: string; status?: string; statusReason?: string }
  | { source: "monei-sdk"; type: "error"; paymentId: string; code?: string; message: string };

/**
 * Whether the desk frames pages from `origin`: a provider's SDK origin (production or sandbox,
 * as `desk_providers::env::SDK_ORIGINS` lists them) or loopback HTTP with a port.
 */
export function isSdkOrigin(origin: string): boolean {
  if (SDK_ORIGINS.includes(origin)) return true;
  if (!origin.startsWith(LOOPBACK_ORIGIN_PREFIX)) return false;
  const port = origin.slice(LOOPBACK_ORIGIN_PREFIX.length);
  return /^[1-9]\d{0,4}$/.test(port) && Number(port) <= 65535;
}

/** The message if it comes from `frame` at `origin` (an SDK origin) and has a documented shape; else null. */
export function acceptSdkMessage(ev: { origin: string; source: unknown; data: unknown }, origin: string | null, frame: unknown): SdkMessage | null {
  if (!origin || !isSdkOrigin(origin) || ev.origin !== origin || ev.source !== frame) return null;
  const d = ev.data as Record<string, unknown> | null;
  if (!d || typeof d !== "object") return null;
  if (d.source === "mona-sdk" && ["completed", "failed", "cancelled"].includes(String(d.type))) return d as SdkMessage;
  if (d.source === "moneflow-sdk" && d.type === "nonce" && typeof d.nonce === "string") return d as SdkMessage;
  if (d.source === "moneflow-sdk" && d.type === "error") return d as SdkMessage;
  if (d.source === "monei-sdk" && ["completed", "failed", "error"].includes(String(d.type)) && typeof d.paymentId === "string") return d as SdkMessage;
  return null;
}
