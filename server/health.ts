// Health checks for a load balancer or an orchestrator, answered before the page cache and the
// admission queue (never cached: Cache-Control no-store):
// - GET /healthz: 200 while the process serves (no database: a slow database is no reason to restart it);
// - GET /readyz: 200 when the database answers and every migration of this version is applied; 503
//   otherwise, and while the server is stopping (so that the load balancer sends nothing new).
import type { Kysely } from "kysely";
import type { Request, Response, NextFunction } from "express";
import { pendingMigrations } from "../db/migrate";

/** How long /readyz waits for the database before it answers 503. */
const READY_TIMEOUT_MS = 3000;

export type Readiness = { ready: true } | { ready: false; reason: string };

export async function readiness(db: Kysely<any>, stopping: () => boolean): Promise<Readiness> {
  if (stopping()) return { ready: false, reason: "stopping" };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, reason: `the database did not answer within ${READY_TIMEOUT_MS} ms` }),
      READY_TIMEOUT_MS,
    );
  });
  const check = pendingMigrations(db).then(
    (pending): Readiness =>
      pending.length ? { ready: false, reason: `migrations not applied: ${pending.join(", ")}` } : { ready: true },
    (error: unknown): Readiness => ({
      ready: false,
      reason: `the database cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  try {
    return await Promise.race([check, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(db: Kysely<any>, stopping: () => boolean) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    if (req.path !== "/healthz" && req.path !== "/readyz") return next();
    res.setHeader("Cache-Control", "no-store");
    res.type("text/plain; charset=utf-8");
    if (req.path === "/healthz") return void res.status(200).send("alive\n");
    const r = await readiness(db, stopping);
    res.status(r.ready ? 200 : 503).send(r.ready ? "ready\n" : `not ready: ${r.reason}\n`);
  };
}
