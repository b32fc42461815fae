// The public pages of issue #15 (points 3-6), called as the server would, on both engines: progress per
// coalition issue, recommending states' pages, what changed (page, feed, "changed since" search) and the
// defaults. An editor records the assessments (through the model, audited), so the pages must name the
// organisation and never the editor's e-mail. Evidence texts here are labelled test data.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { recordAssessment } from "~/models/assessments.server";
import { listChanges } from "~/models/changes.server";
import { issueProgressForPage, progressByIssue, statusByMonth } from "~/models/dashboard.server";
import { linkRecommendations } from "~/models/issues.server";
import { listRecommendingStates, recommendingStateBrief } from "~/models/recommending-states.server";
import { searchRecommendations } from "~/models/search.server";
import { seed } from "~/models/seed.server";
import { createUser } from "~/models/users.server";
import { monthEndsBetween } from "~/lib/review-period";
import * as changesAtom from "~/routes/changes[.]atom";
import * as changesPage from "~/routes/changes";
import * as dashboardPage from "~/routes/dashboard._index";
import * as home from "~/routes/_index";
import * as issuePage from "~/routes/issues.$slug";
import * as recommendationsPage from "~/routes/recommendations._index";
import * as statePage from "~/routes/states.$code";
import * as statesIndex from "~/routes/states._index";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { args, get, run, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";
import { childrenNamed, childText, parseXml } from "../helpers/xml";

const EDITOR_EMAIL = "h2-editor@example.org";
const ORG = "Test coalition organisation";

describeEachEngine("public pages: issue progress, recommending states, what changed", (t) => {
  const rec = new Map<string, number>();
  const ids: number[] = [];

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    await seed(t.db);
    const made = await createUser(
      t.db,
      { email: EDITOR_EMAIL, password: "editor password 1", role: "editor", organisation: { name: ORG } },
      { userId: null },
    );
    if (!made.ok) throw new Error("editor");
    const user = await t.db
      .selectFrom("app_user")
      .select(["id", "organisation_id"])
      .where("email", "=", EDITOR_EMAIL)
      .executeTakeFirstOrThrow();
    const actor = { id: user.id, role: "editor" as const };
    for (const r of await t.db.selectFrom("recommendation").select(["id", "paragraph"]).execute())
      rec.set(r.paragraph!, r.id);
    const assess = async (
      paragraph: string,
      asOf: string,
      status: "in_progress" | "partially_implemented" | "fully_implemented",
      evidence: string,
    ) => {
      const result = await recordAssessment(t.db, actor, rec.get(paragraph)!, {
        status,
        asOf,
        evidence,
        sourceUrls: [],
        organisationId: user.organisation_id,
      });
      if (!result.ok) throw new Error(`assessment of ${paragraph}: ${result.kind}`);
      ids.push(result.assessment.id);
    };
    // 101.1 (Burkina Faso, supported): in progress, then fully implemented. 101.2 (Algeria): partially.
    await assess("101.1", "2011-01-15", "in_progress", "Test data: first\u0001 note <b>&amp;</b>");
    await assess("101.1", "2012-06-30", "fully_implemented", "Test data: second note");
    await assess("101.2", "2011-02-10", "partially_implemented", "Test data: third note");
    const victim = await t.db
      .selectFrom("coalition_issue")
      .select("id")
      .where("slug", "=", "victim-protection")
      .executeTakeFirstOrThrow();
    const data = await t.db
      .selectFrom("coalition_issue")
      .select("id")
      .where("slug", "=", "trafficking-data")
      .executeTakeFirstOrThrow();
    await linkRecommendations(t.db, actor, victim.id, [rec.get("101.1")!, rec.get("101.2")!, rec.get("101.3")!]);
    await linkRecommendations(t.db, actor, data.id, [rec.get("101.2")!]);
  });

  describe("progress per coalition issue", () => {
    const KEN = { kind: "recommendation", state: "KEN", cycle: 1 } as const;
    const months = monthEndsBetween("2010-12-01", "2012-07-01");

    it("one query for all issues gives each issue the same series as the dashboard filtered by it", async () => {
      const all = await progressByIssue(t.db, KEN, months);
      expect(all.map((i) => i.slug)).toHaveLength(7);
      for (const issue of all) {
        const alone = await statusByMonth(t.db, { ...KEN, issue: issue.slug }, months);
        const linked = alone[0] ? Object.values(alone[0].counts).reduce((a, b) => a + b, 0) : 0;
        if (linked === 0) expect(issue.points.every((p) => Object.values(p.counts).every((n) => n === 0))).toBe(true);
        else expect(issue.points, issue.slug).toEqual(alone);
      }
      const victim = all.find((i) => i.slug === "victim-protection")!;
      const at = (m: string) => victim.points.find((p) => p.month === m)!.counts;
      expect(at("2010-12-31")).toMatchObject({ not_assessed: 3, in_progress: 0 });
      expect(at("2011-02-28")).toMatchObject({ not_assessed: 1, in_progress: 1, partially_implemented: 1 });
      expect(at("2012-06-30")).toMatchObject({ not_assessed: 1, partially_implemented: 1, fully_implemented: 1 });
      const data = all.find((i) => i.slug === "trafficking-data")!;
      expect(data.points.at(-1)!.counts).toMatchObject({ not_assessed: 0, partially_implemented: 1 });
    });

    it("the issue page's progress runs over the latest review with texts, and the page shows it", async () => {
      const progress = await issueProgressForPage(t.db, "victim-protection", "KEN", "2026-12-01");
      expect(progress).toMatchObject({ cycle: 1, stateName: "Kenya" });
      expect(progress!.pointsToDate).toBe(progress!.points.length);
      expect(progress!.points.at(-1)!.counts).toMatchObject({ fully_implemented: 1, partially_implemented: 1 });
      const page = await run(
        issuePage.loader(args(get("/issues/victim-protection"), {}, { slug: "victim-protection" })),
      );
      expect(page.status).toBe(200);
      expect(page.body.progress.points).toEqual(progress!.points);
    });

    it("the dashboard carries every issue's progress over its own months to date", async () => {
      const page = await run(dashboardPage.loader(args(get("/dashboard"))));
      expect(page.status).toBe(200);
      const d = page.body.dashboard;
      expect(d.issueProgress).toHaveLength(7);
      expect(d.progress.pointsToDate).toBeGreaterThan(0);
      for (const i of d.issueProgress)
        expect(i.points.map((p: { month: string }) => p.month)).toEqual(
          d.progress.points.slice(0, d.progress.pointsToDate).map((p: { month: string }) => p.month),
        );
      expect(page.body.options.cycles.map((c: { cycle: number }) => c.cycle)).toEqual([4, 3, 2, 1]);
      expect(page.body.options.cycles.at(-1)).toEqual({ cycle: 1, hasTexts: true });
      expect(page.body.options.cycles[0]).toEqual({ cycle: 4, hasTexts: false });
    });
  });

  describe("recommending states", () => {
    it("lists the states that recommended to Kenya, with counts equal to the database's", async () => {
      const states = await listRecommendingStates(t.db, "KEN");
      const { rows } = await sql<{ iso3: string; n: number; supported: number }>`
        select rs.iso3, count(distinct rec.id)::int as n, count(distinct rec.id) filter (where rec.response = 'supported')::int as supported
        from recommendation_recommending_state rrs join state rs on rs.id = rrs.state_id
        join recommendation rec on rec.id = rrs.recommendation_id join review r on r.id = rec.review_id join state s on s.id = r.state_id
        where s.iso3 = 'KEN' and rs.iso3 is not null and rec.kind = 'recommendation' group by rs.iso3`.execute(t.db);
      expect(states).toHaveLength(rows.length);
      for (const row of rows) {
        const s = states.find((x) => x.iso3 === row.iso3)!;
        expect([s.recommendations, s.supported]).toEqual([row.n, row.supported]);
      }
      expect(states[0]!.recommendations).toBe(Math.max(...rows.map((r) => r.n)));
      const page = await run(statesIndex.loader(args(get("/states"))));
      expect(page.body.states.find((s: { iso3: string }) => s.iso3 === "BFA")).toMatchObject({ name: "Burkina Faso" });
    });

    it("a state's brief: its recommendations per cycle, responses, status, evidence and organisation", async () => {
      const brief = (await recommendingStateBrief(t.db, "BFA", { defaultUnderReview: "KEN" }))!;
      expect(brief.underReview).toEqual({ iso3: "KEN", name: "Kenya" });
      expect(brief.reviews.map((r) => r.cycle)).toEqual([1]);
      const recs = brief.reviews[0]!.recommendations;
      const { rows } = await sql<{ paragraph: string }>`
        select rec.paragraph from recommendation rec join recommendation_recommending_state rrs on rrs.recommendation_id = rec.id
        join state rs on rs.id = rrs.state_id where rs.iso3 = 'BFA' order by string_to_array(rec.paragraph, '.')::int[]`.execute(
        t.db,
      );
      expect(recs.map((r) => r.paragraph)).toEqual(rows.map((r) => r.paragraph));
      const first = recs.find((r) => r.paragraph === "101.1")!;
      expect(first).toMatchObject({
        currentStatus: "fully_implemented",
        currentAsOf: "2012-06-30",
        organisationName: ORG,
        evidence: "Test data: second note",
        issues: [{ slug: "victim-protection", title: expect.any(String) }],
      });
      const review = brief.reviews[0]!;
      expect(review.responses.supported + review.responses.noted + review.responses.pending).toBe(recs.length);
      expect(review.statuses.fully_implemented).toBe(1);
    });

    it("the page answers 200 without the editor's e-mail, 404 for an unknown or malformed code", async () => {
      const page = await run(statePage.loader(args(get("/states/bfa"), {}, { code: "bfa" })));
      expect(page.status).toBe(200);
      expect(page.body.brief.state.name).toBe("Burkina Faso");
      expect(JSON.stringify(page.body)).not.toContain(EDITOR_EMAIL);
      expect(JSON.stringify(page.body)).toContain(ORG);
      expect((await run(statePage.loader(args(get("/states/ZZZ"), {}, { code: "ZZZ" })))).status).toBe(404);
      expect((await run(statePage.loader(args(get("/states/FRANCE"), {}, { code: "FRANCE" })))).status).toBe(404);
      // A state under review it made no recommendation to: said plainly.
      const none = await run(statePage.loader(args(get("/states/BFA?state=SVN"), {}, { code: "BFA" })));
      expect(none.status).toBe(200);
      expect(none.body.brief.underReview).toBeNull();
    });
  });

  describe("what changed", () => {
    it("lists assessments newest first, each with the status it replaced", async () => {
      const page = await listChanges(t.db, {});
      expect(page.total).toBe(3);
      expect(page.rows.map((r) => [r.paragraph, r.previous, r.status, r.asOf])).toEqual([
        ["101.1", "in_progress", "fully_implemented", "2012-06-30"],
        ["101.2", "not_assessed", "partially_implemented", "2011-02-10"],
        ["101.1", "not_assessed", "in_progress", "2011-01-15"],
      ]);
      expect(page.rows[0]).toMatchObject({ organisationName: ORG, stateName: "Kenya", cycle: 1, isSample: false });
      expect(page.rows[0]!.updatedAt).toBeInstanceOf(Date);
    });

    it("filters by dates, issue, state and cycle, and pages", async () => {
      const since = await listChanges(t.db, { since: "2011-02-01" });
      expect(since.rows.map((r) => r.asOf)).toEqual(["2012-06-30", "2011-02-10"]);
      // The previous status is the one before, even when that assessment is outside the dates.
      expect(since.rows[0]!.previous).toBe("in_progress");
      expect((await listChanges(t.db, { until: "2011-01-31" })).rows.map((r) => r.asOf)).toEqual(["2011-01-15"]);
      expect((await listChanges(t.db, { issue: "trafficking-data" })).rows.map((r) => r.paragraph)).toEqual(["101.2"]);
      expect((await listChanges(t.db, { state: "KEN", cycle: 1 })).total).toBe(3);
      expect((await listChanges(t.db, { cycle: 2 })).total).toBe(0);
      expect((await listChanges(t.db, { state: "SVN" })).total).toBe(0);
      const paged = await listChanges(t.db, {}, { page: 2, pageSize: 2 });
      expect([paged.page, paged.pageCount, paged.rows.length]).toEqual([2, 2, 1]);
      expect((await listChanges(t.db, {}, { page: 9, pageSize: 2 })).page).toBe(2);
    });

    it("the page reads its filters from the address and reports bad ones", async () => {
      const page = await run(changesPage.loader(args(get("/changes?since=2011-02-01&until=2030-02-30&cycle=x"))));
      expect(page.status).toBe(200);
      expect(page.body.changes.total).toBe(2);
      expect(page.body.ignored).toEqual(["cycle=x", "until=2030-02-30"]);
      expect(page.body.query).toBe("since=2011-02-01");
      expect(JSON.stringify(page.body)).not.toContain(EDITOR_EMAIL);
    });

    it("the Atom feed is XML with the feed's and each entry's required elements, escaped, with the same filters", async () => {
      const res = (await changesAtom.loader(args(get("/changes.atom?issue=victim-protection")))) as Response;
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
      const text = await res.text();
      expect(text).not.toContain(EDITOR_EMAIL);
      const feed = parseXml(text);
      expect(feed.name).toBe("feed");
      expect(feed.attrs.xmlns).toBe("http://www.w3.org/2005/Atom");
      expect(childText(feed, "id")).toBe("http://upr.test/changes.atom?issue=victim-protection");
      expect(childText(feed, "title")).toBe("UPR Monitor: what changed");
      expect(childText(feed, "updated")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const entries = childrenNamed(feed, "entry");
      expect(entries).toHaveLength(3);
      for (const e of entries) {
        for (const name of ["id", "title", "updated", "summary"])
          expect(childText(e, name).length, name).toBeGreaterThan(0);
        expect(childrenNamed(e, "link")[0]!.attrs.href).toMatch(/^http:\/\/upr\.test\/recommendations\/\d+$/);
        expect(childText(childrenNamed(e, "author")[0]!, "name")).toBe(ORG);
      }
      expect(new Set(entries.map((e) => childText(e, "id"))).size).toBe(3);
      expect(childText(entries[0]!, "title")).toBe(
        "Kenya, cycle 1, ¶ 101.1: In the process of implementation → Fully implemented",
      );
      // The markup in the evidence is text, the control character is gone.
      expect(childText(entries[2]!, "summary")).toBe(
        "As of 15 January 2011, assessed by Test coalition organisation. Test data: first note <b>&amp;</b>",
      );
      const none = parseXml(
        await ((await changesAtom.loader(args(get("/changes.atom?state=SVN")))) as Response).text(),
      );
      expect(childrenNamed(none, "entry")).toHaveLength(0);
      expect(childText(none, "updated")).toMatch(/Z$/);
    });

    it('the search takes "changed since" (an assessment dated on or after the day)', async () => {
      const since = await searchRecommendations(
        t.db,
        { kind: "recommendation", changedSince: "2011-02-01" },
        { sort: "report", page: 1 },
      );
      expect(since.rows.map((r) => r.paragraph)).toEqual(["101.1", "101.2"]);
      const later = await searchRecommendations(
        t.db,
        { kind: "recommendation", changedSince: "2012-01-01" },
        { sort: "report", page: 1 },
      );
      expect(later.rows.map((r) => r.paragraph)).toEqual(["101.1"]);
      const page = await run(recommendationsPage.loader(args(get("/recommendations?changedSince=2013-01-01"))));
      expect(page.body.result.total).toBe(0);
      expect(page.body.filter.changedSince).toBe("2013-01-01");
      const bad = await run(recommendationsPage.loader(args(get("/recommendations?changedSince=2013-02-30"))));
      expect(bad.body.ignored).toEqual(["changedSince=2013-02-30"]);
      expect(bad.body.result.total).toBe(150);
      // Its recommending states link by code.
      expect(since.rows[0]!.recommendingStates).toEqual([{ name: "Burkina Faso", iso3: "BFA" }]);
    });
  });

  describe("defaults", () => {
    it("the home page lists cycles newest first and opens on the latest review holding recommendations", async () => {
      const page = await run(home.loader(args(get("/"))));
      expect(page.body.reviews.map((r: { cycle: number }) => r.cycle)).toEqual([4, 3, 2, 1]);
      expect(page.body.latestWithTexts).toMatchObject({ cycle: 1, imported: 150 });
      expect(page.body.canImport).toBe(false);
    });
  });
});
