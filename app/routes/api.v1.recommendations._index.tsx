// GET /api/v1/recommendations: the recommendation list with the /recommendations page's own filters (one
// parser, one query: searchRecommendations), a page at a time with links.next (docs/api.md).
import { apiAction, apiFilterFromRequest, apiJson, apiLoader } from "~/http/api.server";
import { apiUrl, pageOf, shapeRecommendationEntry } from "~/lib/api/shape";
import { filterToSearchParams } from "~/lib/recommendation-filter";
import { searchRecommendations } from "~/models/search.server";

export const loader = apiLoader(async ({ request, origin }) => {
  const { db, filter, options, limit } = await apiFilterFromRequest(request);
  const result = await searchRecommendations(db, filter, options, limit);
  // The search answers the last page for a page past it; the API answers it empty (documented).
  const past = result.page !== options.page;
  const pageUrl = (page: number) => {
    const params = filterToSearchParams(filter, { sort: options.sort, page });
    params.set("limit", String(limit));
    return apiUrl(origin, "/api/v1/recommendations", params);
  };
  return apiJson({
    data: past ? [] : result.rows.map((r) => shapeRecommendationEntry(origin, filter.kind, r)),
    ...pageOf(pageUrl, { page: options.page, total: result.total, limit }),
  });
});

export const action = apiAction;
