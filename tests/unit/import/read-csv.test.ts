import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { parseImportBuffer, readImportFile, type ImportEvent } from "../../../app/import/readers";
import {
  chunked,
  countBy,
  dataFilePath,
  fixture,
  fixturePath,
  HAS_UPR_INFO_SAMPLE,
  parse,
  UPR_INFO_SAMPLE,
  UPR_INFO_TO_HEADER,
  uprInfoExcerptLines,
} from "./helpers";

const NATIVE_EXCERPT = "native-kenya-cycle1-excerpt.csv";
const UPR_INFO_EXCERPT = "uprinfo-kenya-session8-excerpt.csv";

describe("real files", () => {
  it.skipIf(!HAS_UPR_INFO_SAMPLE)(
    "reads the full UPR Info sample: 166 records, 144 supported, 22 noted, 0 problems",
    async () => {
      const result = await parseImportBuffer(UPR_INFO_SAMPLE);
      expect(result.problems).toEqual([]);
      expect(result.detected).toEqual({
        format: "upr-info",
        container: "csv",
        sheet: null,
        sheets: [],
        encoding: "utf-8",
        delimiter: ",",
        lineEnding: "CR",
        columns: UPR_INFO_TO_HEADER.split(","),
        ignoredColumns: [],
      });
      expect(result.rows).toBe(166);
      expect(result.records).toHaveLength(166);
      expect(countBy(result.records, (r) => r.response)).toEqual({ supported: 144, noted: 22 });
      for (const r of result.records) {
        expect(r.stateUnderReview).toEqual({ name: "Kenya", iso3: "KEN", regionalGroup: "African" });
        expect(r.session).toBe(8);
        expect(r.cycle).toBe(1);
        expect(r.kind).toBe("recommendation");
        expect(r.recommendingStates).toHaveLength(1);
        expect(r.recommendingStates[0].iso3).not.toBeNull();
      }
      expect(new Set(result.records.map((r) => r.sourceKey)).size).toBe(166);
      expect(result.records[0].row).toBe(2);
      expect(result.records[165].row).toBe(167);
    },
  );

  it("reads Kenya's cycle-1 file in our template: 150 records, 128 supported, 19 noted, 3 pending", async () => {
    const result = await parseImportBuffer(dataFilePath("kenya-cycle1-recommendations.csv"));
    expect(result.problems).toEqual([]);
    expect(result.detected?.format).toBe("native");
    expect(result.records).toHaveLength(150);
    expect(countBy(result.records, (r) => r.response)).toEqual({ supported: 128, noted: 19, pending: 3 });
    const first = result.records[0];
    expect(first).toMatchObject({
      row: 2,
      stateUnderReview: { name: "Kenya", iso3: "KEN", regionalGroup: "African" },
      cycle: 1,
      session: 8,
      documentSymbol: "A/HRC/15/8",
      paragraph: "101.1",
      recommendingStates: [{ name: "Burkina Faso", iso3: "BFA", regionalGroup: "African" }],
      response: "supported",
      actionCategory: null,
      themes: [],
      issues: [],
      kind: "recommendation",
      sourceFormat: "native",
      sourceKey: "KEN:1:101.1",
    });
    expect(first.text).toBe(
      "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (ICRMW) (Burkina Faso);",
    );
    const paragraph1031 = result.records.find((r) => r.paragraph === "103.1");
    expect(paragraph1031?.recommendingStates.map((s) => s.iso3)).toEqual([
      "ESP",
      "BEL",
      "URY",
      "IRL",
      "AUT",
      "DEU",
      "ARG",
    ]);
  });
});

