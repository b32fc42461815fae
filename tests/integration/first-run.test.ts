// The first run without the command line: the one-time set-up address (app/routes/setup.tsx with
// app/http/setup-token.server.ts), the admin tasks of the command line sent to a running server
// (server/admin-endpoint.ts), the sample-data page and seed:sample on an empty database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { hasActiveAdmin } from "~/models/users.server";
import * as adminSample from "~/routes/admin.sample";
import * as setup from "~/routes/setup";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { issueSetupToken, setupTokenMatches } from "~/http/setup-token.server";
import { createDb } from "../../db/client";
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
  beforeAll(() => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    token = issueSetupToken();
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
    expect(setupTokenMatches(token)).toBe(true); // bad input does not use the token up
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
    expect(setupTokenMatches(token)).toBe(false);
    // The same form again (back button, double click): no second user.
    expect(await run(setup.action(args(post("/setup", setupForm({ email: "second@example.org" })))))).toMatchObject({
      status: 404,
    });
    expect((await run(setup.loader(args(get(`/setup?token=${token}`))))).status).toBe(404);
    // Even a new token (a restart) opens nothing once an admin exists.
    const again = issueSetupToken();
    expect((await run(setup.loader(args(get(`/setup?token=${again}`))))).status).toBe(404);
    expect(setupTokenMatches(again)).toBe(false);
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
