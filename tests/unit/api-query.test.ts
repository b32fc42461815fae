// The read API's strict parameters and its paging links (app/lib/api/query.ts, shape.ts): pure.
import { describe, expect, it } from "vitest";
import { parameterMessage, readParameters } from "../../app/lib/api/query";
import { LimitParam, PageParam, ResponseCode, StateParam } from "../../app/lib/api/schemas";
import { pageOf } from "../../app/lib/api/shape";

const shape = { state: StateParam, page: PageParam, limit: LimitParam };
const read = (query: string, allowed: string[] = []) => readParameters(new URLSearchParams(query), shape, allowed);

describe("the API's parameters", () => {
  it("reads the known ones, blank ones as absent", () => {
    expect(read("state=ken&page=2&limit=100")).toEqual({ ok: true, value: { state: "KEN", page: 2, limit: 100 } });
    expect(read("state=&page=")).toEqual({ ok: true, value: {} });
    expect(read("q=x", ["q"])).toEqual({ ok: true, value: {} });
  });

  it("refuses unknown names, repeated names and values the schema refuses, naming each once", () => {
    expect(read("pageSize=10")).toEqual({ ok: false, problems: ["pageSize=10"] });
    expect(read("page=1&page=2")).toEqual({ ok: false, problems: ["page (given more than once)"] });
    expect(read("page=0&limit=101&state=XX&foo=")).toEqual({
      ok: false,
      problems: ["foo=", "state=XX", "page=0", "limit=101"],
    });
    expect(read("page=1.5")).toEqual({ ok: false, problems: ["page=1.5"] });
    // Odd characters are not echoed as they came.
    const odd = read("page=%00");
    expect(odd.ok).toBe(false);
    expect(JSON.stringify(odd)).not.toContain("\\u0000");
  });

  it("says why, with an enumeration's values", () => {
    const message = parameterMessage(["response=maybe", "foo=1", "state=ZZZ (names nothing held)"], {
      response: ResponseCode,
      state: StateParam,
    });
    expect(message).toBe(
      "Parameters not understood: response=maybe (one of: supported, noted, pending); foo=1 (unknown parameter); " +
        "state=ZZZ (names nothing held). Nothing was answered; see /api/v1/openapi.json.",
    );
  });
});

describe("the API's paging", () => {
  const url = (n: number) => `https://x.test/api/v1/recommendations?page=${n}`;
  it("links the neighbours, none past the ends", () => {
    expect(pageOf(url, { page: 1, total: 150, limit: 40 })).toEqual({
      meta: { total: 150, page: 1, pageCount: 4, limit: 40 },
      links: { self: url(1), next: url(2), prev: null },
    });
    expect(pageOf(url, { page: 4, total: 150, limit: 40 }).links).toEqual({ self: url(4), next: null, prev: url(3) });
    // Past the end: no next page; the previous one is the last.
    expect(pageOf(url, { page: 9, total: 150, limit: 40 }).links).toEqual({ self: url(9), next: null, prev: url(4) });
    // Nothing matches: page 1 of 1.
    expect(pageOf(url, { page: 1, total: 0, limit: 40 })).toEqual({
      meta: { total: 0, page: 1, pageCount: 1, limit: 40 },
      links: { self: url(1), next: null, prev: null },
    });
  });
});
