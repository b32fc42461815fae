// The export's columns and cells, and the OHCHR matrix's cells and grouping: pure functions.
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvLine } from "~/lib/csv";
import {
  compareParagraphs,
  EXPORT_COLUMNS,
  exportFileName,
  exportRowValues,
  type ExportRow,
  groupMatrix,
  matrixAssessment,
  matrixCells,
  matrixCsvRows,
  matrixRecommendation,
  NATIVE_COLUMNS,
  parseMatrixGrouping,
} from "~/lib/export-format";

function row(over: Partial<ExportRow> = {}): ExportRow {
  return {
    id: 7,
    stateUnderReview: "KEN",
    stateName: "Kenya",
    cycle: 1,
    session: 8,
    documentSymbol: "A/HRC/15/8",
    paragraph: "101.3",
    recommendingStates: ["Denmark"],
    text: "Consider ratifying OP-CAT (Denmark);",
    response: "supported",
    actionCategory: 4,
    themes: [],
    sdgs: [],
    affectedPersons: [],
    issues: [],
    kind: "recommendation",
    currentStatus: "not_assessed",
    currentAsOf: null,
    organisation: null,
    evidence: null,
    sourceUrls: [],
    midtermDate: "2012-11-06",
    midtermStatus: "not_assessed",
    ...over,
  };
}

describe("export columns", () => {
  it("start with the native template's columns in order, and end with upr_monitor_id", () => {
    expect(EXPORT_COLUMNS.slice(0, NATIVE_COLUMNS.length)).toEqual([
      "state_under_review",
      "cycle",
      "session",
      "document_symbol",
      "paragraph",
      "recommending_states",
      "recommendation",
      "response",
      "action_category",
      "themes",
      "sdgs",
      "affected_persons",
      "issues",
    ]);
    expect(EXPORT_COLUMNS.slice(NATIVE_COLUMNS.length)).toEqual([
      "current_status",
      "current_as_of",
      "organisation",
      "evidence",
      "source_urls",
      "midterm_date",
      "midterm_status",
      "upr_monitor_id",
    ]);
  });

  it("one value per column; lists joined with '; '", () => {
    const values = exportRowValues(
      row({
        recommendingStates: ["Norway", "Sweden"],
        themes: ["A12 Acceptance of international norms", "D27 Prohibition of slavery, trafficking"],
        sdgs: ["5", "8", "16", "16.3"],
        affectedPersons: ["Women", "Migrants & domestic workers"],
        issues: ["trafficking-data", "victim-protection"],
        currentStatus: "in_progress",
        currentAsOf: "2012-01-15",
        organisation: "Stop the Traffik Kenya",
        evidence: "Bill tabled.",
        sourceUrls: ["https://a.example/1", "https://b.example/2"],
        midtermStatus: "in_progress",
      }),
    );
    expect(values).toHaveLength(EXPORT_COLUMNS.length);
    const cell = (c: (typeof EXPORT_COLUMNS)[number]) => values[EXPORT_COLUMNS.indexOf(c)];
    expect(cell("recommending_states")).toBe("Norway; Sweden");
    expect(cell("themes")).toBe("A12 Acceptance of international norms; D27 Prohibition of slavery, trafficking");
    expect(cell("sdgs")).toBe("5; 8; 16; 16.3");
    expect(cell("affected_persons")).toBe("Women; Migrants & domestic workers");
    expect(cell("issues")).toBe("trafficking-data; victim-protection");
    expect(cell("source_urls")).toBe("https://a.example/1; https://b.example/2");
    expect(cell("upr_monitor_id")).toBe(7);
    expect(cell("action_category")).toBe(4);
    expect(cell("current_as_of")).toBe("2012-01-15");
  });

  it("a voluntary pledge says so in recommending_states, as the importer reads it", () => {
    const values = exportRowValues(row({ kind: "pledge", recommendingStates: [] }));
    expect(values[EXPORT_COLUMNS.indexOf("recommending_states")]).toBe("Voluntary pledge");
  });

  it("a CSV line of a row neutralises formulas and quotes as needed", () => {
    const line = csvLine(
      exportRowValues(row({ evidence: '=HYPERLINK("http://x")', text: 'Say "yes", then act (Norway);' })),
    );
    const [cells] = Papa.parse<string[]>(line, { skipEmptyLines: true }).data;
    expect(cells![EXPORT_COLUMNS.indexOf("evidence")]).toBe('\'=HYPERLINK("http://x")');
    expect(cells![EXPORT_COLUMNS.indexOf("recommendation")]).toBe('Say "yes", then act (Norway);');
    expect(line.endsWith("\r\n")).toBe(true);
  });

  it("file names", () => {
    expect(exportFileName({ state: "KEN" }, "2026-11-26")).toBe("upr-monitor-export-KEN-2026-11-26.csv");
    expect(exportFileName({}, "2026-11-26")).toBe("upr-monitor-export-all-2026-11-26.csv");
    expect(exportFileName({ state: "KEN" }, "2026-11-26", "matrix-by-theme")).toBe(
      "upr-monitor-matrix-by-theme-KEN-2026-11-26.csv",
    );
  });
});

