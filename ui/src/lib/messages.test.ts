// Frame messages are heard only from the SDK origins Rust lists (production and sandbox) and
// the embedded sandbox on loopback, whatever origin a checkout session names.
import { describe, expect, it } from "vitest";
import { SDK_ORIGINS } from "../api/bindings/frameOrigins";
import { acceptSdkMessage, isSdkOrigin } from "./messages";

describe("SDK origins", () => {
  it("are the production and sandbox origins of the generated list, and loopback with a port", () => {
    for (const o of ["https://api.mona.ng", "https://sandbox.api.mona.ng", "https://api.moneflowpay.com", "https://sandbox.api.moneflowpay.com", "https://secure.monei.com"]) {
      expect(SDK_ORIGINS).toContain(o);
      expect(isSdkOrigin(o)).toBe(true);
    }
    expect(isSdkOrigin("http://127.0.0.1:4100")).toBe(true);
    for (const o of ["http://api.mona.ng", "https://api.mona.ng.evil.example", "https://evil.example", "http://127.0.0.1", "http://127.0.0.1:0", "http://127.0.0.1:70000", "http://127.0.0.1:80.evil.example", "http://localhost:4100", "null"]) {
      expect(isSdkOrigin(o), o).toBe(false);
    }
  });

  it("a session naming an origin outside the list hears nothing, even from that origin", () => {
    const frame = {};
    const data = { source: "mona-sdk", type: "completed" };
    expect(acceptSdkMessage({ origin: "https://api.mona.ng", source: frame, data }, "https://api.mona.ng", frame)?.type).toBe("completed");
    expect(acceptSdkMessage({ origin: "https://evil.example", source: frame, data }, "https://evil.example", frame)).toBeNull();
  });
});
