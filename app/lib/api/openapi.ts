// The read API's OpenAPI 3.1 document, made from the same Zod schemas that check its parameters and describe
// its answers (./schemas.ts; the recommendation filters from app/lib/recommendation-filter.ts), with zod-openapi
// (docs/decisions/2026-12-07-openapi.md). Made once per process. Pure: no database, no request.
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject } from "zod-openapi";
import { LIST_PARAMETER_SCHEMAS, LIST_PARAMETERS } from "../recommendation-filter";
import * as S from "./schemas";

/** What each list parameter means, for the document. A filter without a line here is still listed. */
const PARAMETER_DESCRIPTIONS: Partial<Record<string, string>> = {
  q: "Search text: full-text (English stemming) or a part of a word; at most 200 characters.",
  state: "State under review, ISO 3166-1 alpha-3 code (any case).",
  cycle: "UPR cycle, 1 to 4 so far.",
  response: "The state under review's response.",
  from: "Recommending state, ISO 3166-1 alpha-3 code (any case).",
  group: "UN regional group of a recommending state.",
  action: "UPR Info action category, 1 (minimal) to 5 (specific action).",
  theme:
    "A theme exactly as held (see `themes` in the answers), or a topic that joins UPR Info's and OHCHR's labels: topic:<key>, such as topic:trafficking (app/lib/themes/theme-vocabulary.ts).",
  sdg: "A Sustainable Development Goal (16) or target (16.3); a goal also finds its targets.",
  affected: "Affected persons or a group, exactly as held (see `affectedPersons` in the answers).",
  issue: "A coalition issue's slug (see /api/v1/issues).",
  status: "Current implementation status.",
  changedSince: "Only recommendations with an assessment as of this date or later (YYYY-MM-DD).",
  kind: "recommendation (the default) or pledge (voluntary pledges).",
  sort: "report (the default; by state, cycle, paragraph), relevance (the default with q), status, newest.",
  page: "Page number, from 1. A page past the last answers an empty `data` with `links.next` null.",
};

/** The query parameters of /api/v1/recommendations: the list page's own parameters and `limit`. */
export function recommendationsQuerySchema() {
  const shape: Record<string, z.ZodType> = {};
  for (const name of LIST_PARAMETERS) {
    const description = PARAMETER_DESCRIPTIONS[name];
    const schema = LIST_PARAMETER_SCHEMAS[name];
    shape[name] = (description ? schema.meta({ description }) : schema).optional();
  }
  shape.limit = S.LimitParam.optional();
  return z.object(shape);
}

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const errors = {
  "400": json(S.ApiError, "A parameter was not understood: unknown, given twice, or a value not allowed."),
  "404": json(S.ApiError, "Nothing has that id, code or slug."),
};

function get(op: Omit<ZodOpenApiOperationObject, "responses">, ok: z.ZodType, description: string) {
  return { get: { ...op, responses: { "200": json(ok, description), ...errors } } };
}

/** The paths the API serves (the routes app/routes/api.v1.*.tsx), as the document lists them. */
export const API_PATHS = [
  "/api/v1/states",
  "/api/v1/reviews",
  "/api/v1/recommendations",
  "/api/v1/recommendations/{id}",
  "/api/v1/issues",
  "/api/v1/issues/{slug}",
  "/api/v1/openapi.json",
] as const;

let document: ReturnType<typeof createDocument> | null = null;

export function openApiDocument(): ReturnType<typeof createDocument> {
  document ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "UPR Monitor read API",
      version: "1",
      description:
        "Read-only JSON: the states, reviews and UN Universal Periodic Review recommendations held here, their " +
        "implementation assessments and the coalition's issues. Open to any origin (CORS), no sign-in. Codes " +
        "(ISO 3166-1 alpha-3, response and status codes) are stable; they do not change with the interface's " +
        "language. Unknown parameters and values answer 400, unknown ids 404, both as JSON.",
    },
    paths: {
      "/api/v1/states": get(
        { operationId: "listStates", summary: "Every state held, with its reviews and recommendations counted" },
        S.StatesResponse,
        "The states, by name.",
      ),
      "/api/v1/reviews": get(
        {
          operationId: "listReviews",
          summary: "The reviews of every state under review, or of one",
          requestParams: { query: z.object({ state: S.StateParam.optional() }) },
        },
        S.ReviewsResponse,
        "The reviews, by state name and cycle.",
      ),
      "/api/v1/recommendations": get(
        {
          operationId: "listRecommendations",
          summary: "Recommendations, with the filters of the /recommendations page, a page at a time",
          requestParams: { query: recommendationsQuerySchema() },
        },
        S.RecommendationsResponse,
        "One page of the matching recommendations; follow `links.next` to the end.",
      ),
      "/api/v1/recommendations/{id}": get(
        {
          operationId: "getRecommendation",
          summary: "One recommendation with its public assessments",
          requestParams: { path: z.object({ id: S.RecommendationIdParam }) },
        },
        S.RecommendationResponse,
        "The recommendation.",
      ),
      "/api/v1/issues": get(
        { operationId: "listIssues", summary: "The coalition's issues" },
        S.IssuesResponse,
        "The issues; archived ones last.",
      ),
      "/api/v1/issues/{slug}": get(
        {
          operationId: "getIssue",
          summary: "One coalition issue with its linked recommendations, a page at a time",
          requestParams: {
            path: z.object({ slug: S.IssueSlugParam }),
            query: z.object({ page: S.PageParam.optional(), limit: S.LimitParam.optional() }),
          },
        },
        S.IssueResponse,
        "The issue and one page of its linked recommendations (by state, cycle and paragraph).",
      ),
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          responses: { "200": { description: "The OpenAPI 3.1 document of the API." } },
        },
      },
    },
    components: {
      schemas: {
        State: S.State,
        Review: S.Review,
        RecommendationListEntry: S.RecommendationListEntry,
        RecommendationDetail: S.RecommendationDetail,
        Assessment: S.Assessment,
        Issue: S.Issue,
        LinkedRecommendation: S.LinkedRecommendation,
        StateRef: S.StateRef,
        IssueRef: S.IssueRef,
        PageMeta: S.PageMeta,
        PageLinks: S.PageLinks,
        ApiError: S.ApiError,
      },
    },
  });
  return document;
}
