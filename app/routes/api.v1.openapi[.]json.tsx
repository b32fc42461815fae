// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, made from its Zod schemas (app/lib/api/openapi.ts).
import { apiAction, apiJson, apiLoader, badParameters } from "~/http/api.server";
import { openApiDocument } from "~/lib/api/openapi";
import { readParameters } from "~/lib/api/query";

export const loader = apiLoader(async ({ request }) => {
  const read = readParameters(new URL(request.url).searchParams, {});
  if (!read.ok) return badParameters(read.problems);
  return apiJson(openApiDocument());
});

export const action = apiAction;
