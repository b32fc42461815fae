// The reader's language: the address (`?lang=fr`), else the `upr_lang` cookie, else the browser's
// Accept-Language, else English. A language chosen in the address is remembered in the cookie
// (rememberLanguageHeaders), so the reader's next pages keep it. Pages answered with a cookie are not
// kept by the page cache; pages without one are keyed by the language Accept-Language chooses
// (server/page-cache.ts), so no reader gets another's language.
import type { TFunction } from "i18next";
import { acceptedLanguage } from "../i18n/accept-language.server";
import { tFor } from "../i18n/catalogues.server";
import { requestOrigin } from "./session.server";
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_COOKIE, LANGUAGE_PARAM, type Language } from "../i18n/languages";

const ONE_YEAR = 365 * 24 * 3600;

function cookieLanguage(request: Request): Language | undefined {
  const cookie = request.headers.get("cookie");
  if (!cookie) return undefined;
  const m = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([a-z]{2})(?:;|$)`).exec(cookie);
  return m && isLanguage(m[1]) ? m[1] : undefined;
}

export function readerLanguage(request: Request): { lng: Language; from: "address" | "cookie" | "header" | "default" } {
  const asked = new URL(request.url).searchParams.get(LANGUAGE_PARAM);
  if (isLanguage(asked)) return { lng: asked, from: "address" };
  const remembered = cookieLanguage(request);
  if (remembered) return { lng: remembered, from: "cookie" };
  const accepted = acceptedLanguage(request.headers.get("accept-language"));
  return accepted ? { lng: accepted, from: "header" } : { lng: DEFAULT_LANGUAGE, from: "default" };
}

/** The Set-Cookie that remembers a language the address chose, when the cookie holds another; none otherwise. */
export function rememberLanguageCookie(request: Request): string | undefined {
  const { lng, from } = readerLanguage(request);
  if (from !== "address" || cookieLanguage(request) === lng) return undefined;
  const secure = requestOrigin(request).startsWith("https:") ? "; Secure" : "";
  return `${LANGUAGE_COOKIE}=${lng}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax; HttpOnly${secure}`;
}

/** The words of the reader's language, for what a loader or action says (errors, files, feeds). */
export function requestT(request: Request): TFunction {
  return tFor(readerLanguage(request).lng);
}
