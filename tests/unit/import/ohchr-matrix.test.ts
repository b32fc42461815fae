import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { docxDocument, type DocxDocument } from "../../../app/lib/text/docx-text";
import {
  matrixHeaderMeta,
  parseMatrixDocument,
  parseMatrixDocx,
} from "../../../app/import/readers/formats/ohchr-matrix";
import { detectDocxKind } from "../../../app/import/readers/formats/word-document";
import { resolveState } from "../../../app/lib/states/resolve-state";
import { countBy, fixture, REPO_ROOT } from "./helpers";
import { CYCLE2_EXCERPT, CYCLE2_ROWS, cycle2MatrixDocx } from "../../helpers/make-matrix-cycle2-excerpt";

const EXCERPT = "ohchr-matrix-slovenia-excerpt.docx";
const FULL_SAMPLE = path.resolve(REPO_ROOT, "../shared/samples/ohchr-matrix-slovenia-cycle3.docx");
const SLOVENIA = resolveState("SVN");

/** The excerpt with some of its parts replaced (undefined removes the part). */
function excerptWith(changes: Record<string, string | undefined>): Uint8Array {
  const parts = unzipSync(fixture(EXCERPT));
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete parts[name];
    else parts[name] = strToU8(value);
  }
  return zipSync(parts);
}

describe("parseMatrixDocx: an excerpt of Slovenia's cycle-3 matrix", () => {
  const result = parseMatrixDocx(fixture(EXCERPT));

  it("reads the review from the page header and the symbol from the cells", () => {
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.meta).toEqual({
      kind: "ohchr-matrix",
      state: SLOVENIA,
      cycle: 3,
      session: 34,
      documentSymbol: "A/HRC/43/15",
    });
  });

  it("one record a recommendation row; Theme rows and the header row are not recommendations", () => {
    expect(result.records.map((r) => r.paragraph)).toEqual([
      "121.1",
      "121.2",
      "121.3",
      "122.1",
      "122.11",
      "122.12",
      "121.23",
      "121.24",
      "122.2",
      "122.3",
      "122.5",
      "122.7",
      "122.10",
      "122.157",
    ]);
    expect(result.records.map((r) => r.row)).toEqual(result.records.map((_, i) => i + 1));
    expect(countBy(result.records, (r) => r.response)).toEqual({ supported: 8, noted: 6 });
  });

  it("the first record in full", () => {
    expect(result.records[0]).toEqual({
      row: 1,
      stateUnderReview: SLOVENIA,
      cycle: 3,
      session: 34,
      documentSymbol: "A/HRC/43/15",
      paragraph: "121.1",
      recommendingStates: [resolveState("France"), resolveState("Lithuania")],
      text: "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance (France) (Lithuania);",
      response: "supported",
      actionCategory: null,
      themes: ["Acceptance of international norms", "Enforced disappearances"],
      sdgs: ["16"],
      affectedPersons: ["Disappeared persons"],
      issues: [],
      kind: "recommendation",
      sourceFormat: "ohchr-matrix",
      sourceKey: "SVN:3:121.1",
    });
  });

  it("several recommending states, in one part or in several; '(No. 29)' is not a state", () => {
    const states = Object.fromEntries(
      result.records.map((r) => [r.paragraph, r.recommendingStates.map((s) => s.iso3)]),
    );
    expect(states["121.2"]).toEqual(["UKR", "SVK"]);
    expect(states["122.3"]).toEqual(["IDN", "NER", "PHL"]);
    expect(states["122.7"]).toEqual(["SVK", "ESP", "MKD"]);
    expect(states["121.3"]).toEqual(["GBR"]);
    expect(states["122.10"]).toEqual(["PHL"]);
    expect(states["121.24"]).toEqual(["IRN"]); // "(Islamic Republic of Iran)"
    const r = result.records.find((x) => x.paragraph === "121.3");
    expect(r?.text).toMatch(
      /Forced Labour Convention, 1930 \(No\. 29\) \(United Kingdom of Great Britain and Northern Ireland\);$/,
    );
  });

  it("themes: the UPR themes only (SDGs and affected persons left out); the last text ends with '.'", () => {
    const r = result.records.find((x) => x.paragraph === "121.3");
    expect(r?.themes).toEqual([
      "Acceptance of international norms",
      "Right to work and to just & favorable conditions of work & labour rights",
      "Prohibition of slavery, trafficking",
    ]);
    expect(result.records.flatMap((x) => x.themes).some((t) => /^\d+ - |PEACE|Disappeared persons/.test(t))).toBe(
      false,
    );
    expect(result.records.at(-1)).toMatchObject({
      paragraph: "122.157",
      response: "noted",
      text: expect.stringMatching(/\(Costa Rica\)\.$/),
    });
  });

  it("SDGs (as codes) and affected persons (as written) from the themes cell", () => {
    const tags = Object.fromEntries(result.records.map((r) => [r.paragraph, [r.sdgs, r.affectedPersons]]));
    // "- 5 - GENDER EQUALITY", "- 8 - DECENT WORK ...", "- 10 - REDUCED INEQUALITIES", "- 16 - PEACE, ..."
    expect(tags["121.23"]).toEqual([
      ["5", "8", "10", "16"],
      [
        "refugees & asylum seekers",
        "Women",
        "minorities/ racial, ethnic, linguistic, religious or descent-based groups",
      ],
    ]);
    expect(tags["122.10"]).toEqual([["8"], ["Migrants & domestic workers", "Women"]]);
    expect(tags["122.1"]).toEqual([[], []]); // neither
    expect(tags["122.7"]).toEqual([[], ["stateless persons"]]); // affected persons only
    expect(result.records.filter((r) => r.sdgs.length > 0)).toHaveLength(9);
    expect(result.records.filter((r) => r.affectedPersons.length > 0)).toHaveLength(11);
  });

  it('"Source of Position: A/HRC/43/15/Add.1" without a paragraph still gives the report symbol', () => {
    expect(result.records.find((x) => x.paragraph === "121.23")?.documentSymbol).toBe("A/HRC/43/15");
  });

  it("is detected as a matrix", () => {
    expect(detectDocxKind(fixture(EXCERPT))).toBe("ohchr-matrix");
  });
});

