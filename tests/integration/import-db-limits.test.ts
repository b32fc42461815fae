// A preview never promises what the import cannot write (issue #25): a row the database would refuse
// (110,000 themes, a theme or themes too long for its indexes, too many recommending states, themes
// that no longer fit once added to those of the recommendation held) is rejected by row and column in
// the preview, and the import writes nothing and says the same. Rows at the bounds, and a normal file,
// still import. Generated CSV files of our template, on both engines.
import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { importFile, type ImportProblem, type ImportSummary } from "~/import/store/import.server";
import { MAX_THEMES_BYTES, themesBytes } from "~/import/readers/record-checks";
import { describeEachEngine, type TestDb } from "../helpers/test-db";

const HEADER =
  "state_under_review,cycle,session,document_symbol,paragraph,recommending_states,recommendation,response,action_category,themes,issues\n";
const FIXTURE = fs.readFileSync(
  path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-kenya-session8-excerpt.csv"),
);

interface Row {
  paragraph: string;
  states?: string[];
  themes?: string[];
  symbol?: string;
  text?: string;
}
const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
/** A CSV of our template for Uganda's cycle 2 review (session 19); data rows are rows 2, 3, ... */
function csv(rows: Row[]): Buffer {
  return Buffer.from(
    HEADER +
      rows
        .map((r) =>
          [
            "UGA",
            "2",
            "19",
            r.symbol ?? "A/HRC/19/16",
            r.paragraph,
            cell((r.states ?? ["Norway"]).join("; ")),
            cell(r.text ?? `Strengthen the national human rights institution (paragraph ${r.paragraph})`),
            "supported",
            "2",
            cell((r.themes ?? ["Justice"]).join(";")),
            "",
          ].join(","),
        )
        .join("\n") +
      "\n",
  );
}
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join(""); // hardly compressible
const chinese = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(0x4e00 + randomInt(20_000))).join("");
const normal = (from: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ paragraph: `${from + i}.1` }));

/** What is stored: recommendations, reviews, states, import runs. */
async function stored(t: TestDb) {
  const { rows } = await sql<{ r: number; v: number; s: number; i: number }>`select
    (select count(*)::int from recommendation) as r, (select count(*)::int from review) as v,
    (select count(*)::int from state) as s, (select count(*)::int from import_run) as i`.execute(t.db);
  return rows[0]!;
}

/** The preview, then the import, of the same file: both must report `problems`, and nothing is written. */
async function refusedAlike(t: TestDb, file: Buffer, problems: ImportProblem[]): Promise<ImportSummary> {
  const before = await stored(t);
  const preview = await importFile(t.db, file, {}, { dryRun: true });
  expect(preview.errors).toEqual(problems);
  expect(preview.rejected).toBe(problems.length);
  expect(preview.committed).toBe(false);
  const imported = await importFile(t.db, file);
  expect(imported.errors).toEqual(problems);
  expect(imported.rejected).toBe(problems.length);
  expect(imported.committed).toBe(false);
  expect(imported.notCommitted).toBe(
    `Nothing was written: ${problems.length} problem${problems.length === 1 ? "" : "s"} must be fixed first (an import is all or nothing).`,
  );
  // The other rows: counted alike in both, and none written.
  expect(imported.planned).toEqual(preview.planned);
  expect(await stored(t)).toEqual(before);
  return preview;
}

