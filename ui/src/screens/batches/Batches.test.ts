// Batch payouts: the report names each problem by row and column; a row is fixed in place,
// dropped or kept; the batch is approved once, with the count and totals the review showed
// (and, in production, only after the sentence is ticked); then its progress is followed
// until every payout has an outcome.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushSync } from "svelte";
import axe from "axe-core";
import type { BatchReview, BatchReviewRow, BatchStatus, PayoutDraft } from "../../api";
import { click, commandError, commandMock, render, type, until } from "../../lib/testing";
import Batches from "./Batches.svelte";

const mock = vi.hoisted(() => ({ invoke: (..._: unknown[]): unknown => undefined }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => mock.invoke(...a) }));
const commands = commandMock();
/** The options (headers) each raw call was made with. */
const options: unknown[] = [];
mock.invoke = ((cmd: string, args: Record<string, unknown>, opts?: unknown) => {
  if (opts !== undefined) options.push(opts);
  return commands.invoke(cmd, args);
}) as (...a: unknown[]) => unknown;

const MXN = { minor: 250100, currency: "MXN" as const };
const QUERY = { filter: "needsLook", offset: 0, limit: 200 };
const draftOf = (over: Partial<PayoutDraft> = {}): PayoutDraft => ({
  country: "MEX", amount: "1250.50", currency: "MXN", orderId: "PO-1", description: "Rent",
  firstName: "María", lastName: "Pérez", email: "maria@example.com", documentType: "Rfc", documentNumber: "PEGM9007151H0",
  clabe: "646180110400000007", bankCode: "646", ...over,
});
const rowOf = (row: number, over: Partial<BatchReviewRow> = {}): BatchReviewRow => ({
  row, draft: draftOf(), problems: [], duplicateOf: null, kept: false, orderIdGenerated: false, amountText: "1.250,50 MXN", ...over,
});
const badAmount = rowOf(3, { draft: draftOf({ amount: "12,5,0" }), amountText: null, problems: [{ column: "Importe", field: "amount", message: "Write the amount with digits, like 1250.50." }] });
const badClabe = rowOf(4, { draft: draftOf({ clabe: "6461801104", email: "maria@" }), problems: [
  { column: "CLABE", field: "clabe", message: "A CLABE has 18 digits." },
  { column: "correo", field: "email", message: "The email needs a name before @ and a domain after it." },
] });
const repeat = rowOf(5, { duplicateOf: "Row 2 pays the same CLABE the same amount." });
const reviewOf = (over: Partial<BatchReview> = {}): BatchReview => ({
  fileName: "payouts.csv", environment: "sandbox", rows: 5, ready: 2, withProblems: 2, undecidedRepeats: 1, dropped: 0,
  totals: [MXN], totalsText: ["2.501,00 MXN"], warnings: ['The column "Notes" is not one of the template\'s and is ignored.'],
  page: [badAmount, badClabe, repeat], pageTotal: 3, canQueue: false, confirmation: null, aboveLimit: null, ...over,
});
const ready = (over: Partial<BatchReview> = {}) =>
  reviewOf({ rows: 2, ready: 2, withProblems: 0, undecidedRepeats: 0, dropped: 3, page: [], pageTotal: 0, canQueue: true, ...over });
const statusOf = (progress: Partial<BatchStatus["progress"]> = {}, finished = false, id = 9): BatchStatus => ({
  info: { id, fileName: "payouts.csv", rowCount: 2, totals: [MXN], createdAt: Date.UTC(2026, 10, 25, 18, 0) },
  progress: { total: 2, queued: 2, sent: 0, paid: 0, rejected: 0, reversed: 0, inDoubt: 0, ...progress },
  finished, totalsText: ["2.501,00 MXN"],
});

const row = (target: HTMLElement, n: number) => {
  const r = target.querySelector<HTMLElement>(`[data-row="${n}"]`);
  if (!r) throw new Error(`no row ${n} in: ${target.innerHTML}`);
  return r;
};
const $ = <E extends Element = HTMLElement>(target: HTMLElement, selector: string) => {
  const e = target.querySelector<E>(selector);
  if (!e) throw new Error(`no ${selector} in: ${target.innerHTML}`);
  return e;
};

