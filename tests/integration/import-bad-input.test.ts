// Bad input for the import: each gets a clear message naming the row and column where there is one,
// and the database is unchanged afterwards (every table's rows compared before and after).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { importFile, type ImportSummary } from "~/import/store/import.server";
import type { ImportOptions } from "~/import/readers";
import { excerptRows, writeUprInfoFile } from "../../bench/lib/uprinfo-file";
import { snapshotDb } from "../helpers/db-snapshot";
import { describeEachEngine } from "../helpers/test-db";

const { header: UPR_HEADER, rows: UPR_ROWS } = excerptRows();
const line = (i: number) => UPR_ROWS[i].join(",");
/** A UPR Info file: the To-header and the given data lines. */
const uprInfo = (...lines: string[]) => Buffer.from([UPR_HEADER, ...lines].join("\r\n") + "\r\n");
/** Excerpt row i with cell `column` replaced. */
const rowWith = (i: number, column: number, value: string) =>
  UPR_ROWS[i].map((c, j) => (j === column ? value : c)).join(",");

// One 50 MB file for both engines: real rows; an extra column (which the import ignores) makes each
// row about 8 KB; the last row has an invalid response.
const FIFTY_MB_ROWS = 6_400;
let fiftyMb: { file: string; size: number; dir: string };
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-import-bad-"));
  const file = path.join(dir, "fifty-megabytes.csv");
  const size = await writeUprInfoFile(file, {
    rows: FIFTY_MB_ROWS,
    filler: 8_000,
    lastRowCell: { column: 7, value: "Perhaps" },
  });
  fiftyMb = { file, size, dir };
});
afterAll(() => fs.rmSync(fiftyMb.dir, { recursive: true, force: true }));

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
]);

