// The server's log (LOG_FORMAT): `text` writes its lines as they read, on standard output (errors on
// standard error); `json` writes one JSON object a line through pino, and one line per request (method,
// path, status, milliseconds, request id). The request id is the incoming X-Request-Id when it is a sane
// token (a proxy's), else a new one, and it is sent back as X-Request-Id.
//
// Never logged: cookies, bodies, headers, e-mail addresses, passwords, and the values of query
// parameters that may hold a secret (token, password, secret, key, email: "[redacted]"). One line carries
// a secret on purpose: the one-time set-up address, printed for the administrator while no admin exists.
import { randomUUID } from "node:crypto";
import { format as formatArgs } from "node:util";
import type { NextFunction, Request, Response } from "express";
import pino from "pino";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Log {
  info(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** json only: a line per request; nothing in text mode. */
  request(fields: LogFields): void;
}

export function createLog(format: "text" | "json"): Log {
  if (format === "text") {
    return {
      info: (message) => console.log(message),
      error: (message) => console.error(message),
      request: () => {},
    };
  }
  // Synchronous writes: the lines of a stop are out before the process exits.
  const logger = pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 1, sync: true }),
  );
  // What Remix and the libraries print with console.* (a page's error, with its stack) becomes a JSON
  // line too, so that every line of standard output is one.
  console.log = console.info = (...args: unknown[]) => logger.info(formatArgs(...args));
  console.warn = (...args: unknown[]) => logger.warn(formatArgs(...args));
  console.error = (...args: unknown[]) => logger.error(formatArgs(...args));
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
    request: (fields) => logger.info(fields, "request"),
  };
}

/** A request id from a client or proxy is kept when it looks like one: letters, digits, . _ : -, at most 128. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SECRET_PARAM = /token|password|secret|key|email/i;

/** The path and query as logged: values of parameters that may hold a secret are replaced. */
export function loggedPath(originalUrl: string): string {
  const q = originalUrl.indexOf("?");
  if (q < 0) return originalUrl;
  const params = new URLSearchParams(originalUrl.slice(q + 1));
  for (const name of new Set(params.keys())) {
    if (SECRET_PARAM.test(name)) params.set(name, "[redacted]");
  }
  return `${originalUrl.slice(0, q)}?${params.toString().replaceAll("%5Bredacted%5D", "[redacted]")}`;
}

export function requestId(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && SANE_ID.test(incoming) ? incoming : randomUUID();
}

/** Express middleware: the request id (header both ways) and, in json mode, a line when the answer ends. */
export function requestLog(log: Log) {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = requestId(req.headers["x-request-id"]);
    res.setHeader("X-Request-Id", id);
    const started = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      log.request({
        requestId: id,
        method: req.method,
        path: loggedPath(req.originalUrl),
        status: res.writableFinished ? res.statusCode : null, // null: the client went away first
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
      });
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };
}
