// /admin/imports: the committed imports, and undoing one from the web (admins only), on both engines.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { setDb } from "~/db.server";
import { importFile } from "~/import/store/import.server";
import { createUser } from "~/models/users.server";
import * as route from "~/routes/admin.imports";
import * as template from "~/routes/import.template[.]csv";
import { createUserSession, setSessionSecretsForTesting } from "~/http/session.server";
import { snapshotDb, type DbSnapshot } from "../helpers/db-snapshot";
import { ORIGIN, run } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";
import { parseImportBuffer } from "~/import/readers";

const EXCERPT = fs.readFileSync(
  path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-kenya-session8-excerpt.csv"),
);
const data = (s: DbSnapshot) => {
  const { audit_log: _a, import_run: _r, import_change: _c, ...rest } = s;
  return rest;
};

describeEachEngine("admin imports page", (t) => {
  let adminCookie: string;
  let editorCookie: string;
  let adminId: number;

  async function cookieFor(email: string, role: "editor" | "admin"): Promise<{ cookie: string; id: number }> {
    const created = await createUser(
      t.db,
      { email, password: "a long enough password", role, organisation: { name: "Stop the Traffik Kenya" } },
      { userId: null },
    );
    if (!created.ok) throw new Error(created.error);
    const response = await createUserSession({
      request: new Request(`${ORIGIN}/login`),
      userId: created.user.id,
      sessionVersion: 1,
    });
    return { cookie: response.headers.get("Set-Cookie")!.split(";")[0], id: created.user.id };
  }
  const get = (query: string, cookie?: string) =>
    run(
      route.loader({
        request: new Request(`${ORIGIN}/admin/imports${query}`, { headers: cookie ? { Cookie: cookie } : {} }),
        params: {},
        context: {},
      }),
    );
  const post = (fields: Record<string, string>, cookie?: string) =>
    run(
      route.action({
        request: new Request(`${ORIGIN}/admin/imports`, {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: {
            Origin: ORIGIN,
            "Content-Type": "application/x-www-form-urlencoded",
            ...(cookie ? { Cookie: cookie } : {}),
          },
        }),
        params: {},
        context: {},
      }),
    );

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting(["test-secret-admin-imports-0123456789abcdef"]);
    await seed(t.db);
    ({ cookie: adminCookie, id: adminId } = await cookieFor("admin@example.org", "admin"));
    ({ cookie: editorCookie } = await cookieFor("editor@example.org", "editor"));
  });

  it("lists an import, shows what undoing it does, and undoes it: the data is as before, the audit log says who", async () => {
    const before = data(await snapshotDb(t.db));
    const s = await importFile(t.db, EXCERPT, {}, { userId: adminId, fileName: "excerpt.csv" });
    expect(s.importId).not.toBeNull();

    expect((await get("")).status).toBe(302); // anonymous: to the sign-in page
    expect((await get("", editorCookie)).status).toBe(403);
    expect((await post({ importId: String(s.importId) }, editorCookie)).status).toBe(403);

    const list = await get("", adminCookie);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      runs: [{ id: s.importId, fileName: "excerpt.csv", by: "admin@example.org", undoneAt: null }],
      plan: null,
    });
    const plan = await get(`?undo=${s.importId}`, adminCookie);
    expect(plan.body).toMatchObject({ plan: { inserted: 0, assessed: [], blockedBy: null, run: { id: s.importId } } });

    const undone = await post({ importId: String(s.importId) }, adminCookie);
    expect(undone).toMatchObject({ status: 200, body: { result: { kind: "undone", removed: 0 } } });
    expect(data(await snapshotDb(t.db))).toEqual(before);
    const again = await post({ importId: String(s.importId) }, adminCookie);
    expect(again).toMatchObject({ status: 409, body: { result: { kind: "already-undone" } } });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["user_id"])
      .where("action", "=", "import.undone")
      .executeTakeFirstOrThrow();
    expect(audit.user_id).toBe(adminId);
    expect((await post({ importId: "nope" }, adminCookie)).status).toBe(400);
  });

  it("the template download reads back as our template with the real example row", async () => {
    const response = await template.loader();
    expect(response.headers.get("Content-Disposition")).toMatch(/upr-monitor-template\.csv/);
    const parsed = await parseImportBuffer(new Uint8Array(await response.arrayBuffer()));
    expect(parsed.problems).toEqual([]);
    expect(parsed.detected?.format).toBe("native");
    expect(parsed.records).toMatchObject([
      { paragraph: "101.1", response: "supported", stateUnderReview: { iso3: "KEN" } },
    ]);
  });
});
