// Statements: the months and currencies with movements are offered (newest month first), and
// each button saves that month's statement in its format and says where.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import Statements from "./Statements.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
mock.invoke = commands.invoke as (...a: unknown[]) => unknown;

describe("statements", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    commands.handlers.statement_choices = () => ({ months: ["2026-11", "2026-10"], currencies: ["MXN", "USD"] });
    commands.handlers.save_statement = ({ month, currency, format }) => `/home/ana/Downloads/statement-${month}-${currency}-sandbox.${format}`;
  });
  afterEach(() => screen?.destroy());

  it("offers the months and currencies with movements and saves the one chosen as CSV or PDF", async () => {
    screen = render(Statements, {});
    await until(() => expect(screen.get<HTMLSelectElement>("statement-month").options.length).toBe(2));
    const months = screen.get<HTMLSelectElement>("statement-month");
    expect([...months.options].map((o) => o.textContent)).toEqual(["November 2026", "October 2026"]);
    expect(months.value).toBe("2026-11");
    click(screen.get("statement-pdf"));
    await until(() => expect(screen.get("statement-path").textContent).toBe("Saved to /home/ana/Downloads/statement-2026-11-MXN-sandbox.pdf"));
    type(months, "2026-10");
    type(screen.get<HTMLSelectElement>("statement-currency"), "USD");
    click(screen.get("statement-csv"));
    await until(() => expect(screen.get("statement-path").textContent).toContain("statement-2026-10-USD-sandbox.csv"));
    expect(commands.callsOf("save_statement")).toEqual([
      { month: "2026-11", currency: "MXN", format: "pdf" },
      { month: "2026-10", currency: "USD", format: "csv" },
    ]);
  });

  it("says when there is nothing to state yet, and why a statement could not be saved", async () => {
    commands.handlers.statement_choices = () => ({ months: [], currencies: [] });
    screen = render(Statements, {});
    await until(() => expect(screen.get("statements-empty").textContent).toContain("a statement needs at least one"));
    expect(screen.q("statement-pdf")).toBeNull();
    screen.destroy();
    commands.handlers.statement_choices = () => ({ months: ["2026-11"], currencies: ["MXN"] });
    commands.handlers.save_statement = () => { throw commandError("The Downloads folder cannot be written."); };
    screen = render(Statements, {});
    await until(() => expect(screen.q("statement-csv")).not.toBeNull());
    click(screen.get("statement-csv"));
    await until(() => expect(screen.text()).toContain("The Downloads folder cannot be written."));
    expect(screen.q("statement-path")).toBeNull();
  });
});
