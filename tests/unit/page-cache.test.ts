import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  etagMatches,
  isPublicPage,
  PageCache,
  pageCacheMiddleware,
  pageEtag,
  PRIVATE_CACHE_CONTROL,
  PUBLIC_CACHE_CONTROL,
  withNonce,
} from "../../server/page-cache";

const page = (snapshot: string, size: number, today = "2026-11-26") => ({
  snapshot,
  today,
  headers: [["content-type", "text/html"]] as [string, string][],
  body: Buffer.alloc(size, 97),
  nonce: "",
});

describe("the page cache", () => {
  it("answers only for the same snapshot and the same day", () => {
    const cache = new PageCache(1_000);
    cache.set("/dashboard?state=KEN", page("10:12:", 100));
    expect(cache.get("/dashboard?state=KEN", "10:12:", "2026-11-26")?.body.length).toBe(100);
    expect(cache.get("/dashboard?state=KEN", "10:13:", "2026-11-26")).toBeUndefined();
    // A page found stale is dropped, not kept beside the new one.
    expect(cache.size).toEqual({ pages: 0, bytes: 0 });
    cache.set("/dashboard?state=KEN", page("10:13:", 100));
    expect(cache.get("/dashboard?state=KEN", "10:13:", "2026-11-27")).toBeUndefined();
    expect(cache.get("/dashboard?state=UGA", "10:13:", "2026-11-26")).toBeUndefined();
  });

  it("holds at most its size in bytes, dropping the least recently used first", () => {
    const cache = new PageCache(250);
    cache.set("a", page("s", 100));
    cache.set("b", page("s", 100));
    expect(cache.get("a", "s", "2026-11-26")).toBeDefined(); // a is now the most recently used
    cache.set("c", page("s", 100));
    expect(cache.size).toEqual({ pages: 2, bytes: 200 });
    expect(cache.get("b", "s", "2026-11-26")).toBeUndefined();
    expect(cache.get("a", "s", "2026-11-26")).toBeDefined();
    expect(cache.get("c", "s", "2026-11-26")).toBeDefined();
    cache.set("huge", page("s", 300)); // larger than the whole cache: not kept, nothing dropped for it
    expect(cache.size).toEqual({ pages: 2, bytes: 200 });
    cache.set("a", page("t", 50)); // replacing a page counts its new size only
    expect(cache.size).toEqual({ pages: 2, bytes: 150 });
  });

  it("applies to the public pages only", () => {
    for (const p of [
      "/",
      "/dashboard",
      "/dashboard.data",
      "/recommendations",
      "/recommendations/12",
      "/issues",
      "/issues/trust-fund-delay",
      "/reviews/3",
      "/embed/responses-by-cycle",
      "/api/v1/states",
      "/api/v1/recommendations",
      "/api/v1/recommendations/12",
      "/api/v1/issues/trust-fund-delay",
      "/api/v1/openapi.json",
    ]) {
      expect(isPublicPage(p), p).toBe(true);
    }
    for (const p of [
      "/login",
      "/logout",
      "/import",
      "/admin/users",
      "/admin/audit",
      "/export.csv",
      "/account/password",
      "/assessments/bulk",
      "/dashboard/x.csv",
      "/recommendations/12/x",
      "/api/v2/states",
      "/apiv1/states",
    ]) {
      expect(isPublicPage(p), p).toBe(false);
    }
  });
});

describe("a cached page and the Content-Security-Policy nonce", () => {
  it("carries the nonce of the request it answers, never the one it was made with", () => {
    const made = "lh1F5m9d3Q+7RgxTeI8DHA==";
    const now = "1Ky1Cck9wGs9SHmCAqZ5rA==";
    const body = Buffer.from(`<script nonce="${made}">a</script><script nonce="${made}" type="module">b</script>`);
    const out = withNonce(body, made, now).toString();
    expect(out).toBe(`<script nonce="${now}">a</script><script nonce="${now}" type="module">b</script>`);
    expect(out).not.toContain(made);
    // The stored page itself is left as it was (the next request replaces the same old nonce).
    expect(body.toString()).toContain(made);
    expect(withNonce(body, "", now)).toBe(body);
  });
});