describe("template (native) format", () => {
  it("reads the optional columns: action category, themes, issues", async () => {
    const result = await parseImportBuffer(fixture(NATIVE_EXCERPT));
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(10);
    expect(countBy(result.records, (r) => r.response)).toEqual({ supported: 4, noted: 5, pending: 1 });
    expect(result.records[0]).toMatchObject({
      actionCategory: 5,
      themes: ["International instruments", "Migrants"],
      issues: ["legal-policy-frameworks"],
    });
    expect(result.records[2].issues).toEqual(["criminal-justice-capacity", "legal-policy-frameworks"]);
    expect(result.records[2].text).toContain("\u201czero tolerance\u201d");
    expect(result.records[3]).toMatchObject({ actionCategory: null, themes: [], issues: [] });
  });

  it("reads sdgs (as codes) and affected_persons (as written); an SDG that names none is a warning", async () => {
    const csv = [
      "state_under_review,cycle,session,paragraph,recommending_states,recommendation,response,sdgs,affected_persons",
      '"KEN",1,8,101.2,Algeria,"Consider ratifying ICRMW (Algeria);",supported,"16.3; 8 - Decent work and economic growth; SDG 99","Migrants & domestic workers;  Women ; Women"',
    ].join("\n");
    const result = await parse(csv);
    expect(result.problems).toEqual([]);
    expect(result.records[0]).toMatchObject({
      sdgs: ["8", "16", "16.3"],
      affectedPersons: ["Migrants & domestic workers", "Women"],
    });
    expect(result.warnings).toEqual([
      {
        row: 2,
        column: "sdgs",
        message:
          'SDG "SDG 99" names no Sustainable Development Goal or target (such as "16" or "16.3"); it is left out.',
      },
    ]);
  });

  it("accepts the template without its optional columns, and in any column order", async () => {
    const csv = [
      "recommendation,response,paragraph,recommending_states,session,cycle,state_under_review",
      '"Consider ratifying ICRMW (Algeria);",supported,101.2,Algeria,8,1,Kenya',
    ].join("\n");
    const result = await parse(csv);
    expect(result.problems).toEqual([]);
    expect(result.records[0]).toMatchObject({ paragraph: "101.2", sourceKey: "KEN:1:101.2", documentSymbol: null });
  });

  it("derives the cycle from the session when the cycle cell is empty, and rejects a wrong one", async () => {
    const header = "state_under_review,cycle,session,paragraph,recommending_states,recommendation,response";
    const result = await parse(
      [
        header,
        "KEN,,8,101.2,Algeria,Consider ratifying ICRMW (Algeria);,supported",
        "KEN,2,8,101.3,Denmark,Consider ratifying OP-CAT (Denmark);,supported",
      ].join("\n"),
    );
    expect(result.records.map((r) => r.cycle)).toEqual([1]);
    expect(result.problems).toEqual([
      { row: 3, column: "cycle", message: "Cycle 2 does not match session 8, which belongs to cycle 1." },
    ]);
  });

  it("keys rows without a paragraph by content, and reports a repeated paragraph", async () => {
    const header = "state_under_review,cycle,session,paragraph,recommending_states,recommendation,response";
    const row = "KEN,1,8,,Algeria,Consider ratifying ICRMW (Algeria);,supported";
    const result = await parse(
      [
        header,
        row,
        row,
        "KEN,1,8,101.3,Denmark,Consider ratifying OP-CAT (Denmark);,supported",
        "KEN,1,8,101.3,Denmark,Consider ratifying OP-CAT (Denmark);,supported",
      ].join("\n"),
    );
    expect(result.records.map((r) => r.sourceKey.replace(/^[0-9a-f]{40}/, "<sha1>"))).toEqual([
      "<sha1>#1",
      "<sha1>#2",
      "KEN:1:101.3",
    ]);
    expect(result.problems).toEqual([
      {
        row: 5,
        column: "paragraph",
        message: "Paragraph 101.3 of Kenya's cycle 1 review appears twice (rows 4 and 5).",
      },
    ]);
  });
});

