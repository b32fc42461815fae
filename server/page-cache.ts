// Whole pages for anonymous readers of the public pages, kept in memory and served again for as long
// as the database shows exactly the same data (docs/decisions/2026-11-26-page-cache.md).
//
// A page is stored under its URL with the database snapshot read before it was made
// (`databaseSnapshot`: which transactions are visible). A later request for the same URL is answered
// from memory only if the current snapshot is the same text: no transaction has committed or rolled
// back since, anywhere in the database, so the page would come out the same. Any write (an
// assessment, an import, a link) changes the snapshot, and the next request makes the page anew.
// This holds across several app servers on one PostgreSQL without any message between them.
//
// Not cached: requests with a cookie (signed-in editors, and anyone whose cookie might be answered
// with Set-Cookie), anything but GET, answers other than 200, answers that set a cookie, and every
// path not listed in PUBLIC_PAGES. Pages that show today's date are keyed by the day too.
//
// Conditional requests: every answer the cache applies to carries an ETag made from what the cache
// itself decides by (the app's build, the snapshot, the day, the key) and `Cache-Control: public,
// max-age=0, must-revalidate`, so a browser, CDN or reverse proxy may keep the page but must ask again
// each time; a request whose If-None-Match holds the current ETag gets 304 with no body, made from the
// snapshot alone (no page is made, none is read from memory). Answers that turn out not to be for
// everyone (not 200, or setting a cookie) lose the ETag and say `private, no-store` instead.
import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { acceptedLanguage } from "../app/i18n/accept-language.server";
import { DEFAULT_LANGUAGE } from "../app/i18n/languages";
import { todayUtc } from "../app/lib/dates";
import { cspNonceOf } from "../app/http/security-headers.server";

/** Public read-only pages (and their `.data` twins for client navigation), and the read API. */
const PUBLIC_PAGES = [
  /^\/$/,
  /^\/_root\.data$/,
  /^\/dashboard(\.data)?$/,
  /^\/embed\/[\w-]+(\.data)?$/,
  /^\/recommendations(\.data)?$/,
  /^\/recommendations\/\d+(\.data)?$/,
  /^\/issues(\.data)?$/,
  /^\/issues\/[\w-]+(\.data)?$/,
  /^\/reviews\/\d+(\.data)?$/,
  // The read API (app/routes/api.v1.*): JSON made from the URL and the data only.
  /^\/api\/v1(\/[\w.-]+)*$/,
];

export function isPublicPage(pathname: string): boolean {
  return PUBLIC_PAGES.some((re) => re.test(pathname));
}

interface CachedPage {
  snapshot: string;
  today: string;
  headers: [string, string][];
  body: Buffer;
  /** The Content-Security-Policy nonce the page was made with ("" for none): replaced by each request's own. */
  nonce: string;
}

/**
 * Headers not to replay: they belong to one connection or one moment (the Content-Security-Policy
 * holds the nonce of one request, and Strict-Transport-Security depends on how the request came:
 * each request has its own, set by app/http/security-headers.server.ts).
 */
const NOT_REPLAYED = new Set([
  "set-cookie",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "x-page-cache",
  "content-security-policy",
  "strict-transport-security",
  // Made for each answer from the current snapshot (below), never replayed.
  "etag",
]);

/**
 * What lets a shared cache keep a public page: it may store it, but must ask again (with the ETag) before
 * each reuse, since any write anywhere may change it and only the server can tell (the snapshot).
 */
export const PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate";
/** For answers on public paths that are not for everyone: not 200, or setting a cookie. */
export const PRIVATE_CACHE_CONTROL = "private, no-store";
/**
 * The request headers the answer depends on beyond the URL and Host: a cookie makes the answer private
 * (the cache skips it), the language Accept-Language chooses is part of the key (the page's language,
 * app/http/language.server.ts), and so is the proxy's forwarded origin (absolute links in the API).
 */
export const PUBLIC_VARY = ["Cookie", "Authorization", "Accept-Language", "X-Forwarded-Proto", "X-Forwarded-Host"];

/**
 * The page's validator. Weak (`W/`): two answers with the same ETag have the same content but not the same
 * bytes, since each carries its own Content-Security-Policy nonce (withNonce), so a strong validator (byte
 * for byte, usable for ranges) would be a lie. The build is in it so that a new version of the app, on the
 * same data, does not answer 304 for a page it would now make differently.
 */
export function pageEtag(build: string, snapshot: string, today: string, key: string): string {
  const digest = createHash("sha256").update(`${build}\n${snapshot}\n${today}\n${key}`).digest("base64url");
  return `W/"${digest.slice(0, 27)}"`;
}

/**
 * Whether an If-None-Match header holds this ETag among its comma-separated tags, compared weakly (RFC 9110
 * 13.1.2: W/ ignored on both sides). `*` ("any current page") is not taken: the 304 is decided before the
 * page is made, so whether the address has a page at all (or is a 404) is not known yet.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return ifNoneMatch.split(",").some((tag) => opaque(tag) === wanted);
}

/** The stored page with every occurrence of its old nonce replaced by this request's (same length: base64 of 16 bytes). */
export function withNonce(body: Buffer, oldNonce: string, newNonce: string): Buffer {
  if (!oldNonce || !newNonce || oldNonce === newNonce) return body;
  const from = Buffer.from(oldNonce);
  const to = Buffer.from(newNonce);
  if (from.length !== to.length) return Buffer.from(body.toString("utf8").split(oldNonce).join(newNonce));
  let out: Buffer | null = null;
  for (let i = body.indexOf(from); i !== -1; i = body.indexOf(from, i + from.length)) {
    out ??= Buffer.from(body);
    to.copy(out, i);
  }
  return out ?? body;
}

