// The state under review a reader chose (issue #27): the address's `?state=` where it names one, else the one
// remembered in the `upr_state` cookie, else DEFAULT_STATE (the first visit). A page that takes the state from
// its address remembers it for the reader's next pages (rememberStateHeaders). Pages answered with the cookie
// are not kept by the page cache (it serves requests without cookies only), so no reader sees another's state.
import { env } from "../env.server";
import { iso3Code, stateParam } from "../lib/query-params";
import { requestOrigin } from "./session.server";

const COOKIE = "upr_state";
const YEAR_SECONDS = 365 * 24 * 60 * 60;

function cookieState(request: Request): string | undefined {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === COOKIE) {
      const parsed = iso3Code.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    }
  }
  return undefined;
}

/** The state the reader's pages are about, and where that came from. */
export function chosenState(request: Request): { iso3: string; from: "address" | "cookie" | "default" } {
  const fromAddress = stateParam(new URL(request.url));
  if (fromAddress) return { iso3: fromAddress, from: "address" };
  const remembered = cookieState(request);
  return remembered ? { iso3: remembered, from: "cookie" } : { iso3: env().DEFAULT_STATE, from: "default" };
}

/**
 * Headers that remember a state the address chose (a held state: `known`), when the cookie holds another;
 * none otherwise. The choice of the default state on a first visit sets no cookie.
 */
export function rememberStateHeaders(request: Request, iso3: string, known: boolean): HeadersInit {
  if (!known || stateParam(new URL(request.url)) !== iso3 || cookieState(request) === iso3) return {};
  if (cookieState(request) === undefined && iso3 === env().DEFAULT_STATE) return {};
  const secure = requestOrigin(request).startsWith("https:") ? "; Secure" : "";
  return { "Set-Cookie": `${COOKIE}=${iso3}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax; HttpOnly${secure}` };
}