describe('the cycle-2 layout: coded themes in the "Full list of themes" column', () => {
  const bytes = fixture(CYCLE2_EXCERPT);
  const result = parseMatrixDocx(bytes);

  it("is the fixture the helper builds from the seed data", () => {
    expect(Buffer.from(cycle2MatrixDocx()).equals(bytes)).toBe(true);
  });

  it("reads every row's themes by name, the code cut off, as cycles 3 and 4 write them", () => {
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.meta).toMatchObject({
      state: resolveState("KEN"),
      cycle: 1,
      session: 8,
      documentSymbol: "A/HRC/15/8",
    });
    expect(result.records.map((r) => [r.paragraph, r.response, r.themes])).toEqual(
      CYCLE2_ROWS.flatMap((g) => g.rows).map((r) => [
        r.paragraph,
        r.paragraph.startsWith("101.") ? "supported" : "noted",
        r.themes.map((t) => t.replace(/^[A-Z]\d+ /, "")),
      ]),
    );
    expect(result.records[0]?.themes).toEqual(["Acceptance of international norms", "Migrants"]);
  });

  it("texts and recommending states as in the seed data", () => {
    expect(result.records[0]?.text).toBe(
      "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (ICRMW) (Burkina Faso);",
    );
    expect(result.records.map((r) => r.recommendingStates.map((s) => s.iso3))).toEqual([
      ["BFA"],
      ["FRA"],
      ["URY"],
      ["MYS"],
      ["DEU"],
    ]);
  });
});

