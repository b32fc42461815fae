// The first run without the command line: the one-time set-up address (app/routes/setup.tsx with
// app/models/setup-token.server.ts; made by one server, used through another), the admin tasks of the command line sent to a running server
// (server/admin-endpoint.ts), the sample-data page and seed:sample on an empty database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { createFirstAdmin, hasActiveAdmin } from "~/models/users.server";
import * as adminSample from "~/routes/admin.sample";
import * as setup from "~/routes/setup";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { issueSetupToken, setupTokenValid } from "~/models/setup-token.server";
import { createDb, type Db } from "../../db/client";
import { PGliteDialect } from "../../db/pglite-dialect";
import type { Database } from "../../db/schema";
import { migrateToLatest } from "../../db/migrate";
import { main as seedSample } from "../../scripts/seed-sample";
import { main as userCreate } from "../../scripts/user-create";
import { endpointFile, findAdminEndpoint, startAdminEndpoint } from "../../server/admin-endpoint";
import { runScript } from "../helpers/cli";
import { args, get, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

const ADMIN = {
  email: "first.admin@example.org",
  displayName: "Test admin (test data)",
  organisation: "Stop the Traffik Kenya",
  password: "first admin password",
};

describeEachEngine("first run in the browser", (t) => {
  let token: string;
  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    token = await issueSetupToken(t.db);
  });

  const setupForm = (over: Record<string, string> = {}) => ({
    token,
    ...ADMIN,
    confirmPassword: ADMIN.password,
    ...over,
  });

  it("answers 404 without the token or with a wrong one, to GET and POST", async () => {
    expect((await run(setup.loader(args(get("/setup"))))).status).toBe(404);
    expect((await run(setup.loader(args(get(`/setup?token=${token}x`))))).status).toBe(404);
    expect(await run(setup.action(args(post("/setup", setupForm({ token: "wrong" })))))).toMatchObject({
      status: 404,
    });
    expect(await hasActiveAdmin(t.db)).toBe(false);
  });

  it("shows the form with the token, and answers bad input beside the field (password rules, twice)", async () => {
    const page = await run(setup.loader(args(get(`/setup?token=${token}`))));
    expect(page.status).toBe(200);
    const bad = await run(
      setup.action(args(post("/setup", setupForm({ email: "not an email", password: "short", confirmPassword: "x" })))),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.email[0]).toMatch(/email address/);
    expect(bad.body.errors.password[0]).toMatch(/at least 10 characters/);
    const differ = await run(setup.action(args(post("/setup", setupForm({ confirmPassword: "another password 1" })))));
    expect(differ.body.errors.confirmPassword[0]).toBe("The two passwords differ.");
    expect(await hasActiveAdmin(t.db)).toBe(false);
    expect(await setupTokenValid(t.db, token)).toBe(true); // bad input does not use the token up
  });

  it("creates the first admin, signs them in, and the address is gone after that", async () => {
    const done = await run(setup.action(args(post("/setup", setupForm()))));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/admin/users?setup=done");
    expect(sessionCookie(done)).toMatch(/^__session=|=/);
    const admin = await t.db
      .selectFrom("app_user as u")
      .innerJoin("organisation as o", "o.id", "u.organisation_id")
      .select(["u.role", "u.email", "o.name"])
      .executeTakeFirstOrThrow();
    expect(admin).toEqual({ role: "admin", email: ADMIN.email, name: ADMIN.organisation });
    expect(await setupTokenValid(t.db, token)).toBe(false);
    // The same form again (back button, double click): no second user.
    expect(await run(setup.action(args(post("/setup", setupForm({ email: "second@example.org" })))))).toMatchObject({
      status: 404,
    });
    expect((await run(setup.loader(args(get(`/setup?token=${token}`))))).status).toBe(404);
    // Even a new token (a restart) opens nothing once an admin exists.
    const again = await issueSetupToken(t.db);
    expect((await run(setup.loader(args(get(`/setup?token=${again}`))))).status).toBe(404);
    expect(await setupTokenValid(t.db, again)).toBe(false);
    const n = await t.db
      .selectFrom("app_user")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
  });

  it("the sample-data page loads and removes sample data for admins, and tells what it did", async () => {
    const login = await import("~/routes/login");
    const signedIn = await run(
      login.action(
        args(post("/login", { email: ADMIN.email, password: ADMIN.password }), { clientAddress: "10.0.0.1" }),
      ),
    );
    const cookie = sessionCookie(signedIn);
    expect((await run(adminSample.action(args(post("/admin/sample", { intent: "load" }))))).status).toBe(403);
    expect((await adminSample.loader(args(get("/admin/sample", cookie)))).counts.assessments).toBe(0);
    const loaded = await run(adminSample.action(args(post("/admin/sample", { intent: "load" }, { cookie }))));
    // This database had no data yet: the real data is added first, then the sample.
    expect(loaded.headers.get("Location")).toBe("/admin/sample?done=loaded");
    const page = await adminSample.loader(args(get("/admin/sample?done=loaded", cookie)));
    expect(page.notice).toBe("Sample data loaded.");
    expect(page.counts.assessments).toBeGreaterThan(50);
    const again = await run(adminSample.action(args(post("/admin/sample", { intent: "load" }, { cookie }))));
    expect(again.headers.get("Location")).toBe("/admin/sample?done=already-there");
    const removed = await run(adminSample.action(args(post("/admin/sample", { intent: "remove" }, { cookie }))));
    expect(removed.headers.get("Location")).toBe("/admin/sample?done=removed");
    expect((await adminSample.loader(args(get("/admin/sample", cookie)))).counts).toEqual({
      assessments: 0,
      links: 0,
      asks: 0,
    });
  });
});