/** Least recently used pages go first once the pages together hold more than `maxBytes`. */
export class PageCache {
  private pages = new Map<string, CachedPage>();
  private bytes = 0;
  constructor(readonly maxBytes: number) {}

  get(key: string, snapshot: string, today: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (page.snapshot !== snapshot || page.today !== today) {
      this.delete(key);
      return undefined;
    }
    this.pages.delete(key);
    this.pages.set(key, page); // most recently used last
    return page;
  }

  set(key: string, page: CachedPage): void {
    if (page.body.length > this.maxBytes) return;
    this.delete(key);
    this.pages.set(key, page);
    this.bytes += page.body.length;
    for (const [oldest, old] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= old.body.length;
    }
  }

  get size(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }

  private delete(key: string): void {
    const page = this.pages.get(key);
    if (page) {
      this.pages.delete(key);
      this.bytes -= page.body.length;
    }
  }
}

/** The headers of a public page's answer (200 or 304): its ETag, how caches may keep it, what it varies by. */
function publicHeaders(res: Response, etag: string): void {
  res.setHeader("ETag", etag);
  if (res.getHeader("cache-control") === undefined) res.setHeader("Cache-Control", PUBLIC_CACHE_CONTROL);
  res.vary(PUBLIC_VARY.join(", "));
}

/** Runs `change` just before the answer's headers go out (Node calls writeHead for every answer). */
function beforeHeaders(res: Response, change: (status: number) => void): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  res.writeHead = ((...args: unknown[]) => {
    change(typeof args[0] === "number" ? args[0] : res.statusCode);
    return writeHead(...args);
  }) as Response["writeHead"];
}

/**
 * Express middleware in front of the Remix handler. `snapshot` reads the database's snapshot
 * (app/models/snapshot.server.ts); `build` names the app's build (its assets version). Answers carry
 * `X-Page-Cache: hit`, `miss` or `not-modified` (a 304) where the cache applies.
 */
export function pageCacheMiddleware(cache: PageCache, snapshot: () => Promise<string>, build = "") {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" || !isPublicPage(req.path)) return next();
    if (req.headers.cookie || req.headers.authorization) {
      // The same address answered for one reader (signed in, or with a chosen state): never kept by a
      // shared cache beside the public answer, unless the route said otherwise itself.
      beforeHeaders(res, () => {
        if (res.getHeader("cache-control") === undefined) res.setHeader("Cache-Control", PRIVATE_CACHE_CONTROL);
        res.vary(PUBLIC_VARY.join(", "));
      });
      return next();
    }
    let current: string;
    try {
      current = await snapshot();
    } catch {
      return next(); // the page itself will report the database problem
    }
    // The proxy's forwarded origin is part of the key: the API's answers hold absolute links made from it
    // (requestOrigin, with TRUST_PROXY=1), so an https client must not be given a page made for http.
    const forwarded = `${req.get("x-forwarded-proto") ?? ""} ${req.get("x-forwarded-host") ?? ""}`;
    // The language Accept-Language chooses is part of the key too (the address's ?lang= is in the URL).
    const language = acceptedLanguage(req.get("accept-language")) ?? DEFAULT_LANGUAGE;
    const key = `${req.protocol}://${req.get("host")}${req.originalUrl} ${forwarded} ${language}`;
    const today = todayUtc();
    const etag = pageEtag(build, current, today, key);
    if (etagMatches(req.get("if-none-match"), etag)) {
      // The reader holds the page as it is now: no page made, no body (RFC 9110 15.4.5 keeps ETag,
      // Cache-Control and Vary on a 304). The security headers set before this middleware stay too.
      publicHeaders(res, etag);
      // No Content-Security-Policy: a browser or proxy takes a 304's headers into the page it holds, and a
      // new nonce there would block the scripts of that page, which carry the nonce it was made with.
      res.removeHeader("Content-Security-Policy");
      res.setHeader("X-Page-Cache", "not-modified");
      res.status(304).end();
      return;
    }
    const page = cache.get(key, current, today);
    if (page) {
      for (const [name, value] of page.headers) res.setHeader(name, value);
      publicHeaders(res, etag);
      res.setHeader("X-Page-Cache", "hit");
      res.status(200).end(withNonce(page.body, page.nonce, cspNonceOf(res)));
      return;
    }
    res.setHeader("X-Page-Cache", "miss");
    // The page is being made. When its headers go out (after the route set its own, appended by
    // remixHandler): a page for everyone gets the public headers; one that is not (not 200, or setting a
    // cookie) says private, unless the route said otherwise itself (the API's errors say no-store).
    beforeHeaders(res, (status) => {
      if (status === 200 && res.getHeader("set-cookie") === undefined) publicHeaders(res, etag);
      else if (res.getHeader("cache-control") === undefined) res.setHeader("Cache-Control", PRIVATE_CACHE_CONTROL);
    });
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (typeof chunk === "string")
        chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && typeof chunk !== "function") keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response["end"];
    res.once("finish", () => {
      if (res.statusCode !== 200 || res.getHeader("set-cookie") !== undefined) return;
      const headers: [string, string][] = [];
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value !== undefined && !NOT_REPLAYED.has(name.toLowerCase()))
          headers.push([name, Array.isArray(value) ? value.join(", ") : String(value)]);
      }
      cache.set(key, { snapshot: current, today, headers, body: Buffer.concat(chunks), nonce: cspNonceOf(res) });
    });
    next();
  };
}
