// The start-up profile the performance harness reads: User Timing marks and measures left in
// the first seconds only, so a window left open all day keeps no growing timeline.

/** Until when (ms after the page started) marks and measures are left. */
export const PROFILE_UNTIL_MS = 10_000;

/** Leaves the mark `name` if the app is still starting. */
export function startupMark(name: string): void {
  if (performance.now() < PROFILE_UNTIL_MS) performance.mark(name);
}
