import { describe, expect, it } from "vitest";
import { isRoundTripHeader, parseDate, parseRoundTrip, parseStatus, sameText, unneutralise } from "~/lib/roundtrip";

const HEADER = "recommendation,current_status,current_as_of,evidence,source_urls,upr_monitor_id";

describe("round-trip file", () => {
  it("recognises an exported file by its columns", () => {
    expect(isRoundTripHeader(["\uFEFFstate_under_review", "recommendation", "current_status", "upr_monitor_id"])).toBe(
      true,
    );
    expect(isRoundTripHeader(["state_under_review", "recommendation", "response"])).toBe(false);
  });
  it("reads statuses as codes or labels, dates as YYYY-MM-DD", () => {
    expect(parseStatus("in_progress")).toBe("in_progress");
    expect(parseStatus(" Fully implemented ")).toBe("fully_implemented");
    expect(parseStatus("partially implemented")).toBe("partially_implemented");
    expect(parseStatus("done")).toBeNull();
    expect(parseDate("2013-02-28")).toBe("2013-02-28");
    expect(parseDate("")).toBeNull();
    expect(parseDate("28/02/2013")).toBe("invalid");
    expect(parseDate("2013-02-30")).toBe("invalid");
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
        text: "Consider ratifying OP-CAT (Denmark);",
        status: "fully_implemented",
        asOf: "2013-01-01",
        evidence: "Ratified.",
        sourceUrls: ["https://example.org/a"],
      },
    ]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, "current_status"],
      [4, "current_as_of"],
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
});
