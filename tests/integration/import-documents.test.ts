// The documents people have, into the database (issue #13 "Done when"): the OHCHR matrix, the Working
// Group report's paragraphs pasted as text, and a workbook; into an empty database and into the one
// `npm start` seeds. On both engines.
import fs from "node:fs";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { importFile } from "~/import/store/import.server";
import { undoImport } from "~/import/store/import-runs.server";
import { snapshotDb } from "../helpers/db-snapshot";
import { describeEachEngine } from "../helpers/test-db";
import { INTRODUCTION, kenyaSeed, sectionLines, TITLE, HEADING } from "../helpers/kenya-report";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MATRIX = path.resolve(ROOT, "../shared/samples/ohchr-matrix-slovenia-cycle3.docx");
const MATRIX_EXCERPT = path.join(ROOT, "tests/fixtures/import/ohchr-matrix-slovenia-excerpt.docx");
const reportText = () => [...TITLE, INTRODUCTION, HEADING, ...sectionLines(kenyaSeed())].join("\n");

async function counts(db: Parameters<typeof importFile>[0], iso3: string, cycle: number) {
  const { rows } = await sql<{ response: string; n: number }>`
    select r.response, count(*)::int as n from recommendation r join review v on v.id = r.review_id join state s on s.id = v.state_id
    where s.iso3 = ${iso3} and v.cycle = ${cycle} group by r.response order by r.response
  `.execute(db);
  return Object.fromEntries(rows.map((r) => [r.response, r.n]));
}

describeEachEngine("import: documents into an empty database", (t) => {
  it.skipIf(!fs.existsSync(MATRIX))(
    "the Slovenia matrix: 215 recommendations (182 supported, 33 noted), state, cycle 3 and session 34 from the file",
    async () => {
      const s = await importFile(t.db, MATRIX, {}, { fileName: "matrix.docx" });
      expect(s).toMatchObject({ format: "ohchr-matrix", committed: true, inserted: 215, errorCount: 0 });
      expect(s.reviewsCreated).toEqual([{ state: "Slovenia", cycle: 3, session: 34 }]);
      expect(await counts(t.db, "SVN", 3)).toEqual({ noted: 33, supported: 182 });
      const review = await t.db
        .selectFrom("review")
        .select(["session", "report_symbol"])
        .where("cycle", "=", 3)
        .executeTakeFirstOrThrow();
      expect(review).toEqual({ session: 34, report_symbol: "A/HRC/43/15" });
      const multi = await sql<{
        n: number;
      }>`select count(*)::int as n from (select recommendation_id from recommendation_recommending_state group by 1 having count(*) > 1) x`.execute(
        t.db,
      );
      expect(multi.rows[0].n).toBeGreaterThan(0);
      const again = await importFile(t.db, MATRIX);
      expect(again).toMatchObject({ inserted: 0, unchanged: 215, importId: null });
      await undoImport(t.db, s.importId!, null);
      expect(await counts(t.db, "SVN", 3)).toEqual({});
    },
  );

  it("Kenya's cycle-1 paragraphs pasted as text: 150 recommendations with their recommending states", async () => {
    const s = await importFile(t.db, Buffer.from(reportText()), {}, { fileName: "pasted.txt" });
    expect(s).toMatchObject({ format: "wg-report", committed: true, inserted: 150, errorCount: 0 });
    expect(s.detected).toMatchObject({ container: "text", encoding: "utf-8" });
    const seedRows = kenyaSeed();
    const { rows } = await sql<{ paragraph: string; states: string[] }>`
      select r.paragraph, array(select s.iso3 from recommendation_recommending_state rs join state s on s.id = rs.state_id where rs.recommendation_id = r.id order by s.iso3) as states
      from recommendation r where r.source_format = 'wg-report' order by r.id
    `.execute(t.db);
    expect(rows.map((r) => r.paragraph)).toEqual(seedRows.map((r) => r.paragraph));
    expect(rows.every((r) => r.states.length > 0)).toBe(true);
    const c = await counts(t.db, "KEN", 1);
    expect(c.supported).toBe(seedRows.filter((r) => r.paragraph.startsWith("101.")).length);
    expect(c.noted).toBe(seedRows.filter((r) => r.paragraph.startsWith("103.")).length);
  });

  it("a matrix excerpt as the only file for a review held by the report merges by paragraph", async () => {
    const s = await importFile(t.db, MATRIX_EXCERPT);
    expect(s).toMatchObject({ format: "ohchr-matrix", committed: true, errorCount: 0 });
    const again = await importFile(t.db, MATRIX_EXCERPT);
    expect(again).toMatchObject({ inserted: 0, importId: null });
  });
});

describeEachEngine("import: documents into the seeded database", (t) => {
  beforeAll(async () => {
    await seed(t.db);
  });

  it("the report's text for the seeded review merges by paragraph: still 150, nothing new; a workbook of the seed too", async () => {
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, Buffer.from(reportText()));
    expect(s).toMatchObject({ inserted: 0, errorCount: 0, committed: true });
    expect(s.merged).toBe(150);
    const held = await t.db
      .selectFrom("recommendation")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    expect(held.n).toBe(150);
    await undoImport(t.db, s.importId!, null);

    // The seed file saved as an .xlsx by a spreadsheet: the same 150, unchanged.
    const csv = fs.readFileSync(path.join(ROOT, "seed-data/kenya-cycle1-recommendations.csv"), "utf8");
    const book = XLSX.read(csv, { type: "string", raw: true });
    const xlsx = XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Buffer;
    const fromXlsx = await importFile(t.db, xlsx);
    expect(fromXlsx).toMatchObject({
      format: "native",
      rows: 150,
      inserted: 0,
      updated: 0,
      unchanged: 150,
      errorCount: 0,
      importId: null,
    });
    expect(fromXlsx.detected).toMatchObject({ container: "xlsx", sheet: "Sheet1" });
    const { audit_log: _a1, import_run: _r1, import_change: _c1, ...now } = await snapshotDb(t.db);
    const { audit_log: _a2, import_run: _r2, import_change: _c2, ...then } = before;
    expect(now).toEqual(then);
  });

  it("bad input writes nothing: a Word file that is neither, text with no paragraph numbers, two states in one text", async () => {
    const before = await snapshotDb(t.db);
    const none = await importFile(
      t.db,
      Buffer.from("The Working Group thanks Kenya for its report.\nNothing else here.\n"),
      { format: "wg-report" },
    );
    expect(none).toMatchObject({ committed: false });
    expect(none.errors[0].message).toMatch(/paragraph numbers/);
    const noState = await importFile(t.db, Buffer.from(sectionLines(kenyaSeed().slice(0, 3)).join("\n")));
    expect(noState.committed).toBe(false);
    expect(noState.errors.map((e) => e.message).join(" ")).toMatch(/state under review|session/i);
    const contradicts = await importFile(t.db, Buffer.from(reportText()), { state: "Slovenia" });
    expect(contradicts.committed).toBe(false);
    expect(await snapshotDb(t.db)).toEqual(before);
  });
});
