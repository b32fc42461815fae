// The filters of "What changed" (/changes and its Atom feed), read from a URL: state under review,
// coalition issue, cycle, and the as-of dates (on or after `since`, on or before `until`). Bad values
// are ignored and listed, never an error. Pure: no database.
import { z } from "zod";
import { ignoredParameter, isoDate, paramReader } from "./query-params";

export interface ChangesFilter {
  /** State under review, ISO 3166 alpha-3. */
  state?: string;
  /** Coalition issue slug. */
  issue?: string;
  cycle?: number;
  /** As-of date on or after ('YYYY-MM-DD'). */
  since?: string;
  /** As-of date on or before ('YYYY-MM-DD'). */
  until?: string;
}

const fields = {
  state: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.string().regex(/^[A-Z]{3}$/)),
  issue: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .max(80),
  cycle: z.coerce.number().int().min(1).max(10),
  since: isoDate,
  until: isoDate,
  page: z.coerce.number().int().min(1).max(100_000),
} as const;

const KEYS = ["state", "issue", "cycle", "since", "until"] as const;

export function parseChangesFilter(params: URLSearchParams): {
  filter: ChangesFilter;
  page: number;
  ignored: string[];
} {
  const ignored: string[] = [];
  const read = paramReader(params, fields, ignored);
  const filter: ChangesFilter = {};
  for (const key of KEYS) {
    const value = read(key);
    if (value !== undefined) (filter as Record<string, unknown>)[key] = value;
  }
  if (filter.since && filter.until && filter.since > filter.until) {
    ignored.push(ignoredParameter("until", filter.until));
    delete filter.until;
  }
  return { filter, page: read("page") ?? 1, ignored };
}

/** The URL query of a filter (and page): the inverse of parseChangesFilter. */
export function changesToSearchParams(filter: ChangesFilter, page = 1): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filter[key] !== undefined) params.set(key, String(filter[key]));
  if (page > 1) params.set("page", String(page));
  return params;
}
