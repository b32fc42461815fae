// The search's filters at their edges, on both engines: a text that is only part of a word, the same
// answer whichever filter drives the query, themes matched as whole elements, and every facet count
// equal to the total of the search that picks that value.
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { parseRecommendationFilter } from "~/lib/recommendation-filter";
import { searchRecommendations } from "~/models/search.server";
import { describeEachEngine } from "../helpers/test-db";

const A12 = "A12 Acceptance of international norms";
const D27 = "D27 Prohibition of slavery, trafficking";
const B31 = "B31 Equality & non-discrimination";

describeEachEngine("recommendation search filters", (t) => {
  const search = (qs: string) => {
    const { filter, options } = parseRecommendationFilter(new URLSearchParams(qs));
    return searchRecommendations(t.db, filter, options);
  };
  let stored: { id: number; paragraph: string | null; text: string; themes: string[] }[] = [];

  beforeAll(async () => {
    await seed(t.db);
    const ids = Object.fromEntries(
      (await t.db.selectFrom("recommendation").select(["id", "paragraph"]).execute()).map((r) => [r.paragraph, r.id]),
    );
    await t.db
      .updateTable("recommendation")
      .set({ themes: [A12, D27] })
      .where("id", "=", ids["101.1"]!)
      .execute();
    await t.db
      .updateTable("recommendation")
      .set({ themes: [A12] })
      .where("id", "in", [ids["101.2"]!, ids["101.3"]!])
      .execute();
    await t.db
      .updateTable("recommendation")
      .set({ themes: [D27, B31] })
      .where("id", "=", ids["101.47"]!)
      .execute();
    stored = await t.db.selectFrom("recommendation").select(["id", "paragraph", "text", "themes"]).execute();
  });

  it("finds a text that is only part of a word, whichever filter drives the query", async () => {
    // "ildren" is no word: only the substring half of the text filter can find it.
    const expected = stored.filter((r) => r.text.toLowerCase().includes("ildren")).length;
    expect(expected).toBeGreaterThan(0);
    expect((await search("q=ILDREN")).total).toBe(expected);
    expect((await search("q=ildren&state=KEN")).total).toBe(expected);
    expect((await search("q=ildren&cycle=1")).total).toBe(expected);
    expect((await search("q=ildren&cycle=2")).total).toBe(0);
  });

  it("a word found by full text alone (stemmed) is found with or without the state under review", async () => {
    const all = await search("q=traffick");
    // "traffick" is a substring of "trafficking" too; "victim" is stemmed from "victims".
    expect(all.total).toBe(stored.filter((r) => /traffick/i.test(r.text)).length);
    const victims = await search("q=victim");
    expect(victims.total).toBeGreaterThan(0);
    expect((await search("q=victim&state=KEN")).total).toBe(victims.total);
    expect((await search("q=victim&cycle=1")).total).toBe(victims.total);
  });

  it("a theme matches whole theme names only, the same rows as before", async () => {
    for (const theme of [A12, D27, B31]) {
      const expected = stored
        .filter((r) => r.themes.includes(theme))
        .map((r) => r.paragraph)
        .sort();
      const r = await search(`theme=${encodeURIComponent(theme)}`);
      expect(r.rows.map((x) => x.paragraph).sort(), theme).toEqual(expected);
    }
    expect((await search("theme=A12")).total).toBe(0);
    // "ratify" is stemmed: it finds "ratifying" too.
    expect((await search(`theme=${encodeURIComponent(A12)}&q=ratify`)).rows.map((x) => x.paragraph).sort()).toEqual([
      "101.1",
      "101.2",
      "101.3",
    ]);
    expect((await search("")).facets.theme).toEqual([
      { value: A12, count: 3 },
      { value: D27, count: 2 },
      { value: B31, count: 1 },
    ]);
  });

  it("every facet's count is the total of the search for that value", async () => {
    const base = "q=rights";
    const r = await search(base);
    expect(r.total).toBeGreaterThan(0);
    expect(r.facets.response.reduce((n, f) => n + f.count, 0)).toBe(r.total);
    expect(r.facets.status.reduce((n, f) => n + f.count, 0)).toBe(r.total);
    expect(r.facets.cycle).toEqual([{ value: 1, count: r.total }]);
    expect(r.facets.state).toEqual([{ value: "KEN", label: "Kenya", count: r.total }]);
    for (const f of r.facets.response)
      expect((await search(`${base}&response=${f.value}`)).total, f.value).toBe(f.count);
    expect(r.facets.from.length).toBeGreaterThan(0);
    for (const f of r.facets.from.slice(0, 5))
      expect((await search(`${base}&from=${f.value}`)).total, f.value).toBe(f.count);
    for (const f of r.facets.group)
      expect((await search(`${base}&group=${encodeURIComponent(f.value)}`)).total, f.value).toBe(f.count);
    const counts = r.facets.from.map((f) => f.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect((await search("q=nosuchwordanywhere")).facets).toEqual({
      cycle: [],
      response: [],
      status: [],
      action: [],
      group: [],
      issue: [],
      theme: [],
      sdg: [],
      affected: [],
      state: [],
      from: [],
    });
  });
});
