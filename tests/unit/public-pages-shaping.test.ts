// The pure shaping behind the new public pages: small multiples per issue, the state brief's totals,
// the changes filter and wording, and the Atom feed's text.
import { describe, expect, it } from "vitest";
import type { Status } from "../../db/schema";
import { atomDate, atomFeed, xmlEscape } from "~/lib/atom";
import { changeSummary, changeTitle } from "~/lib/change-text";
import { tFor } from "~/i18n/catalogues.server";
import { changesToSearchParams, parseChangesFilter } from "~/lib/changes-filter";
import type { Progress, ProgressPoint } from "~/lib/dashboard-types";
import {
  changeRows,
  issueProgressTable,
  issueSmallMultiples,
  latestProgress,
  progressSummary,
} from "~/lib/issue-progress";
import { isoDate } from "~/lib/query-params";
import { parseRecommendationFilter } from "~/lib/recommendation-filter";
import { reviewPeriod } from "~/lib/review-period";
import { briefTotals } from "~/lib/state-brief";
import { childrenNamed, childText, parseXml } from "../helpers/xml";

const zero = { not_assessed: 0, no_action: 0, in_progress: 0, partially_implemented: 0, fully_implemented: 0 };
const point = (month: string, counts: Partial<Record<Status, number>>): ProgressPoint => ({
  month,
  counts: { ...zero, ...counts },
});

describe("progress per coalition issue", () => {
  const period = reviewPeriod({ reviewDate: "2010-05-06", adoptionDate: "2010-09-23", nextReviewDate: "2015-01-22" })!;
  const months = period.monthEnds.slice(0, 4);
  const progress: Progress = {
    stateName: "Kenya",
    cycle: 1,
    period,
    points: months.map((m) => point(m, { not_assessed: 30 })),
    pointsToDate: 3,
  };
  const a = [
    point(months[0]!, { not_assessed: 10 }),
    point(months[1]!, { not_assessed: 8, in_progress: 2 }),
    point(months[2]!, { not_assessed: 6, in_progress: 1, partially_implemented: 2, fully_implemented: 1 }),
    point(months[3]!, { not_assessed: 0, fully_implemented: 10 }),
  ];
  const b = months.map((m) => point(m, { not_assessed: 25, no_action: 5 }));

  it("shares one y scale, states its numbers at the latest month to date, and keeps the given order", () => {
    const { yMax, items } = issueSmallMultiples(
      [
        { slug: "a", title: "Issue A", points: a },
        { slug: "b", title: "Issue B", points: b },
        { slug: "c", title: "Issue C", points: months.map((m) => point(m, {})) },
      ],
      progress,
      "supported",
      tFor("en"),
      "en",
    );
    expect(yMax).toBe(30);
    expect(items.map((i) => i.slug)).toEqual(["a", "b", "c"]);
    expect(items[0]).toMatchObject({ total: 10, implemented: 3, asOf: months[2] });
    expect(items[0]!.rows).toHaveLength(3); // the month after today is not drawn
    expect(items[0]!.summary).toBe(
      "3 of 10 linked supported recommendations at least partially implemented (end of November 2010)",
    );
    expect(items[1]!.summary).toMatch(/^0 of 30 linked/);
    expect(items[2]!.summary).toBe("No supported recommendation of this review is linked to this issue yet.");
    expect(issueSmallMultiples([], null, "supported", tFor("en"), "en")).toEqual({ yMax: 0, items: [] });
  });

  it("says the same in the reader's language, with the language's plurals and months", () => {
    const issues = [
      { slug: "a", title: "Issue A", points: a },
      { slug: "one", title: "Issue One", points: months.map((m) => point(m, { not_assessed: 1 })) },
    ];
    const fr = issueSmallMultiples(issues, progress, "supported", tFor("fr"), "fr").items;
    expect(fr[0]!.summary).toBe(
      "3 sur 10 recommandations acceptées liées au moins partiellement mises en œuvre (fin novembre 2010)",
    );
    expect(fr[1]!.summary).toMatch(/^0 sur 1 recommandation acceptée liée au moins partiellement mise en œuvre/);
    expect(fr[0]!.table.header[0]).toBe("Fin du mois");
    const ar = issueSmallMultiples(issues, progress, "noted", tFor("ar"), "ar").items;
    expect(ar[0]!.summary).toContain("التي أُحيط بها علماً");
    expect(ar[0]!.table.caption).toContain("«Issue A»");
  });

  it("the table keeps the first month, the months that changed and the last one", () => {
    const flat = [
      point("2011-01-31", { not_assessed: 2 }),
      point("2011-02-28", { not_assessed: 2 }),
      point("2011-03-31", { not_assessed: 1, in_progress: 1 }),
      point("2011-04-30", { not_assessed: 1, in_progress: 1 }),
      point("2011-05-31", { not_assessed: 1, in_progress: 1 }),
    ];
    expect(changeRows(flat).map((p) => p.month)).toEqual(["2011-01-31", "2011-03-31", "2011-05-31"]);
    expect(changeRows([])).toEqual([]);
    const table = issueProgressTable({ title: "Issue A", points: a }, progress, false, tFor("en"), "en");
    expect(table.header[0]).toBe("Month ending");
    expect(table.rows.map((r) => r[0])).toEqual(months.slice(0, 3));
    expect(table.rows[2]).toEqual([months[2], 6, 0, 1, 2, 1]);
    expect(issueProgressTable({ title: "Issue B", points: b }, progress, false, tFor("en"), "en").rows).toHaveLength(2);
    expect(issueProgressTable({ title: "Issue B", points: b }, progress, true, tFor("en"), "en").rows).toHaveLength(3);
  });

  it("words the latest numbers", () => {
    expect(latestProgress(a, 0, "supported", tFor("en"), "en")).toEqual({
      total: 0,
      implemented: 0,
      asOf: null,
      summary: progressSummary(0, 0, null),
    });
    expect(progressSummary(1, 1, "2014-05-31")).toBe(
      "1 of 1 linked supported recommendation at least partially implemented (end of May 2014)",
    );
  });
});

