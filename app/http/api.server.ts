// The read API's plumbing (/api/v1, docs/api.md): JSON answers open to any origin, JSON errors, the CORS
// preflight, and the recommendation filter of a request read strictly. No cookie is read here: the API's
// answers depend on the URL and the data only, so the page cache keeps them like public pages
// (server/page-cache.ts), and they are queued at the same door (server/admission.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { ApiErrorCode } from "../lib/api/schemas";
import { parameterMessage, readParameters } from "../lib/api/query";
import { API_DEFAULT_LIMIT, LimitParam } from "../lib/api/schemas";
import { LIST_PARAMETER_SCHEMAS, LIST_PARAMETERS } from "../lib/recommendation-filter";
import { filterFromRequest, type FilterRequest } from "./filter-request.server";
import { requestOrigin } from "./session.server";

/** On every answer of the API: any origin may read it (no credentials: the API reads no cookie). */
const CORS = { "Access-Control-Allow-Origin": "*" } as const;

/** A JSON answer. Successful ones carry no Cache-Control, as public pages do (the page cache keeps them). */
export function apiJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...CORS,
      "Content-Type": "application/json; charset=utf-8",
      ...(status === 200 ? {} : { "Cache-Control": "no-store" }),
    },
  });
}

const STATUS_OF: Record<ApiErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  method_not_allowed: 405,
  internal_error: 500,
};

/** A JSON error: `{ error: { status, code, message, parameters? } }`. */
export function apiError(code: ApiErrorCode, message: string, parameters?: string[]): Response {
  const status = STATUS_OF[code];
  return apiJson({ error: { status, code, message, ...(parameters ? { parameters } : {}) } }, status);
}

/** The answer to a CORS preflight (OPTIONS): GET and HEAD from any origin, with any of the usual headers. */
function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS,
      "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
      "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since",
      "Access-Control-Max-Age": "86400",
      Allow: "GET, HEAD, OPTIONS",
    },
  });
}

/**
 * An API loader: OPTIONS (Remix gives it to the loader) answers the preflight; a thrown Response is the
 * answer; anything else thrown is logged and answers a JSON 500, never an HTML page.
 */
export function apiLoader(handle: (args: LoaderFunctionArgs & { origin: string }) => Promise<Response>) {
  return async (args: LoaderFunctionArgs): Promise<Response> => {
    if (args.request.method === "OPTIONS") return preflight();
    try {
      return await handle({ ...args, origin: requestOrigin(args.request) });
    } catch (error) {
      if (error instanceof Response) return error;
      console.error(error);
      return apiError("internal_error", "Something went wrong on our side; the error is logged.");
    }
  };
}

/** The API's action: it only reads (POST, PUT, PATCH, DELETE answer 405). */
export async function apiAction(): Promise<Response> {
  const refused = apiError("method_not_allowed", "The API only reads: use GET.");
  refused.headers.set("Allow", "GET, HEAD, OPTIONS");
  return refused;
}

/** A 400 for parameters not understood, naming each. */
export function badParameters(problems: string[], schemas: Readonly<Record<string, unknown>> = {}): Response {
  return apiError(
    "bad_request",
    parameterMessage(problems, schemas as Parameters<typeof parameterMessage>[1]),
    problems,
  );
}

/**
 * The recommendation filter of an API request: the list page's own parser (parseRecommendationFilter, through
 * filterFromRequest), read strictly: an unknown parameter, one given twice, a value the parser ignores or cuts,
 * or one that names nothing held (state=ZZZ) is a 400. Plus `limit`.
 */
export async function apiFilterFromRequest(request: Request): Promise<FilterRequest & { limit: number }> {
  const url = new URL(request.url);
  const read = readParameters(url.searchParams, { limit: LimitParam }, LIST_PARAMETERS);
  const problems = read.ok ? [] : read.problems;
  const found = await filterFromRequest(request);
  for (const p of found.ignored) {
    if (problems.includes(p)) continue;
    // A value its schema takes was dropped because it names nothing held (state=ZZZ): say so.
    const name = p.slice(0, p.indexOf("="));
    const schema = LIST_PARAMETER_SCHEMAS[name as (typeof LIST_PARAMETERS)[number]];
    problems.push(schema?.safeParse(url.searchParams.get(name)).success ? `${p} (names nothing held)` : p);
  }
  for (const name of found.cut) problems.push(`${name} (longer than allowed)`);
  const schemas = { ...LIST_PARAMETER_SCHEMAS, limit: LimitParam };
  if (problems.length) throw badParameters(problems, schemas);
  return { ...found, limit: (read.ok ? read.value.limit : undefined) ?? API_DEFAULT_LIMIT };
}
