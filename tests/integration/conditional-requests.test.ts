// Conditional requests through the real server (`npm start`'s Express, page cache and Remix): a public
// page and an API answer carry a weak ETag made from the database snapshot; If-None-Match with it answers
// 304 with no body; after a write (the sample assessments, saved through the model: on PGlite sent to the
// running server, which holds the embedded database alone) the same If-None-Match gets the page anew with
// a new ETag. A request with a cookie is answered for its reader: no ETag, no 304, private.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { buildIfStale } from "../../bench/lib/assets";
import type { Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { findAdminEndpoint, sendAdminTask } from "../../server/admin-endpoint";
import { runAdminTask } from "../../server/admin-tasks";
import { type RunningApp, startApp } from "../helpers/app-server";
import { createTestDatabase } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const PAGES = ["/recommendations?state=KEN", "/api/v1/recommendations?state=KEN&limit=5"];

describe(`conditional requests through the server [${onPostgres ? "postgres" : "pglite"}]`, () => {
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
        env: { SESSION_SECRET: "etag-server-session-secret-0123456789abcdef0123" },
      });
    } else app = await startApp(); // seeds its new embedded database with Kenya's data
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await handle?.close();
    await drop();
  });

  /** Sample assessments for Kenya, saved through the model (sample-data.server.ts) on the server's database. */
  async function write() {
    const task = { task: "sample.add", state: "KEN" } as const;
    const answer = handle
      ? await runAdminTask(handle.db, task)
      : await sendAdminTask(findAdminEndpoint(app.dataDir)!, task);
    expect(answer.task).toBe("sample.add");
  }

  /**
   * The first answer and a revalidation with its ETag. On PostgreSQL the snapshot is the cluster's
   * (pg_current_snapshot: transaction ids are shared by every database of the server), so another test's
   * write in another database between the two requests changes it too: that pair is tried again, a few times.
   */
  async function firstAndRevalidated(address: string): Promise<{ first: Response; again: Response }> {
    for (let attempt = 1; ; attempt++) {
      const first = await fetch(app.baseUrl + address);
      const etag = first.headers.get("etag") ?? "";
      const again = await fetch(app.baseUrl + address, { headers: { "If-None-Match": etag } });
      if (again.status === 304 || !onPostgres || attempt === 20) return { first, again };
      await again.text();
      await first.text();
    }
  }

  it("answers 304 without a body while the data holds, and the page anew with a new ETag after a write", async () => {
    const etags: string[] = [];
    for (const address of PAGES) {
      const { first, again } = await firstAndRevalidated(address);
      expect(first.status, address).toBe(200);
      const etag = first.headers.get("etag");
      expect(etag, address).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get("cache-control"), address).toBe("public, max-age=0, must-revalidate");
      expect(first.headers.get("vary"), address).toContain("Cookie");
      expect((await first.text()).length, address).toBeGreaterThan(100);
      etags.push(etag!);
      expect(again.status, address).toBe(304);
      expect(again.headers.get("x-page-cache"), address).toBe("not-modified");
      expect(again.headers.get("etag"), address).toBe(etag);
      expect(again.headers.get("cache-control"), address).toBe("public, max-age=0, must-revalidate");
      expect(again.headers.get("vary"), address).toContain("Cookie");
      expect(await again.text(), address).toBe("");
    }
    await write();
    for (const [i, address] of PAGES.entries()) {
      const after = await fetch(app.baseUrl + address, { headers: { "If-None-Match": etags[i]! } });
      expect(after.status, address).toBe(200);
      expect(after.headers.get("x-page-cache"), address).toBe("miss");
      expect(after.headers.get("etag"), address).toMatch(/^W\//);
      expect(after.headers.get("etag"), address).not.toBe(etags[i]);
      expect((await after.text()).length, address).toBeGreaterThan(100);
    }
    // The API shows the write: Kenya's sample assessments.
    const list = await (
      await fetch(`${app.baseUrl}/api/v1/recommendations?state=KEN&status=in_progress&limit=1`)
    ).json();
    expect(list.meta.total).toBeGreaterThan(0);
  });

  it("never gives a request with a cookie a public ETag or a 304", async () => {
    const address = "/recommendations?state=KEN";
    const etag = (await fetch(app.baseUrl + address)).headers.get("etag")!;
    expect(etag).toMatch(/^W\//);
    const withCookie = await fetch(app.baseUrl + address, {
      headers: { Cookie: "upr_state=KEN", "If-None-Match": etag },
    });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers.get("etag")).toBeNull();
    expect(withCookie.headers.get("x-page-cache")).toBeNull();
    expect(withCookie.headers.get("cache-control")).toBe("private, no-store");
    expect((await withCookie.text()).length).toBeGreaterThan(100);
    // Not found is nobody's to keep.
    const missing = await fetch(`${app.baseUrl}/recommendations/999999`, { headers: { "If-None-Match": "*" } });
    expect(missing.status).not.toBe(304);
  });
});