describe("the recommending state's brief", () => {
  it("sums the cycles' responses and statuses", () => {
    const totals = briefTotals([
      {
        responses: { supported: 3, noted: 1, pending: 0 },
        statuses: { ...zero, not_assessed: 2, fully_implemented: 2 },
      },
      {
        responses: { supported: 1, noted: 0, pending: 1 },
        statuses: { ...zero, partially_implemented: 1, no_action: 1 },
      },
    ]);
    expect(totals).toEqual({
      recommendations: 6,
      responses: { supported: 4, noted: 1, pending: 1 },
      statuses: { ...zero, not_assessed: 2, fully_implemented: 2, partially_implemented: 1, no_action: 1 },
      implemented: 3,
    });
  });
});

describe("what changed: filters and words", () => {
  it("reads and writes the filters; bad values are ignored and listed", () => {
    const ok = parseChangesFilter(
      new URLSearchParams("state=ken&issue=victim-protection&cycle=1&since=2011-01-01&until=2012-12-31&page=2"),
    );
    expect(ok).toEqual({
      filter: { state: "KEN", issue: "victim-protection", cycle: 1, since: "2011-01-01", until: "2012-12-31" },
      page: 2,
      ignored: [],
    });
    expect(changesToSearchParams(ok.filter, ok.page).toString()).toBe(
      "state=KEN&issue=victim-protection&cycle=1&since=2011-01-01&until=2012-12-31&page=2",
    );
    const bad = parseChangesFilter(
      new URLSearchParams("state=Kenya&issue=Bad Slug&since=2011-13-01&until=yesterday&page=0"),
    );
    expect(bad.filter).toEqual({});
    expect(bad.page).toBe(1);
    expect(bad.ignored).toHaveLength(5);
    // An end before the start is dropped rather than showing nothing.
    expect(parseChangesFilter(new URLSearchParams("since=2012-01-01&until=2011-01-01"))).toMatchObject({
      filter: { since: "2012-01-01" },
      ignored: ["until=2011-01-01"],
    });
  });

  it("dates are calendar dates that exist", () => {
    for (const d of ["2012-02-29", "2026-12-01", " 2010-05-06 "]) expect(isoDate.safeParse(d).success, d).toBe(true);
    for (const d of ["2011-02-29", "2026-13-01", "2026-1-01", "12/01/2026", "3026-01-01", ""])
      expect(isoDate.safeParse(d).success, d).toBe(false);
    expect(parseRecommendationFilter(new URLSearchParams("changedSince=2012-02-29")).filter.changedSince).toBe(
      "2012-02-29",
    );
    expect(parseRecommendationFilter(new URLSearchParams("changedSince=2011-02-29")).ignored).toEqual([
      "changedSince=2011-02-29",
    ]);
  });

  it("words a change, and says when a status was confirmed rather than changed", () => {
    const c = {
      stateName: "Kenya",
      cycle: 1,
      paragraph: "101.2",
      previous: "not_assessed" as const,
      status: "partially_implemented" as const,
      asOf: "2011-02-10",
      organisationName: "Test organisation",
      evidence: `Test data: ${"x".repeat(500)}`,
      isSample: true,
    };
    const en = tFor("en");
    expect(changeTitle(c, en, "en")).toBe("Kenya, cycle 1, ¶ 101.2: Not assessed → Partially implemented");
    expect(changeTitle({ ...c, previous: "partially_implemented", paragraph: null }, en, "en")).toBe(
      "Kenya, cycle 1: Partially implemented (confirmed)",
    );
    const summary = changeSummary(c, en, "en");
    expect(summary.startsWith("As of 10 February 2011, assessed by Test organisation. Test data: ")).toBe(true);
    expect(summary).toContain("…");
    expect(summary.endsWith("(Sample data, not a real assessment.)")).toBe(true);
    expect(changeSummary({ ...c, evidence: "  ", isSample: false }, en, "en")).toBe(
      "As of 10 February 2011, assessed by Test organisation.",
    );
  });

  it("words a change in the reader's language, the state's name too", () => {
    const c = {
      stateName: "Kenya",
      stateIso3: "KEN",
      cycle: 1,
      paragraph: "101.2",
      previous: "not_assessed" as const,
      status: "partially_implemented" as const,
      asOf: "2011-02-10",
      organisationName: "Test organisation",
      evidence: "",
      isSample: false,
    };
    expect(changeTitle(c, tFor("fr"), "fr")).toBe(
      "Kenya, cycle 1, ¶ 101.2 : Non évaluée → Partiellement mise en œuvre",
    );
    expect(changeSummary(c, tFor("fr"), "fr")).toBe("Au 10 février 2011, évaluée par Test organisation.");
    expect(changeTitle({ ...c, paragraph: null }, tFor("ar"), "ar")).toBe("كينيا، الجولة 1: لم تُقيَّم ← نُفذت جزئياً");
  });
});