describe("conditional requests (ETag, 304) and Cache-Control", () => {
  it("makes a weak ETag that changes with the build, the snapshot, the day and the key", () => {
    const etag = pageEtag("b1", "10:12:", "2026-11-26", "http://h/dashboard");
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(pageEtag("b1", "10:12:", "2026-11-26", "http://h/dashboard")).toBe(etag);
    for (const other of [
      pageEtag("b2", "10:12:", "2026-11-26", "http://h/dashboard"),
      pageEtag("b1", "10:13:", "2026-11-26", "http://h/dashboard"),
      pageEtag("b1", "10:12:", "2026-11-27", "http://h/dashboard"),
      pageEtag("b1", "10:12:", "2026-11-26", "http://h/dashboard?state=UGA"),
    ])
      expect(other).not.toBe(etag);
  });

  it("matches If-None-Match weakly and in a list, not for *", () => {
    const etag = 'W/"abc"';
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches('"abc"', etag)).toBe(true); // weak comparison: W/ ignored
    expect(etagMatches('W/"x", W/"abc"', etag)).toBe(true);
    expect(etagMatches("*", etag)).toBe(false); // whether the address has a page is not known before it is made
    expect(etagMatches('W/"abd"', etag)).toBe(false);
    expect(etagMatches('W/"x", "y"', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
    expect(etagMatches("", etag)).toBe(false);
  });

  describe("the middleware", () => {
    let server: Server;
    let base = "";
    let snapshot = "10:12:";
    let made = 0;

    beforeAll(async () => {
      const app = express();
      app.set("etag", false); // as in production, where Remix answers through res.write and res.end
      // As app/http/security-headers.server.ts does, before the cache: a policy on every answer.
      app.use((_req, res, next) => {
        res.setHeader("Content-Security-Policy", "script-src 'nonce-AAAA'");
        next();
      });
      app.use(pageCacheMiddleware(new PageCache(100_000), async () => snapshot, "build-1"));
      app.get("/dashboard", (_req, res) => {
        made++;
        res.type("html").send(`<p>page ${made}</p>`);
      });
      app.get("/recommendations", (_req, res) => {
        made++;
        res.setHeader("Set-Cookie", "upr_state=UGA");
        res.type("html").send("<p>with a cookie</p>");
      });
      app.get("/issues", (_req, res) => void res.status(404).type("html").send("<p>gone</p>"));
      app.get("/api/v1/states", (_req, res) => void res.status(400).set("Cache-Control", "no-store").json({}));
      app.get("/login", (_req, res) => void res.type("html").send("<p>sign in</p>"));
      server = app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("answers 304 with no body and no page made while the snapshot holds, 200 with a new ETag after", async () => {
      const first = await fetch(`${base}/dashboard`);
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^W\//);
      expect(first.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
      expect(first.headers.get("vary")).toBe(
        "Cookie, Authorization, Accept-Language, X-Forwarded-Proto, X-Forwarded-Host",
      );
      const hit = await fetch(`${base}/dashboard`);
      expect(hit.headers.get("x-page-cache")).toBe("hit");
      expect(hit.headers.get("etag")).toBe(etag);
      expect(hit.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
      expect(hit.headers.get("vary")).toBe(
        "Cookie, Authorization, Accept-Language, X-Forwarded-Proto, X-Forwarded-Host",
      );
      const madeBefore = made;
      const notModified = await fetch(`${base}/dashboard`, { headers: { "If-None-Match": etag } });
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe("");
      // The browser keeps the policy of the page it holds (whose scripts carry that page's nonce).
      expect(notModified.headers.get("content-security-policy")).toBeNull();
      expect(hit.headers.get("content-security-policy")).toBe("script-src 'nonce-AAAA'");
      expect(notModified.headers.get("etag")).toBe(etag);
      expect(notModified.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
      expect(notModified.headers.get("vary")).toContain("Cookie");
      expect(made).toBe(madeBefore);
      snapshot = "10:13:"; // a write
      const changed = await fetch(`${base}/dashboard`, { headers: { "If-None-Match": etag } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(etag);
      expect(await changed.text()).toBe(`<p>page ${madeBefore + 1}</p>`);
    });

    it("keeps a page per language that Accept-Language chooses, never answering one language's page for another", async () => {
      snapshot = "10:20:";
      const get = (language?: string) =>
        fetch(`${base}/dashboard`, { headers: language ? { "Accept-Language": language } : {} });
      const english = await get();
      expect(english.headers.get("x-page-cache")).toBe("miss");
      const french = await get("fr-CH, fr;q=0.9");
      expect(french.headers.get("x-page-cache")).toBe("miss");
      expect(french.headers.get("etag")).not.toBe(english.headers.get("etag"));
      // Another tag choosing the same language, and a language we do not speak (English), are the same pages.
      expect((await get("fr")).headers.get("x-page-cache")).toBe("hit");
      expect((await get("de-DE")).headers.get("x-page-cache")).toBe("hit");
      expect((await get("de-DE")).headers.get("etag")).toBe(english.headers.get("etag"));
      expect((await get("ar-EG")).headers.get("x-page-cache")).toBe("miss");
    });

    it("gives no public ETag to a request with a cookie, an answer setting a cookie, an error or another path", async () => {
      const first = await fetch(`${base}/dashboard`);
      const etag = first.headers.get("etag")!;
      const withCookie = await fetch(`${base}/dashboard`, {
        headers: { Cookie: "upr_state=UGA", "If-None-Match": etag },
      });
      expect(withCookie.status).toBe(200);
      expect(withCookie.headers.get("etag")).toBeNull();
      expect(withCookie.headers.get("cache-control")).toBe(PRIVATE_CACHE_CONTROL);
      expect(withCookie.headers.get("vary")).toContain("Cookie");
      const setting = await fetch(`${base}/recommendations`);
      expect(setting.headers.get("etag")).toBeNull();
      expect(setting.headers.get("cache-control")).toBe(PRIVATE_CACHE_CONTROL);
      const missing = await fetch(`${base}/issues`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("etag")).toBeNull();
      expect(missing.headers.get("cache-control")).toBe(PRIVATE_CACHE_CONTROL);
      const apiError = await fetch(`${base}/api/v1/states`);
      expect(apiError.headers.get("etag")).toBeNull();
      expect(apiError.headers.get("cache-control")).toBe("no-store");
      const login = await fetch(`${base}/login`);
      expect(login.headers.get("etag")).toBeNull();
      expect(login.headers.get("cache-control")).toBeNull();
    });
  });
});