describeEachEngine("sample data on an empty database", (t) => {
  it("adds the real data first instead of saying the sample data is already there", async () => {
    setDb(Promise.resolve(t.handle));
    const { loadSampleData } = await import("~/models/sample-data.server");
    const r = await loadSampleData(t.db, "KEN", "2026-12-01");
    expect(r).toMatchObject({ ok: true, seeded: true });
    if (!r.ok) return;
    expect(r.assessments).toBeGreaterThan(50);
    expect(await loadSampleData(t.db, "KEN", "2026-12-01")).toEqual({
      ok: false,
      reason: "already-there",
      seeded: false,
    });
  });
});

// The command line against a running server: the embedded database in DATA_DIR is held by the
// server's process (here: this test process, as `npm start` would hold it).
// Embedded mode only: with DATABASE_URL the scripts open PostgreSQL beside the server.
describe("admin tasks of the command line while the server holds the embedded database", () => {
  let dataDir: string;
  let stop: () => Promise<void>;
  let closeDb: () => Promise<void>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-first-run-"));
    const handle = await createDb({ dataDir });
    await migrateToLatest(handle.db);
    closeDb = () => handle.close();
    ({ stop } = await startAdminEndpoint(handle.db, dataDir));
  });
  afterAll(async () => {
    await stop();
    await closeDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the secret readable by the owner only, and refuses a request without it", async () => {
    const file = endpointFile(dataDir);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const endpoint = findAdminEndpoint(dataDir)!;
    const body = JSON.stringify({ task: "sample.remove" });
    const refused = await fetch(`http://127.0.0.1:${endpoint.port}/task`, { method: "POST", body });
    expect(refused.status).toBe(403);
    const wrong = await fetch(`http://127.0.0.1:${endpoint.port}/task`, {
      method: "POST",
      body,
      headers: { Authorization: `Bearer ${endpoint.token.slice(1)}x` },
    });
    expect(wrong.status).toBe(403);
  });

  it("user:create and seed:sample work (through the server), where opening the database would be refused", async () => {
    const env = { DATA_DIR: dataDir, USER_PASSWORD: "cli admin password 1" };
    const created = await runScript(
      userCreate,
      ["--email", "cli.admin@example.org", "--org", "Stop the Traffik Kenya", "--role", "admin"],
      env,
    );
    expect(created.errors).toEqual([]);
    expect(created.code).toBe(0);
    expect(created.stdout.toString()).toMatch(
      /added admin cli\.admin@example\.org .*through the running server, pid \d+/,
    );
    const twice = await runScript(
      userCreate,
      ["--email", "cli.admin@example.org", "--org", "Stop the Traffik Kenya", "--role", "admin"],
      env,
    );
    expect(twice.code).toBe(1);
    expect(twice.errors[0]).toMatch(/already exists/);

    const sample = await runScript(seedSample, [], env);
    expect(sample.code).toBe(0);
    const out = sample.stdout.toString();
    expect(out).toMatch(/the database was empty: added the real data first/);
    expect(out).toMatch(/added \d+ sample assessments and \d+ sample issue links to KEN's recommendations/);
    expect(out).not.toMatch(/already there/);
    const removed = await runScript(seedSample, ["--remove"], env);
    expect(removed.stdout.toString()).toMatch(/removed [1-9]\d* sample assessments/);

    await stop();
    expect(fs.existsSync(endpointFile(dataDir))).toBe(false);
    // Without the server's endpoint the script opens the database itself, which this process holds.
    const locked = await runScript(seedSample, [], env);
    expect(locked.code).toBe(1);
    expect(locked.errors[0]).toMatch(/in use by another process/);
  });
});

