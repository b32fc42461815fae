// The CSV export written by the database (exportCsvFromDatabase, app/models/export-csv.server.ts: a
// cursor over one statement on PostgreSQL, keyset batches on PGlite or with a batch size) gives exactly
// the bytes of the export (exportCsv: exportBatches and csvLine in Node), on both engines, for
// cells that must be neutralised (= + - @ tab CR), quoted (quotes, commas, CR, LF, leading and
// trailing spaces, a byte-order mark), non-ASCII text, nulls and empty lists, pledges, reviews
// without dates, and every filter.
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { RecommendationFilter } from "~/lib/recommendation-filter";
import { inlineParameters } from "~/models/export-csv.server";
import { exportCsv, exportCsvFromDatabase } from "~/models/export.server";
import { filteredRecommendations } from "~/models/search.server";
import { seed } from "~/models/seed.server";
import { describeEachEngine } from "../helpers/test-db";

const TRICKY = [
  '=HYPERLINK("http://evil.example","click")',
  "+254 700 000 000",
  "-1 point",
  "@mention",
  "\tstarts with a tab",
  "\rstarts with a carriage return",
  " leading space",
  "trailing space ",
  'a "quoted" word, and a comma',
  "two\nlines\r\nand CRLF",
  "Côte d’Ivoire — vis-à-vis 中文 🎉",
  "a \uFEFF byte-order mark inside",
  "back\\slash and 'apostrophe'",
  "",
];

async function text(pieces: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const piece of pieces) out += piece;
  return out;
}

describeEachEngine("CSV export written by the database", (t) => {
  beforeAll(async () => {
    await seed(t.db);
    const kenya = await t.db.selectFrom("recommendation").select(["id", "text", "review_id"]).orderBy("id").execute();
    const states = await t.db.selectFrom("state").select("id").orderBy("id").limit(3).execute();
    // A state under review with a name that must be quoted and no ISO code, its review without dates.
    const odd = await t.db
      .insertInto("state")
      .values({ name: ' Korea, "Republic" of ', iso3: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const review = await t.db
      .insertInto("review")
      .values({ state_id: odd.id, cycle: 2, session: 19, report_symbol: "=A/HRC/19/1" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const orgs = [];
    for (const name of ['Org, "one"', "-dash org", "Ünïcödé org"])
      orgs.push((await t.db.insertInto("organisation").values({ name }).returning("id").executeTakeFirstOrThrow()).id);
    // Real Kenya texts only (never invented), on new rows with odd paragraphs, themes and responses.
    const added = await t.db
      .insertInto("recommendation")
      .values(
        TRICKY.map((tricky, i) => ({
          review_id: i % 3 === 0 ? review.id : kenya[i]!.review_id,
          paragraph: i % 4 === 0 ? null : `${200 + i}.${i + 1}`,
          text: kenya[i]!.text,
          response: (["supported", "noted", "pending"] as const)[i % 3],
          action_category: i % 5 === 0 ? null : (i % 5) + 0,
          themes: i % 2 ? [tricky, "B31 Equality & non-discrimination"] : [],
          kind: i % 6 === 5 ? ("pledge" as const) : ("recommendation" as const),
          source_format: "native" as const,
          source_key: `test:tricky:${i}`,
        })),
      )
      .returning("id")
      .execute();
    for (const [i, { id }] of added.entries()) {
      if (i % 2 === 0)
        await t.db
          .insertInto("recommendation_recommending_state")
          .values(states.slice(0, 1 + (i % 3)).map((s) => ({ recommendation_id: id, state_id: s.id })))
          .execute();
      // Two assessments on the same day (the later id wins), one earlier; odd evidence and links.
      for (const [k, as_of] of ["2011-01-15", "2014-06-30", "2014-06-30"].entries()) {
        if ((i + k) % 4 === 3) continue;
        await t.db
          .insertInto("assessment")
          .values({
            recommendation_id: id,
            organisation_id: orgs[(i + k) % orgs.length]!,
            author_id: null,
            as_of,
            status: (["in_progress", "partially_implemented", "fully_implemented"] as const)[k],
            evidence: TRICKY[(i + k) % TRICKY.length]!,
            source_urls: k === 2 ? [TRICKY[i]!, "https://example.org/a,b"] : [],
          })
          .execute();
      }
    }
    const issue = await t.db.selectFrom("coalition_issue").select("id").orderBy("id").executeTakeFirstOrThrow();
    await t.db
      .insertInto("recommendation_issue")
      .values(
        added
          .filter((_, i) => i % 3 === 1)
          .map((r) => ({ recommendation_id: r.id, issue_id: issue.id, created_by: null })),
      )
      .execute();
  });

  const filters: RecommendationFilter[] = [
    { kind: "recommendation" },
    { kind: "pledge" },
    { kind: "recommendation", state: "KEN" },
    { kind: "recommendation", cycle: 2 },
    { kind: "recommendation", q: "trafficking" },
    { kind: "recommendation", q: 'it\'s 100%_\\ "x"' },
    { kind: "recommendation", response: "noted", action: 2 },
    { kind: "recommendation", status: "fully_implemented" },
    { kind: "recommendation", theme: "B31 Equality & non-discrimination" },
    { kind: "recommendation", theme: "it's a 'theme'" },
    { kind: "recommendation", group: "WEOG" },
    { kind: "recommendation", changedSince: "2014-01-01" },
  ];

  it("the same bytes as the row-by-row writer, for every filter, in one piece or in batches", async () => {
    const from = (await t.db.selectFrom("state").select("iso3").orderBy("id").executeTakeFirstOrThrow()).iso3!;
    const slug = (await t.db.selectFrom("coalition_issue").select("slug").orderBy("id").executeTakeFirstOrThrow()).slug;
    let nonEmpty = 0;
    for (const filter of [
      ...filters,
      { kind: "recommendation" as const, from },
      { kind: "recommendation" as const, issue: slug },
    ]) {
      const expected = await text(exportCsv(t.db, filter));
      let rows = 0;
      expect(
        await text(exportCsvFromDatabase(t.db, filter, { onRows: (n) => (rows += n) })),
        JSON.stringify(filter),
      ).toBe(expected);
      expect(await text(exportCsvFromDatabase(t.db, filter, { batchSize: 7 })), JSON.stringify(filter)).toBe(expected);
      const { n } = await filteredRecommendations(t.db, filter)
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow();
      expect(rows).toBe(n);
      if (rows > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(8);
    const all = await text(exportCsvFromDatabase(t.db, { kind: "recommendation" }));
    for (const tricky of [`"'=HYPERLINK(""http://evil.example"",""click"")"`, "'+254 700 000 000", "Côte d’Ivoire"])
      expect(all).toContain(tricky);
  });

  it("a reader that stops early leaves the database usable", async () => {
    for await (const piece of exportCsvFromDatabase(t.db, { kind: "recommendation" })) if (piece.length > 0) break;
    const { n } = await t.db
      .selectFrom("recommendation")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    expect(n).toBeGreaterThan(100);
  });
});

it("inlineParameters writes numbers and escaped text, and refuses anything else", () => {
  expect(inlineParameters("select $1, $2, $10", [1, "it's a \\ test", 0, 0, 0, 0, 0, 0, 0, "x"])).toBe(
    "select 1, E'it''s a \\\\ test', E'x'",
  );
  expect(() => inlineParameters("select $2", [1])).toThrow();
  expect(() => inlineParameters("select $1", [Number.NaN])).toThrow();
  expect(() => inlineParameters("select $1", ["a\0b"])).toThrow();
  expect(() => inlineParameters("select $1", [{}])).toThrow();
});
