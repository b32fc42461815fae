// Operations (issue #28): /healthz and /readyz for a load balancer (server/health.ts), and a graceful
// stop on SIGTERM (server/serve.ts): no new connection, the download in flight completes, the database is
// closed, exit 0. The stop is tested on the real server process (embedded database, seeded at start).
import http from "node:http";
import path from "node:path";
import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { migrateToLatest } from "../../db/migrate";
import { buildIfStale } from "../../bench/lib/assets";
import { closeGracefully } from "../../server/graceful-close";
import { readiness } from "../../server/health";
import { type RunningApp, startApp } from "../helpers/app-server";
import { describeEachEngine } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");

describeEachEngine(
  "readiness",
  (t) => {
    it("is not ready while a migration is not applied, ready once it is, and not while stopping", async () => {
      const before = await readiness(t.db, () => false);
      expect(before.ready).toBe(false);
      expect(!before.ready && before.reason).toMatch(/^migrations not applied: 2026-11-26T1900-foundation, /);
      await migrateToLatest(t.db);
      expect(await readiness(t.db, () => false)).toEqual({ ready: true });
      expect(await readiness(t.db, () => true)).toEqual({ ready: false, reason: "stopping" });
    });
  },
  { migrate: false },
);

describe("readiness without a database", () => {
  it("is not ready while PostgreSQL cannot be reached", async () => {
    // Nothing listens on port 1: as a stopped PostgreSQL.
    const sql = postgres("postgres://upr@127.0.0.1:1/upr", { max: 1, connect_timeout: 2, onnotice: () => {} });
    const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) });
    try {
      const r = await readiness(db, () => false);
      expect(r.ready).toBe(false);
      expect(!r.ready && r.reason).toMatch(/^the database cannot be reached: .*ECONNREFUSED/);
    } finally {
      await db.destroy();
    }
  });
});

/** GET with a response read as slowly as the caller likes: resolves with the response, paused. */
function slowGet(url: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.pause();
      resolve(response);
    });
    request.on("error", reject);
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the rest of a paused response; resolves with all its bytes, or rejects when it is cut. */
function readRest(response: http.IncomingMessage, chunks: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => resolve(Buffer.concat(chunks)));
    response.on("error", reject);
    response.on("aborted", () => reject(new Error("aborted")));
    response.resume();
  });
}

// The server's graceful close on a download that is really in flight: ten parts, 100 ms apart.
describe("closing the HTTP server gracefully", () => {
  async function slowServer() {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      let sent = 0;
      const timer = setInterval(() => {
        res.write(`part ${sent}\n`);
        if (++sent === 10) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
      res.on("close", () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return { server, url: `http://127.0.0.1:${port}/` };
  }

  it("refuses new connections, lets the download in flight finish, then resolves", async () => {
    const { server, url } = await slowServer();
    const response = await slowGet(url);
    const closing = closeGracefully(server, 10_000);
    await expect(fetch(url)).rejects.toThrow();
    const body = (await readRest(response, [])).toString();
    expect(body.split("\n").filter(Boolean)).toHaveLength(10);
    expect(await closing).toEqual({ cut: false });
  });

  it("cuts a download still running at the time limit", async () => {
    const { server, url } = await slowServer();
    const response = await slowGet(url);
    const chunks: Buffer[] = [];
    const closing = closeGracefully(server, 300);
    await expect(readRest(response, chunks)).rejects.toThrow();
    expect(Buffer.concat(chunks).toString().split("\n").filter(Boolean).length).toBeLessThan(10);
    expect(await closing).toEqual({ cut: true });
  });
});

describe("the server process", () => {
  let app: RunningApp;
  beforeAll(async () => {
    const buildError = buildIfStale(ROOT);
    if (buildError) throw new Error(buildError);
    app = await startApp();
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("answers /healthz and /readyz with 200, never from the page cache", async () => {
    for (const [address, body] of [
      ["/healthz", "alive\n"],
      ["/readyz", "ready\n"],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(app.baseUrl + address);
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(body);
        expect(res.headers.get("Cache-Control")).toBe("no-store");
        expect(res.headers.get("X-Page-Cache")).toBeNull();
      }
    }
  });

  it("on SIGTERM, a download in flight completes, new connections are refused, and the process exits 0", async () => {
    const expected = Buffer.from(await (await fetch(`${app.baseUrl}/export.csv`)).arrayBuffer());
    const rows = expected.toString("utf8").trimEnd().split("\r\n").length;
    expect(rows).toBeGreaterThan(150); // the header and Kenya's 150 cycle-1 recommendations, at least

    const response = await slowGet(`${app.baseUrl}/export.csv`);
    expect(response.statusCode).toBe(200);
    const chunks: Buffer[] = [];
    const first = await new Promise<Buffer>((resolve) => {
      response.once("data", (chunk: Buffer) => {
        response.pause();
        resolve(chunk);
      });
      response.resume();
    });
    chunks.push(first);
    process.kill(app.pid, "SIGTERM");
    await pause(1000);
    // Stopping: not accepting, but still running while our download is open.
    await expect(fetch(`${app.baseUrl}/healthz`)).rejects.toThrow();
    // The rest, read slowly, a chunk at a time.
    const done = new Promise<void>((resolve, reject) => {
      response.on("end", resolve);
      response.on("error", reject);
    });
    response.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      response.pause();
      setTimeout(() => response.resume(), 20);
    });
    response.resume();
    await done;
    const received = Buffer.concat(chunks);
    expect(received.length).toBe(expected.length);
    expect(received.equals(expected)).toBe(true);
    expect(await app.exited).toBe(0);
    expect(app.output()).toMatch(/SIGTERM: stopping; finishing the requests in flight/);
    expect(app.output()).toMatch(/\nstopped\n/);
  });
});
