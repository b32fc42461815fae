// Every request body is bounded before anything reads it (issue #25, docs/security.md): a bound per
// kind of route, for the bytes a request declares (Content-Length) and for the bytes that arrive
// (a chunked body has no Content-Length).
//
// - A declared Content-Length over the bound: 413 at once, nothing read (refuseDeclaredTooLarge, before
//   Remix). Except on the upload routes, which check the declared size themselves before reading and
//   answer it in their own page (the import page says the file is larger than 60 MB).
// - The bytes that arrive reach Remix through a counter (boundedBody, used by server/remix-handler.ts):
//   once they pass the bound, Remix's reading fails, the client gets 413 at once, the rest of the body
//   is not read and the connection is closed. Nothing buffers more than the bound.
import { Transform } from "node:stream";
import type { NextFunction, Request, Response } from "express";
import { MAX_REQUEST_BYTES } from "../app/import/uploads.server";
import { SUBMISSION_MAX_CHARS } from "../app/lib/submission-input";
import { MAX_DRAFT_BYTES } from "../app/lib/word-count";

const KB = 1024;

/**
 * Forms without a file. The largest is the bulk assessment form at its own limits: 5,000 ticked ids
 * and 5,000 shown ids (120 KB), evidence of 20,000 characters of a script that takes 3 bytes a
 * character (180 KB once percent-encoded), 20 links of 2,000 characters (at most 120 KB encoded).
 */
export const FORM_BYTES = 512 * KB;
/**
 * The advocacy pages' submission form: its texts at their limits (620,300 characters), each character
 * at most 9 bytes once percent-encoded (3 bytes of UTF-8, "%E4%BD%A0"), and 64 KB for the rest.
 */
export const SUBMISSION_FORM_BYTES = Object.values(SUBMISSION_MAX_CHARS).reduce((sum, n) => sum + n, 0) * 9 + 64 * KB;
/** /tools/word-count: the draft and its form, as the route itself refuses a larger Content-Length. */
export const WORD_COUNT_BYTES = MAX_DRAFT_BYTES + 64 * KB;

export type BodyKind = "form" | "submission" | "upload";
export interface BodyLimit {
  kind: BodyKind;
  bytes: number;
}

/** The route a path names: lower case, without a trailing slash or Remix's ".data" (client-side requests). */
function routePath(pathname: string): string {
  const p = pathname.toLowerCase();
  if (p === "/_root.data") return "/";
  return p.replace(/\.data$/, "").replace(/\/+$/, "") || "/";
}

export function bodyLimitOf(pathname: string): BodyLimit {
  const route = routePath(pathname);
  if (route === "/import") return { kind: "upload", bytes: MAX_REQUEST_BYTES };
  if (route === "/tools/word-count") return { kind: "upload", bytes: WORD_COUNT_BYTES };
  if (route === "/submissions" || route.startsWith("/submissions/"))
    return { kind: "submission", bytes: SUBMISSION_FORM_BYTES };
  return { kind: "form", bytes: FORM_BYTES };
}

/** The body's declared size: null when it has none (chunked, or no body), NaN when unreadable. */
function declaredLength(req: Request): number | null {
  const value = req.headers["content-length"];
  return value === undefined ? null : Number(value);
}

/** How long a connection closed in the middle of a body still reads (and drops) what the client sends. */
const LINGER_MS = 2_000;

/**
 * The connection closes after this answer, though the client may still be sending the body. Closing
 * at once would throw away what it sends meanwhile, and the client's system would answer that with a
 * reset, which can lose our answer before the client reads it. So, as web servers do (nginx's
 * lingering close): our side of the connection ends after the answer, what still arrives is read and
 * dropped, and the connection is destroyed when the client ends its side or after LINGER_MS.
 */
export function closeAfterAnswer(req: Request, res: Response): void {
  res.setHeader("Connection", "close");
  const socket = req.socket;
  // Node's HTTP server calls destroySoon after an answer with "Connection: close" (ending our side,
  // then destroying the socket at once).
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("end", () => socket.destroy());
    socket.once("close", () => clearTimeout(timer));
  };
  req.unpipe(); // whatever still arrives goes nowhere (a counter nobody reads would stop the reading)
  req.resume();
}

/** Answers 413 (a small page for browsers, plain text otherwise) and closes the connection after it. */
export function refuseTooLarge(req: Request, res: Response, limit: BodyLimit): void {
  const sentence = `This form is too large: at most ${Math.floor(limit.bytes / KB).toLocaleString("en")} KB.`;
  res.status(413);
  closeAfterAnswer(req, res);
  if (/\btext\/html\b/i.test(req.headers.accept ?? "")) {
    res
      .type("html")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Form too large: UPR Monitor</title>` +
          `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
          `<body><h1>Form too large</h1><p>${sentence} Nothing was saved.</p><p><a href="/">UPR Monitor</a></p></body></html>`,
      );
  } else res.type("text/plain").send(`${sentence} Nothing was saved.\n`);
}

/** Express middleware: a declared Content-Length over the route's bound gets 413 at once, unread. */
export function refuseDeclaredTooLarge() {
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = declaredLength(req);
    if (declared === null) return next();
    const limit = bodyLimitOf(req.path);
    // The upload routes answer a declared size over their bound in their own page, without reading.
    if (declared > limit.bytes && limit.kind !== "upload") return refuseTooLarge(req, res, limit);
    next();
  };
}

/**
 * The request's body as a stream that carries at most the route's bound. Past it, `onRefused` runs
 * (the handler stops its work), the stream fails (whoever reads it gets an error), the client gets
 * 413 unless an answer was already under way, and the rest of the body is discarded as it arrives
 * until the connection closes.
 */
export function boundedBody(req: Request, res: Response, onRefused: () => void): Transform {
  const limit = bodyLimitOf(req.path);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.byteLength;
      if (received <= limit.bytes) return callback(null, chunk);
      onRefused(); // the rest is read and dropped (closeAfterAnswer), never kept
      if (res.headersSent) res.destroy();
      else refuseTooLarge(req, res, limit);
      callback(new BodyTooLarge(limit.bytes));
    },
  });
  req.on("error", (error) => counter.destroy(error));
  req.pipe(counter);
  return counter;
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request's body is larger than ${limit} bytes.`);
  }
}
