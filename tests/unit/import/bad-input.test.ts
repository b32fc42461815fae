import { describe, expect, it } from "vitest";
import { looksLikeFormula, parseImportBuffer } from "../../../app/import/readers";
import { parse, UPR_INFO_ORIGINAL_HEADER, UPR_INFO_TO_HEADER, uprInfoExcerptLines } from "./helpers";

const NATIVE_HEADER =
  "state_under_review,cycle,session,document_symbol,paragraph,recommending_states,recommendation,response";
const NATIVE_ROW = "KEN,1,8,A/HRC/15/8,101.2,Algeria,Consider ratifying ICRMW (Algeria);,supported";

/** A UPR Info file of the excerpt's first row with one cell replaced. */
function uprInfoWith(column: number, value: string): string {
  const line = uprInfoExcerptLines()[0]; // Kenya,Africa,"AU, Commonwealth",Consider ratifying ICRMW ,Algeria,...
  const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, "")) as string[];
  cells[column] = value;
  return `${UPR_INFO_TO_HEADER}\n${cells.slice(0, 11).join(",")}\n`;
}

describe("problems with the whole file", () => {
  it("empty file", async () => {
    const result = await parseImportBuffer(Buffer.alloc(0));
    expect(result).toMatchObject({ detected: null, records: [], rows: 0, aborted: true });
    expect(result.problems).toEqual([{ row: null, column: null, message: "The file is empty." }]);
  });

  it("a file of blank lines", async () => {
    const result = await parse("\r\n\r\n  \n");
    expect(result.problems).toEqual([
      { row: null, column: null, message: "The file is empty (it holds only blank lines)." },
    ]);
  });

  it("header only: no rows", async () => {
    for (const csv of [UPR_INFO_TO_HEADER, `${UPR_INFO_TO_HEADER}\r`, `${NATIVE_HEADER}\r\n\r\n`]) {
      const result = await parse(csv);
      expect(result.detected).not.toBeNull();
      expect(result.rows).toBe(0);
      expect(result.problems).toEqual([{ row: null, column: null, message: "The file has a header but no rows." }]);
    }
  });

  it("binary files: PNG, NUL bytes, an Excel workbook", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect((await parseImportBuffer(png)).problems).toEqual([
      { row: null, column: null, message: "This is not a text file: it looks like a PNG image." },
    ]);
    const nul = Buffer.concat([Buffer.from(`${UPR_INFO_TO_HEADER}\n`), Buffer.from([0, 0, 1, 0])]);
    expect((await parseImportBuffer(nul)).problems[0].message).toMatch(/^This is not a text file: .*NUL bytes/);
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect((await parseImportBuffer(xlsx)).problems[0].message).toMatch(
      /damaged zip archive \(an Excel or Word file that did not save completely\?\)/,
    );
  });

  it("unknown header: names the unrecognised columns", async () => {
    const result = await parse("Country,Recommendation text,Status\nKenya,x,y\n");
    expect(result.aborted).toBe(true);
    expect(result.detected).toBeNull();
    expect(result.records).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].row).toBeNull();
    expect(result.problems[0].message).toMatch(
      /^Unrecognised header: .*Unrecognised columns: "Country", "Recommendation text", "Status"\./,
    );
  });

  it("missing required column: names it", async () => {
    const native = await parse(
      "state_under_review,cycle,session,paragraph,recommendation,response\nKEN,1,8,101.2,x,supported\n",
    );
    expect(native.detected?.format).toBe("native");
    expect(native.problems).toEqual([
      {
        row: null,
        column: "recommending_states",
        message: 'Missing required column "recommending_states" (this looks like the UPR Monitor template).',
      },
    ]);
    const uprInfo = await parse("To,To-Rgrp,Text,From,Response,Action,Issue\nKenya,Africa,x,Algeria,Accepted,3,\n");
    expect(uprInfo.problems).toEqual([
      {
        row: null,
        column: "Session",
        message: 'Missing required column "Session" (this looks like a UPR Info export).',
      },
    ]);
    const original = await parse("SuR,Rgrp,Org,Recommendation,Rgrp,Org,Response,Action,Issue,Session\n");
    expect(original.problems.map((p) => p.column)).toEqual(["RS"]);
  });

  it("duplicate header names, other than UPR Info's repeated Rgrp/Org", async () => {
    const native = await parse(`${NATIVE_HEADER},session\n${NATIVE_ROW},8\n`);
    expect(native.problems).toEqual([
      {
        row: null,
        column: "session",
        message: 'Duplicate column "session" (columns 3 and 9): each column may appear once.',
      },
    ]);
    const to = await parse(`${UPR_INFO_TO_HEADER},Text\n`);
    expect(to.problems.map((p) => p.message)).toEqual([
      'Duplicate column "Text" (columns 4 and 12): each column may appear once.',
    ]);
    // Rgrp twice after SuR (before RS) is a real duplicate.
    const original = await parse("SuR,Rgrp,Rgrp,Org,Recommendation,RS,Rgrp,Org,Response,Action,Issue,Session\n");
    expect(original.problems.map((p) => p.message)).toEqual([
      'Duplicate column "Rgrp" (columns 2 and 3): each column may appear once.',
    ]);
    // The original header itself is fine.
    const ok = await parse(`${UPR_INFO_ORIGINAL_HEADER}\n${uprInfoExcerptLines()[0]}\n`);
    expect(ok.problems).toEqual([]);
    expect(ok.records[0].recommendingStates[0].iso3).toBe("DZA");
  });

  it("a header with an unterminated quote", async () => {
    const result = await parse(`"To,To-Rgrp\nKenya,Africa\n`);
    expect(result.aborted).toBe(true);
    expect(result.problems[0]).toMatchObject({
      row: 1,
      message: expect.stringMatching(/header row cannot be read.*not closed/),
    });
  });

  it("JSON that is not an array of records", async () => {
    const result = await parse('{"AnnotationId": "x"}');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ row: null, column: null });
    expect(result.problems[0].message).toMatch(/^Expected a JSON array \(a UHRI export starts with "\["\), found "\{/);
  });
});

