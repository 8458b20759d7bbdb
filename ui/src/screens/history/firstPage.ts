// The history screen's first page, asked for at start-up together with the first screen's
// other questions and kept for the screen's first render, so the merchant's latest
// transactions are drawn with the shell, not a frame after it.
import { listHistory, type HistoryPage, type HistoryQuery } from "../../api";

/** The history screen's query with no filter set: the newest 100 records. */
export const UNFILTERED: HistoryQuery = {
  provider: null,
  status: null,
  environment: null,
  from: null,
  to: null,
  minMinor: null,
  maxMinor: null,
  text: null,
  limit: 100,
  cursor: null,
};

let kept: HistoryPage | null = null;

/** Asks for the unfiltered first page; a failure gives null (the screen then asks itself). */
export function fetchFirstPage(): Promise<HistoryPage | null> {
  return listHistory(UNFILTERED).catch(() => null);
}

/** Keeps `page` for the history screen's next first render (null drops a stale one). */
export function keepFirstPage(page: HistoryPage | null): void {
  kept = page;
}

/** The kept page, once: later calls get null and the screen asks the core itself. */
export function takeFirstPage(): HistoryPage | null {
  const page = kept;
  kept = null;
  return page;
}
