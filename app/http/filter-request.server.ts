// Reading the URL filter of a request (the same filters as the recommendation list) for the pages and
// files that narrow by it: the dashboard, its embeds and CSV files, and the exports. Values that name
// nothing in the database are dropped and reported in `ignored`: pages drop them and say so; files
// answer 400 with a plain-text message naming them (unknownFiltersResponse), rather than quietly
// exporting more than was asked for (docs/decisions/2026-11-26-export.md).
import { chosenState } from "./chosen-state.server";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { getDb } from "../db.server";
import { todayUtc } from "../lib/dates";
import {
  filterToSearchParams,
  type ListOptions,
  parseRecommendationFilter,
  type RecommendationFilter,
} from "../lib/recommendation-filter";
import { loadDashboard } from "../models/dashboard.server";
import { unknownFilterValues } from "../models/search.server";

export interface FilterRequest {
  db: Kysely<Database>;
  filter: RecommendationFilter;
  /** Sort and page, for the lists. */
  options: ListOptions;
  /** "name=value" of each parameter that was not understood or names nothing in the database. */
  ignored: string[];
  /** Parameters that were too long and were cut to their start ("q"): pages say so; files use the cut value. */
  cut: string[];
  url: URL;
}

export async function filterFromRequest(request: Request): Promise<FilterRequest> {
  const url = new URL(request.url);
  const { filter, options, ignored, cut } = parseRecommendationFilter(url.searchParams);
  const db = await getDb();
  for (const key of await unknownFilterValues(db, filter)) {
    ignored.push(`${key}=${filter[key]}`);
    delete filter[key];
  }
  return { db, filter, options, ignored, cut, url };
}

/** The dashboard for a request's filter, the configured default state and today's date. */
export async function loadDashboardFromRequest(request: Request, options: { perIssue?: boolean } = {}) {
  const { db, filter, ignored } = await filterFromRequest(request);
  // The state the reader chose: the address's, else the remembered one, else DEFAULT_STATE.
  const dashboard = await loadDashboard(db, filter, chosenState(request).iso3, todayUtc(), options);
  return { dashboard, ignored, query: filterToSearchParams(filter).toString() };
}

/** The answer of a file download asked for with filter values we do not know: 400, plain text. */
export function unknownFiltersResponse(ignored: string[], page = "/recommendations"): Response {
  return new Response(
    `Unknown filter values: ${ignored.join(", ")}.\n` +
      `Nothing was exported. Remove them from the address, or choose the filters on ${page} and use its export links.\n`,
    { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } },
  );
}