describe("UPR Info format", () => {
  it("reads both header variants alike, mapping the repeated Rgrp/Org by position", async () => {
    const to = await parseImportBuffer(fixture(UPR_INFO_EXCERPT));
    const original = await parseImportBuffer(fixture("uprinfo-original-header-excerpt.csv"));
    expect(to.problems).toEqual([]);
    expect(original.problems).toEqual([]);
    expect(original.detected).toMatchObject({ format: "upr-info", lineEnding: "CRLF", ignoredColumns: [] });
    expect(to.records).toHaveLength(13);
    expect(original.records).toEqual(to.records); // same source keys too
  });

  it("maps UPR Info values: response, action category, comma-joined issues, observer group", async () => {
    const { records } = await parseImportBuffer(fixture(UPR_INFO_EXCERPT));
    expect(records[0]).toMatchObject({
      text: "Consider ratifying ICRMW",
      response: "supported",
      actionCategory: 3,
      themes: ["International instruments", "Labour", "Migrants"],
      issues: [],
      paragraph: null,
      documentSymbol: null,
      sourceFormat: "upr-info",
    });
    expect(records[0].sourceKey).toMatch(/^[0-9a-f]{40}#1$/);
    const holySee = records.find((r) => r.recommendingStates[0].iso3 === "VAT");
    expect(holySee?.recommendingStates[0]).toEqual({ name: "Holy See", iso3: "VAT", regionalGroup: null });
    expect(records.find((r) => r.recommendingStates[0].iso3 === "TUR")?.recommendingStates[0].regionalGroup).toBe(
      "WEOG",
    );
    expect(countBy(records, (r) => r.response)).toEqual({ supported: 9, noted: 4 });
  });

  it("keeps identical rows as distinct records with stable keys (#1, #2)", async () => {
    const line = uprInfoExcerptLines()[0];
    const csv = [UPR_INFO_TO_HEADER, line, line, uprInfoExcerptLines()[1]].join("\r\n");
    const first = await parse(csv);
    const again = await parse(csv);
    const keys = first.records.map((r) => r.sourceKey);
    expect(keys[0].replace(/#1$/, "")).toBe(keys[1].replace(/#2$/, ""));
    expect(keys[0]).toMatch(/#1$/);
    expect(keys[1]).toMatch(/#2$/);
    expect(keys[2]).toMatch(/#1$/);
    expect(again.records.map((r) => r.sourceKey)).toEqual(keys);
  });

  it("gives the same key whatever the whitespace or HTML escaping of a value", async () => {
    const plain = await parse(
      `${UPR_INFO_TO_HEADER}\nKenya,Africa,,Consider ratifying ICRMW ,Algeria,Africa,,Accepted,3,,8`,
    );
    const escaped = await parse(
      `${UPR_INFO_TO_HEADER}\nKenya,Africa,,Consider  ratifying&#32;ICRMW,Algeria,Africa,,Accepted,3,,8`,
    );
    expect(escaped.records[0].sourceKey).toBe(plain.records[0].sourceKey);
  });

  it("decodes HTML entities in every value", async () => {
    const line37 = uprInfoExcerptLines()[4]; // "...African Commission on Human and Peoples' Rights..."
    const escaped = line37
      .replace("Peoples' Rights", "Peoples&#39; Rights")
      .replace(",Bolivia,", ",Antigua &amp; Barbuda,");
    const result = await parse(`${UPR_INFO_TO_HEADER}\n${escaped}`);
    const expected = (await parse(`${UPR_INFO_TO_HEADER}\n${line37}`)).records[0];
    expect(result.problems).toEqual([]);
    expect(result.records[0].text).toBe(expected.text);
    expect(result.records[0].text).toContain("Human and Peoples' Rights");
    expect(result.records[0].recommendingStates[0]).toEqual({
      name: "Antigua and Barbuda",
      iso3: "ATG",
      regionalGroup: "GRULAC",
    });
  });

  it("treats a Voluntary Pledge (in Response or From) as a pledge", async () => {
    const line = uprInfoExcerptLines()[0];
    const byFrom = line.replace(",Algeria,Africa,", ",Voluntary Pledge,,");
    const byResponse = line.replace(",Accepted,", ",Voluntary pledge,");
    const result = await parse([UPR_INFO_TO_HEADER, byFrom, byResponse].join("\n"));
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.kind, r.response])).toEqual([
      ["pledge", "supported"],
      ["pledge", "supported"],
    ]);
    expect(result.records[0].recommendingStates).toEqual([]);
  });

  it("falls back to the file's regional group for a state it cannot resolve", async () => {
    const line = uprInfoExcerptLines()[0].replace(",Algeria,Africa,", ",Atlantis,GRULAC,");
    const result = await parse(`${UPR_INFO_TO_HEADER}\n${line}`);
    expect(result.records[0].recommendingStates).toEqual([{ name: "Atlantis", iso3: null, regionalGroup: "GRULAC" }]);
  });

  it("holds a row whose recommending state is '(Unknown)' with no recommending state, not a state of that name", async () => {
    const line = uprInfoExcerptLines()[0].replace(",Algeria,Africa,", ",(Unknown),,");
    const result = await parse(`${UPR_INFO_TO_HEADER}\n${line}`);
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(1);
    expect(result.records[0].recommendingStates).toEqual([]);
  });
});

describe("layouts: line endings, delimiters, encodings, chunking", () => {
  const lines = uprInfoExcerptLines();

  it.each([
    ["CR", "\r"],
    ["CRLF", "\r\n"],
    ["LF", "\n"],
  ] as const)("reads %s line endings", async (name, eol) => {
    const result = await parse([UPR_INFO_TO_HEADER, ...lines].join(eol) + eol);
    expect(result.detected?.lineEnding).toBe(name);
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(13);
  });

  it("reads a file without a final line break", async () => {
    const result = await parse([UPR_INFO_TO_HEADER, ...lines].join("\r"));
    expect(result.records).toHaveLength(13);
  });

  it.each([
    [",", "comma"],
    [";", "semicolon"],
    ["\t", "tab"],
  ] as const)("reads %j (%s) delimited files", async (delimiter, _name) => {
    const rows = Papa.parse<string[]>(fixture(UPR_INFO_EXCERPT).toString("utf8"), { skipEmptyLines: true }).data;
    const expected = await parseImportBuffer(fixture(UPR_INFO_EXCERPT));
    const result = await parse(Papa.unparse(rows, { delimiter, newline: "\r\n" }));
    expect(result.detected?.delimiter).toBe(delimiter);
    expect(result.problems).toEqual([]);
    expect(result.records).toEqual(expected.records);
  });

  it("lets the user choose the delimiter", async () => {
    const result = await parse("state_under_review;cycle\n", { delimiter: "," });
    expect(result.problems[0].message).toMatch(/Unrecognised header/);
  });

  it("gives the same records whatever the chunk size (CR files split anywhere)", async () => {
    const bytes = fixture(UPR_INFO_EXCERPT);
    const whole = await parseImportBuffer(bytes);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const result = await parseImportBuffer(chunked(bytes, size));
      expect(result.problems, `chunk size ${size}`).toEqual([]);
      expect(result.records, `chunk size ${size}`).toEqual(whole.records);
    }
    const native = fixture(NATIVE_EXCERPT);
    const nativeWhole = await parseImportBuffer(native);
    expect((await parseImportBuffer(chunked(native, 5))).records).toEqual(nativeWhole.records);
  });

  it("reads a path, a Node stream and bytes alike", async () => {
    const { createReadStream } = await import("node:fs");
    const fromPath = await parseImportBuffer(fixturePath(UPR_INFO_EXCERPT));
    const fromStream = await parseImportBuffer(createReadStream(fixturePath(UPR_INFO_EXCERPT), { highWaterMark: 100 }));
    expect(fromStream.records).toEqual(fromPath.records);
  });

  describe("encodings", () => {
    // A UPR Info row with accented state names; the text is a verbatim recommendation.
    const text = readFileSync(dataFilePath("kenya-cycle1-recommendations.csv"), "utf8")
      .split("\r\n")
      .find((l) => l.includes(",101.12,")) as string;
    const recommendation = Papa.parse<string[]>(text).data[0][6]; // "Continue to implement ... Children’s Act ..."
    const csv = `${UPR_INFO_TO_HEADER}\r\nCôte d'Ivoire,Africa,,"${recommendation}",São Tomé and Príncipe,Africa,,Accepted,2,,8\r\n`;

    it.each([
      ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, "utf8")]), "utf-8"],
      ["UTF-8", Buffer.from(csv, "utf8"), "utf-8"],
      ["Windows-1252", iconv.encode(csv, "windows-1252"), "windows-1252"],
      ["Mac Roman", iconv.encode(csv, "macintosh"), "macintosh"],
      ["UTF-16 LE with BOM", iconv.encode(csv, "utf-16le", { addBOM: true }), "utf-16le"],
    ] as const)("reads %s", async (_name, bytes, encoding) => {
      const result = await parseImportBuffer(bytes);
      expect(result.problems).toEqual([]);
      expect(result.detected?.encoding).toBe(encoding);
      expect(result.detected?.columns[0]).toBe("To"); // no BOM left in the header
      expect(result.records[0].stateUnderReview).toEqual({
        name: "Côte d'Ivoire",
        iso3: "CIV",
        regionalGroup: "African",
      });
      expect(result.records[0].recommendingStates[0].iso3).toBe("STP");
      expect(result.records[0].text).toBe(recommendation);
    });

    it("honours an encoding override", async () => {
      const mac = iconv.encode(csv, "macintosh");
      const forced = await parseImportBuffer(mac, { encoding: "windows-1252" });
      expect(forced.detected?.encoding).toBe("windows-1252");
      expect(forced.records[0].stateUnderReview.iso3).toBeNull(); // "C\u2122te d'Ivoire": wrong table
      const right = await parseImportBuffer(mac, { encoding: "macintosh" });
      expect(right.records[0].stateUnderReview.iso3).toBe("CIV");
    });

    it("reads the whole Kenya cycle-1 file in Windows-1252 and Mac Roman", async () => {
      const utf8 = readFileSync(dataFilePath("kenya-cycle1-recommendations.csv"));
      const expected = await parseImportBuffer(utf8);
      for (const encoding of ["windows-1252", "macintosh"] as const) {
        const result = await parseImportBuffer(iconv.encode(utf8.toString("utf8"), encoding));
        expect(result.detected?.encoding).toBe(encoding);
        expect(result.records).toEqual(expected.records);
      }
    });

    it("decides from the whole file when a legacy letter comes after the sniffed start; a one-time stream says to choose", async () => {
      const filler = `${uprInfoExcerptLines()[0]}\r`.repeat(700); // > 64 KiB of ASCII
      const bytes = Buffer.concat([
        Buffer.from(`${UPR_INFO_TO_HEADER}\r${filler}`, "utf8"),
        iconv.encode(`${csv.split("\r\n")[1]}\r`, "windows-1252"),
      ]);
      const whole = await parseImportBuffer(bytes);
      expect(whole.problems).toEqual([]);
      expect(whole.detected?.encoding).toBe("windows-1252");
      const once = await parseImportBuffer(chunked(bytes, 65536));
      expect(once.problems.map((p) => p.message)).toEqual([
        expect.stringMatching(/not valid UTF-8.*Choose its encoding/),
      ]);
    });
  });
});

