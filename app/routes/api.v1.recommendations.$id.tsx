// GET /api/v1/recommendations/:id: one recommendation with its public assessments: the organisation's name,
// never the person who wrote one (docs/api.md).
import { getDb } from "~/db.server";
import { apiAction, apiError, apiJson, apiLoader, badParameters } from "~/http/api.server";
import { RecommendationIdParam } from "~/lib/api/schemas";
import { shapeRecommendation } from "~/lib/api/shape";
import { listAssessmentHistory } from "~/models/assessments.server";
import { getRecommendation } from "~/models/recommendations.server";
import { readParameters } from "~/lib/api/query";

export const loader = apiLoader(async ({ request, params, origin }) => {
  const id = RecommendationIdParam.safeParse(params.id);
  if (!id.success) return badParameters([`id=${params.id ?? ""}`]);
  const read = readParameters(new URL(request.url).searchParams, {});
  if (!read.ok) return badParameters(read.problems);
  const db = await getDb();
  const recommendation = await getRecommendation(db, id.data);
  if (!recommendation) return apiError("not_found", `There is no recommendation ${id.data}.`);
  const history = await listAssessmentHistory(db, id.data);
  return apiJson({ data: shapeRecommendation(origin, recommendation, history) });
});

export const action = apiAction;
