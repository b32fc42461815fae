// Every route that can change data refuses anonymous visitors and signed-out or deactivated former
// editors, and writes nothing for them. The same requests from a signed-in admin do write, which proves
// the requests are ones that would change data.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { setDb } from "~/db.server";
import { writeAudit } from "~/models/audit.server";
import { createUser, updateUser } from "~/models/users.server";
import * as login from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import { setUploadRootForTesting } from "~/lib/import-uploads.server";
import { setSessionSecretsForTesting } from "~/session.server";
import { args, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

type Attempt = { path: string; params?: Record<string, string>; fields: (ctx: Ctx) => Record<string, string> };
type Ctx = { recommendationId: number; orgId: number; editorId: number; deletedAuditId: number; issueId: number; uploadId: string };

/**
 * A request that would change data, for each route module with an action. A new route with an action
 * must be added here: the test fails until it is, so no write route goes unchecked.
 * Routes whose action is public by design (sign-in, sign-out) are listed with `null`.
 */
const WRITES: Record<string, Attempt[] | null> = {
  "login.tsx": null,
  "logout.tsx": null,
  // Counts the words of a pasted or uploaded draft and stores nothing (it still checks Origin).
  "tools.word-count.tsx": null,
  "recommendations.$id.tsx": [
    { path: "/recommendations/:id", fields: (c) => ({ intent: "record", basedOn: "0", status: "in_progress", asOf: "2012-01-01", evidence: "x", sourceUrls: "", organisationId: String(c.orgId) }) },
    { path: "/recommendations/:id", fields: (c) => ({ intent: "link-issue", issueId: String(c.issueId) }) },
  ],
  "import.tsx": [{ path: "/import", fields: (c) => ({ intent: "import", uploadId: c.uploadId, format: "auto", encoding: "auto", delimiter: "auto" }) }],
  "recommendations._index.tsx": [{ path: "/recommendations", fields: (c) => ({ intent: "link", issueId: String(c.issueId), ids: String(c.recommendationId + 2) }) }],
  "issues._index.tsx": [{ path: "/issues", fields: () => ({ intent: "create", title: "Trafficking for domestic work", description: "", keywords: "trafficking, domestic work", slug: "" }) }],
  "issues.$slug.tsx": [
    { path: "/issues/:slug", params: { slug: "victim-protection" }, fields: () => ({ intent: "update", title: "Victims of trafficking lack protection", description: "x", keywords: "trafficking" }) },
    { path: "/issues/:slug", params: { slug: "victim-protection" }, fields: (c) => ({ intent: "suggestions", decide: `accepted:${c.recommendationId}` }) },
    { path: "/issues/:slug", params: { slug: "victim-protection" }, fields: (c) => ({ intent: "unlink", recommendationId: String(c.recommendationId) }) },
    { path: "/issues/:slug", params: { slug: "victim-protection" }, fields: () => ({ intent: "archive" }) },
  ],
  "assessments.bulk.tsx": [
    { path: "/assessments/bulk", fields: (c) => ({ ids: String(c.recommendationId), status: "no_action", asOf: "2012-01-01", evidence: "bulk", sourceUrls: "", organisationId: String(c.orgId) }) },
  ],
  "account.password.tsx": [{ path: "/account/password", fields: () => ({ currentPassword: "editor password 1", newPassword: "a new password 1", confirmPassword: "a new password 1" }) }],
  "admin.users.tsx": [
    { path: "/admin/users", fields: () => ({ intent: "create", email: "new.user@example.org", password: "a long password 1", role: "editor", organisationId: "new", newOrganisation: "A new organisation" }) },
    { path: "/admin/users", fields: (c) => ({ intent: "set-role", userId: String(c.editorId), role: "admin" }) },
  ],
  "admin.audit.tsx": [{ path: "/admin/audit", fields: (c) => ({ intent: "restore-assessment", auditId: String(c.deletedAuditId) }) }],
};

function routeModulesWithAction(): string[] {
  return fs.readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f) && /export (async )?function action\b|export const action\b/.test(fs.readFileSync(path.join(ROUTES_DIR, f), "utf8")));
}

