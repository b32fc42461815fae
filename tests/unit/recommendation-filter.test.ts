import { describe, expect, it } from "vitest";
import { clampPage, escapeLike, filterToSearchParams, parseRecommendationFilter } from "~/lib/recommendation-filter";

const parse = (qs: string) => parseRecommendationFilter(new URLSearchParams(qs));

describe("parseRecommendationFilter", () => {
  it("reads every filter", () => {
    const { filter, options, ignored } = parse(
      "q=trafficking&state=ken&cycle=1&response=supported&from=NOR&group=WEOG&action=5&theme=Women%27s+rights&issue=trust-fund-delay&status=in_progress&kind=pledge&sort=status&page=3",
    );
    expect(filter).toEqual({
      q: "trafficking",
      state: "KEN",
      cycle: 1,
      response: "supported",
      from: "NOR",
      group: "WEOG",
      action: 5,
      theme: "Women's rights",
      issue: "trust-fund-delay",
      status: "in_progress",
      kind: "pledge",
    });
    expect(options).toEqual({ sort: "status", page: 3 });
    expect(ignored).toEqual([]);
  });

  it("reads an SDG as its code (a goal or a target) and an affected group as written", () => {
    expect(parse("sdg=16&affected=Women").filter).toMatchObject({ sdg: "16", affected: "Women" });
    expect(parse("sdg=Goal+16").filter.sdg).toBe("16");
    expect(parse("sdg=16.3").filter.sdg).toBe("16.3");
    const bad = parse("sdg=18&affected=%00");
    expect(bad.filter).toEqual({ kind: "recommendation" });
    expect(bad.ignored).toEqual(["sdg=18", "affected=\ufffd"]);
    expect(filterToSearchParams(parse("sdg=SDG+16&affected=Migrants+%26+domestic+workers").filter).toString()).toBe(
      "sdg=16&affected=Migrants+%26+domestic+workers",
    );
  });

  it("defaults to recommendations in report order, relevance when searching", () => {
    expect(parse("")).toEqual({
      filter: { kind: "recommendation" },
      options: { sort: "report", page: 1 },
      ignored: [],
      cut: [],
    });
    expect(parse("q=water").options.sort).toBe("relevance");
    expect(parse("sort=relevance").options.sort).toBe("report");
  });

  it("ignores unknown values and lists them, never throwing", () => {
    const { filter, options, ignored } = parse(
      "cycle=9x&response=accepted&status=done&group=Africa&action=7&page=-2&sort=random&state=Kenya&issue=Not%20A%20Slug&kind=both",
    );
    expect(filter).toEqual({ kind: "recommendation" });
    expect(options).toEqual({ sort: "report", page: 1 });
    expect(ignored).toEqual([
      "kind=both",
      "state=Kenya",
      "cycle=9x",
      "response=accepted",
      "group=Africa",
      "action=7",
      "issue=Not A Slug",
      "status=done",
      "sort=random",
      "page=-2",
    ]);
  });

  it("keeps search text as text, cut to its first 200 characters and said so", () => {
    expect(parse(`q=${encodeURIComponent(`"'; drop table recommendation; --`)}`).filter.q).toBe(
      `"'; drop table recommendation; --`,
    );
    expect(parse(`q=${"a".repeat(200)}`)).toMatchObject({ filter: { q: "a".repeat(200) }, cut: [], ignored: [] });
    expect(parse(`q=${"a".repeat(201)}`)).toMatchObject({ filter: { q: "a".repeat(200) }, cut: ["q"], ignored: [] });
    expect(parse(`q=${"-".repeat(5000)}`)).toMatchObject({ filter: { q: "-".repeat(200) }, cut: ["q"] });
    // Not within a character outside the BMP, nor ending in a space.
    expect(parse(`q=${encodeURIComponent(`${"a".repeat(199)}🙂b`)}`).filter.q).toBe("a".repeat(199));
    expect(parse(`q=${encodeURIComponent(`${"a".repeat(198)}  b`)}`).filter.q).toBe("a".repeat(198));
    // Text with a control character is still dropped whole (query-params.test.ts), cut or not.
    const odd = parse(`q=${"a".repeat(300)}%01`);
    expect([odd.filter.q, odd.cut, odd.ignored]).toEqual([undefined, [], [`q=${"a".repeat(40)}…`]]);
  });

  it("round-trips through the URL without defaults", () => {
    const { filter, options } = parse("q=child&cycle=2&issue=victim-protection&page=2&sort=newest");
    expect(filterToSearchParams(filter, options).toString()).toBe(
      "q=child&cycle=2&issue=victim-protection&sort=newest&page=2",
    );
    expect(filterToSearchParams({ kind: "recommendation" }).toString()).toBe("");
  });
});

describe("escapeLike", () => {
  it("escapes wildcards", () => expect(escapeLike("100%_sure\\")).toBe("100\\%\\_sure\\\\"));
});

describe("clampPage", () => {
  it("shows the last page for a page past the end", () => {
    expect(clampPage(99, 120, 50)).toEqual({ page: 3, pageCount: 3 });
    expect(clampPage(2, 0, 50)).toEqual({ page: 1, pageCount: 1 });
    expect(clampPage(1, 50, 50)).toEqual({ page: 1, pageCount: 1 });
  });
});