describeEachEngine("imports: rows the database would refuse are rejected in the preview and the import alike", (t) => {
  it("a row with 110,000 themes: rejected by row and column, nothing written; the other rows counted as new", async () => {
    const themes = Array.from({ length: 110_000 }, (_, i) => `T${i}`);
    const preview = await refusedAlike(t, csv([...normal(10, 3), { paragraph: "13.1", themes }, ...normal(14, 2)]), [
      { row: 5, column: "themes", message: "This row has 110,000 themes; at most 100 are allowed." },
    ]);
    expect(preview.planned.inserted).toBe(5);
  });

  it("each bound of a row: a theme too long, themes too long together, too many recommending states", async () => {
    const long = chinese(201);
    await refusedAlike(t, csv([...normal(20, 1), { paragraph: "21.1", themes: ["Justice", long] }]), [
      {
        row: 3,
        column: "themes",
        message: `A theme is 201 characters long ("${long.slice(0, 40)}..."); at most 200 are allowed.`,
      },
    ]);
    // 150 themes of 20 letters: what made PostgreSQL refuse a whole import ("index row size 3688 exceeds
    // btree version 4 maximum 2704 for index recommendation_review_covering_idx").
    const many = Array.from({ length: 150 }, () => letters(20));
    await refusedAlike(t, csv([{ paragraph: "22.1", themes: many }]), [
      {
        row: 2,
        column: "themes",
        message: "This row has 150 themes; at most 100 are allowed.",
      },
    ]);
    const wide = Array.from({ length: 20 }, () => letters(120)); // 20 x 128 = 2,560 bytes
    expect(themesBytes(wide)).toBe(2_560);
    await refusedAlike(t, csv([{ paragraph: "23.1", themes: wide }]), [
      {
        row: 2,
        column: "themes",
        message:
          "The themes are too long together: 2,560 bytes where at most 2,400 fit (each theme's characters in UTF-8, and 8 a theme); use fewer or shorter themes.",
      },
    ]);
    const states = Array.from({ length: 201 }, (_, i) => `Neverland ${i}`);
    await refusedAlike(t, csv([{ paragraph: "24.1", states }]), [
      {
        row: 2,
        column: "recommending_states",
        message: "This row names 201 recommending states; at most 200 are allowed.",
      },
    ]);
  });

  it("rows at the bounds import, and the database takes them", async () => {
    const before = await stored(t);
    // 100 themes of 16 letters: 100 x 24 = 2,400 bytes, the most; a theme of 200 Chinese characters (600 bytes).
    const full = Array.from({ length: 100 }, () => letters(16));
    expect(themesBytes(full)).toBe(MAX_THEMES_BYTES);
    const wideTheme = chinese(200);
    // A document symbol of 500 digits is not a report symbol: the review is made without one (it used
    // to break the preview and the import on the review's 100-character column).
    const file = csv([
      { paragraph: "30.1", themes: full, symbol: `A/HRC/19/${"8".repeat(500)}` },
      { paragraph: "31.1", themes: [wideTheme, ...Array.from({ length: 50 }, () => letters(20))] },
    ]);
    const preview = await importFile(t.db, file, {}, { dryRun: true });
    expect(preview.errors).toEqual([]);
    const imported = await importFile(t.db, file);
    expect({ errors: imported.errors, committed: imported.committed, planned: imported.planned }).toEqual({
      errors: [],
      committed: true,
      planned: preview.planned,
    });
    expect(imported.planned.inserted).toBe(2);
    expect((await stored(t)).r).toBe(before.r + 2);
    const { rows } = await sql<{
      n: number;
      symbol: string | null;
    }>`select cardinality(r.themes) as n, v.report_symbol as symbol
      from recommendation r join review v on v.id = r.review_id where r.paragraph in ('30.1', '31.1') order by r.paragraph`.execute(
      t.db,
    );
    expect(rows).toEqual([
      { n: 100, symbol: null },
      { n: 51, symbol: null },
    ]);
  });

  it("themes added to those a recommendation holds must still fit: rejected in the preview and the import alike", async () => {
    const first = Array.from({ length: 60 }, () => letters(10));
    const committed = await importFile(t.db, csv([{ paragraph: "40.1", themes: first }]));
    expect(committed.committed).toBe(true);
    const id = (
      await t.db.selectFrom("recommendation").select("id").where("paragraph", "=", "40.1").executeTakeFirstOrThrow()
    ).id;
    // The same row again with 60 other themes: a re-import adds them to those held (120 in all).
    const other = Array.from({ length: 60 }, () => letters(10));
    await refusedAlike(t, csv([{ paragraph: "40.1", themes: other }]), [
      {
        row: 2,
        column: "themes",
        message: `Added to the themes recommendation #${id} holds already, this row would give it 120 themes; at most 100 are allowed.`,
      },
    ]);
  });

  it("a normal file still imports", async () => {
    const preview = await importFile(t.db, FIXTURE, {}, { dryRun: true });
    const imported = await importFile(t.db, FIXTURE);
    expect({ errors: imported.errors, committed: imported.committed, inserted: imported.planned.inserted }).toEqual({
      errors: [],
      committed: true,
      inserted: 13,
    });
    expect(preview.planned).toEqual(imported.planned);
  });
});
