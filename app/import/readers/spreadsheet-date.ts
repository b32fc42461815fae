// Dates as spreadsheets write them: ISO (2026-10-01), day/month/year (01/10/2026: Kenyan and British
// Excel), month/day/year (10/01/2026: American Excel) and Excel's serial numbers (46296). Pure.
// A file is read with one order of day and month: a day over 12 anywhere in it settles the order;
// a file whose slashed dates could all be either is ambiguous, and the user is asked once for the file.

export type DateOrder = "dmy" | "mdy";

export type DateReading =
  | { kind: "empty" }
  | { kind: "date"; iso: string; how: "ISO" | "day/month/year" | "month/day/year" | "Excel date number" }
  /** D/M/Y or M/D/Y with both parts at most 12, and the file's order is not known. */
  | { kind: "ambiguous" }
  | { kind: "invalid" };

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$/;
/** Excel serial numbers of 1 January 1950 to 31 December 2099 (a time of day after the point is dropped). */
const SERIAL = /^(\d{5})(?:\.\d+)?$/;
const SERIAL_MIN = 18264;
const SERIAL_MAX = 73050;

function isoOf(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** Excel's day 1 is 1 January 1900, and it counts a 29 February 1900 that never was: day 0 is 30 December 1899. */
export function excelSerialToIso(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/** The order of day and month a set of dates settles: a first part over 12 means day first. */
export function dateOrderOf(values: readonly string[]): DateOrder | "conflict" | null {
  let dmy = false;
  let mdy = false;
  for (const v of values) {
    const m = SLASHED.exec(v.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dmy = true;
    if (b > 12 && a <= 12) mdy = true;
  }
  return dmy && mdy ? "conflict" : dmy ? "dmy" : mdy ? "mdy" : null;
}

/** True when the value is written with slashes (or dots) and could be read both ways. */
export function isAmbiguousDate(value: string): boolean {
  const m = SLASHED.exec(value.trim());
  return m !== null && Number(m[1]) <= 12 && Number(m[2]) <= 12 && m[1] !== m[2];
}

export function readSpreadsheetDate(value: string, order: DateOrder | null): DateReading {
  const v = value.trim();
  if (!v) return { kind: "empty" };
  const iso = ISO.exec(v);
  if (iso) {
    const out = isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return out ? { kind: "date", iso: out, how: "ISO" } : { kind: "invalid" };
  }
  const serial = SERIAL.exec(v);
  if (serial) {
    const n = Number(serial[1]);
    return n >= SERIAL_MIN && n <= SERIAL_MAX
      ? { kind: "date", iso: excelSerialToIso(n), how: "Excel date number" }
      : { kind: "invalid" };
  }
  const m = SLASHED.exec(v);
  if (!m) return { kind: "invalid" };
  const a = Number(m[1]);
  const b = Number(m[2]);
  const year = Number(m[3]);
  // The same number twice (05/05/2026) reads the same either way.
  const use: DateOrder | null = a > 12 ? "dmy" : b > 12 ? "mdy" : a === b ? "dmy" : order;
  if (!use) return { kind: "ambiguous" };
  const out = use === "dmy" ? isoOf(year, b, a) : isoOf(year, a, b);
  return out
    ? { kind: "date", iso: out, how: use === "dmy" ? "day/month/year" : "month/day/year" }
    : { kind: "invalid" };
}
