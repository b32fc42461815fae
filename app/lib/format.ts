// Small pure formatters and labels shared by pages and files (no zod here: the public pages load this).
import type { Status } from "../../db/schema";

/** '2010-05-06' -> '6 May 2010'; null -> the fallback. Dates are calendar dates: no time zone. */
export function formatDate(iso: string | null | undefined, fallback = "not known"): string {
  if (!iso) return fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const months = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

/** '2015-01-31' -> 'January 2015'. */
export function formatMonth(iso: string): string {
  return formatDate(`${iso.slice(0, 7)}-01`).replace(/^1 /, "");
}

/** "150 of 150", "0 of 253", "12 (official total not known)". */
export function importedOfOfficial(imported: number, official: number | null): string {
  return official === null ? `${imported} (official total not known)` : `${imported} of ${official}`;
}

export function ordinal(n: number): string {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]!);
}

export const RESPONSE_LABELS = { supported: "Supported", noted: "Noted", pending: "Pending" } as const;

/** The implementation statuses as people read them (the vocabulary of docs/domain.md, "Implementation statuses"). */
export const STATUS_LABELS: Record<Status, string> = {
  not_assessed: "Not assessed",
  no_action: "Little or no known action",
  in_progress: "In the process of implementation",
  partially_implemented: "Partially implemented",
  fully_implemented: "Fully implemented",
};

/**
 * When a locked sign-in may be tried again: "19:42 UTC" (the minute at or after `until`, so trying at
 * that minute works), with the date in front when it is more than 12 hours away.
 */
export function retryTime(until: Date, now: Date = new Date()): string {
  const rounded = new Date(Math.ceil(until.getTime() / 60_000) * 60_000);
  const iso = rounded.toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return rounded.getTime() - now.getTime() > 12 * 3_600_000 ? `${formatDate(iso.slice(0, 10))}, ${time}` : time;
}
