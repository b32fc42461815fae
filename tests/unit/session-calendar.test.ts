import { describe, expect, it } from "vitest";
import { LAST_SESSION } from "../../app/import/readers/sessions";
import { calendarReviewDates, SESSION_CALENDAR, sessionDates } from "../../app/lib/session-calendar";

describe("the UPR session calendar", () => {
  it("holds every session from the first to the last of cycle 4, in order, each a week or three long", () => {
    expect(SESSION_CALENDAR.map((s) => s.session)).toEqual(Array.from({ length: LAST_SESSION }, (_, i) => i + 1));
    for (const [i, s] of SESSION_CALENDAR.entries()) {
      const days = (Date.parse(s.end) - Date.parse(s.start)) / 86_400_000;
      expect(days, `session ${s.session}`).toBeGreaterThanOrEqual(9);
      expect(days, `session ${s.session}`).toBeLessThanOrEqual(16);
      if (i > 0) expect(s.start > SESSION_CALENDAR[i - 1].end, `session ${s.session}`).toBe(true);
    }
  });

  it("agrees with the review dates of the Working Group reports we hold", () => {
    // A/HRC/15/8: the eighth session, 3 to 14 May 2010; Kenya reviewed on 6 May 2010.
    expect(sessionDates(8)).toEqual({ session: 8, start: "2010-05-03", end: "2010-05-14" });
    for (const [session, day] of [
      [8, "2010-05-06"],
      [21, "2015-01-22"],
      [35, "2020-01-23"],
    ] as const) {
      const s = sessionDates(session)!;
      expect(day >= s.start && day <= s.end, `session ${session}`).toBe(true);
    }
  });

  it("dates a review by its day where known, else by its session's first day, with an adoption five months on", () => {
    expect(calendarReviewDates("KEN", 3, 35)).toEqual({
      reviewDate: "2020-01-23",
      reviewDateEstimated: false,
      adoptionDate: "2020-06-23",
    });
    expect(calendarReviewDates("FJI", 3, 34)).toEqual({
      reviewDate: "2019-11-04",
      reviewDateEstimated: true,
      adoptionDate: "2020-04-04",
    });
    expect(calendarReviewDates("SVN", 3, 34)).toMatchObject({ reviewDate: "2019-11-12", reviewDateEstimated: false });
    expect(calendarReviewDates(null, 1, 99)).toBeNull();
  });
});
