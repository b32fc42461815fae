// Encodings decided from the whole file, and Excel workbooks read directly (issue #13 points 1, 2).
// Fixtures are built in memory from the committed excerpt of UPR Info's real export (verbatim texts).
import * as XLSX from "@e965/xlsx";
import iconv from "iconv-lite";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectEncodingOfStream, parseImportBuffer } from "../../../app/import/readers";
import { readWorkbook } from "../../../app/import/readers/workbook";
import { chunked, fixture } from "./helpers";

const CR = "\r";
const excerpt = fixture("uprinfo-kenya-session8-excerpt.csv")
  .toString("latin1")
  .split(CR)
  .filter((l) => l !== "");
const [header, ...rows] = excerpt;
// The excerpt's United Kingdom row says "Kenya's obligations" (ASCII apostrophe); the Working Group report's
// own words (seed-data, A/HRC/15/8 paragraph 102.15) have the typographic one.
const icc = rows.find((r) => r.includes("Kenya's obligations"))!;
const accented = icc.replace("Kenya's obligations", "Kenya\u2019s obligations");

/** 64 KiB and more of plain ASCII rows, then one row with a non-ASCII letter, in an 8-bit encoding. */
function lateAccentFile(encoding: "macintosh" | "windows-1252"): Buffer {
  const lines = [header];
  while (lines.join(CR).length < 80 * 1024) lines.push(...rows);
  lines.push(accented);
  return iconv.encode(lines.join(CR) + CR, encoding);
}

describe("the encoding is decided from the whole file", () => {
  for (const encoding of ["macintosh", "windows-1252"] as const) {
    it(`a ${encoding} file whose first 64 KiB are ASCII imports with the defaults (bytes, path)`, async () => {
      const bytes = lateAccentFile(encoding);
      expect(bytes.subarray(0, 64 * 1024).every((b) => b < 0x80)).toBe(true);
      const fromBytes = await parseImportBuffer(bytes);
      expect(fromBytes.detected?.encoding).toBe(encoding);
      expect(fromBytes.problems).toEqual([]);
      expect(fromBytes.records.at(-1)?.text).toContain("Kenya\u2019s obligations");

      const dir = mkdtempSync(path.join(os.tmpdir(), "upr-enc-"));
      const file = path.join(dir, "export.csv");
      writeFileSync(file, bytes);
      const fromPath = await parseImportBuffer(file);
      expect(fromPath.detected?.encoding).toBe(encoding);
      expect(fromPath.records.length).toBe(fromBytes.records.length);
      const reopened = await parseImportBuffer({ openStream: () => chunked(bytes, 4096) });
      expect(reopened.detected?.encoding).toBe(encoding);
    });
  }

  it("a stream that can be read only once still says which encoding to choose, and nothing is imported", async () => {
    const result = await parseImportBuffer(chunked(lateAccentFile("macintosh"), 8192));
    expect(result.problems.map((p) => p.message).join(" ")).toMatch(/not valid UTF-8.*Mac Roman/);
  });

  it("UTF-8 with a character cut between chunks is UTF-8; an invalid byte at the very end is not", async () => {
    const text = Buffer.from("Côte d'Ivoire", "utf8");
    expect(await detectEncodingOfStream(chunked(text, 2))).toEqual({ encoding: "utf-8", bom: false });
    expect((await detectEncodingOfStream(chunked(Buffer.concat([text, Buffer.from([0xc3])]), 3))).encoding).not.toBe(
      "utf-8",
    );
    expect(await detectEncodingOfStream(chunked(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 1))).toEqual({
      encoding: "utf-8",
      bom: true,
    });
  });
});

// ---------------------------------------------------------------------------------------------

/** The excerpt as cells: UPR Info's original header (repeated Rgrp/Org) and numbers as floats, as its .xls had them. */
function uprInfoCells(): unknown[][] {
  const parsed = XLSX.read(fixture("uprinfo-original-header-excerpt.csv"), { type: "buffer", raw: true }).Sheets.Sheet1;
  const table = XLSX.utils.sheet_to_json<string[]>(parsed, { header: 1, raw: false, defval: "" });
  return table.map((r, i) =>
    i === 0 ? r : r.map((cell, j) => (table[0][j] === "Action" || table[0][j] === "Session" ? Number(cell) : cell)),
  );
}

