// Export, edit as a spreadsheet would, import back: assessments for the changed rows only, all or nothing.
import Papa from "papaparse";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { parseRoundTrip } from "~/import/readers/roundtrip";
import { exportCsv } from "~/models/export.server";
import { applyRoundTrip, planRoundTrip } from "~/import/store/roundtrip.server";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setDb } from "~/db.server";
import { setUploadRootForTesting } from "~/import/uploads.server";
import { createUser } from "~/models/users.server";
import * as importRoute from "~/routes/import";
import * as login from "~/routes/login";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { args, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";
import { uploadAs } from "../helpers/uploads";

const TODAY = "2026-11-26";

describeEachEngine("spreadsheet round trip", (t) => {
  let actor: { id: number; role: "editor"; organisationId: number };

  async function exported(): Promise<string[][]> {
    let text = "";
    for await (const piece of exportCsv(t.db, { kind: "recommendation", state: "KEN", cycle: 1 })) text += piece;
    return Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
  }
  const toCsv = (rows: string[][]) => "\uFEFF" + Papa.unparse(rows, { newline: "\r\n" });
  const assessments = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from assessment`.execute(t.db)).rows[0]!.n;

  beforeAll(async () => {
    await seed(t.db);
    const org = await t.db
      .insertInto("organisation")
      .values({ name: "Stop the Traffik Kenya" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = await t.db
      .insertInto("app_user")
      .values({
        email: "editor@example.org",
        password_hash: "x",
        organisation_id: org.id,
        role: "editor",
        display_name: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    actor = { id: user.id, role: "editor", organisationId: org.id };
    const rec = await t.db
      .selectFrom("recommendation")
      .select("id")
      .where("paragraph", "=", "101.2")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("assessment")
      .values({
        recommendation_id: rec.id,
        organisation_id: org.id,
        author_id: null,
        status: "in_progress",
        as_of: "2012-01-01",
        evidence: "=SUM(1)",
      })
      .execute();
  });

  it("an unchanged export changes nothing", async () => {
    const rows = await exported();
    const { rows: parsed, problems } = parseRoundTrip(toCsv(rows));
    expect(problems).toEqual([]);
    expect(parsed).toHaveLength(150);
    const plan = await planRoundTrip(t.db, parsed, TODAY);
    expect(plan).toEqual({ changes: [], unchanged: 150, problems: [] });
  });

  it("new statuses and evidence typed in create assessments for those rows only", async () => {
    const rows = await exported();
    const h = rows[0]!;
    const col = (name: string) => h.indexOf(name);
    const at = (paragraph: string) => rows.find((r) => r[col("paragraph")] === paragraph)!;
    at("101.1")[col("current_status")] = "Partially implemented";
    at("101.1")[col("evidence")] = "Bill tabled in Parliament — “second reading”.";
    at("101.1")[col("current_as_of")] = "2013-03-01";
    at("101.3")[col("current_status")] = "fully_implemented";
    const before = await assessments();
    const { rows: parsed, problems } = parseRoundTrip(toCsv(rows));
    expect(problems).toEqual([]);
    const result = await applyRoundTrip(t.db, actor, parsed, TODAY);
    expect(result.created).toBe(2);
    expect(result.unchanged).toBe(148);
    expect(await assessments()).toBe(before + 2);
    const r1 = await t.db
      .selectFrom("recommendation as r")
      .innerJoin("assessment as a", "a.recommendation_id", "r.id")
      .where("r.paragraph", "=", "101.1")
      .select(["a.status", "a.as_of", "a.evidence", "r.current_status"])
      .executeTakeFirstOrThrow();
    expect(r1).toEqual({
      status: "partially_implemented",
      as_of: "2013-03-01",
      evidence: "Bill tabled in Parliament — “second reading”.",
      current_status: "partially_implemented",
    });
    const r3 = await t.db
      .selectFrom("recommendation as r")
      .innerJoin("assessment as a", "a.recommendation_id", "r.id")
      .where("r.paragraph", "=", "101.3")
      .select(["a.as_of"])
      .executeTakeFirstOrThrow();
    expect(r3.as_of).toBe(TODAY); // no date typed: as of the import
    // The formula-guarded evidence of 101.2 came back unchanged, so no assessment was added for it.
    expect((await planRoundTrip(t.db, parseRoundTrip(toCsv(await exported())).rows, TODAY)).changes).toEqual([]);
  });

  it("rows that no longer match are listed, and nothing is written until they are fixed", async () => {
    const rows = await exported();
    const h = rows[0]!;
    const col = (name: string) => h.indexOf(name);
    rows[5]![col("current_status")] = "no_action";
    rows[6]![col("recommendation")] = "Ratify everything";
    rows[7]![col("upr_monitor_id")] = "999999";
    rows[8]![col("current_as_of")] = "2030-01-01";
    rows[8]![col("current_status")] = "no_action";
    const before = await assessments();
    const result = await applyRoundTrip(t.db, actor, parseRoundTrip(toCsv(rows)).rows, TODAY);
    expect(result.created).toBe(0);
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [7, "recommendation"],
      [8, "upr_monitor_id"],
      [9, "current_as_of"],
    ]);
    expect(await assessments()).toBe(before);
  });

  it("on the /import page: a preview of the changes, then the assessments recorded for the editor's organisation", async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    const made = await createUser(
      t.db,
      {
        email: "rt@example.org",
        password: "round trip pass 1",
        role: "editor",
        organisation: { name: "Round trip org" },
      },
      { userId: null },
    );
    expect(made.ok).toBe(true);
    const cookie = sessionCookie(
      await run(login.action(args(post("/login", { email: "rt@example.org", password: "round trip pass 1" })))),
    );
    const rows = await exported();
    const h = rows[0]!;
    rows.find((r) => r[h.indexOf("paragraph")] === "101.10")![h.indexOf("current_status")] = "no_action";
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "upr-rt-"));
    setUploadRootForTesting(root);
    const file = path.join(root, "edited.csv");
    fs.writeFileSync(file, toCsv(rows));
    const id = await uploadAs(made.ok ? made.user.id : 0, file);
    const before = await assessments();
    const preview = await run(
      importRoute.action(args(post("/import", { intent: "preview", uploadId: id }, { cookie }))),
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ kind: "roundtrip", changeCount: 1, problems: [], created: null });
    expect(await assessments()).toBe(before);
    const done = await run(importRoute.action(args(post("/import", { intent: "import", uploadId: id }, { cookie }))));
    expect(done.body).toMatchObject({ kind: "roundtrip", created: 1 });
    expect(await assessments()).toBe(before + 1);
    const a = await t.db
      .selectFrom("assessment as a")
      .innerJoin("organisation as o", "o.id", "a.organisation_id")
      .innerJoin("recommendation as r", "r.id", "a.recommendation_id")
      .where("r.paragraph", "=", "101.10")
      .select(["a.status", "o.name"])
      .executeTakeFirstOrThrow();
    expect(a).toEqual({ status: "no_action", name: "Round trip org" });
  });
});
