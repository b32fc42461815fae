// Reading the dashboard for a request: the URL filter (unknown values reported, not fatal), the
// configured default state, today's date. Shared by the page, its embeds and its CSV files.
import { getDb } from "./db.server";
import { env } from "./env.server";
import { todayUtc } from "./lib/assessment-input";
import { filterToSearchParams, parseRecommendationFilter } from "./lib/recommendation-filter";
import { loadDashboard } from "./models/dashboard.server";
import { unknownFilterValues } from "./models/search.server";

export async function loadDashboardFromRequest(request: Request) {
  const { filter, ignored } = parseRecommendationFilter(new URL(request.url).searchParams);
  const db = await getDb();
  for (const key of await unknownFilterValues(db, filter)) {
    ignored.push(`${key}=${filter[key]}`);
    delete filter[key];
  }
  const dashboard = await loadDashboard(db, filter, env().DEFAULT_STATE, todayUtc());
  return { dashboard, ignored, query: filterToSearchParams(filter).toString() };
}
