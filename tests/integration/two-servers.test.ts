// A coalition's first hour through two app servers on one PostgreSQL, behind a small round-robin proxy
// (each request to the next server, as a load balancer without sticky sessions): the set-up address one
// server printed, opened and sent through different servers; a sign-in; an import previewed on one
// server and imported on the other; an assessment saved through the proxy, and the public pages of
// each server, asked directly, showing it (issue #28). Needs PostgreSQL: runs only with TEST_DATABASE_URL.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import type { Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { buildIfStale } from "../../bench/lib/assets";
import { type RunningApp, startApp } from "../helpers/app-server";
import { createTestDatabase } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SESSION_SECRET = "two-servers-session-secret-0123456789abcdef0123";
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-kenya-session8-excerpt.csv");
const ADMIN = { email: "first.admin@two-servers.example", password: "two servers password 1" };

/** A round-robin proxy: each request to the next server; `served` lists which one answered, in order. */
async function roundRobin(targets: string[]) {
  let next = 0;
  const served: { method: string; path: string; server: number }[] = [];
  const proxy = http.createServer((req, res) => {
    const server = next++ % targets.length;
    served.push({ method: req.method!, path: req.url!, server });
    const target = new URL(req.url!, targets[server]);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as { port: number };
  return { proxy, url: `http://127.0.0.1:${port}`, served };
}

if (!process.env.TEST_DATABASE_URL) {
  describe("two app servers behind a round-robin proxy", () => {
    it.skip("needs a PostgreSQL server: set TEST_DATABASE_URL (PGlite serves one process only)", () => {});
  });
} else {
  describe("two app servers behind a round-robin proxy", () => {
    let handle: Db;
    let drop = async () => {};
    let servers: RunningApp[] = [];
    let front: Awaited<ReturnType<typeof roundRobin>>;
    let cookie = "";
    const tmpDirs: string[] = [];

    beforeAll(async () => {
      const buildError = buildIfStale(ROOT);
      if (buildError) throw new Error(buildError);
      const created = await createTestDatabase("postgres");
      handle = created.handle;
      drop = created.drop;
      await migrateToLatest(handle.db);
      await seed(handle.db); // seeded once before the servers start (docs/deployment.md)
      // Each server with its own temporary folder, as on two machines.
      servers = await Promise.all(
        [0, 1].map((i) =>
          startApp({
            databaseUrl: created.url!,
            env: {
              SESSION_SECRET,
              TMPDIR: tmpDirs[tmpDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), `upr-server-${i}-`))) - 1]!,
            },
          }),
        ),
      );
      front = await roundRobin(servers.map((s) => s.baseUrl));
    }, 300_000);

    afterAll(async () => {
      front?.proxy.close();
      await Promise.all(servers.map((s) => s.stop()));
      for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
      await handle?.close();
      await drop();
    });

    const send = (address: string, init: RequestInit = {}) =>
      fetch(front.url + address, {
        redirect: "manual",
        ...init,
        headers: { Origin: front.url, ...(cookie ? { Cookie: cookie } : {}), ...init.headers },
      });
    const form = (fields: Record<string, string>) => ({
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });

    it("the set-up address printed by one server works through the proxy, once", async () => {
      const token = /\/setup\?token=([\w-]+)/.exec(servers[0]!.output())?.[1];
      expect(token).toBeTruthy();
      expect((await send(`/setup?token=${token}`)).status).toBe(200);
      const done = await send(
        "/setup",
        form({
          token: token!,
          ...ADMIN,
          displayName: "Test admin (test data)",
          organisation: "Stop the Traffik Kenya",
          confirmPassword: ADMIN.password,
        }),
      );
      expect(done.status).toBe(302);
      expect(done.headers.get("Location")).toBe("/admin/users?setup=done");
      // The page and the form went to different servers.
      expect(front.served.slice(-2).map((s) => s.server)).toEqual([0, 1]);
      // Used up, through either server; the other server's printed address is void too.
      const other = /\/setup\?token=([\w-]+)/.exec(servers[1]!.output())?.[1];
      for (const t of [token, token, other, other]) expect((await send(`/setup?token=${t}`)).status).toBe(404);
    });

    it("an editor signs in, previews an import on one server and imports it on the other", async () => {
      const signedIn = await send("/login", form(ADMIN));
      expect(signedIn.status).toBe(302);
      cookie = signedIn.headers.get("Set-Cookie")!.split(";")[0]!;

      const upload = new FormData();
      upload.append("intent", "preview");
      upload.append("file", new File([fs.readFileSync(FIXTURE)], "excerpt.csv", { type: "text/csv" }));
      const preview = await send("/import", { method: "POST", body: upload });
      const previewHtml = await preview.text();
      expect(preview.status).toBe(200);
      expect(previewHtml).toContain('data-testid="import-preview"');
      const uploadId = /name="uploadId" value="([0-9a-f]{32})"/.exec(previewHtml)?.[1];
      expect(uploadId).toBeTruthy();
      const runsBefore = await handle.db
        .selectFrom("import_run")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow();

      const imported = await send("/import", form({ intent: "import", uploadId: uploadId! }));
      const importedHtml = await imported.text();
      expect(imported.status).toBe(200);
      expect(importedHtml).toContain('data-testid="import-done"');
      expect(importedHtml).toMatch(/Imported (<!-- -->)?(<span dir="auto">)?excerpt\.csv/);
      const posts = front.served.filter((s) => s.method === "POST" && s.path === "/import");
      expect(posts).toHaveLength(2);
      expect(posts[0]!.server).not.toBe(posts[1]!.server);
      const runsAfter = await handle.db
        .selectFrom("import_run")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow();
      expect(runsAfter.n).toBe(runsBefore.n + 1);
      expect(await handle.db.selectFrom("pending_upload").selectAll().execute()).toEqual([]);
    });

    it("an assessment saved through the proxy shows on the public pages of each server, asked directly", async () => {
      const rec = await handle.db
        .selectFrom("recommendation")
        .select("id")
        .where("kind", "=", "recommendation")
        .orderBy("id")
        .limit(1)
        .executeTakeFirstOrThrow();
      const admin = await handle.db
        .selectFrom("app_user")
        .select("organisation_id")
        .where("email", "=", ADMIN.email)
        .executeTakeFirstOrThrow();
      const evidence = "Saved through the round-robin proxy in the two-server test (test data)";
      // Nothing fully implemented yet: the filtered list is empty on both servers.
      for (const s of servers) {
        const list = await (await fetch(`${s.baseUrl}/recommendations?status=fully_implemented`)).text();
        expect(list).toContain("No recommendation matches.");
      }
      const saved = await send(
        `/recommendations/${rec.id}`,
        form({
          intent: "record",
          basedOn: "0",
          status: "fully_implemented",
          asOf: "2024-06-30",
          evidence,
          sourceUrls: "",
          organisationId: String(admin.organisation_id),
        }),
      );
      expect(saved.status).toBe(303);
      expect(front.served.at(-1)).toMatchObject({ method: "POST", path: `/recommendations/${rec.id}` });

      // Signed out, straight to each server: the recommendation's page and the list filtered by status.
      for (const s of servers) {
        const page = await (await fetch(`${s.baseUrl}/recommendations/${rec.id}`)).text();
        expect(page.split(`<p class="pre" dir="auto">${evidence}</p>`).length - 1).toBe(1);
        expect(page).toMatch(/data-testid="current-status"[^>]*>.*Fully implemented/s);
        const list = await (await fetch(`${s.baseUrl}/recommendations?status=fully_implemented`)).text();
        expect(list).toMatch(/data-testid="result-count"[^>]*>1 recommendation\./);
        expect(list).toContain(`href="/recommendations/${rec.id}"`);
      }
    });
  });
}
