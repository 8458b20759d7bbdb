// A list the core searches and hands out a page at a time: the text typed, asked again 200 ms
// after the last key, and "show more" adding the next page below.
import { describeError } from "../api";

/** One page of a search, as the core answers it. */
export type Page<T> = { items: T[]; total: number };

/** A paged search: `text` is what was typed, `load(true)` adds the next page. Made while a component starts. */
export class PagedSearch<T> {
  text = $state("");
  items = $state<T[]>([]);
  total = $state(0);
  loaded = $state(false);
  error = $state<string | null>(null);
  readonly #ask: (text: string, offset: number, limit: number) => Promise<Page<T>>;
  readonly #pageSize: number;

  constructor(ask: (text: string, offset: number, limit: number) => Promise<Page<T>>, pageSize = 50) {
    [this.#ask, this.#pageSize] = [ask, pageSize];
    $effect(() => {
      void this.text;
      const timer = setTimeout(() => this.load(), 200);
      return () => clearTimeout(timer);
    });
  }

  /** Asks for the first page of what is typed now, or (`more`) the next page after those shown. */
  async load(more = false) {
    try {
      const page = await this.#ask(this.text, more ? this.items.length : 0, this.#pageSize);
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.total = page.total;
      this.error = null;
    } catch (e) {
      this.error = describeError(e);
    } finally {
      this.loaded = true;
    }
  }
}
