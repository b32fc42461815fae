import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { addSampleData, hasSample, removeSampleData, sampleHistory } from "~/models/sample-data.server";
import { describeEachEngine } from "../helpers/test-db";

describeEachEngine("sample data", (t) => {
  let userAssessmentId: number;
  let userLink: { recommendation_id: number; issue_id: number };

  async function fingerprint(table: "assessment" | "recommendation_issue" | "recommendation") {
    const r = await sql<{
      h: string;
    }>`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${sql.table(table)} x`.execute(
      t.db,
    );
    return r.rows[0]!.h;
  }

  beforeAll(async () => {
    await seed(t.db);
    const org = await t.db
      .insertInto("organisation")
      .values({ name: "A real organisation" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rec = await t.db.selectFrom("recommendation").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow();
    userAssessmentId = (
      await t.db
        .insertInto("assessment")
        .values({
          recommendation_id: rec.id,
          organisation_id: org.id,
          author_id: null,
          status: "in_progress",
          as_of: "2011-05-01",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const issue = await t.db
      .selectFrom("coalition_issue")
      .select("id")
      .where("slug", "=", "victim-protection")
      .executeTakeFirstOrThrow();
    const trafficking = await t.db
      .selectFrom("recommendation")
      .select("id")
      .where("paragraph", "=", "101.59")
      .executeTakeFirstOrThrow();
    userLink = { recommendation_id: trafficking.id, issue_id: issue.id };
    await t.db
      .insertInto("recommendation_issue")
      .values({ ...userLink, created_by: null })
      .execute();
  });

  it("histories are deterministic, move forward, stay within the period and never in the future", () => {
    expect(sampleHistory(42, "2010-05-06", "2026-11-26")).toEqual(sampleHistory(42, "2010-05-06", "2026-11-26"));
    for (let id = 1; id <= 300; id++) {
      const h = sampleHistory(id, "2010-05-06", "2012-01-01");
      for (const a of h) expect(a.asOf >= "2010-05-06" && a.asOf <= "2012-01-01").toBe(true);
      for (let i = 1; i < h.length; i++) expect(h[i]!.asOf > h[i - 1]!.asOf).toBe(true);
    }
  });

  it("adds marked sample assessments and links once; removing takes exactly them away", async () => {
    const before = { assessments: await fingerprint("assessment"), links: await fingerprint("recommendation_issue") };
    expect(await hasSample(t.db)).toBe(false);
    const added = await addSampleData(t.db, "KEN", "2026-11-26");
    expect(added.assessments).toBeGreaterThan(100);
    expect(added.links).toBeGreaterThan(10);
    expect(await hasSample(t.db)).toBe(true);
    expect(await addSampleData(t.db, "KEN", "2026-11-26")).toEqual({ assessments: 0, links: 0, asks: 0 });
    const sample = await t.db
      .selectFrom("assessment")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("is_sample", "=", true)
      .executeTakeFirstOrThrow();
    expect(Number(sample.n)).toBe(added.assessments);
    // The user's own link was kept as theirs, not duplicated as a sample link.
    const link = await t.db
      .selectFrom("recommendation_issue")
      .selectAll()
      .where("recommendation_id", "=", userLink.recommendation_id)
      .where("issue_id", "=", userLink.issue_id)
      .execute();
    expect(link).toHaveLength(1);
    expect(link[0]!.is_sample).toBe(false);

    // A labelled sample submission with asks, and the best uptake suggestion of each confirmed.
    expect(added.asks).toBeGreaterThan(0);
    const asks = await t.db
      .selectFrom("ask")
      .innerJoin("submission as sub", "sub.id", "ask.submission_id")
      .select(["ask.id", "ask.text", "sub.title", "sub.is_sample", "sub.is_public"])
      .execute();
    expect(asks).toHaveLength(added.asks);
    for (const a of asks) {
      expect(a.is_sample).toBe(true);
      expect(a.title).toMatch(/^Sample submission/);
      expect(a.text).toMatch(/Sample ask: made up/);
    }
    const confirmed = await t.db
      .selectFrom("ask_uptake")
      .select(["ask_id", "recommendation_id"])
      .where("status", "=", "confirmed")
      .execute();
    expect(confirmed.length).toBeGreaterThan(0);
    expect(new Set(confirmed.map((c) => c.ask_id)).size).toBe(confirmed.length);

    expect(await removeSampleData(t.db)).toEqual(added);
    expect(await t.db.selectFrom("submission").select("id").execute()).toHaveLength(0);
    expect(await t.db.selectFrom("ask_uptake").select("ask_id").execute()).toHaveLength(0);
    expect(await hasSample(t.db)).toBe(false);
    expect(await fingerprint("assessment")).toBe(before.assessments);
    expect(await fingerprint("recommendation_issue")).toBe(before.links);
    const current = await t.db
      .selectFrom("recommendation")
      .select("current_status")
      .where("id", "=", userLink.recommendation_id)
      .executeTakeFirstOrThrow();
    expect(current.current_status).toBe("not_assessed");
    expect(
      await t.db.selectFrom("assessment").select("id").where("id", "=", userAssessmentId).executeTakeFirst(),
    ).toBeTruthy();
    expect(
      await t.db
        .selectFrom("organisation")
        .select("id")
        .where("name", "=", "Sample data (not real assessments)")
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});