describeEachEngine("write routes refuse visitors without a live editor session", (t) => {
  const ctx = {} as Ctx;
  let adminCookie: string;
  let signedOutCookie: string;
  let deactivatedCookie: string;

  /** Every table's full content, as one fingerprint per table. */
  async function snapshot(): Promise<Record<string, string>> {
    const tables = await t.db.introspection.getTables();
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      if (name.startsWith("kysely_") || name === "sign_in_attempt") continue;
      const r = await sql<{ n: number; h: string | null }>`select count(*)::int as n, md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.table(name)} x`.execute(t.db);
      out[name] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
    }
    return out;
  }

  async function signIn(email: string, password: string) {
    return sessionCookie(await run(login.action(args(post("/login", { email, password })))));
  }

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    // An uploaded file waiting to be imported (real rows of a UPR Info export).
    const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "upr-write-routes-"));
    setUploadRootForTesting(uploads);
    ctx.uploadId = randomBytes(16).toString("hex");
    fs.mkdirSync(path.join(uploads, ctx.uploadId));
    fs.copyFileSync(path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-kenya-session8-excerpt.csv"), path.join(uploads, ctx.uploadId, "upload"));
    fs.writeFileSync(path.join(uploads, ctx.uploadId, "meta.json"), JSON.stringify({ fileName: "excerpt.csv", size: 1 }));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    await seed(t.db);
    const admin = await createUser(t.db, { email: "admin@example.org", password: "admin password 1", role: "admin", organisation: { name: "Stop the Traffik Kenya" } }, { userId: null });
    if (!admin.ok) throw new Error("admin");
    ctx.orgId = admin.user.organisationId;
    const editor = await createUser(t.db, { email: "editor@example.org", password: "editor password 1", role: "editor", organisation: { id: ctx.orgId } }, { userId: admin.user.id });
    const former = await createUser(t.db, { email: "former@example.org", password: "former password 1", role: "editor", organisation: { id: ctx.orgId } }, { userId: admin.user.id });
    if (!editor.ok || !former.ok) throw new Error("editors");
    ctx.editorId = editor.user.id;
    ctx.recommendationId = (await t.db.selectFrom("recommendation").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow()).id;
    ctx.issueId = (await t.db.selectFrom("coalition_issue").select("id").where("slug", "=", "trust-fund-delay").executeTakeFirstOrThrow()).id;

    // A deleted assessment, so that "restore" has something to restore.
    const a = await t.db.insertInto("assessment").values({ recommendation_id: ctx.recommendationId + 1, organisation_id: ctx.orgId, author_id: null, status: "in_progress", as_of: "2011-01-01" }).returningAll().executeTakeFirstOrThrow();
    await t.db.deleteFrom("assessment").where("id", "=", a.id).execute();
    await writeAudit(t.db, { userId: null, action: "assessment.deleted", entity: "assessment", entityId: a.id, before: a, after: null });
    const entry = await t.db.selectFrom("audit_log").select("id").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    ctx.deletedAuditId = Number(entry.id);

    adminCookie = await signIn("admin@example.org", "admin password 1");
    // An editor who signed out: the old cookie value, replayed.
    signedOutCookie = await signIn("editor@example.org", "editor password 1");
    expect((await run(logoutRoute.action(args(post("/logout", {}, { cookie: signedOutCookie }))))).status).toBe(302);
    // An editor whose account an admin deactivated.
    deactivatedCookie = await signIn("former@example.org", "former password 1");
    expect(await updateUser(t.db, { userId: former.user.id, active: false }, { userId: admin.user.id })).toMatchObject({ ok: true });
  });

  it("knows every route that has an action", () => {
    const unknown = routeModulesWithAction().filter((f) => !(f in WRITES));
    expect(unknown, "add these routes to WRITES with a request that would change data").toEqual([]);
  });

  for (const who of ["anonymous", "signed-out editor", "deactivated editor"] as const) {
    it(`refuses every write from a ${who}, and nothing changes`, async () => {
      const cookie = who === "anonymous" ? undefined : who === "signed-out editor" ? signedOutCookie : deactivatedCookie;
      const before = await snapshot();
      let tried = 0;
      for (const [file, attempts] of Object.entries(WRITES)) {
        if (!attempts) continue;
        const mod = await import(/* @vite-ignore */ path.join(ROUTES_DIR, file));
        for (const attempt of attempts) {
          const params: Record<string, string> = { ...(attempt.path.includes(":id") ? { id: String(ctx.recommendationId) } : {}), ...attempt.params };
          const url = Object.entries(params).reduce((u, [k, v]) => u.replace(`:${k}`, v), attempt.path);
          const outcome = await run(mod.action(args(post(url, attempt.fields(ctx), { cookie }), {}, params)));
          expect([403, 302], `${file} as ${who}: ${outcome.status} ${JSON.stringify(outcome.body).slice(0, 200)}`).toContain(outcome.status);
          if (outcome.status === 302) expect(outcome.headers.get("Location")).toMatch(/^\/login/);
          tried++;
        }
      }
      expect(tried).toBeGreaterThanOrEqual(6);
      expect(await snapshot()).toEqual(before);
    });
  }

  it("the same requests from a signed-in admin do change data (so the checks above are meaningful)", async () => {
    for (const [file, attempts] of Object.entries(WRITES)) {
      if (!attempts || file === "account.password.tsx") continue; // the admin's own password is not the editor's
      const mod = await import(/* @vite-ignore */ path.join(ROUTES_DIR, file));
      for (const attempt of attempts) {
        const before = await snapshot();
        const params: Record<string, string> = { ...(attempt.path.includes(":id") ? { id: String(ctx.recommendationId) } : {}), ...attempt.params };
        const url = Object.entries(params).reduce((u, [k, v]) => u.replace(`:${k}`, v), attempt.path);
        const outcome = await run(mod.action(args(post(url, attempt.fields(ctx), { cookie: adminCookie }), {}, params)));
        expect(outcome.status, `${file}: ${JSON.stringify(outcome.body).slice(0, 300)}`).toBeLessThan(400);
        expect(await snapshot(), `${file} wrote nothing as admin`).not.toEqual(before);
      }
    }
  });
});