describe("columns are found by what they hold", () => {
  /** The excerpt's table with each row's cells rearranged and the header renamed, as another cycle's matrix might be. */
  function rearranged(order: (cells: DocxDocument["blocks"][number] & { kind: "table" }) => void): DocxDocument {
    const doc = docxDocument(fixture(EXCERPT));
    for (const block of doc.blocks) if (block.kind === "table") order(block);
    return doc;
  }

  it("position first, themes, then the recommendation; no assessment column; other header names", () => {
    const doc = rearranged((table) => {
      table.rows = table.rows.map((row) => (row.length === 4 ? [row[1], row[2], row[0]] : row));
      table.rows[0] = ["State position", "Themes", "Recommendations"].map((name) => ({
        paragraphs: [name],
        text: name,
        span: 1,
      }));
    });
    const result = parseMatrixDocument(doc);
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.paragraph, r.response])).toEqual(
      parseMatrixDocx(fixture(EXCERPT)).records.map((r) => [r.paragraph, r.response]),
    );
    expect(result.records[0].themes).toEqual(["Acceptance of international norms", "Enforced disappearances"]);
  });

  it("a matrix without a position column: every recommendation pending", () => {
    const doc = rearranged((table) => {
      table.rows = table.rows.map((row) => (row.length === 4 ? [row[0], row[2]] : row));
    });
    const result = parseMatrixDocument(doc);
    expect(result.problems).toEqual([]);
    expect(new Set(result.records.map((r) => r.response))).toEqual(new Set(["pending"]));
    expect(result.records).toHaveLength(14);
  });

  it("an unknown position is pending, with a warning; a row without a paragraph number is left out with a warning", () => {
    const doc = rearranged((table) => {
      const row = table.rows[2];
      row[1] = { ...row[1], paragraphs: ["Supported in part"], text: "Supported in part" };
      table.rows.splice(3, 0, [
        {
          paragraphs: ["Recommendations made during the review"],
          text: "Recommendations made during the review",
          span: 1,
        },
        { paragraphs: [""], text: "", span: 1 },
      ]);
    });
    const result = parseMatrixDocument(doc);
    expect(result.problems).toEqual([]);
    expect(result.records[0].response).toBe("pending");
    expect(result.warnings).toEqual([
      {
        row: 1,
        column: "response",
        message:
          'Paragraph 121.1: position "Supported in part" is not Supported or Noted (table row 3); imported as pending.',
      },
      {
        row: null,
        column: null,
        message:
          'Table row 4 is not a recommendation (no paragraph number such as 121.1 at its start) and is left out: "Recommendations made during the review".',
      },
    ]);
  });

  it("SDGs in a column of their own, before the themes: the themes column is still found", () => {
    // Only the recommendations with SDGs, so that the SDG column has as many "- " lines as the themes column.
    const doc = rearranged((table) => {
      table.rows = table.rows.filter(
        (row, i) => i === 0 || row.length !== 4 || row[2].paragraphs.some((l) => /^SDGs:/.test(l)),
      );
      table.rows = table.rows.map((row) => {
        if (row.length !== 4) return row;
        const lines = row[2].paragraphs;
        const sdgAt = lines.findIndex((l) => /^SDGs:/.test(l));
        const themes = sdgAt === -1 ? lines : lines.slice(0, sdgAt);
        const sdgs = sdgAt === -1 ? [""] : lines.slice(sdgAt + 1).filter((l) => /^- \d+ - /.test(l));
        return [
          row[0],
          row[1],
          { paragraphs: sdgs, text: sdgs.join("\n"), span: 1 },
          { paragraphs: themes, text: themes.join("\n"), span: 1 },
        ];
      });
    });
    const result = parseMatrixDocument(doc);
    expect(result.problems).toEqual([]);
    expect(result.records.length).toBeGreaterThan(5);
    const original = new Map(parseMatrixDocx(fixture(EXCERPT)).records.map((r) => [r.paragraph, r.themes]));
    expect(result.records.map((r) => r.themes)).toEqual(result.records.map((r) => original.get(r.paragraph)));
    // The SDGs are read from their own column.
    const sdgs = new Map(parseMatrixDocx(fixture(EXCERPT)).records.map((r) => [r.paragraph, r.sdgs]));
    expect(result.records.map((r) => r.sdgs)).toEqual(result.records.map((r) => sdgs.get(r.paragraph)));
    expect(result.records.every((r) => r.sdgs.length > 0)).toBe(true);
  });

  it("a matrix in two tables, laid out differently: both are read, in order", () => {
    const doc = docxDocument(fixture(EXCERPT));
    const table = doc.blocks.find((b) => b.kind === "table");
    if (table?.kind !== "table") throw new Error("no table");
    const second = table.rows.splice(12).map((row) => (row.length === 4 ? [row[2], row[0], row[1]] : row));
    doc.blocks.push({ kind: "paragraph", text: "" }, { kind: "table", rows: second });
    const result = parseMatrixDocument(doc);
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.paragraph, r.response, r.themes])).toEqual(
      parseMatrixDocx(fixture(EXCERPT)).records.map((r) => [r.paragraph, r.response, r.themes]),
    );
  });

  it("a paragraph twice is a problem", () => {
    const doc = rearranged((table) => {
      table.rows.push(table.rows[2]);
    });
    const result = parseMatrixDocument(doc);
    expect(result.problems).toEqual([
      {
        row: 15,
        column: "paragraph",
        message: "Paragraph 121.1 appears twice (recommendations 1 and 15, table row 20).",
      },
    ]);
  });
});

describe("the page header", () => {
  it.each([
    ["UPR of Slovenia (3rd Cycle - 34th Session)   Thematic list of recommendations    Page 66 of 66\n", "SVN", 3, 34],
    ["UPR of Kenya (2nd Cycle \u2013 21st Session)\tThematic list of recommendations", "KEN", 2, 21],
    ["UPR of Bolivia (Plurinational State of) (4th Cycle - 48th Session)", "BOL", 4, 48],
    ["Thematic list of recommendations", null, null, null],
  ])("%s", (header, iso3, cycle, session) => {
    const meta = matrixHeaderMeta([header]);
    expect([meta.state?.iso3 ?? null, meta.cycle, meta.session]).toEqual([iso3, cycle, session]);
  });
});

