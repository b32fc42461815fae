// The read API through the real server (`npm start`'s Express, page cache and admission): answers are kept by
// the page cache like public pages, with their CORS header replayed, and are made anew once the data changes
// (on PostgreSQL, where this test can write while the server serves; embedded, the server holds the database
// alone). The preflight and a POST pass the server's own middleware as JSON-API answers.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssessmentFields } from "~/lib/assessment-input";
import { recordAssessment } from "~/models/assessments.server";
import { seed } from "~/models/seed.server";
import { createUser } from "~/models/users.server";
import { buildIfStale } from "../../bench/lib/assets";
import type { Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { type RunningApp, startApp } from "../helpers/app-server";
import { createTestDatabase } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe(`the read API through the server [${onPostgres ? "postgres" : "pglite"}]`, () => {
  let app: RunningApp;
  let handle: Db | undefined;
  let drop = async () => {};

  beforeAll(async () => {
    const buildError = buildIfStale(ROOT);
    if (buildError) throw new Error(buildError);
    if (onPostgres) {
      const created = await createTestDatabase("postgres");
      handle = created.handle;
      drop = created.drop;
      await migrateToLatest(handle.db);
      await seed(handle.db);
      app = await startApp({
        databaseUrl: created.url!,
        env: { SESSION_SECRET: "api-server-session-secret-0123456789abcdef0123" },
      });
    } else app = await startApp(); // seeds its new embedded database with Kenya's data
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await handle?.close();
    await drop();
  });

  /** GETs until the page cache answers (another test's write elsewhere on the server changes the snapshot too). */
  async function getUntilHit(address: string) {
    for (let i = 0; i < 6; i++) {
      const res = await fetch(app.baseUrl + address);
      const body = await res.text();
      if (res.headers.get("x-page-cache") === "hit") return { res, body };
    }
    throw new Error(`${address} never came from the page cache`);
  }

  it("keeps API answers in the page cache with their CORS header, as JSON", async () => {
    const first = await fetch(`${app.baseUrl}/api/v1/recommendations?state=KEN&limit=5`);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-page-cache")).toBe("miss");
    const made = await first.text();
    const { res, body } = await getUntilHit("/api/v1/recommendations?state=KEN&limit=5");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(body).toBe(made);
    expect(JSON.parse(body).meta.total).toBe(150);
    // Errors are never kept: each is made again.
    for (let i = 0; i < 2; i++) {
      const bad = await fetch(`${app.baseUrl}/api/v1/recommendations?page=0`);
      expect(bad.status).toBe(400);
      expect(bad.headers.get("x-page-cache")).toBe("miss");
      expect(bad.headers.get("cache-control")).toBe("no-store");
      expect((await bad.json()).error.code).toBe("bad_request");
    }
  });

  it("answers the preflight and a POST from the server, as the API", async () => {
    const pre = await fetch(`${app.baseUrl}/api/v1/states`, {
      method: "OPTIONS",
      headers: { Origin: "https://research.example", "Access-Control-Request-Method": "GET" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toBe("GET, HEAD, OPTIONS");
    // Addresses the API does not serve are JSON 404s too, the bare /api/v1 included.
    for (const address of ["/api/v1", "/api/v1/", "/api/v1/nothing", "/api/v1/recommendations/1/more"]) {
      const res = await fetch(app.baseUrl + address);
      expect(res.status, address).toBe(404);
      expect(res.headers.get("content-type"), address).toBe("application/json; charset=utf-8");
      expect((await res.json()).error.code, address).toBe("not_found");
    }
    const post = await fetch(`${app.baseUrl}/api/v1/states`, { method: "POST" });
    expect(post.status).toBe(405);
    expect((await post.json()).error.code).toBe("method_not_allowed");
  });

  it.runIf(onPostgres)("follows the database: a new assessment shows on the next request", async () => {
    const db = handle!.db;
    const rec = await db
      .selectFrom("recommendation")
      .select("id")
      .where("paragraph", "=", "101.3")
      .executeTakeFirstOrThrow();
    const address = `/api/v1/recommendations/${rec.id}`;
    const before = await getUntilHit(address);
    expect(JSON.parse(before.body).data.status).toBe("not_assessed");
    const user = await createUser(
      db,
      {
        email: "api-server@example.org",
        password: "api server password 1",
        role: "editor",
        organisation: { name: "API test coalition" },
      },
      { userId: null },
    );
    if (!user.ok) throw new Error("createUser");
    const saved = await recordAssessment(
      db,
      { id: user.user.id, role: "editor" },
      rec.id,
      AssessmentFields.parse({
        status: "partially_implemented",
        asOf: "2013-01-15",
        organisationId: String(user.user.organisationId),
      }),
      { today: "2026-12-07" },
    );
    expect(saved.ok).toBe(true);
    const after = await fetch(app.baseUrl + address);
    expect(after.headers.get("x-page-cache")).toBe("miss");
    expect((await after.json()).data).toMatchObject({ status: "partially_implemented", statusAsOf: "2013-01-15" });
  });
});
