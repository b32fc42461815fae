// GET /api/v1/reviews[?state=KEN]: the reviews of every state under review, or of one (docs/api.md).
import { getDb } from "~/db.server";
import { apiAction, apiJson, apiLoader, badParameters } from "~/http/api.server";
import { readParameters } from "~/lib/api/query";
import { StateParam } from "~/lib/api/schemas";
import { shapeReview } from "~/lib/api/shape";
import { listReviews, listReviewsForState } from "~/models/reviews.server";
import { getStateByIso3 } from "~/models/states.server";

const Query = { state: StateParam };

export const loader = apiLoader(async ({ request, origin }) => {
  const read = readParameters(new URL(request.url).searchParams, Query);
  if (!read.ok) return badParameters(read.problems, Query);
  const db = await getDb();
  const { state } = read.value;
  if (state && !(await getStateByIso3(db, state))) return badParameters([`state=${state} (names nothing held)`]);
  const reviews = state ? await listReviewsForState(db, state) : await listReviews(db);
  return apiJson({ data: reviews.map((r) => shapeReview(origin, r)) });
});

export const action = apiAction;
