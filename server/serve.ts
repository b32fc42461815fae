// The HTTP server of `npm start` (scripts/start.ts calls it): build when needed, open the database
// (embedded PGlite in DATA_DIR unless DATABASE_URL is set), migrate, seed a new database with the real
// data, and serve the app with Express: static files, the cross-site check, the page cache, Remix.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { setDb } from "../app/db.server";
import { defaultBackupDir } from "../app/lib/backup-file.server";
import { databaseSnapshot } from "../app/models/snapshot.server";
import { PageCache, pageCacheMiddleware } from "./page-cache";
import { cspNonceOf, securityHeaders } from "../app/http/security-headers.server";
import { crossSiteRefusal, loadSessionSecrets } from "../app/http/session.server";
import { StartupError } from "../db/client";
import { inWriterLane } from "../db/lanes";
import { isEmpty, seed } from "../app/models/seed.server";
import { dateReviewsFromCalendar } from "../app/models/reviews.server";
import type { Env } from "../app/env.server";
import { openMigratedDb } from "../db/open";
import { hasActiveAdmin } from "../app/models/users.server";
import { issueSetupToken } from "../app/models/setup-token.server";
import { startAdminEndpoint } from "./admin-endpoint";
import { admission } from "./admission";
import { closeAfterAnswer, refuseDeclaredTooLarge } from "./body-limits";
import { remixHandler } from "./remix-handler";
import { closeGracefully } from "./graceful-close";
import { healthRoutes } from "./health";
import { createLog, type Log, requestLog } from "./log";
import { startRollingBackups } from "./rolling-backups";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/**
 * Page requests made at once, on either engine (server/admission.ts). Measured with bench:load
 * --no-page-cache --writers 2 on PostgreSQL (load 10-17): 8 at once, saves max 2.2 s; 4, 1.5 s;
 * 3, 1.0 s; 2, 0.9 s; readers' throughput the same within the noise (5.4-10 rps).
 */
const PAGES_AT_ONCE = 3;
/** Downloads (CSV, calendar, feed, exports, backups) do not wait at the door: a long one would hold a place. */
const DOWNLOAD = /\.(csv|ics|atom)$|^\/export\/|^\/admin\/backup\/download/;
/** On SIGTERM or SIGINT, how long requests and downloads in flight may take to finish before they are cut. */
const SHUTDOWN_GRACE_MS = 25_000;
const root = path.resolve(import.meta.dirname, "..");
const serverBuild = path.join(root, "build/server/index.js");

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

function buildIfNeeded(log: Log): void {
  const sources = ["app", "db", "vite.config.ts", "package.json"].map((p) => path.join(root, p));
  const builtAt = fs.existsSync(serverBuild) ? fs.statSync(serverBuild).mtimeMs : 0;
  if (builtAt > Math.max(...sources.map(newestMtime))) return;
  log.info("Building the app (only when the sources changed)...");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (result.status !== 0) throw new StartupError("the build failed (see the lines above)");
}

