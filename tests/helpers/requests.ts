// Calling route loaders and actions directly, as the server would, and reading what they answer.
import { expect } from "vitest";

export const ORIGIN = "http://upr.test";
export const TEST_SESSION_SECRET = "test-secret-0123456789abcdef0123456789abcdef";

export function post(
  path: string,
  fields: Record<string, string>,
  options: { cookie?: string; origin?: string | null; headers?: Record<string, string>; base?: string } = {},
) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", ...options.headers });
  const origin = options.origin === undefined ? (options.base ?? ORIGIN) : options.origin;
  if (origin !== null) headers.set("Origin", origin);
  if (options.cookie) headers.set("Cookie", options.cookie);
  return new Request((options.base ?? ORIGIN) + path, { method: "POST", body: new URLSearchParams(fields), headers });
}

export function get(path: string, cookie?: string) {
  return new Request(ORIGIN + path, { headers: cookie ? { Cookie: cookie } : {} });
}

export interface Outcome {
  status: number;
  /** The data of a plain or data() result; the text of a thrown/returned Response. */
  body: any;
  headers: Headers;
}

/** Runs a loader or action; thrown Responses (redirects, 403s) become outcomes like returned ones. */
export async function run(result: Promise<unknown>): Promise<Outcome> {
  try {
    const r = await result;
    if (r instanceof Response) return { status: r.status, body: await r.text(), headers: r.headers };
    if (r && typeof r === "object" && (r as { type?: string }).type === "DataWithResponseInit") {
      const d = r as { data: unknown; init: ResponseInit | null };
      return { status: d.init?.status ?? 200, body: d.data, headers: new Headers(d.init?.headers) };
    }
    return { status: 200, body: r, headers: new Headers() };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, body: await error.text(), headers: error.headers };
    throw error;
  }
}

export const args = (request: Request, context: Record<string, unknown> = {}, params: Record<string, string> = {}) => ({
  request,
  params,
  context,
});

/** The session cookie a response sets, as a Cookie header value. */
export function sessionCookie(o: Outcome): string {
  const set = o.headers.get("Set-Cookie");
  expect(set, "a Set-Cookie header").toBeTruthy();
  return set!.split(";")[0]!;
}