function workbook(sheets: Record<string, unknown[][]>, bookType: XLSX.BookType): Buffer {
  const book = XLSX.utils.book_new();
  for (const [name, cells] of Object.entries(sheets))
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(cells), name);
  return XLSX.write(book, { type: "buffer", bookType });
}

describe("Excel workbooks", () => {
  const csvRecords = parseImportBuffer(fixture("uprinfo-original-header-excerpt.csv"));

  it("UPR Info's original export (.xls, BIFF8, sheet 'UPR Info database export', floats) reads as its CSV does", async () => {
    const cells = uprInfoCells();
    expect(cells[0]).toEqual([
      "SuR",
      "Rgrp",
      "Org",
      "Recommendation",
      "RS",
      "Rgrp",
      "Org",
      "Response",
      "Action",
      "Issue",
      "Session",
    ]);
    const bytes = workbook(
      { Notes: [["exported from the UPR Info database"]], "UPR Info database export": cells },
      "biff8",
    );
    expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    const result = await parseImportBuffer(bytes);
    expect(result.problems).toEqual([]);
    expect(result.detected).toMatchObject({
      format: "upr-info",
      container: "xls",
      sheet: "UPR Info database export",
      sheets: ["Notes", "UPR Info database export"],
      encoding: null,
    });
    // SheetJS writes BIFF8 text cells of at most 255 characters (UPR Info's own .xls has longer ones): compare those.
    const csv = { records: (await csvRecords).records.filter((r) => r.text.length <= 255) };
    result.records = result.records.filter((r) => r.text.length < 255);
    expect(csv.records.length).toBeGreaterThan(8);
    expect(
      result.records.map((r) => [
        r.text,
        r.session,
        r.actionCategory,
        r.response,
        r.recommendingStates[0].iso3,
        r.sourceKey,
      ]),
    ).toEqual(
      csv.records.map((r) => [
        r.text,
        r.session,
        r.actionCategory,
        r.response,
        r.recommendingStates[0].iso3,
        r.sourceKey,
      ]),
    );
    expect(result.records[0].session).toBe(8);
  });

  it("an .xlsx in our template; the sheet found by its header, or chosen by name", async () => {
    const native = fixture("native-kenya-cycle1-excerpt.csv").toString("utf8").trim().split("\n");
    const cells = XLSX.utils.sheet_to_json<string[]>(
      XLSX.read(native.join("\n"), { type: "string", raw: true }).Sheets.Sheet1,
      { header: 1, raw: false, defval: "" },
    );
    const bytes = workbook({ Cover: [["Kenya UPR recommendations"]], Data: cells }, "xlsx");
    const found = await parseImportBuffer(bytes);
    expect(found.problems).toEqual([]);
    expect(found.detected).toMatchObject({ format: "native", container: "xlsx", sheet: "Data" });
    expect(found.records).toHaveLength(native.length - 1);
    expect(found.records[0].paragraph).toBe(cells[1][4]);

    const cover = await parseImportBuffer(bytes, { sheet: "Cover" });
    expect(cover.problems[0].message).toMatch(/Unrecognised header/);
    const missing = await parseImportBuffer(bytes, { sheet: "Nope" });
    expect(missing.problems[0].message).toMatch(/no sheet "Nope"; its sheets are "Cover", "Data"/);
    const none = await parseImportBuffer(workbook({ Cover: [["Kenya"]] }, "xlsx"));
    expect(none.problems[0].message).toMatch(/No sheet of this workbook starts with a header we know/);
  });

  it("a UHRI export as .xlsx (the JSON's fields as columns, lists on lines)", async () => {
    const json = JSON.parse(fixture("uhri-kenya-cycle1-excerpt.json").toString("utf8")) as Record<string, unknown>[];
    const fields = [
      "AnnotationId",
      "AnnotationType",
      "Body",
      "Countries",
      "Symbol",
      "Text",
      "Themes",
      "UprCycle",
      "UprSession",
      "UprPositions",
      "UprRecommendingCountry",
    ];
    const cells = [
      fields,
      ...json.map((r) => fields.map((f) => (Array.isArray(r[f]) ? (r[f] as unknown[]).join("\n") : (r[f] ?? "")))),
    ];
    const fromXlsx = await parseImportBuffer(workbook({ Export: cells }, "xlsx"));
    const fromJson = await parseImportBuffer(fixture("uhri-kenya-cycle1-excerpt.json"));
    expect(fromXlsx.problems).toEqual([]);
    expect(fromXlsx.detected?.format).toBe("uhri");
    expect(
      fromXlsx.records.map((r) => [
        r.sourceKey,
        r.paragraph,
        r.text,
        r.response,
        r.recommendingStates.map((s) => s.iso3),
      ]),
    ).toEqual(
      fromJson.records.map((r) => [
        r.sourceKey,
        r.paragraph,
        r.text,
        r.response,
        r.recommendingStates.map((s) => s.iso3),
      ]),
    );
    expect(fromXlsx.skipped.length).toBe(fromJson.skipped.length);
  });

  it("a UHRI .xlsx: its Sdgs and AffectedPersons columns (lists on lines) as the JSON's", async () => {
    const name = "uhri-slovenia-cycle3-excerpt.json";
    const json = JSON.parse(fixture(name).toString("utf8")) as Record<string, unknown>[];
    const fields = Object.keys(json[0]!);
    const cells = [
      fields,
      ...json.map((r) =>
        fields.map((f) => (Array.isArray(r[f]) ? (r[f] as unknown[]).join("\n") : String(r[f] ?? ""))),
      ),
    ];
    const fromXlsx = await parseImportBuffer(workbook({ Export: cells }, "xlsx"));
    const fromJson = await parseImportBuffer(fixture(name));
    expect(fromXlsx.problems).toEqual([]);
    expect(fromXlsx.detected?.format).toBe("uhri");
    const tags = (r: (typeof fromJson.records)[number]) => [r.paragraph, r.themes, r.sdgs, r.affectedPersons];
    expect(fromXlsx.records.map(tags)).toEqual(fromJson.records.map(tags));
    expect(fromXlsx.records[1]?.sdgs).toEqual(["5", "8", "10", "16"]);
  });

  it("a damaged or password-protected workbook, a Word 97 file: a clear message, no throw", async () => {
    const good = workbook({ Data: uprInfoCells() }, "xlsx");
    const damaged = await parseImportBuffer(good.subarray(0, Math.floor(good.length / 2)));
    expect(damaged.problems[0].message).toMatch(/damaged/);
    const protectedFile = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(protectedFile, "/EncryptionInfo", Buffer.from([4, 0, 4, 0]));
    XLSX.CFB.utils.cfb_add(protectedFile, "/EncryptedPackage", Buffer.alloc(64));
    const encrypted = await parseImportBuffer(
      Buffer.from(XLSX.CFB.write(protectedFile, { type: "buffer" }) as Uint8Array),
    );
    expect(encrypted.problems[0].message).toMatch(/protected with a password/);
    const doc = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(doc, "/WordDocument", Buffer.alloc(64));
    const word97 = await parseImportBuffer(Buffer.from(XLSX.CFB.write(doc, { type: "buffer" }) as Uint8Array));
    expect(word97.problems[0].message).toMatch(/Word 97-2003/);
  });

  it("a sheet of too many rows is refused from its size, before its rows become records", () => {
    const cells = [
      ["To", "Text", "From", "Response", "Session"],
      ...Array.from({ length: 9 }, () => ["Kenya", "x", "Algeria", "Accepted", 8]),
    ];
    const book = readWorkbook(workbook({ "UPR Info database export": cells }, "xlsx"));
    expect(() => book.rows("UPR Info database export", 5)).toThrow(/has 10 rows; at most 5 can be imported at once/);
    expect(book.rows("UPR Info database export", 10)).toHaveLength(10);
  });

  it("a date cell is its calendar day in every time zone (LibreOffice's .xlsx of an export, read in Nairobi)", () => {
    const bytes = readFileSync(
      path.resolve(__dirname, "../../fixtures/roundtrip/libreoffice-kenya-cycle1-excerpt.xlsx"),
    );
    const zone = process.env.TZ;
    try {
      for (const tz of ["UTC", "Africa/Nairobi", "America/Los_Angeles", "Pacific/Kiritimati"]) {
        process.env.TZ = tz;
        const book = readWorkbook(new Uint8Array(bytes));
        const [header, ...rows] = book.rows(book.sheetNames[0]!);
        const asOf = header!.indexOf("current_as_of");
        expect(rows.map((r) => r[asOf] ?? "").filter(Boolean), tz).toEqual(["2012-06-30", "2012-01-15", "2013-02-01"]);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
