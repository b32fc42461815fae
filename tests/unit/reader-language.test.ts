// The reader's language (issue #29): the address, else the cookie, else Accept-Language, else English; a
// language the address chose is remembered in a cookie, once.
import { describe, expect, it } from "vitest";
import { acceptedLanguage } from "~/i18n/accept-language.server";
import { readerLanguage, rememberLanguageCookie, requestT } from "~/http/language.server";

const request = (path: string, headers: Record<string, string> = {}) =>
  new Request(`http://upr.test${path}`, { headers });

describe("the reader's language", () => {
  it("comes from the address first, then the cookie, then Accept-Language, else English", () => {
    expect(readerLanguage(request("/?lang=ar", { Cookie: "upr_lang=fr", "Accept-Language": "es" }))).toEqual({
      lng: "ar",
      from: "address",
    });
    expect(readerLanguage(request("/", { Cookie: "a=1; upr_lang=fr", "Accept-Language": "es" }))).toEqual({
      lng: "fr",
      from: "cookie",
    });
    expect(readerLanguage(request("/", { "Accept-Language": "de-DE, sw-KE;q=0.8, en;q=0.5" }))).toEqual({
      lng: "sw",
      from: "header",
    });
    expect(readerLanguage(request("/", { "Accept-Language": "de-DE" }))).toEqual({ lng: "en", from: "default" });
  });

  it("ignores a language it does not speak, in the address or the cookie", () => {
    expect(readerLanguage(request("/?lang=de", { Cookie: "upr_lang=xx" })).lng).toBe("en");
    expect(readerLanguage(request("/?lang=<script>", { "Accept-Language": "fr" })).lng).toBe("fr");
  });

  it("takes q-values over order, and a regional tag for its language", () => {
    expect(acceptedLanguage("en;q=0.4, es-419;q=0.9")).toBe("es");
    expect(acceptedLanguage("ar-EG")).toBe("ar");
    expect(acceptedLanguage("zh-CN")).toBeUndefined();
    expect(acceptedLanguage("fr;q=0," + "x;q=0.1,".repeat(10_000))).toBeUndefined();
  });

  it("remembers a language the address chose, only when the cookie holds another", () => {
    expect(rememberLanguageCookie(request("/?lang=fr"))).toMatch(
      /^upr_lang=fr; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/,
    );
    expect(rememberLanguageCookie(request("/?lang=fr", { Cookie: "upr_lang=fr" }))).toBeUndefined();
    expect(rememberLanguageCookie(request("/?lang=es", { Cookie: "upr_lang=fr" }))).toMatch(/^upr_lang=es;/);
    expect(rememberLanguageCookie(request("/", { "Accept-Language": "ar" }))).toBeUndefined();
  });

  it("gives loaders the words of that language", () => {
    expect(requestT(request("/?lang=fr"))("errors.pageNotFound")).toBe("Page introuvable");
    expect(requestT(request("/", { "Accept-Language": "sw" }))("errors.pageNotFound")).toBe("Ukurasa haukupatikana");
  });
});