describe("counts in the reader's language", () => {
  it("Arabic has its six plural forms, French its own singular", () => {
    const ar = tFor("ar");
    const held = (count: number) => ar("reviews.recommendationsCount", { count, number: String(count) });
    expect([0, 1, 2, 5, 11, 100].map(held)).toEqual([
      "لا توصيات",
      "توصية واحدة",
      "توصيتان",
      "5 توصيات",
      "11 توصية",
      "100 توصية",
    ]);
    expect(tFor("fr")("issues.linkedCount", { count: 1, number: "1" })).toBe("1 recommandation liée");
    expect(tFor("fr")("issues.linkedCount", { count: 2, number: "2" })).toBe("2 recommandations liées");
    expect(tFor("en")("issues.done.accepted", { count: 1 })).toBe("Linked 1 recommendation.");
  });
});

describe("the Atom feed", () => {
  it("escapes markup and drops characters XML forbids", () => {
    expect(xmlEscape(`<a href="x">Tom & 'Jerry'</a>\u0000\u0008\ud800`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;",
    );
    expect(xmlEscape("tab\tline\nemoji 😀")).toBe("tab\tline\nemoji 😀");
    expect(atomDate(new Date("2026-12-01T10:11:12.345Z"))).toBe("2026-12-01T10:11:12Z");
  });

  it("writes a feed that reads back as XML with its elements", () => {
    const xml = atomFeed({
      id: "http://x.test/changes.atom?a=1&b=2",
      title: "T <1>",
      updated: new Date("2026-12-01T00:00:00Z"),
      authorName: "UPR Monitor",
      selfHref: "http://x.test/changes.atom?a=1&b=2",
      alternateHref: "http://x.test/changes?a=1&b=2",
      entries: [
        {
          id: "tag:x.test,2026:assessment/1",
          title: "Kenya: A → B",
          updated: new Date("2026-11-30T12:00:00Z"),
          link: "http://x.test/recommendations/5",
          summary: 'Test data: "quoted" & <tagged>',
          authorName: "Org & Co",
        },
      ],
    });
    const feed = parseXml(xml);
    expect(childText(feed, "id")).toBe("http://x.test/changes.atom?a=1&b=2");
    expect(childText(feed, "title")).toBe("T <1>");
    expect(childText(feed, "updated")).toBe("2026-12-01T00:00:00Z");
    expect(childrenNamed(feed, "link").map((l) => l.attrs.rel)).toEqual(["self", "alternate"]);
    const [entry] = childrenNamed(feed, "entry");
    expect(childText(entry!, "summary")).toBe('Test data: "quoted" & <tagged>');
    expect(childText(childrenNamed(entry!, "author")[0]!, "name")).toBe("Org & Co");
    expect(() => parseXml("<feed><entry></feed>")).toThrow();
    expect(() => parseXml("<feed>a & b</feed>")).toThrow();
  });
});
