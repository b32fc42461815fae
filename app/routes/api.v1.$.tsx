// Any other address under /api/v1: a JSON 404 naming where the document of the API is (docs/api.md).
import { apiAction, apiError, apiLoader } from "~/http/api.server";

export const loader = apiLoader(async ({ request }) =>
  apiError(
    "not_found",
    `There is nothing at ${new URL(request.url).pathname}. The API's paths are listed in /api/v1/openapi.json.`,
  ),
);

export const action = apiAction;
