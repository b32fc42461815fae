// GET /api/v1/states: every state held, with its reviews and recommendations counted (docs/api.md).
import { getDb } from "~/db.server";
import { apiAction, apiJson, apiLoader, badParameters } from "~/http/api.server";
import { readParameters } from "~/lib/api/query";
import { shapeState } from "~/lib/api/shape";
import { listStatesWithCounts } from "~/models/states.server";

export const loader = apiLoader(async ({ request, origin }) => {
  const read = readParameters(new URL(request.url).searchParams, {});
  if (!read.ok) return badParameters(read.problems);
  const states = await listStatesWithCounts(await getDb());
  return apiJson({ data: states.map((s) => shapeState(origin, s)) });
});

export const action = apiAction;
