// Several servers starting at once, straight on PostgreSQL and through PgBouncer in transaction mode
// (issue #28): two `npm run db:migrate` processes on one fresh database at the same moment apply each
// migration once, without error, and leave no advisory lock behind; then, through the pooler with
// DATABASE_PREPARE=false, a server seeds, signs in, previews and imports a file, saves an assessment and
// shows it. Needs PostgreSQL (TEST_DATABASE_URL); the pooler's part needs the pgbouncer binary too.
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../app/models/users.server";
import { createDb, type Db } from "../../db/client";
import { migrations } from "../../db/migrations";
import { buildIfStale } from "../../bench/lib/assets";
import { type RunningApp, startApp } from "../helpers/app-server";
import { pgbouncerBinary, type RunningBouncer, startPgBouncer } from "../helpers/pg-processes";
import { runProcess } from "../helpers/run-process";
import { createTestDatabase } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-kenya-session8-excerpt.csv");
const ADMIN = { email: "admin@pooler.example", password: "pooler test password 1" };
const SESSION_SECRET = "pooler-session-secret-0123456789abcdef0123456789";
const ALL = Object.keys(migrations).sort();

/** Runs `npm run <script>`'s file with this environment (no DATA_DIR database: DATABASE_URL is set). */
function runScript(env: Record<string, string>, script: string) {
  const vars: NodeJS.ProcessEnv = { ...process.env, ...env };
  return runProcess(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env: vars, timeout: 240_000 });
}

async function appliedCounts(db: Db["db"]) {
  return (
    await sql<{
      name: string;
      n: number;
    }>`select name, count(*)::int as n from kysely_migration group by name order by name`.execute(db)
  ).rows;
}

