// Messages from the providers' SDK pages are accepted only from the page we host, from its
// origin, and in the shapes the contract documents.

export type SdkMessage =
  | { source: "mona-sdk"; type: "completed" | "failed" | "cancelled"; status?: string; reason?: string }
  | { source: "moneflow-sdk"; type: "nonce"; nonce: string; card: { brand: string; last4: string } }
  | { source: "moneflow-sdk"; type: "error"; code?: string; message: string };

/** The message if it comes from `frame` at `origin` and has a documented shape; else null. */
export function acceptSdkMessage(ev: { origin: string; source: unknown; data: unknown }, origin: string | null, frame: unknown): SdkMessage | null {
  if (!origin || ev.origin !== origin || ev.source !== frame) return null;
  const d = ev.data as Record<string, unknown> | null;
  if (!d || typeof d !== "object") return null;
  if (d.source === "mona-sdk" && ["completed", "failed", "cancelled"].includes(String(d.type))) return d as SdkMessage;
  if (d.source === "moneflow-sdk" && d.type === "nonce" && typeof d.nonce === "string") return d as SdkMessage;
  if (d.source === "moneflow-sdk" && d.type === "error") return d as SdkMessage;
  return null;
}
