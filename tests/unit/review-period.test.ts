import { describe, expect, it } from "vitest";
import { addMonths, monthEnd, monthEndsBetween, reviewPeriod } from "~/lib/review-period";

describe("date arithmetic", () => {
  it("adds months keeping the day, or the month's last day", () => {
    expect(addMonths("2010-05-06", 30)).toBe("2012-11-06");
    expect(addMonths("2010-05-06", 54)).toBe("2014-11-06");
    expect(addMonths("2015-01-22", -6)).toBe("2014-07-22");
    expect(addMonths("2020-08-31", 6)).toBe("2021-02-28");
    expect(addMonths("2019-08-31", 6)).toBe("2020-02-29");
  });
  it("month ends", () => {
    expect(monthEnd("2024-02-10")).toBe("2024-02-29");
    expect(monthEndsBetween("2010-11-15", "2011-02-01")).toEqual([
      "2010-11-30",
      "2010-12-31",
      "2011-01-31",
      "2011-02-28",
    ]);
  });
});

describe("reviewPeriod", () => {
  it("Kenya cycle 1: no adoption date known, next review known", () => {
    const p = reviewPeriod({ reviewDate: "2010-05-06", adoptionDate: null, nextReviewDate: "2015-01-22" })!;
    expect(p.start).toBe("2010-05-06");
    expect(p.end).toBe("2015-01-22");
    expect(p.milestones).toEqual([
      { key: "review", label: "Review", short: "Review", date: "2010-05-06", estimated: false },
      { key: "midterm", label: "Mid-term report", short: "Mid-term", date: "2012-11-06", estimated: true },
      {
        key: "submission",
        label: "Stakeholder submissions due",
        short: "Submissions",
        date: "2014-07-22",
        estimated: true,
      },
      { key: "next_review", label: "Next review", short: "Next review", date: "2015-01-22", estimated: false },
    ]);
    expect(p.monthEnds[0]).toBe("2010-05-31");
    expect(p.monthEnds.at(-1)).toBe("2015-01-31");
    expect(p.monthEnds).toHaveLength(57);
  });
  it("Kenya cycle 3: adoption known, next review estimated as review + 4.5 years", () => {
    const p = reviewPeriod({ reviewDate: "2020-01-23", adoptionDate: "2020-09-29", nextReviewDate: null })!;
    expect(p.start).toBe("2020-09-29");
    expect(p.milestones.map((m) => [m.key, m.date])).toEqual([
      ["review", "2020-01-23"],
      ["adoption", "2020-09-29"],
      ["midterm", "2023-03-29"],
      ["submission", "2024-01-23"],
      ["next_review", "2024-07-23"],
    ]);
  });
  it("no review date: nothing to draw", () => {
    expect(reviewPeriod({ reviewDate: null, adoptionDate: null, nextReviewDate: null })).toBeNull();
  });
});

describe("reviewPeriod runs on to the latest assessment", () => {
  it("ends at the later of the next review and the latest assessment, with the next review still marked", () => {
    const dates = { reviewDate: "2010-05-06", adoptionDate: null, nextReviewDate: "2015-01-22" };
    const later = reviewPeriod({ ...dates, latestAssessment: "2016-03-10" })!;
    expect(later.end).toBe("2016-03-10");
    expect(later.monthEnds.at(-1)).toBe("2016-03-31");
    expect(later.milestones.find((m) => m.key === "next_review")!.date).toBe("2015-01-22");
    const earlier = reviewPeriod({ ...dates, latestAssessment: "2012-01-01" })!;
    expect(earlier.end).toBe("2015-01-22");
    expect(earlier.monthEnds.at(-1)).toBe("2015-01-31");
  });
});