describe("problems with one row", () => {
  it("a row with too many fields", async () => {
    const result = await parse(
      `${NATIVE_HEADER}\n${NATIVE_ROW}\n${NATIVE_ROW.replace("101.2", "101.3")},extra,cells\n`,
    );
    expect(result.records).toHaveLength(1);
    expect(result.problems).toEqual([
      {
        row: 3,
        column: null,
        message: 'This row has 10 fields but the header has 8: a cell holding "," must be quoted.',
      },
    ]);
  });

  it("tolerates empty trailing cells (trailing delimiters)", async () => {
    const result = await parse(`${NATIVE_HEADER}\n${NATIVE_ROW},,\n`);
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(1);
  });

  it("a row with too few fields", async () => {
    const result = await parse(`${NATIVE_HEADER}\nKEN,1,8,A/HRC/15/8,101.2\n`);
    expect(result.problems).toEqual([{ row: 2, column: null, message: "This row has 5 fields but the header has 8." }]);
  });

  it("an unterminated quote (reported by papaparse)", async () => {
    const lines = uprInfoExcerptLines();
    const unterminated = `Kenya,Africa,AU,"Consider ratifying ICRMW ,Algeria,Africa,,Accepted,3,,8`;
    const atEnd = await parse([UPR_INFO_TO_HEADER, lines[0], lines[2], unterminated, "Kenya,Africa,AU,x"].join("\n"));
    expect(atEnd.records.map((r) => r.row)).toEqual([2, 3]);
    expect(atEnd.problems).toEqual([
      {
        row: 4,
        column: null,
        message: 'A quoted cell is not closed (a closing " is missing), so the rest of the file was read as one cell.',
      },
    ]);
    // In the middle of a file, the next quote papaparse finds is malformed: still one problem on that row.
    const inMiddle = await parse([UPR_INFO_TO_HEADER, lines[0], unterminated, lines[1]].join("\n"));
    expect(inMiddle.records.map((r) => r.row)).toEqual([2]);
    expect(inMiddle.problems).toEqual([{ row: 3, column: null, message: expect.stringMatching(/quote/i) }]);
    const broken = lines[1].replace('"Continue its efforts', '"Continue "its efforts');
    const malformed = await parse([UPR_INFO_TO_HEADER, broken].join("\n"));
    expect(malformed.problems[0]).toMatchObject({ row: 2, message: expect.stringMatching(/Malformed quotes/) });
  });

  it("an unclosed quote early in a large file stops the read instead of filling memory", async () => {
    const lines = uprInfoExcerptLines();
    // > 1 MB without any quote after the unclosed one (a later quote would close the cell).
    const rest = Array.from({ length: 6000 }, (_, i) => lines[i % lines.length].replace(/"/g, "")).join("\r");
    const result = await parse(
      `${UPR_INFO_TO_HEADER}\r${lines[0]}\rKenya,Africa,AU,"Consider ratifying ICRMW\r${rest}\r`,
    );
    expect(result.records.map((r) => r.row)).toEqual([2]);
    expect(result.aborted).toBe(true);
    expect(result.problems).toEqual([
      {
        row: 3,
        column: null,
        message: expect.stringMatching(/^Row 3 has no end within 1 MB: a quoted cell is probably not closed/),
      },
    ]);
  });

  it("an invalid response value", async () => {
    const result = await parse(uprInfoWith(7, "Maybe"));
    expect(result.records).toEqual([]);
    expect(result.problems).toEqual([
      {
        row: 2,
        column: "Response",
        message:
          'Response "Maybe" is not known: use supported, noted or pending (Accepted, Rejected and Not supported are also understood).',
      },
    ]);
  });

  it("maps all known response spellings", async () => {
    const cases = {
      Supported: "supported",
      Accepted: "supported",
      noted: "noted",
      Noted: "noted",
      Rejected: "noted",
      "Not Supported": "noted",
      "Not supported": "noted",
      pending: "pending",
      "": "pending",
    };
    for (const [value, response] of Object.entries(cases)) {
      expect((await parse(uprInfoWith(7, value))).records[0].response, value).toBe(response);
    }
  });

  it("a session out of range, or not a number", async () => {
    expect((await parse(uprInfoWith(10, "55"))).problems).toEqual([
      { row: 2, column: "Session", message: 'Session "55" is not valid: UPR sessions are numbered 1 to 54.' },
    ]);
    expect((await parse(uprInfoWith(10, "0"))).problems[0].column).toBe("Session");
    expect((await parse(uprInfoWith(10, "eight"))).problems[0].message).toMatch(/Session "eight" is not valid/);
    expect((await parse(uprInfoWith(10, ""))).problems[0].message).toBe("The session is missing.");
  });

  it.each([
    '=HYPERLINK("http://example.com","click")',
    "=1+1",
    "@SUM(A1:A2)",
    "+SUM(A1)",
    "-1+1",
    "  =cmd|' /C calc'!A0",
  ])("a formula in the text: %s", async (formula) => {
    const result = await parse(uprInfoWith(3, `"${formula.replace(/"/g, '""')}"`));
    expect(result.records).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ row: 2, column: "Text" });
    expect(result.problems[0].message).toMatch(/looks like a spreadsheet formula/);
  });

  it("formula-like values in other cells are plain text", async () => {
    const result = await parse(uprInfoWith(9, "=1+1"));
    expect(result.problems).toEqual([]);
    expect(result.records[0].themes).toEqual(["=1+1"]);
    expect(looksLikeFormula("- Ratify the Second Optional Protocol to ICCPR")).toBe(false);
  });

  it("an overlong text, an empty text, a missing state", async () => {
    const long = await parse(uprInfoWith(3, "Ratify ICCPR-OP2 ".repeat(700)));
    expect(long.problems[0]).toMatchObject({
      row: 2,
      column: "Text",
      message: expect.stringMatching(/11,899 characters long; the limit is 10,000/),
    });
    expect((await parse(uprInfoWith(3, ""))).problems[0]).toMatchObject({
      column: "Text",
      message: "The recommendation text is empty.",
    });
    expect((await parse(uprInfoWith(0, ""))).problems[0]).toMatchObject({
      column: "To",
      message: "The state under review is missing.",
    });
  });

  it("an invalid action category", async () => {
    expect((await parse(uprInfoWith(8, "6"))).problems[0]).toMatchObject({
      row: 2,
      column: "Action",
      message: 'Action category "6" is not valid: use 1 to 5, or leave it empty.',
    });
    expect((await parse(uprInfoWith(8, ""))).records[0].actionCategory).toBeNull();
  });

  it("an invalid issue slug (template)", async () => {
    const result = await parse(`${NATIVE_HEADER},issues\n${NATIVE_ROW},trafficking-data; Victim protection\n`);
    expect(result.problems).toEqual([
      {
        row: 2,
        column: "issues",
        message:
          'Issue "Victim protection" is not an issue slug (lower-case words joined by "-", e.g. "trafficking-data").',
      },
    ]);
  });

  it("several problems in one row are all reported, and later rows still read", async () => {
    const result = await parse(`${NATIVE_HEADER}\nKEN,1,99,,101.2,Algeria,,maybe\n${NATIVE_ROW}\n`);
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "session"],
      [2, "recommendation"],
      [2, "response"],
    ]);
    expect(result.records.map((r) => r.row)).toEqual([3]);
  });

  it("an unknown state name is kept, not an error", async () => {
    const result = await parse(uprInfoWith(4, "Atlantis"));
    expect(result.problems).toEqual([]);
    expect(result.records[0].recommendingStates[0]).toEqual({ name: "Atlantis", iso3: null, regionalGroup: "African" });
  });
});
