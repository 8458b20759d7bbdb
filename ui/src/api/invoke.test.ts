// What a rejected command becomes: the core's own error as it is; Tauri's refusal of the
// arguments (a plain string) as a sentence for the merchant without Rust's type names; only a
// missing answer as "the core did not answer".
import { describe, expect, it, vi } from "vitest";

const mock = vi.hoisted(() => ({ reject: undefined as unknown }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: () => Promise.reject(mock.reject) }));
import { call, DeskError } from "./invoke";

async function rejectionOf(value: unknown): Promise<DeskError> {
  mock.reject = value;
  try {
    await call("create_checkout", {});
  } catch (e) {
    if (e instanceof DeskError) return e;
    throw e;
  }
  throw new Error("call did not reject");
}

describe("invoke errors", () => {
  it("keeps the core's own error", async () => {
    const e = await rejectionOf({ code: "errors.validation", message: "some fields need attention", fields: [{ field: "amount", message: "Write 12.50." }] });
    expect(e.code).toBe("errors.validation");
    expect(e.describe()).toBe("Write 12.50.");
  });

  it("turns Tauri's argument errors into a sentence without Rust's type names", async () => {
    const cases: [string, string][] = [
      ["invalid args `query` for command `list_history`: invalid type: floating point `1.5`, expected u64", "a number with decimals where a whole number is expected"],
      ["invalid args `query` for command `list_history`: invalid type: null, expected i64", "an empty value where one is needed"],
      ["invalid args `request` for command `create_checkout`: missing field `amount`", "amount is missing"],
      ["invalid args `provider` for command `remove_credentials`: unknown variant `paypal`, expected one of `mona`, `monei`", '"paypal" is not one of the choices'],
      ["invalid args `query` for command `list_history`: invalid value: integer `-3`, expected u32", "a number outside what is allowed"],
    ];
    for (const [raw, says] of cases) {
      const e = await rejectionOf(raw);
      expect(e.code).toBe("errors.invalid_input");
      expect(e.message).toBe(`Some of what was entered could not be read: ${says}. Nothing was sent; check what you entered.`);
      expect(e.message).not.toMatch(/\b[ui](32|64)\b|floating point|invalid args|did not answer/);
    }
  });

  it("says the core did not answer only when there is no answer", async () => {
    for (const nothing of [undefined, null, "", { unexpected: true }]) {
      const e = await rejectionOf(nothing);
      expect(e.code).toBe("errors.ipc");
      expect(e.message).toContain("did not answer");
    }
  });
});
