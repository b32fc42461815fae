// Reading an export's filter from a request (the same URL filters as the recommendation list and the
// dashboard). Pages drop unknown values and say so; files answer 400 with a plain-text message
// naming them, rather than quietly exporting more than was asked for (docs/decisions/2026-11-26-export.md).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { getDb } from "./db.server";
import { parseRecommendationFilter, type RecommendationFilter } from "./lib/recommendation-filter";
import { unknownFilterValues } from "./models/search.server";

export interface ExportRequest {
  db: Kysely<Database>;
  filter: RecommendationFilter;
  /** "name=value" of each parameter that was not understood or names nothing in the database. */
  ignored: string[];
  url: URL;
}

export async function exportFilterFromRequest(request: Request): Promise<ExportRequest> {
  const url = new URL(request.url);
  const { filter, ignored } = parseRecommendationFilter(url.searchParams);
  const db = await getDb();
  for (const key of await unknownFilterValues(db, filter)) {
    ignored.push(`${key}=${filter[key]}`);
    delete filter[key];
  }
  return { db, filter, ignored, url };
}

/** The answer of a file download asked for with filter values we do not know: 400, plain text. */
export function unknownFiltersResponse(ignored: string[], page = "/recommendations"): Response {
  return new Response(
    `Unknown filter values: ${ignored.join(", ")}.\n` +
      `Nothing was exported. Remove them from the address, or choose the filters on ${page} and use its export links.\n`,
    { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } },
  );
}