describe("events", () => {
  it("streams detected, records and a summary", async () => {
    const events: ImportEvent[] = [];
    for await (const event of readImportFile(fixturePath(UPR_INFO_EXCERPT))) events.push(event);
    expect(events[0].type).toBe("detected");
    expect(events.filter((e) => e.type === "record")).toHaveLength(13);
    expect(events.at(-1)).toEqual({
      type: "end",
      summary: expect.objectContaining({ rows: 13, records: 13, problems: 0, skipped: 0, aborted: false }),
    });
  });

  it("lists ignored columns", async () => {
    const csv = `state_under_review,cycle,session,paragraph,recommending_states,recommendation,response,notes\nKEN,1,8,101.2,Algeria,Consider ratifying ICRMW (Algeria);,supported,x`;
    const result = await parse(csv);
    expect(result.detected?.ignoredColumns).toEqual(["notes"]);
    expect(result.records).toHaveLength(1);
  });

  it("skips blank lines but keeps spreadsheet row numbers", async () => {
    const lines = uprInfoExcerptLines();
    const result = await parse([UPR_INFO_TO_HEADER, lines[0], "", ",,,,,,,,,,", lines[1]].join("\n"));
    expect(result.rows).toBe(2);
    expect(result.records.map((r) => r.row)).toEqual([2, 5]);
  });

  it("counts a quoted cell with line breaks as one row", async () => {
    const lines = uprInfoExcerptLines();
    const multiLine = lines[1].replace("economic, social", "economic,\r\nsocial");
    const result = await parse([UPR_INFO_TO_HEADER, multiLine, lines[2]].join("\r\n"));
    expect(result.records.map((r) => r.row)).toEqual([2, 3]);
    expect(result.records[0].text).toContain("economic,\r\nsocial");
  });
});
