// Search takes any text (issue #25), on both engines: hostile search texts in /recommendations?q=,
// /dashboard?q= and /export.csv?q= answer normally, never 500, and the export is whole. 33 "-" in a
// row made the full-text parser fail ("tsquery stack too small"): such a text is searched as plain
// text; a text over 200 characters is cut to its start, and the list says so.
import Papa from "papaparse";
import { beforeAll, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { BOM } from "~/lib/csv";
import { EXPORT_COLUMNS, EXPORT_INCOMPLETE_LINE } from "~/lib/export-format";
import { seed } from "~/models/seed.server";
import * as dashboardPage from "~/routes/dashboard._index";
import * as exportCsvRoute from "~/routes/export[.]csv";
import * as listPage from "~/routes/recommendations._index";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { args, get, run, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

/** Hostile search texts, and a plain text that must find the same recommendations (null: none). */
const HOSTILE: { name: string; q: string; same: string | null; cut?: boolean }[] = [
  { name: "40 dashes", q: "-".repeat(40), same: null },
  { name: "100 dashes", q: "-".repeat(100), same: null },
  { name: "5,000 dashes", q: "-".repeat(5000), same: null, cut: true },
  { name: "dashes and spaces", q: "- ".repeat(50), same: null },
  { name: "33 dashes then a word", q: `${"-".repeat(33)}trafficking`, same: null },
  // 32 negations are the most the full-text parser takes: an even number of them is no negation.
  { name: "32 dashes then a word", q: `${"-".repeat(32)}trafficking`, same: "trafficking" },
  { name: "quotes", q: `"trafficking" "" """ "`, same: "trafficking" },
  { name: "!", q: "!trafficking !!", same: "trafficking" },
  { name: "&|", q: "trafficking &| women", same: "trafficking women" },
  { name: "<->", q: "trafficking <-> <->", same: "trafficking" },
  { name: ":*", q: "trafficking:* :*", same: "trafficking" },
  // Cut after its tenth "trafficking  women" (20 characters each).
  { name: "10,000 characters", q: "trafficking  women  ".repeat(500), same: "trafficking women", cut: true },
  { name: "mixed scripts", q: "trafficking торговля людьми 人口贩卖 الاتجار بالبشر", same: null },
  { name: "a lone backslash", q: "\\", same: null },
];

const query = (q: string) => `q=${encodeURIComponent(q)}`;

/** A file route's answer: status and body text (byte-order mark kept). */
async function download(path: string) {
  const r = await exportCsvRoute.loader(args(get(path)));
  return { status: r.status, body: new TextDecoder("utf-8", { ignoreBOM: true }).decode(await r.arrayBuffer()) };
}

/** The exported rows' ids, checking the file is whole: BOM, the header, CRLF at the end, no "incomplete" line. */
function exportedIds(body: string): number[] {
  expect(body.startsWith(BOM)).toBe(true);
  expect(body.endsWith("\r\n")).toBe(true);
  expect(body).not.toContain(EXPORT_INCOMPLETE_LINE);
  const parsed = Papa.parse<string[]>(body.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data[0]).toEqual([...EXPORT_COLUMNS]);
  const id = EXPORT_COLUMNS.indexOf("upr_monitor_id");
  return parsed.data.slice(1).map((cells) => Number(cells[id]));
}

describeEachEngine("search takes any text", (t) => {
  /** The ids the list finds for a search text (all its pages), with what the page says. */
  async function list(q: string) {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const o = await run(listPage.loader(args(get(`/recommendations?${query(q)}&sort=relevance&page=${page}`))));
      expect(o.status).toBe(200);
      ids.push(...o.body.result.rows.map((r: { id: number }) => r.id));
      if (page >= o.body.result.pageCount)
        return { ids: ids.sort((a, b) => a - b), total: o.body.result.total, body: o.body };
    }
  }

  beforeAll(async () => {
    await seed(t.db);
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
  });

  it("the plain texts the hostile ones are compared with find recommendations", async () => {
    expect((await list("trafficking")).total).toBe(2);
    expect((await list("trafficking women")).total).toBe(1);
  });

  for (const { name, q, same, cut = false } of HOSTILE) {
    it(`${name}: the list, the dashboard and a whole export`, async () => {
      const found = await list(q);
      const expected = same === null ? { ids: [], total: 0 } : await list(same);
      expect([found.ids, found.total]).toEqual([expected.ids, expected.total]);
      expect(found.body.ignored).toEqual([]);
      expect(found.body.searchCut).toBe(cut);
      expect(found.body.filter.q).toBe(cut ? q.slice(0, 200).trimEnd() : q.trim());

      const dashboard = await run(dashboardPage.loader(args(get(`/dashboard?${query(q)}`))));
      expect(dashboard.status).toBe(200);
      expect(dashboard.body.ignored).toEqual([]);

      const file = await download(`/export.csv?${query(q)}`);
      expect(file.status).toBe(200);
      expect(exportedIds(file.body).sort((a, b) => a - b)).toEqual(found.ids);
      if (same !== null) expect(file.body).toBe((await download(`/export.csv?${query(same)}`)).body);
    });
  }

  it("control characters: the text is dropped and named on the list; the export refuses it in words", async () => {
    const q = "traffick\u0001ing\u0007";
    const found = await list(q);
    expect([found.total, found.body.filter.q, found.body.ignored]).toEqual([
      150,
      undefined,
      ["q=traffick\ufffding\ufffd"],
    ]);
    const file = await download(`/export.csv?${query(q)}`);
    expect(file.status).toBe(400);
    expect(file.body).toBe(
      "Unknown filter values: q=traffick\ufffding\ufffd.\nNothing was exported. Remove them from the address, or choose the filters on /recommendations and use its export links.\n",
    );
  });
});
