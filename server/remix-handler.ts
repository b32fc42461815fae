// Remix's request handler for Express: what @remix-run/express's createRequestHandler does (2.17:
// the same URL, headers, abort signal and response), except that a request's body reaches Remix
// through server/body-limits.ts's counter instead of straight from the socket, so that no route can
// read more than its bound. Past the bound the client has its 413 already; whatever Remix then
// answers is dropped, and its request is aborted so that the failed read is not logged as an error.
import {
  type AppLoadContext,
  createReadableStreamFromReadable,
  createRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { boundedBody, closeAfterAnswer } from "./body-limits";

function remixHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

/** The request's URL as @remix-run/express makes it (the port from X-Forwarded-Host or Host). */
function remixUrl(req: ExpressRequest): URL {
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(":")[1] ?? "", 10);
  const forwardedPort = portOf(req.get("X-Forwarded-Host"));
  const hostPort = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
}

export function remixHandler(options: {
  build: ServerBuild;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handleRequest = createRequestHandler(options.build, "production");
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    let refused = false;
    try {
      let controller: AbortController | null = new AbortController();
      const signal = controller.signal;
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req), signal };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const body = boundedBody(req, res, () => {
          refused = true;
          controller?.abort();
        });
        init.body = createReadableStreamFromReadable(body);
        init.duplex = "half";
      }
      // Stop the loaders and actions once no answer can be sent any more (the client went away).
      res.on("finish", () => (controller = null));
      res.on("close", () => controller?.abort());

      const response = await handleRequest(new Request(remixUrl(req).href, init), options.getLoadContext(req, res));
      if (refused || res.headersSent) {
        await response.body?.cancel();
        return;
      }
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      // An answer given before the body was all read (a redirect to sign in, a refusal): the rest of
      // the body is not waited for; the connection closes after the answer.
      if (init.body && !req.complete) closeAfterAnswer(req, res);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      if (refused) return; // the client has its 413; Remix's failure to read the rest is expected
      next(error);
    }
  };
}
