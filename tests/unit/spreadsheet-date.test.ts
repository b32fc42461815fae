import { describe, expect, it } from "vitest";
import { dateOrderOf, excelSerialToIso, isAmbiguousDate, readSpreadsheetDate } from "~/import/readers/spreadsheet-date";

describe("dates as spreadsheets write them", () => {
  it("reads ISO dates (with a time of day dropped) and refuses impossible ones", () => {
    expect(readSpreadsheetDate("2026-10-01", null)).toEqual({ kind: "date", iso: "2026-10-01", how: "ISO" });
    expect(readSpreadsheetDate("2026-10-01 00:00:00", null)).toMatchObject({ iso: "2026-10-01" });
    expect(readSpreadsheetDate("2026-2-3", null)).toMatchObject({ iso: "2026-02-03" });
    expect(readSpreadsheetDate("2026-02-30", null)).toEqual({ kind: "invalid" });
    expect(readSpreadsheetDate("  ", null)).toEqual({ kind: "empty" });
    expect(readSpreadsheetDate("soon", null)).toEqual({ kind: "invalid" });
  });

  it("reads Excel serial numbers, counting from Excel's 30 December 1899", () => {
    expect(excelSerialToIso(1)).toBe("1899-12-31");
    expect(excelSerialToIso(61)).toBe("1900-03-01"); // after Excel's 29 February 1900
    expect(readSpreadsheetDate("46296", null)).toEqual({ kind: "date", iso: "2026-10-01", how: "Excel date number" });
    expect(readSpreadsheetDate("40304.75", null)).toMatchObject({ iso: "2010-05-06" });
    expect(readSpreadsheetDate("12", null)).toEqual({ kind: "invalid" });
    expect(readSpreadsheetDate("99999", null)).toEqual({ kind: "invalid" });
  });

  it("reads day/month/year when the day says so, or as the file's order says", () => {
    expect(readSpreadsheetDate("31/10/2026", null)).toEqual({ kind: "date", iso: "2026-10-31", how: "day/month/year" });
    expect(readSpreadsheetDate("10/31/2026", null)).toEqual({ kind: "date", iso: "2026-10-31", how: "month/day/year" });
    expect(readSpreadsheetDate("01/10/2026", null)).toEqual({ kind: "ambiguous" });
    expect(readSpreadsheetDate("01/10/2026", "dmy")).toEqual({
      kind: "date",
      iso: "2026-10-01",
      how: "day/month/year",
    });
    expect(readSpreadsheetDate("01/10/2026", "mdy")).toEqual({
      kind: "date",
      iso: "2026-01-10",
      how: "month/day/year",
    });
    expect(readSpreadsheetDate("1.10.2026", "dmy")).toMatchObject({ iso: "2026-10-01" });
    expect(readSpreadsheetDate("05/05/2026", null)).toMatchObject({ iso: "2026-05-05" });
    expect(readSpreadsheetDate("31/02/2026", null)).toEqual({ kind: "invalid" });
    expect(readSpreadsheetDate("13/13/2026", null)).toEqual({ kind: "invalid" });
  });

  it("settles a file's order from any day over 12, and says when the file contradicts itself", () => {
    expect(dateOrderOf(["01/10/2026", "25/12/2025", ""])).toBe("dmy");
    expect(dateOrderOf(["01/10/2026", "12/25/2025"])).toBe("mdy");
    expect(dateOrderOf(["01/10/2026", "02/11/2026", "2026-01-01"])).toBeNull();
    expect(dateOrderOf(["25/12/2025", "12/25/2025"])).toBe("conflict");
    expect(isAmbiguousDate("01/02/2026")).toBe(true);
    expect(isAmbiguousDate("02/02/2026")).toBe(false);
    expect(isAmbiguousDate("13/02/2026")).toBe(false);
  });
});
