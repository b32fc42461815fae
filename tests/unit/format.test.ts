import { describe, expect, it } from "vitest";
import { formatDate, importedOfOfficial, ordinal, retryTime } from "~/lib/format";

describe("formatDate", () => {
  it("writes calendar dates without time zone shifts", () => {
    expect(formatDate("2010-05-06")).toBe("6 May 2010");
    expect(formatDate("2020-01-23")).toBe("23 January 2020");
    expect(formatDate("2015-12-31")).toBe("31 December 2015");
  });
  it("says when a date is not known", () => {
    expect(formatDate(null)).toBe("not known");
    expect(formatDate("", "—")).toBe("—");
  });
});

describe("importedOfOfficial", () => {
  it("compares imported with the official total", () => {
    expect(importedOfOfficial(150, 150)).toBe("150 of 150");
    expect(importedOfOfficial(0, 319)).toBe("0 of 319");
    expect(importedOfOfficial(12, null)).toBe("12 (official total not known)");
  });
});

describe("ordinal", () => {
  it.each([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [8, "8th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [35, "35th"],
    [49, "49th"],
    [102, "102nd"],
    [111, "111th"],
  ])("%i -> %s", (n, s) => expect(ordinal(n)).toBe(s));
});

describe("formatMonth", () => {
  it("names the month", async () => {
    const { formatMonth } = await import("~/lib/format");
    expect(formatMonth("2015-01-31")).toBe("January 2015");
    expect(formatMonth("2012-11-06")).toBe("November 2012");
  });
});

describe("retryTime", () => {
  it("gives the minute to try again at, with the date when the lock lasts into another day", () => {
    const now = new Date("2026-12-01T19:27:10Z");
    expect(retryTime(new Date("2026-12-01T19:42:10Z"), now)).toBe("19:43 UTC");
    expect(retryTime(new Date("2026-12-01T19:42:00Z"), now)).toBe("19:42 UTC");
    expect(retryTime(new Date("2026-12-02T19:27:10Z"), now)).toBe("2 December 2026, 19:28 UTC");
  });
});
