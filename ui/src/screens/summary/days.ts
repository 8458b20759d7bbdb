// Local days as the summary names them ("25 Nov", "25 nov"): the desk's language, from
// lib/format (no `Intl`, whose locale data the first screens avoid loading).
export { dayLabel } from "../../lib/format";

/** A major-unit number for the chart's scale (display only: money is never summed in floats). */
export function toMajor(minor: number, exponent: number): number {
  return minor / 10 ** exponent;
}
