// Every route that can change data refuses anonymous visitors and signed-out or deactivated former
// editors, and writes nothing for them. The same requests from a signed-in admin do write, which proves
// the requests are ones that would change data.
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
import { importFile } from "~/import/store/import.server";
import { excerptRows } from "../../bench/lib/uprinfo-file";
import { setUploadRootForTesting } from "~/import/uploads.server";
import { uploadAs } from "../helpers/uploads";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { args, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";
import { attemptPath, type Ctx, ROUTES_DIR, routeModulesWithAction, WRITES } from "../helpers/write-attempts";

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
      const r = await sql<{
        n: number;
        h: string | null;
      }>`select count(*)::int as n, md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.table(name)} x`.execute(
        t.db,
      );
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
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    await seed(t.db);
    const admin = await createUser(
      t.db,
      {
        email: "admin@example.org",
        password: "admin password 1",
        role: "admin",
        organisation: { name: "Stop the Traffik Kenya" },
      },
      { userId: null },
    );
    if (!admin.ok) throw new Error("admin");
    ctx.orgId = admin.user.organisationId;
    ctx.uploadId = await uploadAs(
      admin.user.id,
      path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-kenya-session8-excerpt.csv"),
    );
    const editor = await createUser(
      t.db,
      { email: "editor@example.org", password: "editor password 1", role: "editor", organisation: { id: ctx.orgId } },
      { userId: admin.user.id },
    );
    const former = await createUser(
      t.db,
      { email: "former@example.org", password: "former password 1", role: "editor", organisation: { id: ctx.orgId } },
      { userId: admin.user.id },
    );
    if (!editor.ok || !former.ok) throw new Error("editors");
    ctx.editorId = editor.user.id;
    ctx.recommendationId = (
      await t.db.selectFrom("recommendation").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow()
    ).id;
    ctx.issueId = (
      await t.db
        .selectFrom("coalition_issue")
        .select("id")
        .where("slug", "=", "trust-fund-delay")
        .executeTakeFirstOrThrow()
    ).id;

    // A deleted assessment, so that "restore" has something to restore.
    const a = await t.db
      .insertInto("assessment")
      .values({
        recommendation_id: ctx.recommendationId + 1,
        organisation_id: ctx.orgId,
        author_id: null,
        status: "in_progress",
        as_of: "2011-01-01",
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await t.db.deleteFrom("assessment").where("id", "=", a.id).execute();
    await writeAudit(t.db, {
      userId: null,
      action: "assessment.deleted",
      entity: "assessment",
      entityId: a.id,
      before: a,
      after: null,
    });
    const entry = await t.db
      .selectFrom("audit_log")
      .select("id")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    ctx.deletedAuditId = Number(entry.id);

    // A committed import to undo: the excerpt's rows for Kenya's second review (which holds none).
    const { header, rows } = excerptRows();
    const cycle2 = [header, ...rows.map((c) => [...c.slice(0, 10), "21"].join(","))].join("\r\n");
    ctx.importId = (await importFile(t.db, Buffer.from(cycle2))).importId!;

    adminCookie = await signIn("admin@example.org", "admin password 1");
    // An editor who signed out: the old cookie value, replayed.
    signedOutCookie = await signIn("editor@example.org", "editor password 1");
    expect((await run(logoutRoute.action(args(post("/logout", {}, { cookie: signedOutCookie }))))).status).toBe(302);
    // An editor whose account an admin deactivated.
    deactivatedCookie = await signIn("former@example.org", "former password 1");
    expect(await updateUser(t.db, { userId: former.user.id, active: false }, { userId: admin.user.id })).toMatchObject({
      ok: true,
    });
  });

  it("knows every route that has an action", () => {
    const unknown = routeModulesWithAction().filter((f) => !(f in WRITES));
    expect(unknown, "add these routes to WRITES with a request that would change data").toEqual([]);
  });

  for (const who of ["anonymous", "signed-out editor", "deactivated editor"] as const) {
    it(`refuses every write from a ${who}, and nothing changes`, async () => {
      const cookie =
        who === "anonymous" ? undefined : who === "signed-out editor" ? signedOutCookie : deactivatedCookie;
      const before = await snapshot();
      let tried = 0;
      for (const [file, attempts] of Object.entries(WRITES)) {
        if (!attempts) continue;
        const mod = await import(/* @vite-ignore */ path.join(ROUTES_DIR, file));
        for (const attempt of attempts) {
          const { url, params } = attemptPath(attempt, ctx);
          const outcome = await run(mod.action(args(post(url, attempt.fields(ctx), { cookie }), {}, params)));
          expect(
            [403, 302],
            `${file} as ${who}: ${outcome.status} ${JSON.stringify(outcome.body).slice(0, 200)}`,
          ).toContain(outcome.status);
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
        const { url, params } = attemptPath(attempt, ctx);
        const outcome = await run(
          mod.action(args(post(url, attempt.fields(ctx), { cookie: adminCookie }), {}, params)),
        );
        expect(outcome.status, `${file}: ${JSON.stringify(outcome.body).slice(0, 300)}`).toBeLessThan(400);
        expect(await snapshot(), `${file} wrote nothing as admin`).not.toEqual(before);
      }
    }
  });
});