describe("a matrix with no page header", () => {
  const noHeader = excerptWith({ "word/header1.xml": undefined });

  it("is a clear problem: state and session unknown", () => {
    const result = parseMatrixDocx(noHeader);
    expect(result.meta).toMatchObject({ state: null, cycle: null, session: null, documentSymbol: "A/HRC/43/15" });
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'The state under review is not known: the matrix does not name it (its page header should say e.g. "UPR of Slovenia (3rd Cycle - 34th Session)"). Give the state under review (its name or ISO code) and import again. 14 recommendations were read.',
      expect.stringMatching(/^The session is not known: the matrix does not say it/),
    ]);
  });

  it("a title paragraph in the body names the review instead", () => {
    const documentXml = new TextDecoder().decode(unzipSync(fixture(EXCERPT))["word/document.xml"]);
    const title = "<w:p><w:r><w:t>UPR of Slovenia (3rd Cycle - 34th Session)</w:t></w:r></w:p>";
    const result = parseMatrixDocx(
      excerptWith({
        "word/header1.xml": undefined,
        "word/document.xml": documentXml.replace("<w:body>", `<w:body>${title}`),
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.meta).toMatchObject({ state: SLOVENIA, cycle: 3, session: 34 });
  });

  it("imports with the state and session given", () => {
    const result = parseMatrixDocx(noHeader, { state: "Slovenia", session: "34" });
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(14);
    expect(result.records[0]).toMatchObject({
      stateUnderReview: SLOVENIA,
      cycle: 3,
      session: 34,
      sourceKey: "SVN:3:121.1",
    });
  });

  it("a header that contradicts the options, or a cycle that does not match the session", () => {
    expect(parseMatrixDocx(fixture(EXCERPT), { state: "KEN" }).problems.map((p) => p.message)).toEqual([
      "The matrix is about Slovenia, but the state given is Kenya. Check the file, or leave the state empty to take the file's.",
    ]);
    const headerXml = new TextDecoder().decode(unzipSync(fixture(EXCERPT))["word/header1.xml"]);
    expect(headerXml).toContain("(3rd Cycle - 34th Session)");
    const wrongCycle = excerptWith({
      "word/header1.xml": headerXml.replace("(3rd Cycle - 34th Session)", "(2nd Cycle - 34th Session)"),
    });
    expect(parseMatrixDocx(wrongCycle).problems.map((p) => p.message)).toEqual([
      "The matrix says cycle 2 and session 34, but session 34 belongs to cycle 3.",
    ]);
  });
});

describe.skipIf(!existsSync(FULL_SAMPLE))("the full Slovenia sample (../shared/samples)", () => {
  it("215 recommendations: 182 supported, 33 noted; SVN, cycle 3, session 34", () => {
    const result = parseMatrixDocx(readFileSync(FULL_SAMPLE));
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.meta).toEqual({
      kind: "ohchr-matrix",
      state: SLOVENIA,
      cycle: 3,
      session: 34,
      documentSymbol: "A/HRC/43/15",
    });
    expect(result.records).toHaveLength(215);
    expect(countBy(result.records, (r) => r.response)).toEqual({ supported: 182, noted: 33 });
    expect(new Set(result.records.map((r) => `${r.stateUnderReview.iso3}:${r.cycle}:${r.session}`))).toEqual(
      new Set(["SVN:3:34"]),
    );
    expect(result.records[0]).toMatchObject({ row: 1, paragraph: "121.1", response: "supported" });
    expect(result.records[0].recommendingStates.map((s) => s.iso3)).toEqual(["FRA", "LTU"]);
    expect(result.records.at(-1)).toMatchObject({
      row: 215,
      paragraph: "122.157",
      response: "noted",
      text: "Establish a procedure for determination and registration of stateless persons, in order to ensure protection of their human rights (Costa Rica).",
    });
    const multi = result.records.find((r) => r.paragraph === "122.7");
    expect(multi?.recommendingStates.map((s) => s.name)).toEqual(["Slovakia", "Spain", "North Macedonia"]);
    // 202 themes cells say "SDGs:", 196 "Affected persons:"; 13 goals, every one read (no warning above),
    // each once per recommendation (122.137 lists "- 4 - QUALITY EDUCATION" twice, 122.127 "- 10 - ..." twice).
    expect(result.records.filter((r) => r.sdgs.length > 0)).toHaveLength(202);
    expect(result.records.filter((r) => r.affectedPersons.length > 0)).toHaveLength(196);
    expect(
      countBy(
        result.records.flatMap((r) => r.sdgs),
        (code) => code,
      ),
    ).toEqual({
      "1": 9,
      "2": 1,
      "3": 12,
      "4": 22,
      "5": 35,
      "6": 4,
      "8": 22,
      "10": 100,
      "11": 12,
      "12": 3,
      "13": 2,
      "16": 92,
      "17": 3,
    });
    expect(
      result.records.every(
        (r) => r.recommendingStates.length > 0 && r.recommendingStates.every((s) => s.iso3 !== null),
      ),
    ).toBe(true);
    expect(new Set(result.records.map((r) => r.paragraph)).size).toBe(215);
  });
});