describe("OHCHR matrix cells", () => {
  it("Recommendation: paragraph first; states not added twice", () => {
    expect(matrixRecommendation(row())).toBe("101.3 Consider ratifying OP-CAT (Denmark);");
    expect(matrixRecommendation(row({ text: "Ratify OP-CAT", recommendingStates: ["Denmark", "Norway"] }))).toBe(
      "101.3 Ratify OP-CAT (Denmark, Norway)",
    );
    expect(matrixRecommendation(row({ paragraph: null, text: "Ratify OP-CAT", recommendingStates: [] }))).toBe(
      "Ratify OP-CAT",
    );
  });

  it("Position and Assessment/comments", () => {
    const cells = matrixCells(
      row({
        response: "noted",
        themes: ["A12 Acceptance of international norms", "B31 Equality & non-discrimination"],
      }),
    );
    expect(cells[1]).toBe("Noted");
    expect(cells[2]).toBe("A12 Acceptance of international norms; B31 Equality & non-discrimination");
    expect(cells[3]).toBe("Not assessed");
    expect(
      matrixAssessment({
        currentStatus: "partially_implemented",
        currentAsOf: "2012-05-06",
        organisation: "Stop the Traffik Kenya",
        evidence: " Act passed. ",
      }),
    ).toBe("Partially implemented (as of 6 May 2012; Stop the Traffik Kenya). Act passed.");
    expect(matrixCells(row({ kind: "pledge" }))[1]).toBe("Voluntary pledge");
  });

  it("paragraphs compare as numbers", () => {
    const sorted = ["101.10", "102.1", "101.2", null, "101.1.2", "101.1"].sort(compareParagraphs);
    expect(sorted).toEqual(["101.1", "101.1.2", "101.2", "101.10", "102.1", null]);
  });
});

describe("groupMatrix", () => {
  const a = row({
    id: 1,
    paragraph: "101.10",
    themes: ["B31 Equality & non-discrimination", "A12 Acceptance of international norms"],
    issues: ["victim-protection"],
  });
  const b = row({ id: 2, paragraph: "101.2", themes: ["A12 Acceptance of international norms"], issues: [] });
  const c = row({ id: 3, paragraph: "101.1", themes: [], issues: ["trafficking-data", "victim-protection"] });

  it("by theme: a recommendation under each of its themes, report order within, no-theme group last", () => {
    const groups = groupMatrix([a, b, c], "theme");
    expect(groups.map((g) => [g.heading, g.rows.map((r) => r.id)])).toEqual([
      ["Theme: A12 Acceptance of international norms", [2, 1]],
      ["Theme: B31 Equality & non-discrimination", [1]],
      ["No theme recorded", [3]],
    ]);
  });

  it("by issue: in the issues' own order, with their titles", () => {
    const titles = new Map([
      ["trafficking-data", "Data on trafficking"],
      ["victim-protection", "Victim protection"],
    ]);
    const groups = groupMatrix([a, b, c], "issue", titles);
    expect(groups.map((g) => [g.heading, g.rows.map((r) => r.id)])).toEqual([
      ["Coalition issue: Data on trafficking", [3]],
      ["Coalition issue: Victim protection", [3, 1]],
      ["Not linked to a coalition issue", [2]],
    ]);
    expect(groupMatrix([a, b, c], "issue", titles, "victim-protection").map((g) => g.key)).toEqual([
      "victim-protection",
    ]);
  });

  it("CSV rows: a heading row before each group", () => {
    const rows = matrixCsvRows(groupMatrix([a, b], "theme"));
    expect(rows.map((r) => r[0])).toEqual([
      "Theme: A12 Acceptance of international norms",
      "101.2 Consider ratifying OP-CAT (Denmark);",
      "101.10 Consider ratifying OP-CAT (Denmark);",
      "Theme: B31 Equality & non-discrimination",
      "101.10 Consider ratifying OP-CAT (Denmark);",
    ]);
    expect(rows[0]).toEqual(["Theme: A12 Acceptance of international norms", "", "", ""]);
  });

  it("the `by` parameter", () => {
    expect(parseMatrixGrouping(null)).toEqual({ grouping: "theme", ignored: null });
    expect(parseMatrixGrouping("Issue")).toEqual({ grouping: "issue", ignored: null });
    expect(parseMatrixGrouping("region")).toEqual({ grouping: "theme", ignored: "by=region" });
  });
});
