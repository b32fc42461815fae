// Every imported review is dated by the session calendar (issue #27): the day of its review where the
// calendar holds it, else its session's first day, with an adoption estimated by the rules; the dashboard
// of an imported state draws its period; an admin corrects the dates (audited). On both engines.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { importFile } from "~/import/store/import.server";
import { loadDashboard } from "~/models/dashboard.server";
import { correctReviewDates, dateReviewsFromCalendar, getReviewSummary } from "~/models/reviews.server";
import { seed } from "~/models/seed.server";
import { describeEachEngine } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MATRIX_EXCERPT = path.join(ROOT, "tests/fixtures/import/ohchr-matrix-slovenia-excerpt.docx");
const UPR_INFO_EXCERPT = path.join(ROOT, "tests/fixtures/import/uprinfo-kenya-session8-excerpt.csv");

describeEachEngine("review dates from the session calendar", (t) => {
  beforeAll(async () => {
    await seed(t.db);
  });

  it("an imported matrix's review takes the day of its review from the calendar and an estimated adoption; the dashboard draws its period", async () => {
    const s = await importFile(t.db, fs.readFileSync(MATRIX_EXCERPT), {}, { fileName: "matrix.docx" });
    expect(s).toMatchObject({ committed: true, errorCount: 0 });
    const review = await t.db
      .selectFrom("review as r")
      .innerJoin("state as s", "s.id", "r.state_id")
      .where("s.iso3", "=", "SVN")
      .where("r.cycle", "=", 3)
      .select([
        "r.id",
        "r.session",
        "r.review_date",
        "r.review_date_estimated",
        "r.adoption_date",
        "r.adoption_date_estimated",
      ])
      .executeTakeFirstOrThrow();
    // Slovenia was reviewed on 12 November 2019, at the 34th session (docs/sources/upr-review-days.csv).
    expect(review).toMatchObject({
      session: 34,
      review_date: "2019-11-12",
      review_date_estimated: false,
      adoption_date: "2020-04-12",
      adoption_date_estimated: true,
    });
    const dashboard = await loadDashboard(t.db, { kind: "recommendation", state: "SVN" }, "KEN", "2026-12-07");
    expect(dashboard.progress?.period.start).toBe("2020-04-12");
    const milestones = dashboard.progress!.period.milestones;
    expect(milestones.find((m) => m.key === "review")).toMatchObject({ date: "2019-11-12", estimated: false });
    expect(milestones.find((m) => m.key === "adoption")).toMatchObject({ date: "2020-04-12", estimated: true });
  });

  it("a review held without a date takes the calendar's; one with a date is left as it is", async () => {
    // Kenya's reviews are seeded with their real dates; an undated one (as imports made before) is dated.
    const state = await t.db.selectFrom("state").select("id").where("iso3", "=", "UGA").executeTakeFirst();
    const stateId =
      state?.id ??
      (
        await t.db
          .insertInto("state")
          .values({ name: "Uganda", iso3: "UGA", regional_group: "African" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const { id } = await t.db
      .insertInto("review")
      .values({ state_id: stateId, cycle: 2, session: 26 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const kenyaBefore = await t.db
      .selectFrom("review")
      .selectAll()
      .where("report_symbol", "=", "A/HRC/15/8")
      .executeTakeFirstOrThrow();
    expect(await dateReviewsFromCalendar(t.db)).toBeGreaterThanOrEqual(1);
    expect(await getReviewSummary(t.db, id)).toMatchObject({
      reviewDate: "2016-10-31",
      reviewDateEstimated: true,
      adoptionDate: "2017-03-31",
      adoptionDateEstimated: true,
    });
    const kenyaAfter = await t.db
      .selectFrom("review")
      .selectAll()
      .where("id", "=", kenyaBefore.id)
      .executeTakeFirstOrThrow();
    expect(kenyaAfter).toEqual(kenyaBefore);
    expect(kenyaAfter).toMatchObject({ review_date: "2010-05-06", review_date_estimated: false });
  });

  it("an admin's correction replaces the estimates, is no longer marked estimated, and is audited", async () => {
    const review = await t.db
      .selectFrom("review as r")
      .innerJoin("state as s", "s.id", "r.state_id")
      .where("s.iso3", "=", "SVN")
      .select("r.id")
      .executeTakeFirstOrThrow();
    expect(
      await correctReviewDates(t.db, null, review.id, {
        reviewDate: "2019-11-13",
        adoptionDate: null,
      }),
    ).toEqual({ ok: true });
    expect(await getReviewSummary(t.db, review.id)).toMatchObject({
      reviewDate: "2019-11-13",
      reviewDateEstimated: false,
      adoptionDate: null,
      adoptionDateEstimated: false,
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "review.dates")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity: "review", entity_id: String(review.id) });
    expect(audit.before).toMatchObject({ review_date: "2019-11-12", adoption_date_estimated: true });
    expect(audit.after).toMatchObject({ review_date: "2019-11-13", adoption_date: null });
    expect(
      await correctReviewDates(t.db, null, 999_999, {
        reviewDate: "2019-11-12",
        adoptionDate: null,
      }),
    ).toEqual({
      ok: false,
      kind: "not_found",
    });
  });

  it("a UPR Info export's review (Kenya's session 8, held already) keeps the seeded dates", async () => {
    const s = await importFile(t.db, fs.readFileSync(UPR_INFO_EXCERPT), {}, { fileName: "uprinfo.csv" });
    expect(s.errorCount).toBe(0);
    const kenya = await t.db
      .selectFrom("review as r")
      .innerJoin("state as s", "s.id", "r.state_id")
      .where("s.iso3", "=", "KEN")
      .where("r.cycle", "=", 1)
      .select(["r.review_date", "r.review_date_estimated"])
      .executeTakeFirstOrThrow();
    expect(kenya).toEqual({ review_date: "2010-05-06", review_date_estimated: false });
  });
});
