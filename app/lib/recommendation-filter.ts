// The filters of the recommendation list, the dashboard and the CSV export, read from a URL.
// One parser for all three, so a shared link means the same thing everywhere. Pure: no database.
import { z } from "zod";
import { isoDate, isPlainText, paramReader, plainText } from "./query-params";
import { sdgCode } from "./sdgs";
import { REGIONAL_GROUPS, RESPONSES, STATUSES, type RegionalGroup, type Response, type Status } from "../../db/schema";

export const SORTS = ["report", "relevance", "status", "newest"] as const;
export type Sort = (typeof SORTS)[number];

export interface RecommendationFilter {
  q?: string;
  /** State under review, ISO 3166 alpha-3. */
  state?: string;
  cycle?: number;
  response?: Response;
  /** Recommending state, ISO 3166 alpha-3. */
  from?: string;
  /** Regional group of a recommending state. */
  group?: RegionalGroup;
  action?: number;
  theme?: string;
  /** A Sustainable Development Goal or target, as a code ("16", "16.3": app/lib/sdgs.ts); a goal also finds its targets'. */
  sdg?: string;
  /** An affected person or group of persons, as the sources write it ("Women", "Children"). */
  affected?: string;
  /** Coalition issue slug. */
  issue?: string;
  /** Current implementation status. */
  status?: Status;
  /** Only recommendations with an assessment dated (as of) on or after this day ('YYYY-MM-DD'). */
  changedSince?: string;
  kind: "recommendation" | "pledge";
}

export interface ListOptions {
  sort: Sort;
  page: number;
}

/**
 * The search text is cut to this many characters: a longer one is searched by its start (and the page
 * says so), rather than dropped. The full-text parser is not given more.
 */
export const MAX_QUERY_LENGTH = 200;

const iso3 = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(/^[A-Z]{3}$/));
const fields = {
  q: z.string().trim().min(1).refine(isPlainText, { message: "holds characters that are not text" }),
  state: iso3,
  cycle: z.coerce.number().int().min(1).max(10),
  response: z.enum(RESPONSES),
  from: iso3,
  group: z.enum(REGIONAL_GROUPS),
  action: z.coerce.number().int().min(1).max(5),
  theme: plainText(200),
  // "16", "16.3", or as the sources write it ("SDG 16", "Goal 16"): read as its code.
  sdg: z
    .string()
    .max(100)
    .transform((value, ctx) => {
      const code = sdgCode(value);
      if (code === null) {
        ctx.addIssue({ code: "custom", message: "names no SDG" });
        return z.NEVER;
      }
      return code;
    }),
  affected: plainText(200),
  issue: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .max(80),
  status: z.enum(STATUSES),
  changedSince: isoDate,
  kind: z.enum(["recommendation", "pledge"]),
  sort: z.enum(SORTS),
  page: z.coerce.number().int().min(1).max(1_000_000),
} as const;

export const FILTER_KEYS = [
  "q",
  "state",
  "cycle",
  "response",
  "from",
  "group",
  "action",
  "theme",
  "sdg",
  "affected",
  "issue",
  "status",
  "changedSince",
  "kind",
] as const;

export interface ParsedFilter {
  filter: RecommendationFilter;
  options: ListOptions;
  /** Parameters that were present but not understood, as "name=value": shown to the user, then ignored. */
  ignored: string[];
  /** Parameters that were longer than allowed and were cut to their start, by name ("q"): shown to the user. */
  cut: string[];
}

/** The first `max` characters of a text (a character outside the BMP is not split), without spaces at the end. */
function cutText(text: string, max: number): string {
  const start = text.slice(0, max);
  return (/[\ud800-\udbff]$/.test(start) ? start.slice(0, -1) : start).trimEnd();
}

/** Reads the filters from URL search parameters. Bad values are ignored (and listed), never an error. */
export function parseRecommendationFilter(params: URLSearchParams): ParsedFilter {
  const ignored: string[] = [];
  const read = paramReader(params, fields, ignored);
  const filter: RecommendationFilter = { kind: read("kind") ?? "recommendation" };
  for (const key of FILTER_KEYS) {
    if (key === "kind") continue;
    const value = read(key);
    if (value !== undefined) (filter as unknown as Record<string, unknown>)[key] = value;
  }
  const cut: string[] = [];
  if (filter.q !== undefined && filter.q.length > MAX_QUERY_LENGTH) {
    filter.q = cutText(filter.q, MAX_QUERY_LENGTH);
    cut.push("q");
  }
  const sort = read("sort") ?? (filter.q ? "relevance" : "report");
  return {
    filter,
    options: { sort: sort === "relevance" && !filter.q ? "report" : sort, page: read("page") ?? 1 },
    ignored,
    cut,
  };
}

/** The URL query of a filter (and options), dropping defaults: the inverse of parseRecommendationFilter. */
export function filterToSearchParams(filter: RecommendationFilter, options?: Partial<ListOptions>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value === undefined || (key === "kind" && value === "recommendation")) continue;
    params.set(key, String(value));
  }
  if (options?.sort && options.sort !== (filter.q ? "relevance" : "report")) params.set("sort", options.sort);
  if (options?.page && options.page > 1) params.set("page", String(options.page));
  return params;
}

/** Escapes LIKE wildcards so that search text is matched as text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The page to show: past the end means the last page; an empty result is page 1 of 1. */
export function clampPage(page: number, total: number, pageSize: number): { page: number; pageCount: number } {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return { page: Math.min(Math.max(1, page), pageCount), pageCount };
}

/** Every URL parameter parseRecommendationFilter reads: the filters, then the list's sort and page. */
export const LIST_PARAMETERS = [...FILTER_KEYS, "sort", "page"] as const;

/**
 * The schema of each URL parameter the parser reads (the filters, `sort` and `page`): the read API checks
 * and documents its parameters from these (app/lib/api/), so a filter added here is in the API too.
 */
export const LIST_PARAMETER_SCHEMAS: Readonly<Record<(typeof LIST_PARAMETERS)[number], z.ZodType>> = fields;
