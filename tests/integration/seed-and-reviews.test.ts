import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { listIssues } from "~/models/issues.server";
import { listReviewRecommendations, listReviewsForState } from "~/models/reviews.server";
import { describeEachEngine } from "../helpers/test-db";

describeEachEngine("seed and reviews", (t) => {
  beforeAll(async () => {
    expect(await seed(t.db)).toEqual({ reviews: 4, recommendations: 150, issues: 7 });
  });

  it("seeding again adds nothing", async () => {
    expect(await seed(t.db)).toEqual({ reviews: 0, recommendations: 0, issues: 0 });
  });

  it("Kenya's reviews carry the official totals and what is imported", async () => {
    const reviews = await listReviewsForState(t.db, "KEN");
    expect(reviews.map((r) => r.cycle)).toEqual([1, 2, 3, 4]);
    const [c1, c2, c3, c4] = reviews;
    expect(c1).toMatchObject({
      stateName: "Kenya",
      session: 8,
      reviewDate: "2010-05-06",
      adoptionDate: null,
      reportSymbol: "A/HRC/15/8",
      officialReceived: 150,
      imported: 150,
      supported: 128,
      noted: 19,
      pending: 3,
      pledges: 0,
    });
    expect(c2).toMatchObject({
      session: 21,
      reviewDate: "2015-01-22",
      adoptionDate: "2015-06-25",
      officialReceived: 253,
      imported: 0,
    });
    expect(c3).toMatchObject({
      session: 35,
      officialReceived: 319,
      officialSupported: 263,
      officialNoted: 56,
      imported: 0,
    });
    expect(c4).toMatchObject({ session: 49, officialReceived: null, reportSymbol: null });
  });

  it("lists a review's recommendations in report order with their recommending states", async () => {
    const [c1] = await listReviewsForState(t.db, "KEN");
    const recs = await listReviewRecommendations(t.db, c1!.id);
    expect(recs).toHaveLength(150);
    const paragraphs = recs.map((r) => r.paragraph);
    expect(paragraphs.slice(0, 3)).toEqual(["101.1", "101.2", "101.3"]);
    expect(paragraphs.indexOf("101.10")).toBe(paragraphs.indexOf("101.9") + 1);
    expect(paragraphs.at(-1)).toBe("103.7");
    expect(recs[0]).toMatchObject({
      text: "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (ICRMW) (Burkina Faso);",
      response: "supported",
      recommendingStates: [{ name: "Burkina Faso", iso3: "BFA" }],
    });
    const several = recs.filter((r) => r.recommendingStates.length > 1);
    expect(several.length).toBeGreaterThan(0);
  });

  it("every recommending state resolved to an ISO code and a regional group", async () => {
    const unresolved = await t.db
      .selectFrom("state")
      .select("name")
      .where((eb) => eb.or([eb("iso3", "is", null), eb("regional_group", "is", null)]))
      .execute();
    expect(unresolved.map((s) => s.name).filter((n) => n !== "Holy See")).toEqual([]);
  });

  it("lists the seven coalition issues", async () => {
    const issues = await listIssues(t.db);
    expect(issues).toHaveLength(7);
    expect(issues.map((i) => i.slug)).toContain("trust-fund-delay");
    expect(issues.every((i) => i.linkedRecommendations === 0 && !i.archived)).toBe(true);
  });
});
