// /readyz against a PostgreSQL that is really stopped (issue #28): the test runs a PostgreSQL cluster of
// its own (initdb, pg_ctl; as the postgres user when run as root), serves the app on it, stops the
// database (pg_ctl stop -m fast): /readyz answers 503 while /healthz still answers 200 and the process
// stays up; starts it again: /readyz is 200 again within seconds, and pages are served. Skips where
// initdb and pg_ctl are absent.
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale } from "../../bench/lib/assets";
import { type RunningApp, startApp } from "../helpers/app-server";
import { postgresBinaries, type RunningCluster, startPostgresCluster } from "../helpers/pg-processes";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Polls `address` until it answers `status`; returns the milliseconds it took. */
async function until(address: string, status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answer = await fetch(address).catch(() => null);
    if (answer?.status === status) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${address} did not answer ${status} within ${timeoutMs} ms (last: ${answer?.status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(postgresBinaries() === null)("/readyz while PostgreSQL is stopped and once it is back", () => {
  let cluster: RunningCluster;
  let server: RunningApp;
  let stillRunning = true;

  beforeAll(async () => {
    const buildError = buildIfStale(ROOT);
    if (buildError) throw new Error(buildError);
    cluster = await startPostgresCluster();
    const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
    await admin.unsafe("create database upr");
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, "/upr");
    server = await startApp({ databaseUrl: url });
    void server.exited.then(() => (stillRunning = false));
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it("200, then 503 with the reason while the database is down (healthz 200, process up), then 200 again", async () => {
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe("ready\n");

    await cluster.stop();
    const down = await fetch(`${server.baseUrl}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/^not ready: the database (cannot be reached|did not answer)/);
    const alive = await fetch(`${server.baseUrl}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.text()).toBe("alive\n");
    // A page needs the database: an error answer, not a crash.
    expect((await fetch(`${server.baseUrl}/recommendations`)).status).toBeGreaterThanOrEqual(500);
    expect(stillRunning).toBe(true);

    await cluster.start();
    const tookMs = await until(`${server.baseUrl}/readyz`, 200, 10_000);
    expect(tookMs).toBeLessThan(10_000);
    expect((await fetch(`${server.baseUrl}/recommendations`)).status).toBe(200);
    expect(stillRunning).toBe(true);
  }, 120_000);
});

if (postgresBinaries() === null) {
  describe("/readyz while PostgreSQL is stopped", () => {
    it.skip("needs PostgreSQL's initdb and pg_ctl (Debian: /usr/lib/postgresql/*/bin)", () => {});
  });
}
