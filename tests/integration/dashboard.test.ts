// The dashboard's numbers against hand-checked expectations, on both engines.
// The words of the benchmark rows: the catalogues, as the server registers them.
import "~/i18n/catalogues.server";
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { monthEndsBetween } from "~/lib/review-period";
import {
  headline,
  headlinesByIssue,
  loadDashboard,
  responsesByCycle,
  responsesByGroup,
  reviewForProgress,
  statusByMonth,
  topRecommendingStates,
} from "~/models/dashboard.server";
import { benchmarkRows, countsByResponse } from "~/lib/midterm-benchmark";
import { loadMidtermReport } from "~/models/report.server";
import { describeEachEngine } from "../helpers/test-db";

describeEachEngine("dashboard numbers", (t) => {
  const KEN = { state: "KEN", kind: "recommendation" } as const;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    await seed(t.db);
    for (const r of await t.db.selectFrom("recommendation").select(["id", "paragraph"]).execute())
      ids[r.paragraph!] = r.id;
    const org = await t.db
      .insertInto("organisation")
      .values({ name: "Test organisation" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const add = (
      paragraph: string,
      as_of: string,
      status: "no_action" | "in_progress" | "partially_implemented" | "fully_implemented",
    ) =>
      t.db
        .insertInto("assessment")
        .values({ recommendation_id: ids[paragraph]!, organisation_id: org.id, author_id: null, as_of, status })
        .execute();
    // 101.1 (supported): in progress in January 2011, fully implemented on 30 June 2012.
    await add("101.1", "2011-01-15", "in_progress");
    await add("101.1", "2012-06-30", "fully_implemented");
    // 101.2 (supported): no action before the period, then partially, then no action again within January 2011.
    await add("101.2", "2010-03-01", "no_action");
    await add("101.2", "2011-01-20", "partially_implemented");
    await add("101.2", "2011-01-25", "no_action");
    // 101.4 (supported): two assessments on the same day: the one recorded last counts.
    await add("101.4", "2011-03-10", "in_progress");
    await add("101.4", "2011-03-10", "partially_implemented");
    // 103.1 (noted): assessed after the period shown: not counted in it.
    await add("103.1", "2013-01-01", "fully_implemented");
  });

  it("status by month: latest assessment on or before each month's end", async () => {
    const months = monthEndsBetween("2010-12-01", "2012-07-01");
    const series = await statusByMonth(t.db, KEN, months);
    const at = (m: string) => series.find((p) => p.month === m)!.counts;
    expect(series).toHaveLength(20);
    expect(at("2010-12-31")).toEqual({
      not_assessed: 149,
      no_action: 1,
      in_progress: 0,
      partially_implemented: 0,
      fully_implemented: 0,
    });
    expect(at("2011-01-31")).toEqual({
      not_assessed: 148,
      no_action: 1,
      in_progress: 1,
      partially_implemented: 0,
      fully_implemented: 0,
    });
    expect(at("2011-02-28")).toEqual(at("2011-01-31"));
    expect(at("2011-03-31")).toEqual({
      not_assessed: 147,
      no_action: 1,
      in_progress: 1,
      partially_implemented: 1,
      fully_implemented: 0,
    });
    expect(at("2012-05-31")).toEqual(at("2011-03-31"));
    expect(at("2012-06-30")).toEqual({
      not_assessed: 147,
      no_action: 1,
      in_progress: 0,
      partially_implemented: 1,
      fully_implemented: 1,
    });
    for (const p of series) expect(Object.values(p.counts).reduce((a, b) => a + b, 0)).toBe(150);
  });

  it("status by month follows the filter", async () => {
    const series = await statusByMonth(
      t.db,
      { ...KEN, response: "noted" },
      monthEndsBetween("2012-12-01", "2013-01-01"),
    );
    expect(series.map((p) => [p.month, p.counts.fully_implemented, p.counts.not_assessed])).toEqual([
      ["2012-12-31", 0, 19],
      ["2013-01-31", 1, 18],
    ]);
  });

  it("headline numbers", async () => {
    expect(await headline(t.db, KEN)).toEqual({
      total: 150,
      supported: 128,
      supportedImplemented: 2, // 101.1 fully, 101.4 partially; 103.1 is noted
      supportedFullyImplemented: 1,
      notAssessed: 146,
      byStatus: { not_assessed: 146, no_action: 1, in_progress: 0, partially_implemented: 1, fully_implemented: 2 },
    });
  });

  it("per issue: only linked recommendations count", async () => {
    const issue = await t.db
      .selectFrom("coalition_issue")
      .select("id")
      .where("slug", "=", "victim-protection")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("recommendation_issue")
      .values(
        [ids["101.1"]!, ids["101.59"]!].map((recommendation_id) => ({
          recommendation_id,
          issue_id: issue.id,
          created_by: null,
        })),
      )
      .execute();
    const byIssue = await headlinesByIssue(t.db, KEN);
    expect(byIssue).toHaveLength(7);
    expect(byIssue.find((i) => i.slug === "victim-protection")).toMatchObject({
      total: 2,
      supported: 2,
      supportedImplemented: 1,
      notAssessed: 1,
    });
    expect(byIssue.find((i) => i.slug === "trust-fund-delay")).toMatchObject({ total: 0, supportedImplemented: 0 });
    // The one grouped query gives, for every issue, what the headline filtered by that issue gives,
    // whichever issue the filter itself names.
    for (const filter of [KEN, { ...KEN, issue: "trust-fund-delay" }]) {
      for (const row of await headlinesByIssue(t.db, filter)) {
        const { slug, title, ...numbers } = row;
        expect(title).not.toBe("");
        expect(numbers).toEqual(await headline(t.db, { ...filter, issue: slug }));
      }
    }
  });

  it("supported and noted per cycle, per group and by recommending state", async () => {
    expect(await responsesByCycle(t.db, KEN)).toEqual([
      { key: "1", label: "Cycle 1", supported: 128, noted: 19, pending: 3 },
    ]);
    const groups = await responsesByGroup(t.db, KEN);
    const total = groups.reduce((n, g) => n + g.supported + g.noted + g.pending, 0);
    expect(total).toBeGreaterThanOrEqual(150); // joint recommendations count once per group
    const weog = groups.find((g) => g.key === "WEOG")!;
    const weogCount = await t.db
      .selectFrom("recommendation_recommending_state as rrs")
      .innerJoin("state as s", "s.id", "rrs.state_id")
      .where("s.regional_group", "=", "WEOG")
      .select((eb) => eb.fn.count<number>("rrs.recommendation_id").distinct().as("n"))
      .executeTakeFirstOrThrow();
    expect(weog.supported + weog.noted + weog.pending).toBe(Number(weogCount.n));
    const top = await topRecommendingStates(t.db, KEN, 5);
    expect(top).toHaveLength(5);
    expect(top[0]!.supported + top[0]!.noted + top[0]!.pending).toBeGreaterThanOrEqual(
      top[4]!.supported + top[4]!.noted + top[4]!.pending,
    );
  });

  it("the progress period: Kenya's latest review with recommendations, to the next review", async () => {
    const review = await reviewForProgress(t.db, { kind: "recommendation" }, "KEN");
    expect(review).toMatchObject({ cycle: 1, stateName: "Kenya", period: { start: "2010-05-06", end: "2015-01-22" } });
    expect(await reviewForProgress(t.db, { kind: "recommendation", cycle: 3 }, "KEN")).toMatchObject({
      cycle: 3,
      period: { start: "2020-09-29", end: "2025-05-01" },
    });
    expect(await reviewForProgress(t.db, { kind: "recommendation", state: "NOR" }, "KEN")).toBeNull();
  });
});

