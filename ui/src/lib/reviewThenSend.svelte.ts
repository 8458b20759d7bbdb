// A form the desk reviews before it sends: the review, each field's problem, one sentence for
// the whole form, one send at a time, and the send followed until its outcome is known.
import { DeskError, describeError } from "../api";
import { followUntilKnown } from "./follow";

/** A reviewed form's state: `toReview` asks for the review, `send` sends it once and follows it; refusals land beside their fields. Made while a component starts. */
export class ReviewThenSend<R> {
  review = $state<R | null>(null);
  problems = $state<Record<string, string>>({});
  error = $state<string | null>(null);
  busy = $state(false);
  #alive = true;

  constructor() {
    $effect(() => () => (this.#alive = false));
  }

  /** Puts a refusal beside its fields, or says it for the whole form. */
  fail(e: unknown) {
    if (e instanceof DeskError && e.fields.length) this.problems = Object.fromEntries(e.fields.map((f) => [f.field, f.message]));
    else this.error = describeError(e);
  }

  /** Asks for the review of what the form says now. */
  async toReview(ask: () => Promise<R>) {
    if (this.busy) return;
    [this.busy, this.error, this.problems] = [true, null, {}];
    try {
      this.review = await ask();
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  /** Sends what was reviewed, once, then asks again while its outcome is not known; true once known (or given up on) with the screen still there. A refused field goes back to the form. */
  async send<T>(go: () => Promise<T>, follow: { check: (last: T) => Promise<T>; unsettled: (t: T) => boolean; everyMs: number; seen: (t: T) => void }): Promise<boolean> {
    if (this.busy || !this.review) return false;
    [this.busy, this.error] = [true, null];
    try {
      const sent = await go();
      this.busy = false;
      return await followUntilKnown(sent, follow.check, { ...follow, alive: () => this.#alive });
    } catch (e) {
      this.fail(e);
      if (Object.keys(this.problems).length) this.review = null;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
