// Saved beneficiaries: a search that asks the core, a masked list, a form whose refusals show
// beside their fields, edits of the whole record, and removal only after a second yes.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BeneficiaryItem, BeneficiaryRecord } from "../../api";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import Beneficiaries from "./Beneficiaries.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

const maria: BeneficiaryItem = {
  id: 7, firstName: "María", lastName: "Pérez", emailMasked: "m•••@example.com", documentType: "Rfc", documentMasked: "••••51H0", bankName: "STP", clabeLast4: "0007",
};
const jose: BeneficiaryItem = {
  id: 9, firstName: "José", lastName: "Peña", emailMasked: "j•••@tienda.mx", documentType: "Curp", documentMasked: "••••RS09", bankName: null, clabeLast4: "4321",
};
const mariaWhole: BeneficiaryRecord = {
  id: 7, firstName: "María", lastName: "Pérez", email: "maria@example.com", documentType: "Rfc", documentNumber: "PEGM9007151H0",
  clabe: "646180110400000007", bankCode: "646", bankName: "STP", updatedAt: 1,
};
const draftOf = (args: Record<string, unknown>) => args.draft as Record<string, string>;

describe("beneficiaries", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    commands.handlers.search_beneficiaries = ({ text }) =>
      String(text).toLowerCase().includes("pena") ? { items: [jose], total: 1 } : { items: [maria, jose], total: 2 };
    commands.handlers.review_beneficiary = () => ({ valid: true, fields: [], bankName: "STP" });
    commands.handlers.get_beneficiary = () => mariaWhole;
  });
  afterEach(() => screen?.destroy());

  const rows = () => Array.from(screen.target.querySelectorAll("[data-testid=beneficiary-row]"), (r) => r.textContent ?? "");

  it("lists the saved beneficiaries masked and narrows them by what is typed", async () => {
    screen = render(Beneficiaries, {});
    await until(() => expect(rows().length).toBe(2));
    expect(rows()[0]).toContain("María Pérez");
    expect(rows()[0]).toContain("m•••@example.com");
    expect(rows()[0]).toContain("RFC ••••51H0");
    expect(rows()[0]).toContain("STP ••••0007");
    expect(rows()[1]).toContain("Unknown bank ••••4321");
    expect(screen.text()).not.toContain("maria@example.com");
    expect(screen.get("beneficiary-total").textContent).toBe("2 saved");
    type(screen.get<HTMLInputElement>("beneficiary-search"), "pena");
    await until(() => expect(rows().length).toBe(1));
    expect(rows()[0]).toContain("José Peña");
    expect(screen.get("beneficiary-total").textContent).toBe("1 saved matching");
    expect(commands.callsOf("search_beneficiaries").at(-1)).toEqual({ text: "pena", offset: 0, limit: 50 });
  });

  it("shows each field the core refused beside it, then saves and lists again", async () => {
    let refuse = true;
    commands.handlers.add_beneficiary = () => {
      if (refuse) throw commandError("Some fields need attention.", [
        { field: "email", message: "Enter the beneficiary's email, like name@example.com." },
        { field: "clabe", message: "María Pérez is already saved with this CLABE and document." },
      ]);
      return mariaWhole;
    };
    screen = render(Beneficiaries, {});
    click(screen.get("add-beneficiary"));
    type(screen.get<HTMLInputElement>("beneficiary-firstName"), "María");
    type(screen.get<HTMLInputElement>("beneficiary-lastName"), "Pérez");
    type(screen.get<HTMLInputElement>("beneficiary-email"), "maria@");
    type(screen.get<HTMLInputElement>("beneficiary-documentNumber"), "PEGM9007151H0");
    type(screen.get<HTMLInputElement>("beneficiary-clabe"), "646180110400000007");
    await until(() => expect(screen.get<HTMLInputElement>("beneficiary-bank").value).toBe("STP"));
    click(screen.get("save-beneficiary"));
    await until(() => expect(screen.q("problem-beneficiary-email")).not.toBeNull());
    expect(screen.get("problem-beneficiary-email").textContent).toBe("Enter the beneficiary's email, like name@example.com.");
    expect(screen.get("problem-beneficiary-clabe").textContent).toContain("already saved");
    expect(screen.get("beneficiary-email").getAttribute("aria-invalid")).toBe("true");
    expect(draftOf(commands.callsOf("add_beneficiary")[0]!)).toEqual({
      firstName: "María", lastName: "Pérez", email: "maria@", documentType: "Rfc", documentNumber: "PEGM9007151H0", clabe: "646180110400000007",
    });
    // mending the field takes its refusal away; the other stays until it changes
    type(screen.get<HTMLInputElement>("beneficiary-email"), "maria@example.com");
    expect(screen.q("problem-beneficiary-email")).toBeNull();
    expect(screen.q("problem-beneficiary-clabe")).not.toBeNull();
    refuse = false;
    const searches = commands.callsOf("search_beneficiaries").length;
    click(screen.get("save-beneficiary"));
    await until(() => expect(screen.get("beneficiary-saved").textContent).toBe("María Pérez is saved."));
    expect(screen.q("beneficiary-form")).toBeNull();
    expect(commands.callsOf("search_beneficiaries").length).toBe(searches + 1);
  });

  it("edits the whole record and saves it under its id", async () => {
    commands.handlers.update_beneficiary = ({ draft }) => ({ ...mariaWhole, ...(draft as object) });
    screen = render(Beneficiaries, {});
    await until(() => expect(rows().length).toBe(2));
    click(screen.target.querySelectorAll<HTMLElement>("[data-testid=edit-beneficiary]")[0]!);
    await until(() => expect(screen.get<HTMLInputElement>("beneficiary-email").value).toBe("maria@example.com"));
    expect(commands.callsOf("get_beneficiary")).toEqual([{ id: 7 }]);
    expect(screen.get<HTMLInputElement>("beneficiary-documentNumber").value).toBe("PEGM9007151H0");
    type(screen.get<HTMLInputElement>("beneficiary-email"), "mp@example.com");
    click(screen.get("save-beneficiary"));
    await until(() => expect(commands.callsOf("update_beneficiary").length).toBe(1));
    const sent = commands.callsOf("update_beneficiary")[0]!;
    expect(sent.id).toBe(7);
    expect(draftOf(sent).email).toBe("mp@example.com");
    expect(draftOf(sent).clabe).toBe("646180110400000007");
    expect(commands.callsOf("add_beneficiary").length).toBe(0);
  });

  it("removes only after the second yes", async () => {
    commands.handlers.remove_beneficiary = () => null;
    screen = render(Beneficiaries, {});
    await until(() => expect(rows().length).toBe(2));
    click(screen.target.querySelectorAll<HTMLElement>("[data-testid=remove-beneficiary]")[1]!);
    expect(rows()[1]).toContain("Remove José Peña?");
    click(screen.get("keep-beneficiary"));
    expect(screen.q("confirm-remove-beneficiary")).toBeNull();
    expect(commands.callsOf("remove_beneficiary").length).toBe(0);
    click(screen.target.querySelectorAll<HTMLElement>("[data-testid=remove-beneficiary]")[1]!);
    click(screen.get("confirm-remove-beneficiary"));
    await until(() => expect(screen.get("beneficiary-saved").textContent).toBe("José Peña is removed."));
    expect(commands.callsOf("remove_beneficiary")).toEqual([{ id: 9 }]);
  });

  it("offers Pay on each row when the payout form can take one, with the whole record", async () => {
    const paid: BeneficiaryRecord[] = [];
    screen = render(Beneficiaries, { onPay: (b: BeneficiaryRecord) => paid.push(b) });
    await until(() => expect(rows().length).toBe(2));
    click(screen.target.querySelectorAll<HTMLElement>("[data-testid=pay-beneficiary]")[0]!);
    await until(() => expect(paid).toEqual([mariaWhole]));
  });
});