describeEachEngine("the mid-term benchmark's numbers", (t) => {
  it("are the status counts by response at the mid-term date, the same as the report's", async () => {
    await seed(t.db);
    const ids = new Map(
      (await t.db.selectFrom("recommendation").select(["id", "paragraph"]).execute()).map((r) => [r.paragraph, r.id]),
    );
    const org = await t.db
      .insertInto("organisation")
      .values({ name: "Test organisation" })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Kenya's cycle-1 mid-term date is 6 November 2012: 101.1 (supported) partially implemented before it,
    // 103.1 (noted) fully implemented before it, 101.2 (supported) fully implemented only after it.
    for (const [paragraph, as_of, status] of [
      ["101.1", "2011-05-01", "partially_implemented"],
      ["103.1", "2012-01-01", "fully_implemented"],
      ["101.2", "2013-01-01", "fully_implemented"],
    ] as const)
      await t.db
        .insertInto("assessment")
        .values({ recommendation_id: ids.get(paragraph)!, organisation_id: org.id, author_id: null, as_of, status })
        .execute();
    const d = await loadDashboard(t.db, { state: "KEN", cycle: 1, kind: "recommendation" }, "KEN", "2026-12-07");
    expect(d.atMidterm?.date).toBe("2012-11-06");
    const rows = benchmarkRows(d.atMidterm!.byResponse);
    expect(rows.map((r) => [r.label, r.implemented, r.of])).toEqual([
      ["All recommendations", 2, 150],
      ["Supported (accepted)", 1, 128],
      ["Noted", 1, 19],
    ]);
    const review = await t.db.selectFrom("review").select("id").where("cycle", "=", 1).executeTakeFirstOrThrow();
    const report = (await loadMidtermReport(t.db, review.id))!;
    const fromReport = countsByResponse(
      report.overall.recommendations.map((r) => ({ response: r.response, status: r.statusAtMidterm! })),
    );
    expect(benchmarkRows(fromReport)).toEqual(rows);
    // Before the mid-term date there is nothing to set beside the study.
    const before = await loadDashboard(t.db, { state: "KEN", cycle: 1, kind: "recommendation" }, "KEN", "2012-01-01");
    expect(before.atMidterm).toBeNull();
  });
});
