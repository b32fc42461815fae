// The audit log people can read (app/routes/admin.audit.tsx, admin.audit[.]csv.tsx): sentences with the
// real recommendation, organisation and status before, filters in words, and a formula-safe CSV file.
import Papa from "papaparse";
import { beforeAll, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { recordAssessments } from "~/models/assessments.server";
import { seed } from "~/models/seed.server";
import { createUser } from "~/models/users.server";
import * as audit from "~/routes/admin.audit";
import * as auditCsv from "~/routes/admin.audit[.]csv";
import * as login from "~/routes/login";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { args, get, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

const ADMIN = { email: "audit.admin@example.org", password: "audit admin password" };

describeEachEngine("the audit log in words", (t) => {
  let cookie: string;
  let recId: number;
  let editorId: number;

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    await seed(t.db);
    const admin = await createUser(
      t.db,
      { ...ADMIN, role: "admin", organisation: { name: "Stop the Traffik Kenya" } },
      { userId: null },
    );
    if (!admin.ok) throw new Error("no admin");
    // A name a spreadsheet would run as a formula (test data): the CSV must not.
    const editor = await createUser(
      t.db,
      {
        email: "audit.editor@example.org",
        password: "audit editor password",
        role: "editor",
        displayName: "=1+1 Test Editor (test data)",
        organisation: { id: admin.user.organisationId },
      },
      { userId: admin.user.id },
    );
    if (!editor.ok) throw new Error("no editor");
    editorId = editor.user.id;
    recId = (
      await t.db.selectFrom("recommendation").select("id").where("paragraph", "=", "101.3").executeTakeFirstOrThrow()
    ).id;
    const fields = {
      organisationId: admin.user.organisationId,
      evidence: "Test evidence (test data).",
      sourceUrls: [],
    };
    await recordAssessments(t.db, { id: editorId, role: "editor" }, [recId], {
      ...fields,
      status: "no_action",
      asOf: "2012-01-15",
    });
    await recordAssessments(t.db, { id: editorId, role: "editor" }, [recId], {
      ...fields,
      status: "in_progress",
      asOf: "2026-10-01",
    });
    cookie = sessionCookie(await run(login.action(args(post("/login", ADMIN), { clientAddress: "10.0.0.3" }))));
  });

  it("says each change as a sentence linked to the recommendation, from the status before", async () => {
    const page = await audit.loader(args(get("/admin/audit?topic=assessments", cookie)));
    expect(page.total).toBe(2);
    const [latest, first] = page.entries;
    expect(latest!.sentence).toBe(
      "101.3 (Kenya, cycle 1): Little or no known action → In the process of implementation, as of 1 October 2026, Stop the Traffik Kenya, by =1+1 Test Editor (test data) (one of many assessed at once)",
    );
    expect(latest!.href).toBe(`/recommendations/${recId}`);
    expect(first!.sentence).toMatch(
      /^101\.3 \(Kenya, cycle 1\): Not assessed → Little or no known action, as of 15 January 2012/,
    );
  });

  it("filters by what changed, who and when, in words", async () => {
    const accounts = await audit.loader(args(get("/admin/audit?topic=accounts", cookie)));
    expect(accounts.entries.map((e) => e.sentence)).toContain(
      "User =1+1 Test Editor (test data) added as editor of Stop the Traffik Kenya, by audit.admin@example.org",
    );
    expect(accounts.entries.every((e) => ["app_user", "organisation"].includes(e.entity))).toBe(true);
    const byEditor = await audit.loader(args(get(`/admin/audit?who=${editorId}`, cookie)));
    expect(byEditor.total).toBe(2);
    expect(byEditor.people.map((p) => p.name)).toEqual(["=1+1 Test Editor (test data)", "audit.admin@example.org"]);
    const bySystem = await audit.loader(args(get("/admin/audit?who=system", cookie)));
    expect(bySystem.entries.every((e) => e.userId === null)).toBe(true);
    expect(bySystem.total).toBeGreaterThan(0);
    const future = await audit.loader(args(get("/admin/audit?from=2999-01-01", cookie)));
    expect(future.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const todays = await audit.loader(args(get(`/admin/audit?from=${today}&to=${today}&topic=assessments`, cookie)));
    expect(todays.total).toBe(2);
    const aboutIt = await audit.loader(args(get(`/admin/audit?recommendation=${recId}`, cookie)));
    expect(aboutIt.total).toBe(2);
  });

  it("downloads the filtered changes as CSV that opens without running formulas", async () => {
    const res = (await auditCsv.loader(args(get(`/admin/audit.csv?who=${editorId}`, cookie)))) as Response;
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="upr-monitor-audit-/);
    const text = await res.text();
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual([
      "date (UTC)",
      "time (UTC)",
      "who",
      "what",
      "paragraph",
      "state under review",
      "cycle",
      "action",
      "entity",
      "entity id",
      "before",
      "after",
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[1]![2]).toBe("'=1+1 Test Editor (test data)");
    expect(rows[1]![3]).toMatch(/^101\.3 \(Kenya, cycle 1\): Little or no known action → In the process/);
    expect(rows[1]![4]).toBe("101.3");
    expect(JSON.parse(rows[1]![11]!)).toMatchObject({ status: "in_progress", as_of: "2026-10-01" });
    const anonymous = await run(auditCsv.loader(args(get("/admin/audit.csv"))));
    expect(anonymous.status).not.toBe(200);
  });
});