describeEachEngine("import: bad input changes nothing", (t) => {
  beforeAll(async () => {
    await seed(t.db);
    // Something of every kind already there, so "unchanged" means something.
    await importFile(t.db, uprInfo(line(0), line(1)));
  });

  /** Imports, checks that nothing changed (a dry run too), and returns the summary. */
  async function rejected(input: Buffer | string, options: ImportOptions = {}): Promise<ImportSummary> {
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, input, options);
    expect(s.committed).toBe(false);
    expect(s.errorCount).toBeGreaterThan(0);
    expect(await snapshotDb(t.db)).toEqual(before);
    return s;
  }

  it("an empty file", async () => {
    const s = await rejected(Buffer.alloc(0));
    expect(s.errors).toEqual([{ row: null, column: null, message: "The file is empty." }]);
    expect(s).toMatchObject({ rows: 0, aborted: true, detected: null });
  });

  it("a header without rows", async () => {
    const s = await rejected(uprInfo());
    expect(s.errors).toEqual([{ row: null, column: null, message: "The file has a header but no rows." }]);
    expect(s.format).toBe("upr-info");
  });

  it("a binary file", async () => {
    expect((await rejected(PNG)).errors).toEqual([
      { row: null, column: null, message: "This is not a text file: it looks like a PNG image." },
    ]);
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]);
    expect((await rejected(xlsx)).errors[0].message).toMatch(/damaged zip archive/);
  });

  it("a binary byte deep inside a text file (after the part that is sniffed)", async () => {
    const many = Array.from({ length: 40 }, () => UPR_ROWS.map((c) => c.join(","))).flat(); // > 64 KB
    const s = await rejected(uprInfo(...many, rowWith(0, 3, "Consider ratifying\u0000ICRMW")));
    expect(s.errors).toEqual([
      { row: many.length + 2, column: "Text", message: expect.stringMatching(/NUL character/) },
    ]);
  });

  it("an unknown header", async () => {
    const s = await rejected(
      Buffer.from("Country,Recommendation text,Status\nKenya,Consider ratifying ICRMW,Accepted\n"),
    );
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]).toMatchObject({
      row: null,
      message: expect.stringMatching(/^Unrecognised header: .*"Country", "Recommendation text", "Status"/),
    });
  });

  it("a missing required column", async () => {
    const header = UPR_HEADER.replace(",Response", "");
    const data = UPR_ROWS[0].filter((_, j) => j !== 7).join(",");
    const s = await rejected(Buffer.from(`${header}\n${data}\n`));
    expect(s.errors).toEqual([
      {
        row: null,
        column: "Response",
        message: 'Missing required column "Response" (this looks like a UPR Info export).',
      },
    ]);
  });

  it("a row with too many fields", async () => {
    const s = await rejected(uprInfo(line(0), `${line(1)},Kenya,extra`, line(2)));
    expect(s.errors).toEqual([
      { row: 3, column: null, message: expect.stringMatching(/^This row has 13 fields but the header has 11/) },
    ]);
    expect(s.rejected).toBe(1);
  });

  it("an unterminated quote", async () => {
    // The quote opened in the last row is never closed.
    const s = await rejected(uprInfo(line(0), line(1), rowWith(2, 10, '"8')));
    expect(s.errors).toEqual([
      { row: 4, column: null, message: expect.stringMatching(/^A quoted cell is not closed/) },
    ]);
    // A quote closed in the wrong place is named too.
    const t2 = await rejected(uprInfo(line(0), rowWith(1, 3, '"Continue its efforts" to promote'), line(2)));
    expect(t2.errors[0]).toMatchObject({ row: 3, message: expect.stringMatching(/^Malformed quotes/) });
  });

  it("an invalid response value", async () => {
    const s = await rejected(uprInfo(line(0), rowWith(1, 7, "Partially accepted")));
    expect(s.errors).toEqual([
      {
        row: 3,
        column: "Response",
        message: expect.stringMatching(/^Response "Partially accepted" is not known: use supported, noted or pending/),
      },
    ]);
  });

  it("a session out of range", async () => {
    const s = await rejected(uprInfo(rowWith(0, 10, "55"), rowWith(1, 10, "0")));
    expect(s.errors).toEqual([
      { row: 2, column: "Session", message: 'Session "55" is not valid: UPR sessions are numbered 1 to 54.' },
      { row: 3, column: "Session", message: 'Session "0" is not valid: UPR sessions are numbered 1 to 54.' },
    ]);
    expect(s.rejected).toBe(2);
  });

  it("a cell holding a spreadsheet formula", async () => {
    const s = await rejected(uprInfo(line(0), rowWith(1, 3, '"=HYPERLINK(""http://example.com"",""Click"")"')));
    expect(s.errors).toEqual([
      { row: 3, column: "Text", message: expect.stringMatching(/looks like a spreadsheet formula/) },
    ]);
  });

  it("duplicate header names other than UPR Info's repeated Rgrp and Org", async () => {
    const s = await rejected(Buffer.from(`${UPR_HEADER},Text\n${line(0)},again\n`));
    expect(s.errors).toEqual([
      {
        row: null,
        column: "Text",
        message: 'Duplicate column "Text" (columns 4 and 12): each column may appear once.',
      },
    ]);
    const native =
      "state_under_review,cycle,session,paragraph,paragraph,recommending_states,recommendation,response\nKEN,1,8,101.1,101.1,Burkina Faso,x,supported\n";
    expect((await rejected(Buffer.from(native))).errors).toEqual([
      {
        row: null,
        column: "paragraph",
        message: 'Duplicate column "paragraph" (columns 4 and 5): each column may appear once.',
      },
    ]);
    // UPR Info's original header repeats Rgrp and Org: that is no error.
    const original = fs.readFileSync(
      path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-original-header-excerpt.csv"),
    );
    const s2 = await importFile(t.db, original, {}, { dryRun: true });
    expect(s2.errorCount).toBe(0);
  });

  it("a malformed UHRI export names the record", async () => {
    const json = fs.readFileSync(
      path.resolve(import.meta.dirname, "../fixtures/import/uhri-kenya-cycle1-excerpt.json"),
      "utf8",
    );
    const cut = json.slice(0, json.indexOf('"AnnotationId"', 2000) + 30);
    const s = await rejected(Buffer.from(cut));
    expect(s.errors.at(-1)).toMatchObject({ row: expect.any(Number), message: expect.stringMatching(/JSON|end/i) });
  });

  it("a 50 MB file: streamed to its end, and one bad last row means nothing is written", async () => {
    const { file, size } = fiftyMb;
    const rows = FIFTY_MB_ROWS;
    expect(size).toBeGreaterThan(50 * 1024 * 1024);
    const before = await snapshotDb(t.db);
    const s = await importFile(t.db, file);
    expect(s).toMatchObject({ rows, rejected: 1, committed: false });
    expect(s.detected?.ignoredColumns).toEqual(["Notes"]);
    expect(s.errors).toEqual([
      { row: rows + 1, column: "Response", message: expect.stringMatching(/^Response "Perhaps" is not known/) },
    ]);
    expect(s.inserted).toBe(0);
    expect(s.planned.inserted + s.planned.unchanged + s.planned.merged + s.uncertainCount).toBe(rows - 1);
    expect(await snapshotDb(t.db)).toEqual(before);
  });
});
