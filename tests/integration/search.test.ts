import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { setDb } from "~/db.server";
import { parseRecommendationFilter } from "~/lib/recommendation-filter";
import { searchRecommendations } from "~/models/search.server";
import * as route from "~/routes/recommendations._index";
import { createUser } from "~/models/users.server";
import { setSessionSecretsForTesting } from "~/http/session.server";
import * as login from "~/routes/login";
import { args, get, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

describeEachEngine("recommendation search", (t) => {
  const search = (qs: string) => {
    const { filter, options } = parseRecommendationFilter(new URLSearchParams(qs));
    return searchRecommendations(t.db, filter, options);
  };

  beforeAll(async () => {
    await seed(t.db);
    setDb(Promise.resolve(t.handle));
  });

  it("lists all of Kenya's cycle-1 recommendations in report order, 50 a page", async () => {
    const r = await search("");
    expect(r.total).toBe(150);
    expect(r.pageCount).toBe(3);
    expect(r.rows.map((x) => x.paragraph).slice(0, 3)).toEqual(["101.1", "101.2", "101.3"]);
    expect(r.facets.response).toEqual(
      expect.arrayContaining([
        { value: "supported", count: 128 },
        { value: "noted", count: 19 },
        { value: "pending", count: 3 },
      ]),
    );
    expect(r.facets.cycle).toEqual([{ value: 1, count: 150 }]);
    expect(r.facets.status).toEqual([{ value: "not_assessed", count: 150 }]);
    expect(r.facets.state).toEqual([{ value: "KEN", label: "Kenya", count: 150 }]);
  });

  it("finds the trafficking recommendations by searching, with stemming", async () => {
    const r = await search("q=trafficking");
    expect(r.rows.map((x) => x.paragraph).sort()).toEqual(["101.47", "101.59"]);
    const stemmed = await search("q=traffick");
    expect(stemmed.total).toBeGreaterThanOrEqual(2);
  });

  it("combines search with filters, and counts per value", async () => {
    const noted = await search("response=noted");
    expect(noted.total).toBe(19);
    expect(noted.rows.every((x) => x.response === "noted")).toBe(true);
    const norway = await search("from=NOR");
    expect(norway.total).toBeGreaterThan(0);
    expect(norway.rows.every((x) => x.recommendingStates.some((s) => s.name === "Norway" && s.iso3 === "NOR"))).toBe(
      true,
    );
    const weog = await search("group=WEOG&response=supported");
    expect(weog.total).toBeGreaterThan(0);
    const groupCounts = Object.fromEntries((await search("")).facets.group.map((g) => [g.value, g.count]));
    expect(groupCounts.WEOG).toBeGreaterThan(groupCounts.GRULAC ?? 0);
    const from = (await search("")).facets.from;
    expect(from.length).toBeLessThanOrEqual(30);
    expect(from.find((f) => f.value === "NOR")).toEqual({ value: "NOR", label: "Norway", count: norway.total });
    const response = (await search("from=NOR")).facets.response;
    expect(response.reduce((n, f) => n + f.count, 0)).toBe(norway.total);
  });

  it("treats search text as text: quotes, SQL, regex and LIKE characters never fail", async () => {
    for (const q of [
      `"`,
      `'`,
      `'; drop table recommendation; --`,
      `.*`,
      `(`,
      `[a-z]+`,
      `100%`,
      `_`,
      `\\`,
      `a & b | !c`,
      `<script>`,
    ]) {
      const r = await search(`q=${encodeURIComponent(q)}`);
      expect(r.total, q).toBeGreaterThanOrEqual(0);
    }
    expect((await search(`q=${encodeURIComponent("OP-CAT")}`)).total).toBeGreaterThan(0);
    expect((await search(`q=%25`)).total).toBe(0);
  });

  it("shows the last page for a page past the end", async () => {
    const r = await search("page=99");
    expect(r.page).toBe(3);
    expect(r.rows.map((x) => x.paragraph).at(-1)).toBe("103.7");
  });

  it("the page ignores unknown filter values with a notice, never a 500", async () => {
    const o = await run(
      route.loader(args(get("/recommendations?cycle=banana&issue=no-such-issue&state=XXX&response=supported"))),
    );
    expect(o.status).toBe(200);
    expect(o.body.ignored).toEqual(["cycle=banana", "issue=no-such-issue", "state=XXX"]);
    expect(o.body.result.total).toBe(128);
  });

  it("editors link the ticked recommendations of a filtered list to an issue in bulk; visitors cannot", async () => {
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    const made = await createUser(
      t.db,
      { email: "bulk@example.org", password: "bulk password 1", role: "editor", organisation: { name: "Bulk org" } },
      { userId: null },
    );
    expect(made.ok).toBe(true);
    const cookie = sessionCookie(
      await run(login.action(args(post("/login", { email: "bulk@example.org", password: "bulk password 1" })))),
    );
    const issue = await t.db
      .selectFrom("coalition_issue")
      .select("id")
      .where("slug", "=", "victim-protection")
      .executeTakeFirstOrThrow();
    const found = await search("q=trafficking");
    const fields = new URLSearchParams({
      intent: "link",
      issueId: String(issue.id),
      back: "/recommendations?q=trafficking",
    });
    for (const r of found.rows) fields.append("ids", String(r.id));
    const request = (c?: string) =>
      new Request("http://upr.test/recommendations", {
        method: "POST",
        body: fields,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: "http://upr.test",
          ...(c ? { Cookie: c } : {}),
        },
      });
    expect((await run(route.action(args(request())))).status).toBe(403);
    const o = await run(route.action(args(request(cookie))));
    expect(o.status).toBe(303);
    expect(o.headers.get("Location")).toMatch(/^\/recommendations\?q=trafficking&note=Linked\+2/);
    expect((await search("issue=victim-protection")).rows.map((r) => r.paragraph).sort()).toEqual(["101.47", "101.59"]);
    const again = await run(route.action(args(request(cookie))));
    expect(again.headers.get("Location")).toContain("Linked+0+%282+were+linked+already%29");
    const audit = await t.db
      .selectFrom("audit_log")
      .select("id")
      .where("entity", "=", "recommendation_issue")
      .execute();
    expect(audit.length).toBe(2);
  });
});
