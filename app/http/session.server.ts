// Sessions, sign-in state and request checks. The session lives in a signed cookie (see
// docs/decisions/2026-11-26-sessions.md): user id, the user's session_version and an expiry.
// Every request re-reads the user, so deactivation, role changes and password changes apply at once.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createCookieSessionStorage, redirect, type SessionStorage } from "@remix-run/node";
import { StartupError } from "../../db/client";
import { getDb } from "../db.server";
import { env, type Env } from "../env.server";
import { endAllSessions, getSessionUser, type SessionUser } from "../models/users.server";

export type { SessionUser };

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's socket address, when the server passes it (server/serve.ts getLoadContext). */
    clientAddress?: string;
  }
}

const COOKIE_NAME = "upr_session";
/** A session lasts this long from sign-in, whatever happens in between. */
export const SESSION_MAX_AGE_SECONDS = 14 * 24 * 60 * 60;

interface SessionData {
  userId: number;
  sessionVersion: number;
  /** Milliseconds since the epoch; checked on the server, since a copied cookie ignores Max-Age. */
  expiresAt: number;
}

// ---------------------------------------------------------------------------------------------
// Secrets and storage

/**
 * The secrets that sign the cookie, first one signing. From SESSION_SECRET; in embedded mode
 * without it, from DATA_DIR/session-secret, made (mode 0600) the first time. With DATABASE_URL and
 * no SESSION_SECRET: a StartupError (one line through runMain). server/serve.ts should call this
 * once before serving, so the server refuses to start rather than failing at the first request.
 */
export function loadSessionSecrets(e: Pick<Env, "SESSION_SECRET" | "DATABASE_URL" | "DATA_DIR">): string[] {
  if (e.SESSION_SECRET.length > 0) return e.SESSION_SECRET;
  if (e.DATABASE_URL) {
    throw new StartupError(
      "SESSION_SECRET must be set when DATABASE_URL is set (for example the output of: openssl rand -hex 32)",
    );
  }
  const dir = path.resolve(e.DATA_DIR);
  const file = path.join(dir, "session-secret");
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new StartupError(
        `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (set SESSION_SECRET instead)`,
      );
    }
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32)
    throw new StartupError(
      `${file} is damaged (shorter than 32 characters); delete it to make a new one (everyone will have to sign in again)`,
    );
  return [secret];
}

interface Storages {
  http: SessionStorage<SessionData>;
  https: SessionStorage<SessionData>;
}

let storages: Storages | undefined;
let secretsForTesting: string[] | null = null;

/** Tests sign cookies with their own secrets instead of env/DATA_DIR. null: back to normal. */
export function setSessionSecretsForTesting(secrets: string[] | null): void {
  secretsForTesting = secrets;
  storages = undefined;
}

function makeStorage(secrets: string[], secure: boolean): SessionStorage<SessionData> {
  return createCookieSessionStorage<SessionData>({
    cookie: {
      name: COOKIE_NAME,
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      secrets,
      maxAge: SESSION_MAX_AGE_SECONDS,
    },
  });
}

/** Two storages that differ only in the Secure flag: it is set when the request came over HTTPS. */
function storageFor(request: Request): SessionStorage<SessionData> {
  if (!storages) {
    const secrets = secretsForTesting ?? loadSessionSecrets(env());
    storages = { http: makeStorage(secrets, false), https: makeStorage(secrets, true) };
  }
  return requestOrigin(request).startsWith("https:") ? storages.https : storages.http;
}

// ---------------------------------------------------------------------------------------------
// Where the request came from

function lastValue(header: string | null): string | null {
  const parts =
    header
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  return parts.length ? parts[parts.length - 1] : null;
}

/**
 * The app's own origin as the browser sees it: the request URL's origin, or, with TRUST_PROXY=1,
 * what the one trusted proxy says in X-Forwarded-Proto and X-Forwarded-Host.
 */
export function requestOrigin(request: Request, trustProxy: boolean = env().TRUST_PROXY): string {
  const url = new URL(request.url);
  if (!trustProxy) return url.origin;
  const proto = lastValue(request.headers.get("x-forwarded-proto"))?.toLowerCase();
  const host = lastValue(request.headers.get("x-forwarded-host"));
  try {
    return new URL(`${proto === "https" || proto === "http" ? proto : url.protocol.slice(0, -1)}://${host ?? url.host}`)
      .origin;
  } catch {
    return url.origin;
  }
}

