// Following a send whose outcome is not known yet: the desk asks again, never sends again.

/** Shows `first`, then asks `check` again every `everyMs` while `unsettled` (30 times at most) and the screen is `alive`; true if the screen is still there. */
export async function followUntilKnown<T>(
  first: T,
  check: (last: T) => Promise<T>,
  o: { unsettled: (t: T) => boolean; everyMs: number; alive: () => boolean; seen: (t: T) => void },
): Promise<boolean> {
  let last = first;
  o.seen(last);
  for (let n = 0; o.alive() && o.unsettled(last) && n < 30; n++) {
    await new Promise((r) => setTimeout(r, o.everyMs));
    if (!o.alive()) return false;
    last = await check(last);
    o.seen(last);
  }
  return o.alive();
}
