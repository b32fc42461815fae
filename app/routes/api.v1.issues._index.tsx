// GET /api/v1/issues: the coalition's issues, with how many recommendations are linked to each (docs/api.md).
import { getDb } from "~/db.server";
import { apiAction, apiJson, apiLoader, badParameters } from "~/http/api.server";
import { readParameters } from "~/lib/api/query";
import { shapeIssue } from "~/lib/api/shape";
import { listIssues } from "~/models/issues.server";

export const loader = apiLoader(async ({ request, origin }) => {
  const read = readParameters(new URL(request.url).searchParams, {});
  if (!read.ok) return badParameters(read.problems);
  const issues = await listIssues(await getDb());
  return apiJson({ data: issues.map((i) => shapeIssue(origin, i)) });
});

export const action = apiAction;