/** Serves until SIGINT or SIGTERM; a known problem at start-up throws a StartupError (one line). */
export async function serve(env: Env): Promise<void> {
  process.env.NODE_ENV = "production";
  const log = createLog(env.LOG_FORMAT); // LOG_FORMAT=json: one JSON object a line (server/log.ts)
  loadSessionSecrets(env); // refuses to start (one line) with DATABASE_URL and no SESSION_SECRET
  buildIfNeeded(log);

  const handle = await openMigratedDb(env, (line) => log.info(line));
  if (await isEmpty(handle.db)) {
    const seeded = await seed(handle.db);
    log.info(
      `new database: seeded ${seeded.reviews} reviews, ${seeded.recommendations} recommendations, ${seeded.issues} coalition issues`,
    );
  } else {
    // Reviews imported before the session calendar was in the repository take its dates (estimated, and said so).
    const dated = await dateReviewsFromCalendar(handle.db);
    if (dated > 0) log.info(`${dated} reviews held without a date dated by the UPR session calendar`);
  }
  setDb(Promise.resolve(handle));
  // Embedded mode: rolling backups in DATA_DIR/backups (PostgreSQL servers have their own backups).
  const rolling =
    handle.engine === "pglite" && env.BACKUP_KEEP > 0
      ? startRollingBackups(handle, {
          dir: defaultBackupDir(env),
          keep: env.BACKUP_KEEP,
          intervalMs: env.BACKUP_INTERVAL_HOURS * 3_600_000,
          log: (line) => log.info(line),
        })
      : null;

  const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
  let stopping = false;
  const app = express();
  app.disable("x-powered-by");
  // LOG_FORMAT=json: a request id (X-Request-Id, both ways) and a line per request, health checks too.
  if (env.LOG_FORMAT === "json") app.use(requestLog(log));
  // While stopping, each answer closes its connection (a keep-alive client opens a new one elsewhere).
  app.use((_req, res, next) => {
    if (stopping) res.setHeader("Connection", "close");
    next();
  });
  // /healthz and /readyz, before the page cache and the admission queue (server/health.ts).
  app.use(healthRoutes(handle.db, () => stopping));
  // Requests that may change data take database connections before queued reads (db/lanes.ts).
  app.use((req, _res, next) => (READ_METHODS.has(req.method) ? next() : inWriterLane(next)));
  app.use(securityHeaders({ trustProxy: env.TRUST_PROXY })); // on every answer, static files too (docs/security.md)
  // A body declared larger than its route's bound: 413 at once, unread (server/body-limits.ts; the bytes
  // that arrive are counted on their way to Remix, by remixHandler).
  app.use(refuseDeclaredTooLarge());
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
  // A POST from another site gets 403 before Remix (whose own host check would answer 500).
  app.use((req, res, next) => {
    const url = `${req.protocol}://${req.get("host")}${req.originalUrl}`;
    const refusal = crossSiteRefusal(
      new Request(url, { method: req.method, headers: req.headers as Record<string, string> }),
    );
    if (refusal) {
      if (!req.complete) closeAfterAnswer(req, res); // the rest of the body is not waited for
      return void res.status(403).type("text/plain").send("This form was sent from another site, so it was refused.");
    }
    next();
  });
  if (env.PAGE_CACHE_MB > 0)
    // The build's version is in each page's ETag: a new build on the same data answers no 304 for the old pages.
    app.use(
      pageCacheMiddleware(
        new PageCache(env.PAGE_CACHE_MB * 1024 * 1024),
        () => databaseSnapshot(handle.db),
        build.assets.version,
      ),
    );
  // Pages are made a few at a time, the rest wait at the door in arrival order (server/admission.ts).
  app.use(admission(PAGES_AT_ONCE, (p) => DOWNLOAD.test(p)));
  // Remix, reading each body through its route's bound. The client's address, for the per-address limit
  // on failed sign-ins.
  app.all(
    "*",
    remixHandler({
      build,
      getLoadContext: (req, res) => ({ clientAddress: req.socket.remoteAddress, cspNonce: cspNonceOf(res) }),
    }),
  );

  const server = app.listen(env.PORT, env.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          error.code === "EADDRINUSE"
            ? `port ${env.PORT} on ${env.HOST} is already in use; set PORT to another`
            : error.message,
        ),
      ),
    );
  });
  // Embedded mode: the command line's admin tasks reach the database through this process.
  const adminEndpoint = handle.engine === "pglite" ? await startAdminEndpoint(handle.db, env.DATA_DIR) : null;
  const where =
    handle.engine === "pglite" ? `embedded database in ${handle.location}` : `PostgreSQL ${handle.location}`;
  const address = `http://${env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST}:${env.PORT}`;
  log.info(`UPR Monitor is serving ${address} (${where})`);
  if (!(await hasActiveAdmin(handle.db))) {
    // The one line that carries a secret, on purpose: the administrator opens this address once (24 h).
    log.info(
      `No administrator yet. Create the first one in the browser, at this one-time address: ${address}/setup?token=${await issueSetupToken(handle.db)}`,
    );
  }

  // Graceful stop: /readyz answers 503, no new connection is accepted, requests and downloads in flight
  // finish (at most SHUTDOWN_GRACE_MS, then their connections are cut), then the database is closed.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping; finishing the requests in flight (at most ${SHUTDOWN_GRACE_MS / 1000} s)`);
    const { cut } = await closeGracefully(server, SHUTDOWN_GRACE_MS);
    if (cut) log.info(`stopping: connections still open after ${SHUTDOWN_GRACE_MS / 1000} s were cut`);
    let code = 0;
    try {
      await adminEndpoint?.stop();
      await rolling?.stop();
      await handle.close();
    } catch (error) {
      log.error(`stopping: ${(error as Error).message}`);
      code = 1;
    }
    log.info("stopped");
    process.exit(code);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}
