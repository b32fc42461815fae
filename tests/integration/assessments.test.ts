import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { AssessmentFields } from "~/lib/assessment-input";
import {
  type Actor,
  deleteAssessment,
  editAssessment,
  getCurrentAssessment,
  latestByOrganisation,
  listAssessmentHistory,
  recordAssessment,
  recordAssessments,
  restoreAssessment,
} from "~/models/assessments.server";
import { describeEachEngine } from "../helpers/test-db";

const TODAY = "2026-11-26";

describeEachEngine("assessments", (t) => {
  let editor: Actor;
  let admin: Actor;
  let orgA: number;
  let orgB: number;
  let recs: number[];

  const fields = (over: Partial<Record<string, string>> = {}) =>
    AssessmentFields.parse({
      status: "in_progress",
      asOf: "2012-03-01",
      evidence: "Counter-Trafficking in Persons Act 2010 in force.",
      sourceUrls: "https://example.org/report",
      organisationId: String(orgA),
      ...over,
    });

  async function auditCount() {
    const r = await t.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return r.n;
  }

  beforeAll(async () => {
    await seed(t.db);
    orgA = (
      await t.db
        .insertInto("organisation")
        .values({ name: "Stop the Traffik Kenya" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    orgB = (
      await t.db
        .insertInto("organisation")
        .values({ name: "Kenya National Commission on Human Rights" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const mk = async (email: string, role: "admin" | "editor", organisation_id: number) =>
      ({
        id: (
          await t.db
            .insertInto("app_user")
            .values({ email, role, organisation_id, password_hash: "x", display_name: null })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id,
        role,
      }) as Actor;
    editor = await mk("editor@example.org", "editor", orgA);
    admin = await mk("admin@example.org", "admin", orgB);
    recs = (await t.db.selectFrom("recommendation").select("id").orderBy("id").limit(5).execute()).map((r) => r.id);
  });

  it("records an assessment with evidence, audited, and it becomes the current status", async () => {
    const before = await auditCount();
    const result = await recordAssessment(t.db, editor, recs[0]!, fields(), { basedOn: 0, today: TODAY });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.assessment).toMatchObject({
      status: "in_progress",
      asOf: "2012-03-01",
      sourceUrls: ["https://example.org/report"],
      organisationName: "Stop the Traffik Kenya",
      authorEmail: "editor@example.org",
      version: 1,
    });
    expect(await auditCount()).toBe(before + 1);
    expect((await getCurrentAssessment(t.db, recs[0]!))?.id).toBe(result.assessment.id);
  });

  it("the current status is the latest by as-of date, not by when it was typed", async () => {
    const rec = recs[1]!;
    await recordAssessment(t.db, editor, rec, fields({ status: "partially_implemented", asOf: "2014-06-01" }), {
      today: TODAY,
    });
    await recordAssessment(t.db, editor, rec, fields({ status: "no_action", asOf: "2011-01-01" }), { today: TODAY });
    expect((await getCurrentAssessment(t.db, rec))?.status).toBe("partially_implemented");
    const history = await listAssessmentHistory(t.db, rec);
    expect(history.map((a) => a.asOf)).toEqual(["2014-06-01", "2011-01-01"]);
  });

  it("shows each organisation's latest and marks disagreement", async () => {
    const rec = recs[2]!;
    await recordAssessment(t.db, editor, rec, fields({ status: "fully_implemented", asOf: "2013-01-01" }), {
      today: TODAY,
    });
    let view = await latestByOrganisation(t.db, rec);
    expect(view.disagree).toBe(false);
    await recordAssessment(
      t.db,
      admin,
      rec,
      fields({ status: "no_action", asOf: "2013-02-01", organisationId: String(orgB) }),
      { today: TODAY },
    );
    view = await latestByOrganisation(t.db, rec);
    expect(view.latest.map((a) => [a.organisationName, a.status])).toEqual([
      ["Kenya National Commission on Human Rights", "no_action"],
      ["Stop the Traffik Kenya", "fully_implemented"],
    ]);
    expect(view.disagree).toBe(true);
  });

  it("refuses a future date or one before the review, writing nothing", async () => {
    const before = await auditCount();
    const future = await recordAssessment(t.db, editor, recs[3]!, fields({ asOf: "2026-11-27" }), { today: TODAY });
    expect(future).toMatchObject({
      ok: false,
      kind: "invalid",
      fieldErrors: { asOf: expect.stringContaining("future") },
    });
    const early = await recordAssessment(t.db, editor, recs[3]!, fields({ asOf: "2010-05-05" }), { today: TODAY });
    expect(early).toMatchObject({
      ok: false,
      kind: "invalid",
      fieldErrors: { asOf: expect.stringContaining("before the review (2010-05-06)") },
    });
    expect(await listAssessmentHistory(t.db, recs[3]!)).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it("refuses a recommendation or organisation that does not exist", async () => {
    expect(await recordAssessment(t.db, editor, 9_999_999, fields(), { today: TODAY })).toEqual({
      ok: false,
      kind: "not_found",
    });
    expect(
      await recordAssessment(t.db, editor, recs[3]!, fields({ organisationId: "999999" }), { today: TODAY }),
    ).toMatchObject({ ok: false, kind: "invalid", fieldErrors: { organisationId: expect.any(String) } });
  });

  it("two editors from stale pages: the second save is refused with the other's version, nothing lost", async () => {
    const rec = recs[4]!;
    const seen = 0; // both pages loaded when the recommendation had no assessment
    const first = await recordAssessment(
      t.db,
      editor,
      rec,
      fields({ status: "in_progress", evidence: "First editor" }),
      { basedOn: seen, today: TODAY },
    );
    expect(first.ok).toBe(true);
    const second = await recordAssessment(
      t.db,
      admin,
      rec,
      fields({ status: "no_action", evidence: "Second editor", organisationId: String(orgB) }),
      { basedOn: seen, today: TODAY },
    );
    expect(second).toMatchObject({ ok: false, kind: "conflict", current: { evidence: "First editor" } });
    expect((await listAssessmentHistory(t.db, rec)).map((a) => a.evidence)).toEqual(["First editor"]);
  });

  it("a form posted twice records one assessment", async () => {
    const rec = recs[3]!;
    const basedOn = (await getCurrentAssessment(t.db, rec))?.id ?? 0;
    const once = await recordAssessment(t.db, editor, rec, fields({ evidence: "Posted twice" }), {
      basedOn,
      today: TODAY,
    });
    const twice = await recordAssessment(t.db, editor, rec, fields({ evidence: "Posted twice" }), {
      basedOn,
      today: TODAY,
    });
    expect(once.ok).toBe(true);
    expect(twice).toMatchObject({ ok: false, kind: "conflict" });
    expect((await listAssessmentHistory(t.db, rec)).filter((a) => a.evidence === "Posted twice")).toHaveLength(1);
  });

  it("concurrent saves from the same stale page: exactly one wins", async () => {
    const rec = recs[0]!;
    const basedOn = (await getCurrentAssessment(t.db, rec))!.id;
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        recordAssessment(t.db, editor, rec, fields({ evidence: `Concurrent ${n}`, asOf: "2015-01-01" }), {
          basedOn,
          today: TODAY,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.kind === "conflict")).toHaveLength(3);
  });

  it("an edit keeps the previous version in the audit log; a stale edit is refused", async () => {
    const rec = recs[1]!;
    const current = (await getCurrentAssessment(t.db, rec))!;
    const edited = await editAssessment(
      t.db,
      editor,
      current.id,
      current.version,
      fields({ status: "fully_implemented", asOf: current.asOf, evidence: "Corrected" }),
      { today: TODAY },
    );
    expect(edited).toMatchObject({
      ok: true,
      assessment: { status: "fully_implemented", version: current.version + 1 },
    });
    const stale = await editAssessment(
      t.db,
      admin,
      current.id,
      current.version,
      fields({ status: "no_action", asOf: current.asOf }),
      { today: TODAY },
    );
    expect(stale).toMatchObject({
      ok: false,
      kind: "conflict",
      current: { status: "fully_implemented", evidence: "Corrected" },
    });
    const log = await t.db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("entity", "=", "assessment")
      .where("entity_id", "=", String(current.id))
      .where("action", "=", "assessment.updated")
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]!.before).toMatchObject({ status: "partially_implemented", version: 1 });
    expect(log[0]!.after).toMatchObject({ status: "fully_implemented", evidence: "Corrected", version: 2 });
  });

  it("only an admin deletes; the deletion is logged and can be restored exactly", async () => {
    const rec = recs[2]!;
    const target = (await listAssessmentHistory(t.db, rec)).at(-1)!;
    expect(await deleteAssessment(t.db, editor, target.id, target.version)).toEqual({ ok: false, kind: "forbidden" });
    const deleted = await deleteAssessment(t.db, admin, target.id, target.version);
    expect(deleted.ok).toBe(true);
    if (!deleted.ok) return;
    expect((await listAssessmentHistory(t.db, rec)).map((a) => a.id)).not.toContain(target.id);
    expect(await restoreAssessment(t.db, editor, deleted.auditId)).toEqual({ ok: false, kind: "forbidden" });
    expect(await restoreAssessment(t.db, admin, deleted.auditId)).toEqual({ ok: true, assessmentId: target.id });
    const back = (await listAssessmentHistory(t.db, rec)).find((a) => a.id === target.id);
    expect(back).toMatchObject({
      status: target.status,
      asOf: target.asOf,
      evidence: target.evidence,
      organisationId: target.organisationId,
      version: target.version,
    });
    expect(await restoreAssessment(t.db, admin, deleted.auditId)).toEqual({ ok: false, kind: "already_present" });
  });

  it("bulk: one status and note for many, one assessment each, all or nothing", async () => {
    const ids = (await t.db.selectFrom("recommendation").select("id").orderBy("id").offset(10).limit(20).execute()).map(
      (r) => r.id,
    );
    const bad = await recordAssessments(
      t.db,
      editor,
      [...ids, 9_999_999],
      fields({ status: "no_action", evidence: "Bulk" }),
      { today: TODAY },
    );
    expect(bad).toEqual({ ok: false, kind: "not_found" });
    const ok = await recordAssessments(
      t.db,
      editor,
      [...ids, ids[0]!],
      fields({ status: "no_action", evidence: "Bulk" }),
      { today: TODAY },
    );
    expect(ok).toEqual({ ok: true, count: 20 });
    for (const id of ids) expect((await getCurrentAssessment(t.db, id))?.evidence).toBe("Bulk");
  });

  it("each recommendation's stored current status equals its latest assessment, after every kind of change", async () => {
    const rows = await t.db.selectFrom("recommendation").select(["id", "current_status", "current_as_of"]).execute();
    let assessed = 0;
    for (const r of rows) {
      const latest = await getCurrentAssessment(t.db, r.id);
      if (latest) assessed++;
      expect([r.id, r.current_status, r.current_as_of]).toEqual([
        r.id,
        latest?.status ?? "not_assessed",
        latest?.asOf ?? null,
      ]);
    }
    expect(assessed).toBeGreaterThan(20);
  });
});
