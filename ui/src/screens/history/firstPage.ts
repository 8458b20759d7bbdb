// The history screen's first page, asked for at start-up together with the first screen's
// other questions, so the merchant's latest transactions are on screen as soon as the shell is.
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

let pending: Promise<HistoryPage | null> | null = null;

/** Starts fetching the unfiltered first page (a failure leaves the screen to ask again). */
export function prefetchFirstPage(): void {
  pending = listHistory(UNFILTERED).catch(() => null);
}

/** Drops the prefetched page: what the merchant does first (onboarding, unlocking) makes it stale. */
export function discardFirstPage(): void {
  pending = null;
}

/** The prefetched page, once: later calls get null and ask the core themselves. */
export function takeFirstPage(): Promise<HistoryPage | null> | null {
  const page = pending;
  pending = null;
  return page;
}