/** A CSV file as the file input gives it (jsdom's File has no arrayBuffer; WebKit's has). */
function csv(text: string, name: string): File {
  const file = new File([text], name, { type: "text/csv" });
  Object.defineProperty(file, "arrayBuffer", { value: async () => new TextEncoder().encode(text).buffer });
  return file;
}

/** Picks `file` in the file input, as the merchant does. */
function pick(input: HTMLInputElement, file: File) {
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

describe("batch payouts", () => {
  let screen: ReturnType<typeof render>;
  beforeEach(() => {
    commands.reset();
    options.length = 0;
    commands.handlers.list_batches = () => [];
    commands.handlers.review_batch = () => { throw commandError("No file is being imported.", [], "errors.not_found"); };
  });
  afterEach(() => {
    screen?.destroy();
    vi.useRealTimers();
  });

  /** The screen with `review` already imported (as when coming back to it). */
  async function withReview(review: BatchReview, environment: "sandbox" | "production" = review.environment) {
    commands.handlers.review_batch = () => review;
    screen = render(Batches, { environment });
    await until(() => expect(screen.q("batch-summary")).not.toBeNull());
  }

  it("imports the picked file's bytes and reports each problem with its row and column", async () => {
    commands.handlers.import_batch = () => reviewOf();
    screen = render(Batches, { environment: "sandbox" });
    const file = csv("amount,currency\n1250.50,MXN\n", "pagos marzo.csv");
    const input = $<HTMLInputElement>(screen.target, "#batch-file");
    expect(input.accept).toBe(".csv,text/csv");
    pick(input, file);
    await until(() => expect(screen.q("batch-summary")).not.toBeNull());
    const sent = commands.callsOf("import_batch")[0] as unknown;
    expect(sent).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(sent as Uint8Array)).toBe("amount,currency\n1250.50,MXN\n");
    expect(options).toEqual([{ headers: { "x-file-name": "pagos%20marzo.csv" } }]);

    expect(screen.get("batch-file-name").textContent).toBe("payouts.csv");
    expect(screen.get("batch-environment").textContent).toContain("Sandbox");
    expect([screen.get("batch-rows"), screen.get("batch-ready"), screen.get("batch-with-problems"), screen.get("batch-repeats"), screen.get("batch-dropped")].map((e) => e.textContent))
      .toEqual(["5", "2", "2", "1", "0"]);
    expect(screen.get("batch-totals").textContent).toBe("2.501,00 MXN");
    expect(screen.get("batch-warnings").textContent).toContain('"Notes" is not one of the template\'s');
    expect(row(screen.target, 3).textContent).toContain("Importe: Write the amount with digits, like 1250.50.");
    expect(row(screen.target, 4).textContent).toContain("CLABE: A CLABE has 18 digits.");
    expect(row(screen.target, 4).textContent).toContain("correo: The email needs a name before @");
    expect(row(screen.target, 5).textContent).toContain("Row 2 pays the same CLABE the same amount.");
    expect(row(screen.target, 3).querySelector(".fix")).not.toBeNull();
    expect(row(screen.target, 5).querySelector(".fix")).toBeNull();
    expect(row(screen.target, 5).querySelector(".keep")).not.toBeNull();
    expect(screen.target.querySelector<HTMLButtonElement>("#batch-approve")?.disabled).toBe(true);
  });

  it("says what is wrong with a file it cannot read", async () => {
    commands.handlers.import_batch = () => { throw commandError("The header row has no column for amount: add it, named as in the template.", [], "errors.validation"); };
    screen = render(Batches, { environment: "sandbox" });
    pick($<HTMLInputElement>(screen.target, "#batch-file"), csv("x", "x.csv"));
    await until(() => expect(screen.get("batch-import-error").textContent).toBe("The header row has no column for amount: add it, named as in the template."));
    expect(screen.q("batch-summary")).toBeNull();
  });

  it("saves the template and shows where", async () => {
    commands.handlers.save_batch_template = () => "/home/ana/Downloads/payouts-template.csv";
    screen = render(Batches, { environment: "sandbox" });
    click($(screen.target, "#batch-template"));
    await until(() => expect(screen.get("batch-template-path").textContent).toBe("Saved to /home/ana/Downloads/payouts-template.csv"));
  });

  it("fixes a row in place with the problems beside its fields, and sends the edited draft", async () => {
    await withReview(reviewOf());
    click($(row(screen.target, 4), ".fix"));
    const clabe = $<HTMLInputElement>(screen.target, "#fix-clabe");
    expect(clabe.value).toBe("6461801104");
    expect(clabe.getAttribute("aria-invalid")).toBe("true");
    expect(screen.get("fix-problem-clabe").textContent).toBe("A CLABE has 18 digits.");
    expect(screen.get("fix-problem-email").textContent).toContain("name before @");
    expect(screen.q("fix-problem-amount")).toBeNull();
    expect($<HTMLSelectElement>(screen.target, "#fix-documentType").value).toBe("Rfc");
    // still wrong: the form stays open with what the desk says now
    commands.handlers.fix_batch_row = () => reviewOf({ page: [badAmount, rowOf(4, { draft: draftOf({ email: "maria@" }), problems: [badClabe.problems[1]!] }), repeat] });
    type(clabe, "646180110400000007");
    click($(screen.target, "#fix-save"));
    await until(() => expect(screen.q("fix-problem-clabe")).toBeNull());
    expect(screen.get("fix-problem-email").textContent).toContain("name before @");
    expect(commands.callsOf("fix_batch_row")).toEqual([{ row: 4, draft: draftOf({ clabe: "646180110400000007", email: "maria@" }), query: QUERY }]);
    // right: the row leaves the list and the form closes
    commands.handlers.fix_batch_row = () => reviewOf({ withProblems: 1, ready: 3, page: [badAmount, repeat], pageTotal: 2 });
    type($<HTMLInputElement>(screen.target, "#fix-email"), "maria@example.com");
    click($(screen.target, "#fix-save"));
    await until(() => expect(screen.q("fix-form")).toBeNull());
    expect(commands.callsOf("fix_batch_row")[1]).toEqual({ row: 4, draft: draftOf({ clabe: "646180110400000007" }), query: QUERY });
    expect(screen.target.querySelector('[data-row="4"]')).toBeNull();
    expect(screen.get("batch-ready").textContent).toBe("3");
  });

  it("drops a row and keeps a repeat through their commands", async () => {
    await withReview(reviewOf());
    commands.handlers.drop_batch_row = () => reviewOf({ dropped: 1, page: [badClabe, repeat], pageTotal: 2 });
    click($(row(screen.target, 3), ".drop"));
    await until(() => expect(screen.target.querySelector('[data-row="3"]')).toBeNull());
    expect(commands.callsOf("drop_batch_row")).toEqual([{ row: 3, query: QUERY }]);
    expect(screen.get("batch-dropped").textContent).toBe("1");
    commands.handlers.keep_batch_row = () => reviewOf({ dropped: 1, undecidedRepeats: 0, page: [badClabe], pageTotal: 1 });
    click($(row(screen.target, 5), ".keep"));
    await until(() => expect(screen.target.querySelector('[data-row="5"]')).toBeNull());
    expect(commands.callsOf("keep_batch_row")).toEqual([{ row: 5, query: QUERY }]);
  });

  it("pages through the rows 200 at a time and shows every row when asked", async () => {
    const many = reviewOf({ pageTotal: 450 });
    await withReview(many);
    expect(screen.get("batch-page").textContent).toBe("Rows 1–3 of 450");
    commands.handlers.review_batch = () => reviewOf({ pageTotal: 450 });
    click(screen.get("batch-page-next"));
    await until(() => expect(commands.callsOf("review_batch").at(-1)).toEqual({ query: { filter: "needsLook", offset: 200, limit: 200 } }));
    await until(() => expect(screen.get("batch-page").textContent).toBe("Rows 201–203 of 450"));
    click($(screen.target, "#batch-all-rows"));
    await until(() => expect(commands.callsOf("review_batch").at(-1)).toEqual({ query: { filter: "all", offset: 0, limit: 200 } }));
  });

  it("approves once with the count and totals the review showed, then follows the batch", async () => {
    await withReview(ready());
    commands.handlers.queue_batch = () => statusOf();
    commands.handlers.batch_status = () => statusOf({}, false);
    expect(screen.get("batch-approve-count").textContent).toBe("2 payouts");
    expect(screen.get("batch-approve-totals").textContent).toBe("2.501,00 MXN");
    const approve = $<HTMLButtonElement>(screen.target, "#batch-approve");
    expect(approve.disabled).toBe(false);
    click(approve);
    click(approve);
    await until(() => expect(screen.q("batch-status")).not.toBeNull());
    expect(commands.callsOf("queue_batch")).toEqual([{ approval: { confirmed: false, aboveLimit: false, rowsShown: 2, totalsShown: [MXN] } }]);
    expect($(screen.target, "#batch-progress").dataset.queued).toBe("2");
  });

  it("in production, sends nothing until the sentence and the question about the limit are ticked", async () => {
    const confirmation = "Send 2 payouts for 2.501,00 MXN through Monnet in PRODUCTION: this is real money.";
    const aboveLimit = "1 payout is above your limit of 1.000,00 MXN. Are the amounts right?";
    await withReview(ready({ environment: "production", confirmation, aboveLimit }));
    commands.handlers.queue_batch = () => statusOf();
    commands.handlers.batch_status = () => statusOf();
    expect(screen.get("batch-environment").textContent).toContain("Production");
    expect(screen.get("batch-confirmation").textContent).toBe(confirmation);
    expect(screen.get("batch-above-limit").textContent).toContain(aboveLimit);
    const approve = $<HTMLButtonElement>(screen.target, "#batch-approve");
    expect(approve.disabled).toBe(true);
    click(approve);
    click($(screen.target, "#batch-confirm"));
    expect(approve.disabled).toBe(true);
    click(approve);
    expect(commands.callsOf("queue_batch").length).toBe(0);
    click($(screen.target, "#batch-above-limit-confirm"));
    expect(approve.disabled).toBe(false);
    expect(approve.textContent).toContain("Confirm and send 2 payouts");
    click(approve);
    await until(() => expect(screen.q("batch-status")).not.toBeNull());
    expect(commands.callsOf("queue_batch")).toEqual([{ approval: { confirmed: true, aboveLimit: true, rowsShown: 2, totalsShown: [MXN] } }]);
  });

  it("shows the sentence to confirm when the desk asks for it", async () => {
    const sentence = "Send 2 payouts for 2.501,00 MXN through Monnet in PRODUCTION: this is real money.";
    await withReview(ready());
    commands.handlers.queue_batch = () => { throw commandError(sentence, [], "errors.confirmation_required"); };
    commands.handlers.review_batch = () => ready({ environment: "production", confirmation: sentence });
    click($(screen.target, "#batch-approve"));
    await until(() => expect(screen.q("batch-confirmation")).not.toBeNull());
    expect(screen.get("batch-approve-error").textContent).toBe(sentence);
    expect($<HTMLButtonElement>(screen.target, "#batch-approve").disabled).toBe(true);
    expect($<HTMLInputElement>(screen.target, "#batch-confirm").checked).toBe(false);
  });

  it("when queuing does not answer, says the desk is checking and shows the batches, never to try again", async () => {
    await withReview(ready());
    commands.handlers.queue_batch = () => { throw commandError("The provider did not answer in time."); };
    commands.handlers.list_batches = () => [statusOf()];
    click($(screen.target, "#batch-approve"));
    await until(() => expect(screen.q("batch-checking")).not.toBeNull());
    expect(screen.get("batch-checking").textContent).toContain("checking what became of it");
    expect(screen.text()).not.toMatch(/try again/i);
    expect(screen.q("batch-approval")).toBeNull();
    await until(() => expect(screen.get("batch-list").querySelector("[data-batch='9']")).not.toBeNull());
  });

  it("asks for the progress every second until every payout has an outcome, then stops", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const answers = [statusOf({ queued: 0, sent: 2 }), statusOf({ queued: 0, sent: 1, paid: 1 }), statusOf({ queued: 0, paid: 1, rejected: 1 }, true)];
    commands.handlers.list_batches = () => [statusOf()];
    commands.handlers.batch_status = () => answers.shift();
    commands.handlers.save_batch_result = ({ id }) => `/home/ana/Downloads/batch-${id}-result.csv`;
    screen = render(Batches, { environment: "sandbox" });
    const settle = async () => {
      for (let i = 0; i < 10; i++) await Promise.resolve();
      flushSync();
    };
    await settle();
    click($(screen.get("batch-list"), "[data-batch='9']"));
    const bar = () => $(screen.target, "#batch-progress").dataset;
    expect(bar().queued).toBe("2");
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect({ sent: bar().sent, queued: bar().queued }).toEqual({ sent: "2", queued: "0" });
    // the result file can be saved at any time: it says what is known
    click($(screen.target, "#batch-result"));
    await settle();
    expect($(screen.target, "#batch-result-path").textContent).toBe("Saved to /home/ana/Downloads/batch-9-result.csv");
    expect(commands.callsOf("save_batch_result")).toEqual([{ id: 9 }]);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect({ sent: bar().sent, paid: bar().paid }).toEqual({ sent: "1", paid: "1" });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect({ paid: bar().paid, rejected: bar().rejected, inDoubt: bar().inDoubt }).toEqual({ paid: "1", rejected: "1", inDoubt: "0" });
    expect(screen.get("batch-state").textContent).toContain("Done");
    expect(commands.callsOf("batch_status")).toEqual([{ id: 9 }, { id: 9 }, { id: 9 }]);
    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    expect(commands.callsOf("batch_status").length).toBe(3);
  });

  it("stops asking for the progress when the screen closes", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    commands.handlers.list_batches = () => [statusOf()];
    commands.handlers.batch_status = () => statusOf();
    screen = render(Batches, { environment: "sandbox" });
    for (let i = 0; i < 10; i++) await Promise.resolve();
    flushSync();
    click($(screen.get("batch-list"), "[data-batch='9']"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(commands.callsOf("batch_status").length).toBe(1);
    screen.destroy();
    await vi.advanceTimersByTimeAsync(5000);
    expect(commands.callsOf("batch_status").length).toBe(1);
    screen = render(Batches, { environment: "sandbox" }); // afterEach destroys this one
  });

  describe("accessibility", () => {
    async function violations(root: HTMLElement) {
      const r = await axe.run(root, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, rules: { "color-contrast": { enabled: false } }, resultTypes: ["violations"] });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }

    it("the report, with a row being fixed, has no axe violations", async () => {
      await withReview(reviewOf());
      click($(row(screen.target, 3), ".fix"));
      expect(await violations(screen.target)).toEqual([]);
    });

    it("the production approval has no axe violations", async () => {
      await withReview(ready({ environment: "production", confirmation: "Send 2 payouts in PRODUCTION.", aboveLimit: "Are the amounts right?" }));
      expect(await violations(screen.target)).toEqual([]);
    });

    it("the progress and the list of batches have no axe violations", async () => {
      commands.handlers.list_batches = () => [statusOf({ queued: 0, paid: 2 }, true)];
      screen = render(Batches, { environment: "sandbox" });
      await until(() => expect(screen.get("batch-list").querySelector("[data-batch='9']")).not.toBeNull());
      click($(screen.get("batch-list"), "[data-batch='9']"));
      expect(await violations(screen.target)).toEqual([]);
    });
  });
});
