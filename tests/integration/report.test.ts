// The mid-term report's numbers: each recommendation's status at the mid-term date beside its status
// now, and a review period that runs on to an assessment dated after the next review. Both engines.
import { beforeAll, expect, it } from "vitest";
import { reviewForProgress } from "~/models/dashboard.server";
import { loadMidtermReport } from "~/models/report.server";
import { seed } from "~/models/seed.server";
import { describeEachEngine } from "../helpers/test-db";

describeEachEngine("mid-term report", (t) => {
  const ids: Record<string, number> = {};
  let reviewId = 0;

  beforeAll(async () => {
    await seed(t.db);
    for (const r of await t.db.selectFrom("recommendation").select(["id", "paragraph", "review_id"]).execute()) {
      ids[r.paragraph!] = r.id;
      reviewId = r.review_id;
    }
    const org = await t.db
      .insertInto("organisation")
      .values({ name: "Test organisation (test data)" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const add = (
      paragraph: string,
      as_of: string,
      status: "in_progress" | "partially_implemented" | "fully_implemented",
    ) =>
      t.db
        .insertInto("assessment")
        .values({ recommendation_id: ids[paragraph]!, organisation_id: org.id, author_id: null, as_of, status })
        .execute();
    // Kenya cycle 1: review 6 May 2010, no adoption date, so mid-term 6 November 2012; next review 22 January 2015.
    await add("101.1", "2011-01-15", "in_progress");
    await add("101.1", "2014-06-30", "fully_implemented");
    await add("101.2", "2012-11-06", "partially_implemented"); // on the mid-term date: counts at mid-term
    await add("101.4", "2016-02-01", "partially_implemented"); // after the next review
  });

  it("gives each recommendation its status at the mid-term date and now", async () => {
    const report = (await loadMidtermReport(t.db, reviewId))!;
    expect(report.midterm).toBe("2012-11-06");
    const byParagraph = new Map(report.overall.recommendations.map((r) => [r.paragraph, r]));
    expect(byParagraph.get("101.1")).toMatchObject({ statusAtMidterm: "in_progress", status: "fully_implemented" });
    expect(byParagraph.get("101.2")).toMatchObject({
      statusAtMidterm: "partially_implemented",
      status: "partially_implemented",
    });
    expect(byParagraph.get("101.4")).toMatchObject({
      statusAtMidterm: "not_assessed",
      status: "partially_implemented",
    });
    expect(byParagraph.get("101.3")).toMatchObject({ statusAtMidterm: "not_assessed", status: "not_assessed" });
    expect(report.organisations).toEqual(["Test organisation (test data)"]);
  });

  it("runs the period on to the latest assessment, keeping the next review as a milestone", async () => {
    const review = (await reviewForProgress(t.db, { kind: "recommendation", cycle: 1 }, "KEN"))!;
    expect(review.period.end).toBe("2016-02-01");
    expect(review.period.monthEnds.at(-1)).toBe("2016-02-29");
    expect(review.period.milestones.find((m) => m.key === "next_review")!.date).toBe("2015-01-22");
    // The report's chart stacks the supported recommendations, and its last month has the late assessment.
    const report = (await loadMidtermReport(t.db, reviewId))!;
    const last = report.overall.points.at(-1)!;
    expect(last.month).toBe("2016-02-29");
    expect(last.counts.partially_implemented + last.counts.fully_implemented).toBe(3);
    expect(Object.values(last.counts).reduce((a, b) => a + b, 0)).toBe(128);
  });
});
