import { describe, expect, it } from "vitest";
import {
  isRoundTripHeader,
  parseRoundTrip,
  parseStatus,
  sameParagraph,
  sameText,
  unneutralise,
} from "~/import/readers/roundtrip";

const HEADER = "recommendation,current_status,current_as_of,evidence,source_urls,upr_monitor_id";

describe("round-trip file", () => {
  it("recognises an exported file by its columns", () => {
    expect(isRoundTripHeader(["\uFEFFstate_under_review", "recommendation", "current_status", "upr_monitor_id"])).toBe(
      true,
    );
    expect(isRoundTripHeader(["state_under_review", "recommendation", "response"])).toBe(false);
  });
  it("reads statuses as codes or labels", () => {
    expect(parseStatus("in_progress")).toBe("in_progress");
    expect(parseStatus(" Fully implemented ")).toBe("fully_implemented");
    expect(parseStatus("partially implemented")).toBe("partially_implemented");
    expect(parseStatus("done")).toBeNull();
  });
  it("undoes the export's formula guard", () => {
    expect(unneutralise("'=1+1")).toBe("=1+1");
    expect(unneutralise("'Tis")).toBe("'Tis");
  });
  it("parses rows and names each problem's row and column", () => {
    const text = `\uFEFF${HEADER}\r\n"Consider ratifying OP-CAT (Denmark);",fully implemented,2013-01-01,Ratified.,https://example.org/a,3\r\n"x",done,2013-01-01,,,4\r\n"y",no_action,01/02/2013,,javascript:alert(1),5\r\n"z",no_action,,,,3\r\n"w",no_action,,,,\r\n`;
    const { rows, problems } = parseRoundTrip(text);
    expect(rows).toEqual([
      {
        row: 2,
        id: 3,
        paragraph: null,
        text: "Consider ratifying OP-CAT (Denmark);",
        status: "fully_implemented",
        asOf: "2013-01-01",
        evidence: "Ratified.",
        sourceUrls: ["https://example.org/a"],
        asOfRead: null,
      },
    ]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [null, "current_as_of"], // 01/02/2013 could be either: asked once for the file
      [3, "current_status"],
      [4, "source_urls"],
      [5, "upr_monitor_id"],
      [6, "upr_monitor_id"],
    ]);
  });
  it("refuses a file without the exported columns", () => {
    const { problems } = parseRoundTrip("recommendation,response\r\nx,supported\r\n");
    expect(problems.map((p) => p.column)).toEqual(["upr_monitor_id", "current_status", "current_as_of", "evidence"]);
  });
  it("compares texts ignoring white space only", () => {
    expect(sameText("Consider  ratifying\nOP-CAT ", "Consider ratifying OP-CAT")).toBe(true);
    expect(sameText("Consider ratifying OP-CAT", "Ratify OP-CAT")).toBe(false);
  });
  it("reads day/month/year and Excel dates, says how, and asks once when a file's dates could be either", () => {
    const file = (dates: string[]) =>
      `${HEADER}\r\n` + dates.map((d, i) => `"t${i}",In the process of implementation,${d},,,${i + 1}\r\n`).join("");
    const settled = parseRoundTrip(file(["01/10/2026", "25/12/2025", "46296", "2026-10-01"]));
    expect(settled.problems).toEqual([]);
    expect(settled.dates).toMatchObject({ order: "dmy", settledBy: "file", ask: false });
    expect(settled.rows.map((r) => [r.asOf, r.asOfRead, r.status])).toEqual([
      ["2026-10-01", "1 October 2026, read from 01/10/2026 as day/month/year", "in_progress"],
      ["2025-12-25", "25 December 2025, read from 25/12/2025 as day/month/year", "in_progress"],
      ["2026-10-01", "1 October 2026, read from 46296 as Excel date number", "in_progress"],
      ["2026-10-01", null, "in_progress"],
    ]);
    const ambiguous = parseRoundTrip(file(["01/02/2026", "03/04/2026"]));
    expect(ambiguous.dates).toMatchObject({ ask: true, example: "01/02/2026", order: null });
    expect(ambiguous.rows).toEqual([]);
    expect(ambiguous.problems).toHaveLength(1); // one question for the file, not one per row
    expect(ambiguous.problems[0]!.message).toMatch(/^2 dates such as 01\/02\/2026 could be day\/month\/year/);
    const answered = parseRoundTrip(file(["01/02/2026", "03/04/2026"]), { dateOrder: "mdy" });
    expect(answered.problems).toEqual([]);
    expect(answered.rows.map((r) => r.asOf)).toEqual(["2026-01-02", "2026-03-04"]);
    expect(answered.dates).toMatchObject({ order: "mdy", settledBy: "choice" });
    const conflict = parseRoundTrip(file(["25/12/2025", "12/25/2025"]));
    expect(conflict.problems[0]!.message).toMatch(/others month\/day\/year/);
  });
  it("a paragraph a spreadsheet made into a number is the held one, and no other", () => {
    expect(sameParagraph("101.1", "101.10")).toBe(true); // LibreOffice and Excel: 101.10 -> 101.1
    expect(sameParagraph("101.2", "101.20")).toBe(true);
    expect(sameParagraph("101.1", "101.100")).toBe(true);
    expect(sameParagraph("101,1", "101.10")).toBe(true); // a locale whose decimal mark is a comma
    expect(sameParagraph("101.10", "101.10")).toBe(true);
    expect(sameParagraph("", "101.10")).toBe(true); // an emptied cell says nothing against it
    expect(sameParagraph(null, "101.10")).toBe(true); // no paragraph column
    expect(sameParagraph("", null)).toBe(true); // a pledge has none
    expect(sameParagraph("101.11", "101.1")).toBe(false);
    expect(sameParagraph("101.1", "101.11")).toBe(false);
    expect(sameParagraph("101.1", "102.1")).toBe(false);
    expect(sameParagraph("101.1", null)).toBe(false);
    expect(sameParagraph("101.1.a", "101.1")).toBe(false);
  });
  it("reads what a spreadsheet saved: no BOM, semicolons or tabs, LF, trailing empty rows and columns, ids as 10.0", () => {
    const rows = [
      [
        "paragraph",
        "recommendation",
        "current_status",
        "current_as_of",
        "evidence",
        "source_urls",
        "upr_monitor_id",
        "",
      ],
      ["101.1", "Ratify, then report (Norway);", "in_progress", "15/01/2012", "'=1+1", "", "10", ""],
      ["", "", "", "", "", "", "", ""],
      ["101.2", "Consider ratifying ICRMW (Algeria);", "not_assessed", "", "", "", "20.0", ""],
      ["", "", "", "", "", "", "", ""],
    ];
    const expected = [
      [2, 10, "101.1", "2012-01-15", "=1+1", "in_progress"],
      [4, 20, "101.2", null, "", "not_assessed"],
    ];
    const quote = (c: string) => (/[",;\t\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    for (const [delimiter, newline] of [
      [",", "\r\n"],
      [";", "\n"],
      ["\t", "\r\n"],
      [";", "\r"],
    ] as const) {
      const text = rows.map((r) => r.map(quote).join(delimiter)).join(newline) + newline;
      const { rows: read, problems } = parseRoundTrip(text);
      expect(problems, JSON.stringify(delimiter)).toEqual([]);
      expect(read.map((r) => [r.row, r.id, r.paragraph, r.asOf, r.evidence, r.status])).toEqual(expected);
    }
    // A workbook's rows (app/import/readers/workbook.ts): the same.
    const book = parseRoundTrip(rows.map((r) => r.map((c) => (c === "15/01/2012" ? "2012-01-15" : c))));
    expect(book.problems).toEqual([]);
    expect(book.rows.map((r) => [r.row, r.id, r.paragraph, r.asOf, r.evidence, r.status])).toEqual(expected);
  });
});
