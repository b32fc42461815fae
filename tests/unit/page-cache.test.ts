import { describe, expect, it } from "vitest";
import { isPublicPage, PageCache, withNonce } from "../../server/page-cache";

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