async function advisoryLocks(db: Db["db"], database: string) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
    where l.locktype = 'advisory' and d.datname = ${database}`.execute(db);
  return rows[0]!.n;
}

/** Two db:migrate processes started at the same moment; both must succeed. */
async function migrateTwiceAtOnce(env: Record<string, string>) {
  const [a, b] = await Promise.all([runScript(env, "scripts/db-migrate.ts"), runScript(env, "scripts/db-migrate.ts")]);
  expect(a.status, a.stderr).toBe(0);
  expect(b.status, b.stderr).toBe(0);
  // Together they said they applied every migration, and none twice.
  const said = [a, b].flatMap((r) => [...r.stdout.matchAll(/^migrated: (\S+)$/gm)].map((m) => m[1]!));
  expect(said.sort()).toEqual(ALL);
}

if (!process.env.TEST_DATABASE_URL) {
  describe("migrations from several processes at once; PgBouncer in transaction mode", () => {
    it.skip("needs a PostgreSQL server: set TEST_DATABASE_URL (PGlite serves one process only)", () => {});
  });
} else {
  describe("two processes migrating one fresh PostgreSQL database at once", () => {
    let handle: Db;
    let url = "";
    let drop = async () => {};
    beforeAll(async () => {
      const created = await createTestDatabase("postgres");
      ({ handle, drop } = created);
      url = created.url!;
    });
    afterAll(async () => {
      await handle?.close();
      await drop();
    });

    it("applies each migration once, without error, and leaves no lock behind", async () => {
      await migrateTwiceAtOnce({ DATABASE_URL: url });
      const applied = await appliedCounts(handle.db);
      expect(applied.map((r) => r.name)).toEqual(ALL);
      expect(applied.every((r) => r.n === 1)).toBe(true);
      expect(await advisoryLocks(handle.db, new URL(url).pathname.slice(1))).toBe(0);
    }, 300_000);
  });

  const bouncerMissing = pgbouncerBinary() === null;
  describe.skipIf(bouncerMissing)("through PgBouncer in transaction mode, DATABASE_PREPARE=false", () => {
    let handle: Db; // straight to PostgreSQL, to check what the pooled clients did
    let drop = async () => {};
    let bouncer: RunningBouncer;
    let bouncerUrl = "";
    let database = "";
    let server: RunningApp | null = null;
    let cookie = "";
    const pooled = () => ({ DATABASE_URL: bouncerUrl, DATABASE_PREPARE: "false", SESSION_SECRET });

    beforeAll(async () => {
      const buildError = buildIfStale(ROOT);
      if (buildError) throw new Error(buildError);
      const created = await createTestDatabase("postgres");
      ({ handle, drop } = created);
      database = new URL(created.url!).pathname.slice(1);
      bouncer = await startPgBouncer(process.env.TEST_DATABASE_URL!, { poolSize: 3 });
      bouncerUrl = bouncer.urlOf(database);
    }, 300_000);

    afterAll(async () => {
      await server?.stop();
      await bouncer?.stop();
      await handle?.close();
      await drop();
    });

    it("two processes migrate at once through the pooler: each migration once, no lock left", async () => {
      // Open the pool's server connections first, so that transactions do rotate over them.
      const warm = await createDb({ databaseUrl: bouncerUrl, prepare: false });
      await Promise.all([0, 1, 2].map(() => sql`select pg_sleep(0.2)`.execute(warm.db)));
      await warm.close();
      await migrateTwiceAtOnce(pooled());
      const applied = await appliedCounts(handle.db);
      expect(applied.map((r) => r.name)).toEqual(ALL);
      expect(applied.every((r) => r.n === 1)).toBe(true);
      expect(await advisoryLocks(handle.db, database)).toBe(0);
    }, 300_000);

    it("a pooled handle with prepare off runs many queries on rotating server connections", async () => {
      const pooledDb = await createDb({ databaseUrl: bouncerUrl, prepare: false });
      try {
        // More parallel work than the pool has server connections: every query still answers right.
        const answers = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            pooledDb.db
              .selectFrom("review")
              .select(sql<number>`${i}::int + 1`.as("n"))
              .limit(1)
              .execute()
              .then(() => sql<{ n: number }>`select ${i}::int * 2 as n`.execute(pooledDb.db)),
          ),
        );
        expect(answers.map((a) => a.rows[0]!.n)).toEqual(Array.from({ length: 30 }, (_, i) => i * 2));
      } finally {
        await pooledDb.close();
      }
    });

    it("a server through the pooler: seeds, signs in, imports (preview then import), saves an assessment, shows it", async () => {
      const seeded = await runScript(pooled(), "scripts/db-seed.ts");
      expect(seeded.status, seeded.stderr).toBe(0);
      const user = await createUser(
        handle.db,
        { ...ADMIN, role: "admin", organisation: { name: "Pooler coalition" } },
        { userId: null },
      );
      if (!user.ok) throw new Error(`createUser: ${user.error}`);

      server = await startApp({ databaseUrl: bouncerUrl, env: { DATABASE_PREPARE: "false", SESSION_SECRET } });
      const base = server.baseUrl;
      const send = (address: string, init: RequestInit = {}) =>
        fetch(base + address, {
          redirect: "manual",
          ...init,
          headers: { Origin: base, ...(cookie ? { Cookie: cookie } : {}), ...init.headers },
        });
      const form = (fields: Record<string, string>) => ({
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      expect((await send("/readyz")).status).toBe(200);

      const signedIn = await send("/login", form(ADMIN));
      expect(signedIn.status).toBe(302);
      cookie = signedIn.headers.get("Set-Cookie")!.split(";")[0]!;

      const upload = new FormData();
      upload.append("intent", "preview");
      upload.append("file", new File([fs.readFileSync(FIXTURE)], "excerpt.csv", { type: "text/csv" }));
      const preview = await send("/import", { method: "POST", body: upload });
      const previewHtml = await preview.text();
      expect(preview.status).toBe(200);
      const uploadId = /name="uploadId" value="([0-9a-f]{32})"/.exec(previewHtml)?.[1];
      expect(uploadId).toBeTruthy();
      const imported = await send("/import", form({ intent: "import", uploadId: uploadId! }));
      expect(imported.status).toBe(200);
      expect(await imported.text()).toContain('data-testid="import-done"');
      const runs = await handle.db.selectFrom("import_run").select("id").execute();
      expect(runs).toHaveLength(1);

      const rec = await handle.db
        .selectFrom("recommendation")
        .select("id")
        .orderBy("id")
        .limit(1)
        .executeTakeFirstOrThrow();
      const evidence = "Recorded through PgBouncer in transaction mode (test)";
      const saved = await send(
        `/recommendations/${rec.id}`,
        form({
          intent: "record",
          basedOn: "0",
          status: "partially_implemented",
          asOf: "2024-06-30",
          evidence,
          sourceUrls: "",
          organisationId: String(user.user.organisationId),
        }),
      );
      expect(saved.status).toBe(303);
      cookie = "";
      const page = await (await send(`/recommendations/${rec.id}`)).text();
      expect(page).toContain(`<p class="pre" dir="auto">${evidence}</p>`);
      expect(page).toMatch(/data-testid="current-status"[^>]*>.*Partially implemented/s);
      expect(await advisoryLocks(handle.db, database)).toBe(0);
      // Nothing in the pooler's log says a client used what transaction mode cannot give.
      expect(bouncer.log()).not.toMatch(/prepared statement .* (does not exist|already exists)/);
    }, 300_000);
  });
  if (bouncerMissing) {
    describe("through PgBouncer in transaction mode", () => {
      it.skip("needs the pgbouncer binary (apt-get install pgbouncer; .ci/run tries it)", () => {});
    });
  }
}
