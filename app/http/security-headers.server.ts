// Security headers on every answer of the server (docs/security.md): a Content-Security-Policy with a
// fresh nonce per request (Remix's own inline scripts carry it: app/entry.server.tsx, app/root.tsx),
// nosniff, a Referrer-Policy, no framing except for /embed/* (charts other sites show in an iframe),
// and Strict-Transport-Security when the browser reached us over HTTPS (with TRUST_PROXY=1, as the one
// trusted proxy says in X-Forwarded-Proto).
//
// The server (server/serve.ts) puts `securityHeaders()` first, before static files, and passes
// `cspNonceOf(res)` to Remix in the load context. The page cache (server/page-cache.ts) puts the
// request's own nonce into a stored page, so a cached page never carries another request's nonce.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/** The header value of the Content-Security-Policy for a page with this nonce. */
export function contentSecurityPolicy(nonce: string, options: { frameable: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Charts and a few pages set style attributes; CSS cannot run script (see docs/security.md).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    options.frameable ? "frame-ancestors *" : "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: a new one for every request. */
export function newCspNonce(): string {
  return randomBytes(16).toString("base64");
}

/** Pages other sites may show in a frame: the embedded charts. */
export function isFrameable(pathname: string): boolean {
  return /^\/embed\/[^/]+$/.test(pathname);
}

function lastValue(header: string | string[] | undefined): string | null {
  const joined = Array.isArray(header) ? header.join(",") : header;
  const parts =
    joined
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  return parts.length ? parts[parts.length - 1]! : null;
}

/** Whether the browser reached us over HTTPS: a TLS socket, or (trustProxy) the proxy says so. */
export function servedOverHttps(req: Pick<Request, "headers" | "secure">, trustProxy: boolean): boolean {
  if (req.secure) return true;
  return trustProxy && lastValue(req.headers["x-forwarded-proto"])?.toLowerCase() === "https";
}

/** The nonce securityHeaders() made for this response ("" when it did not run). */
export function cspNonceOf(res: Response): string {
  return typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : "";
}

/** Sets the security headers on this response, with a nonce of its own. */
export function setSecurityHeaders(
  req: Pick<Request, "headers" | "secure" | "path">,
  res: Response,
  trustProxy: boolean,
): string {
  const nonce = newCspNonce();
  res.locals.cspNonce = nonce;
  const frameable = isFrameable(req.path);
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, { frameable }));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (!frameable) res.setHeader("X-Frame-Options", "DENY");
  // A year, only once the browser came over HTTPS (sent over plain HTTP it would be ignored anyway).
  if (servedOverHttps(req, trustProxy)) res.setHeader("Strict-Transport-Security", "max-age=31536000");
  return nonce;
}

/** Express middleware: the security headers on every response. */
export function securityHeaders(options: { trustProxy: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    setSecurityHeaders(req, res, options.trustProxy);
    next();
  };
}