// Two app servers on one database: each prints its own set-up address at start. Either address works
// through either server, once: the first admin's creation consumes every token in its transaction.
describeEachEngine("the set-up address across servers", (t) => {
  /** The second server's own handle on the same database (PGlite: a second Kysely on the same instance). */
  let other: Db;
  beforeAll(async () => {
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    if (t.url) other = await createDb({ databaseUrl: t.url });
    else {
      const db = new Kysely<Database>({ dialect: new PGliteDialect(t.handle.pglite!) });
      other = { ...t.handle, db, close: () => Promise.resolve() };
    }
  });
  afterAll(async () => {
    await other.close();
  });
  const form = (token: string, email: string) =>
    post("/setup", { token, ...ADMIN, email, confirmPassword: ADMIN.password });
  const through = async (server: Db, request: Request) => {
    setDb(Promise.resolve(server));
    return run(setup.action(args(request)));
  };

  it("a token printed by one server is accepted by the other, only once, and expires", async () => {
    const printedByA = await issueSetupToken(t.db);
    const printedByB = await issueSetupToken(other.db);
    const expiring = await issueSetupToken(other.db);
    // Only hashes are stored.
    const stored = await t.db.selectFrom("setup_token").select("token_hash").execute();
    expect(stored).toHaveLength(3);
    expect(stored.map((r) => r.token_hash).join()).not.toContain(printedByA);

    await sql`update setup_token set expires_at = now() - interval '1 second'
      where token_hash = encode(sha256(convert_to(${expiring}, 'UTF8')), 'hex')`.execute(t.db);
    setDb(Promise.resolve(t.handle));
    expect((await run(setup.loader(args(get(`/setup?token=${expiring}`))))).status).toBe(404);
    expect(await through(t.handle, form(expiring, "expired@example.org"))).toMatchObject({ status: 404 });

    setDb(Promise.resolve(other));
    expect((await run(setup.loader(args(get(`/setup?token=${printedByA}`))))).status).toBe(200);
    // The same token used through both servers at once (a double click behind a load balancer): the
    // form through server B and the model's set-up on server A's handle race; exactly one admin.
    const [viaB, viaA] = await Promise.all([
      run(setup.action(args(form(printedByA, ADMIN.email)))),
      createFirstAdmin(t.db, printedByA, {
        email: "racer@example.org",
        password: ADMIN.password,
        organisation: { name: ADMIN.organisation },
      }),
    ]);
    expect(viaB.status === 302).toBe(!viaA.ok);
    expect(viaA.ok ? "ok" : viaA.error).toBe(viaB.status === 302 ? "token" : "ok");
    if (viaB.status !== 302) expect(viaB.status).toBe(404);
    // Server B's own token is void too, through either server.
    expect(await through(t.handle, form(printedByB, "second@example.org"))).toMatchObject({ status: 404 });
    expect(await through(other, form(printedByB, "second@example.org"))).toMatchObject({ status: 404 });
    const users = await t.db.selectFrom("app_user").select(["email", "role"]).execute();
    expect(users).toEqual([{ email: viaA.ok ? "racer@example.org" : ADMIN.email, role: "admin" }]);
    expect(await t.db.selectFrom("setup_token").selectAll().execute()).toEqual([]);
  });
});
