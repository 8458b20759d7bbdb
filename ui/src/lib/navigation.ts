// One screen asking the shell to open another at a given place: the day's summary opens a
// record's details in History, or a section of Settings. The asking screen leaves its wish
// here and the shell switches screens; the screen that opens takes the wish, once. Nothing in
// here is imported by anything heavy: History (the first screen) reads it at start-up.

let record: string | null = null;
let section: string | null = null;

/** History opens the details of record `id` when it next opens. */
export function askToOpenRecord(id: string): void {
  record = id;
}

/** The record History was asked to open, once (later calls get null). */
export function takeRecordToOpen(): string | null {
  const id = record;
  record = null;
  return id;
}

/** Settings shows section `id` (`sync`, `credentials`) when it next opens. */
export function askToShowSetting(id: string): void {
  section = id;
}

/** The section Settings was asked to show, once (later calls get null). */
export function takeSettingToShow(): string | null {
  const id = section;
  section = null;
  return id;
}
