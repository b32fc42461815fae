// GET /api/v1/issues/:slug: one coalition issue with its linked recommendations, a page at a time; never who
// linked them (docs/api.md).
import { getDb } from "~/db.server";
import { apiAction, apiError, apiJson, apiLoader, badParameters } from "~/http/api.server";
import { readParameters } from "~/lib/api/query";
import { API_DEFAULT_LIMIT, IssueSlugParam, LimitParam, PageParam } from "~/lib/api/schemas";
import { apiUrl, pageOf, shapeIssueDetail } from "~/lib/api/shape";
import { getIssueBySlug } from "~/models/issues.server";

const Query = { page: PageParam, limit: LimitParam };

export const loader = apiLoader(async ({ request, params, origin }) => {
  const slug = IssueSlugParam.safeParse(params.slug);
  if (!slug.success) return apiError("not_found", "There is no coalition issue with that slug.");
  const read = readParameters(new URL(request.url).searchParams, Query);
  if (!read.ok) return badParameters(read.problems, Query);
  const page = read.value.page ?? 1;
  const limit = read.value.limit ?? API_DEFAULT_LIMIT;
  const issue = await getIssueBySlug(await getDb(), slug.data, { page, pageSize: limit });
  if (!issue) return apiError("not_found", `There is no coalition issue "${slug.data}".`);
  const pageUrl = (n: number) => {
    const query = new URLSearchParams();
    if (n > 1) query.set("page", String(n));
    if (read.value.limit !== undefined) query.set("limit", String(limit));
    return apiUrl(origin, `/api/v1/issues/${issue.slug}`, query);
  };
  // The model answers the last page for a page past it; the API answers it empty, as the list does.
  const data = shapeIssueDetail(origin, issue);
  if (issue.page !== page) data.recommendations = [];
  return apiJson({ data, ...pageOf(pageUrl, { page, total: issue.linkedTotal, limit }) });
});

export const action = apiAction;