/** The client's address: X-Forwarded-For's last hop with TRUST_PROXY=1, else what the server passed. */
export function clientAddress(
  request: Request,
  context?: { clientAddress?: string },
  trustProxy: boolean = env().TRUST_PROXY,
): string | null {
  if (trustProxy) {
    const forwarded = lastValue(request.headers.get("x-forwarded-for"));
    if (forwarded) return forwarded;
  }
  return context?.clientAddress || null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function isSafe(request: Request): boolean {
  return SAFE_METHODS.has(request.method.toUpperCase());
}

function forbidden(message: string): Response {
  return new Response(message, {
    status: 403,
    statusText: "Forbidden",
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * The 403 answer for a mutation sent from another site, or null when the request may proceed: an
 * Origin header other than our own (including "null"), or, when the browser sent no Origin, a
 * Sec-Fetch-Site of cross-site or same-site. Safe methods (GET, HEAD, OPTIONS) always pass.
 * The server can call this before Remix (Remix's own host check answers such a document POST with 500).
 */
export function crossSiteRefusal(request: Request): Response | null {
  if (isSafe(request)) return null;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const foreign = origin !== null ? origin !== requestOrigin(request) : site === "cross-site" || site === "same-site";
  return foreign ? forbidden("This form was sent from another site, so it was refused.") : null;
}

/**
 * Throws crossSiteRefusal's 403 when there is one. requireUser/requireEditor/requireAdmin call it;
 * call it yourself in actions open to anonymous visitors (login, logout).
 */
export function assertSameOrigin(request: Request): void {
  const refusal = crossSiteRefusal(request);
  if (refusal) throw refusal;
}

// ---------------------------------------------------------------------------------------------
// Who is signed in

async function readSession(request: Request): Promise<{ user: SessionUser | null; hadCookie: boolean }> {
  const cookieHeader = request.headers.get("Cookie");
  const hadCookie = (cookieHeader ?? "").split(";").some((c) => c.trim().startsWith(`${COOKIE_NAME}=`));
  // Anonymous readers (no session cookie) cost nothing: no secret, no query.
  if (!hadCookie) return { user: null, hadCookie };
  const session = await storageFor(request).getSession(cookieHeader);
  const userId = session.get("userId");
  const sessionVersion = session.get("sessionVersion");
  const expiresAt = session.get("expiresAt");
  if (
    !Number.isSafeInteger(userId) ||
    !Number.isSafeInteger(sessionVersion) ||
    typeof expiresAt !== "number" ||
    expiresAt <= Date.now()
  ) {
    return { user: null, hadCookie };
  }
  const user = await getSessionUser(await getDb(), userId as number, sessionVersion as number);
  return { user, hadCookie };
}

/** The signed-in user, or null (no cookie, tampered or expired cookie, deactivated user, old session_version). */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return (await readSession(request)).user;
}

function loginPath(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete("_routes");
  const here = url.pathname.replace(/\.data$/, "") + url.search;
  return `/login?redirectTo=${encodeURIComponent(here)}`;
}

/**
 * The signed-in user. Anonymous: a GET is redirected to /login?redirectTo=<path> (a stale cookie is
 * cleared); any other method gets 403. Mutations are also checked with assertSameOrigin.
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  assertSameOrigin(request);
  const { user, hadCookie } = await readSession(request);
  if (user) return user;
  if (!isSafe(request)) throw forbidden("Sign in to do this.");
  const headers = new Headers();
  if (hadCookie) {
    const storage = storageFor(request);
    headers.set("Set-Cookie", await storage.destroySession(await storage.getSession()));
  }
  throw redirect(loginPath(request), { headers });
}

/** An editor or an admin (admins can do everything editors can). */
export async function requireEditor(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "editor" && user.role !== "admin") throw forbidden("Only editors can do this.");
  return user;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") throw forbidden("Only administrators can see this page.");
  return user;
}

// ---------------------------------------------------------------------------------------------
// Signing in and out

const REDIRECT_BASE = "http://local.invalid";

/**
 * A local path to go to after sign-in; anything else becomes the fallback. What is checked is the
 * address the browser will follow, not the raw text: the value is resolved as a URL (which drops tabs
 * and newlines, turns backslashes into slashes and removes dot segments, so "/.//evil.example" comes
 * out as "//evil.example"), and the result must be on our own origin and must itself resolve to the
 * same path again (a result starting with "//" or "/\\" would be another host).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2000 || !to.startsWith("/")) return fallback;
  // Control characters (including NUL, tab, CR, LF) and backslashes have no place in a path of ours.
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  try {
    const url = new URL(to, REDIRECT_BASE);
    if (url.origin !== REDIRECT_BASE) return fallback;
    const local = url.pathname + url.search + url.hash;
    // The path as the browser will read it in the Location header: one slash, then not a slash.
    if (!/^\/(?![/\\])/.test(local)) return fallback;
    // Percent-encoded slashes or dots that a later decoding could turn into "//": refuse them too.
    if (/^\/(%2f|%5c)/i.test(local) || /^\/+(%2e|\.)*(%2f|%5c)/i.test(local)) return fallback;
    const again = new URL(local, REDIRECT_BASE);
    if (again.origin !== REDIRECT_BASE || again.pathname + again.search + again.hash !== local) return fallback;
    return local;
  } catch {
    return fallback;
  }
}

/** Starts a session (a new cookie) for the user and redirects to a local path. */
export async function createUserSession(input: {
  request: Request;
  userId: number;
  sessionVersion: number;
  redirectTo?: string | null;
}): Promise<Response> {
  const storage = storageFor(input.request);
  const session = await storage.getSession();
  session.set("userId", input.userId);
  session.set("sessionVersion", input.sessionVersion);
  session.set("expiresAt", Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  return redirect(safeRedirect(input.redirectTo), { headers: { "Set-Cookie": await storage.commitSession(session) } });
}

/**
 * Signs out: the cookie is cleared, and the user's session_version is bumped so that a copy of the old
 * cookie (another device, a stolen value) no longer works either.
 */
export async function logout(request: Request): Promise<Response> {
  const storage = storageFor(request);
  const user = await getOptionalUser(request);
  if (user) await endAllSessions(await getDb(), user.id);
  return redirect("/", { headers: { "Set-Cookie": await storage.destroySession(await storage.getSession()) } });
}
