// Several app servers on one PostgreSQL database (docs/deployment.md): two server processes start at
// once on a database whose migrations are not all applied (Kysely's migration lock must let exactly one
// apply each), an editor signs in on each, assessments are written through both at once, and both
// servers, like the database, then show every one of them exactly once. A conflicting pair of saves
// (same recommendation, same "based on") through the two servers at once: exactly one wins. Each
// server's page cache serves a public page again until a write through either server changes the data.
// Needs PostgreSQL: runs only with TEST_DATABASE_URL.
import path from "node:path";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../app/models/users.server";
import type { Db } from "../../db/client";
import { migrations } from "../../db/migrations";
import { seed } from "~/models/seed.server";
import { buildIfStale } from "../../bench/lib/assets";
import { type RunningApp, startApp } from "../helpers/app-server";
import { createTestDatabase } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EDITOR = { email: "editor@multi-server.example", password: "multi-server password 1" };
const SESSION_SECRET = "multi-server-session-secret-0123456789abcdef0123";
const FIRST_MIGRATION = Object.keys(migrations).sort()[0]!;
const PER_SERVER = 20;

if (!process.env.TEST_DATABASE_URL) {
  describe("several app servers on one PostgreSQL", () => {
    it.skip("needs a PostgreSQL server: set TEST_DATABASE_URL (PGlite serves one process only)", () => {});
  });
} else {
  describe("several app servers on one PostgreSQL", () => {
    let handle: Db;
    let drop = async () => {};
    let servers: RunningApp[] = [];
    let cookies: string[] = [];
    let organisationId = 0;
    let recommendationIds: number[] = [];

    beforeAll(async () => {
      // Build once here: two servers building the same folder at the same moment would trip over each other.
      const buildError = buildIfStale(ROOT);
      if (buildError) throw new Error(buildError);
      const created = await createTestDatabase("postgres");
      handle = created.handle;
      drop = created.drop;
      // Only the first migration (what the seed and the user need): the servers apply the rest, both at once.
      const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
      const first = await migrator.migrateTo(FIRST_MIGRATION);
      if (first.error) throw first.error;
      await seed(handle.db);
      const user = await createUser(
        handle.db,
        { ...EDITOR, role: "editor", organisation: { name: "Multi-server coalition" } },
        { userId: null },
      );
      if (!user.ok) throw new Error(`createUser: ${user.error}`);
      organisationId = user.user.organisationId;
      recommendationIds = (
        await handle.db
          .selectFrom("recommendation")
          .select("id")
          .orderBy("id")
          .limit(2 * PER_SERVER + 1)
          .execute()
      ).map((r) => r.id);
      servers = await Promise.all([0, 1].map(() => startApp({ databaseUrl: created.url!, env: { SESSION_SECRET } })));
    }, 300_000);

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await handle?.close();
      await drop();
    });

    it("both servers started; every migration was applied exactly once", async () => {
      expect(servers).toHaveLength(2);
      const applied = (
        await sql<{
          name: string;
          n: number;
        }>`select name, count(*)::int as n from kysely_migration group by name order by name`.execute(handle.db)
      ).rows;
      expect(applied.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      expect(applied.every((r) => r.n === 1)).toBe(true);
      // Each server says what it applied: together, every migration but the first, and none twice.
      const said = servers.flatMap((s) => [...s.output().matchAll(/^migrated: (\S+)$/gm)].map((m) => m[1]!));
      expect(said.sort()).toEqual(Object.keys(migrations).sort().slice(1));
    });

    it("an editor signs in on each server", async () => {
      cookies = await Promise.all(
        servers.map(async (s) => {
          const res = await fetch(`${s.baseUrl}/login`, {
            method: "POST",
            redirect: "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: s.baseUrl },
            body: new URLSearchParams({ email: EDITOR.email, password: EDITOR.password }),
          });
          expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(300);
          expect(res.status).toBeLessThan(400);
          const set = res.headers.get("set-cookie");
          expect(set).toBeTruthy();
          return set!.split(";")[0]!;
        }),
      );
      // A cookie from one server is good on the other (same SESSION_SECRET: nothing is kept in a process).
      const page = await fetch(`${servers[1]!.baseUrl}/recommendations/${recommendationIds[0]}`, {
        headers: { Cookie: cookies[0]! },
      });
      expect(await page.text()).toContain("Record an assessment");
    });

    const record = (server: RunningApp, cookie: string, id: number, basedOn: number, evidence: string) =>
      fetch(`${server.baseUrl}/recommendations/${id}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.baseUrl, Cookie: cookie },
        body: new URLSearchParams({
          intent: "record",
          basedOn: String(basedOn),
          status: "in_progress",
          asOf: "2024-06-30",
          evidence,
          sourceUrls: "",
          organisationId: String(organisationId),
        }),
      });

    it("assessments written through both servers at once are all there, once each, and both servers read the same", async () => {
      const jobs = recommendationIds.slice(0, 2 * PER_SERVER).map((id, i) => {
        const which = i % 2;
        const evidence = `Sent through server ${which === 0 ? "A" : "B"}, request ${i}`;
        return { id, which, evidence };
      });
      const answers = await Promise.all(
        jobs.map((j) => record(servers[j.which]!, cookies[j.which]!, j.id, 0, j.evidence)),
      );
      expect(answers.map((a) => a.status)).toEqual(jobs.map(() => 303));

      const rows = await handle.db
        .selectFrom("assessment")
        .select(["recommendation_id", "evidence"])
        .where(
          "recommendation_id",
          "in",
          jobs.map((j) => j.id),
        )
        .orderBy("recommendation_id")
        .execute();
      expect(rows).toHaveLength(jobs.length);
      expect(rows.map((r) => r.evidence).sort()).toEqual(jobs.map((j) => j.evidence).sort());
      const audit = await sql<{
        n: number;
      }>`select count(*)::int as n from audit_log where action = 'assessment.created'`.execute(handle.db);
      expect(audit.rows[0]!.n).toBe(jobs.length);
      const current = await handle.db
        .selectFrom("recommendation")
        .select("id")
        .where(
          "id",
          "in",
          jobs.map((j) => j.id),
        )
        .where("current_status", "=", "in_progress")
        .execute();
      expect(current).toHaveLength(jobs.length);

      // The public pages (signed out) of both servers show each assessment once, and the same page.
      for (const j of jobs) {
        const pages = await Promise.all(
          servers.map(async (s) => (await fetch(`${s.baseUrl}/recommendations/${j.id}`)).text()),
        );
        for (const html of pages) {
          // Once in the history as shown (the page's serialised data for hydration holds it too).
          expect(html.split(`<p class="pre" dir="auto">${j.evidence}</p>`).length - 1).toBe(1);
          expect(html).toMatch(/data-testid="current-status"[^>]*>.*In the process of implementation/s);
        }
        const stateOf = (html: string) => html.match(/data-testid="current-status"[^>]*>(.*?)<\/dd>/s)?.[1];
        expect(stateOf(pages[0]!)).toBe(stateOf(pages[1]!));
      }
    });

    it("a conflicting pair through the two servers at once: exactly one wins, the other gets 409", async () => {
      const id = recommendationIds[0]!;
      const latest = await handle.db
        .selectFrom("assessment")
        .select((eb) => eb.fn.max("id").as("id"))
        .where("recommendation_id", "=", id)
        .executeTakeFirstOrThrow();
      const [a, b] = await Promise.all([
        record(servers[0]!, cookies[0]!, id, latest.id, "Conflict: through server A"),
        record(servers[1]!, cookies[1]!, id, latest.id, "Conflict: through server B"),
      ]);
      expect([a.status, b.status].sort()).toEqual([303, 409]);
      const rows = await handle.db
        .selectFrom("assessment")
        .select("evidence")
        .where("recommendation_id", "=", id)
        .execute();
      expect(rows).toHaveLength(2);
      const winner = a.status === 303 ? "Conflict: through server A" : "Conflict: through server B";
      expect(rows.map((r) => r.evidence)).toContain(winner);
      for (const s of servers)
        expect(await (await fetch(`${s.baseUrl}/recommendations/${id}`)).text()).toContain(winner);
    });

    it("public pages come from each server's page cache until a write through either server, and never for a signed-in editor", async () => {
      const id = recommendationIds[2 * PER_SERVER]!; // not written to so far
      const read = async (s: RunningApp) => {
        const res = await fetch(`${s.baseUrl}/recommendations/${id}`);
        return { cache: res.headers.get("x-page-cache"), html: await res.text() };
      };
      for (const s of servers) {
        const first = await read(s);
        expect(first.cache).toBe("miss");
        // Served again from memory, the same page. (Writes to other databases of this PostgreSQL, by
        // test files running at the same time, change its snapshot too: then the page is made again.)
        let again = await read(s);
        for (let i = 0; i < 20 && again.cache !== "hit"; i++) again = await read(s);
        expect(again.cache).toBe("hit");
        // The same page, but for its CSP nonce: each answer carries its own.
        const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');
        expect(again.html).not.toBe(first.html);
        expect(withoutNonce(again.html)).toBe(withoutNonce(first.html));
      }
      const evidence = "Written after both servers had the page in their cache, through server B";
      expect((await record(servers[1]!, cookies[1]!, id, 0, evidence)).status).toBe(303);
      for (const s of servers) {
        const after = await read(s);
        expect(after.cache).toBe("miss");
        expect(after.html).toContain(evidence);
      }
      const signedIn = await fetch(`${servers[0]!.baseUrl}/recommendations/${id}`, {
        headers: { Cookie: cookies[0]! },
      });
      expect(signedIn.headers.get("x-page-cache")).toBeNull();
      expect(await signedIn.text()).toContain("Record an assessment");
    });
  });
}
