// The UPR Working Group's sessions with their dates, and the day of each review where we hold it: data in the
// repository (docs/domain.md, "The session calendar"), so that an imported review gets its review date (the day
// of its review where known, else its session's first day) and an estimated adoption. Pure.
// Sources: docs/sources/upr-sessions.csv gives, for each session, the page that states its dates (the Working
// Group's reports, OHCHR's and UN Geneva's press releases, UPR Info); 44 of the 54 are stated by a source.
// Sessions 12, 19, 30 and 33 have their first day confirmed but not their last; 51 to 54 (2026-2027) follow
// the pattern of the cycle and no published programme was found: correct them when OHCHR publishes it.
// docs/sources/upr-review-days.csv gives each review day's source.
import { addMonths } from "./review-period";

export interface SessionDates {
  session: number;
  /** First and last day of the session ('YYYY-MM-DD'). */
  start: string;
  end: string;
}

/** Session, first day, last day. */
const SESSIONS: ReadonlyArray<readonly [number, string, string]> = [
  [1, "2008-04-07", "2008-04-18"],
  [2, "2008-05-05", "2008-05-19"],
  [3, "2008-12-01", "2008-12-15"],
  [4, "2009-02-02", "2009-02-13"],
  [5, "2009-05-04", "2009-05-15"],
  [6, "2009-11-30", "2009-12-11"],
  [7, "2010-02-08", "2010-02-19"],
  [8, "2010-05-03", "2010-05-14"],
  [9, "2010-11-01", "2010-11-12"],
  [10, "2011-01-24", "2011-02-04"],
  [11, "2011-05-02", "2011-05-13"],
  [12, "2011-10-03", "2011-10-14"],
  [13, "2012-05-21", "2012-06-04"],
  [14, "2012-10-22", "2012-11-05"],
  [15, "2013-01-21", "2013-02-01"],
  [16, "2013-04-22", "2013-05-03"],
  [17, "2013-10-21", "2013-11-01"],
  [18, "2014-01-27", "2014-02-07"],
  [19, "2014-04-28", "2014-05-09"],
  [20, "2014-10-27", "2014-11-07"],
  [21, "2015-01-19", "2015-01-30"],
  [22, "2015-05-04", "2015-05-15"],
  [23, "2015-11-02", "2015-11-13"],
  [24, "2016-01-18", "2016-01-29"],
  [25, "2016-05-02", "2016-05-13"],
  [26, "2016-10-31", "2016-11-11"],
  [27, "2017-05-01", "2017-05-12"],
  [28, "2017-11-06", "2017-11-17"],
  [29, "2018-01-15", "2018-01-26"],
  [30, "2018-05-07", "2018-05-18"],
  [31, "2018-11-05", "2018-11-16"],
  [32, "2019-01-21", "2019-02-01"],
  [33, "2019-05-06", "2019-05-17"],
  [34, "2019-11-04", "2019-11-15"],
  [35, "2020-01-20", "2020-01-31"],
  [36, "2020-11-02", "2020-11-13"],
  [37, "2021-01-18", "2021-01-29"],
  [38, "2021-05-03", "2021-05-14"],
  [39, "2021-11-01", "2021-11-12"],
  [40, "2022-01-24", "2022-02-03"],
  [41, "2022-11-07", "2022-11-18"],
  [42, "2023-01-23", "2023-02-03"],
  [43, "2023-05-01", "2023-05-12"],
  [44, "2023-11-06", "2023-11-17"],
  [45, "2024-01-22", "2024-02-02"],
  [46, "2024-04-29", "2024-05-10"],
  [47, "2024-11-04", "2024-11-15"],
  [48, "2025-01-20", "2025-01-31"],
  [49, "2025-04-28", "2025-05-09"],
  [50, "2025-11-03", "2025-11-14"],
  [51, "2026-01-19", "2026-01-30"],
  [52, "2026-05-04", "2026-05-15"],
  [53, "2026-11-02", "2026-11-13"],
  [54, "2027-01-18", "2027-01-29"],
];

export const SESSION_CALENDAR: readonly SessionDates[] = SESSIONS.map(([session, start, end]) => ({
  session,
  start,
  end,
}));

/** The day a state was reviewed, where a published source gives it (ISO3, cycle, date, source). */
const REVIEW_DAYS: ReadonlyArray<readonly [string, number, string, string]> = [
  ["KEN", 1, "2010-05-06", "A/HRC/15/8, para. 1"],
  ["KEN", 2, "2015-01-22", "A/HRC/29/10, para. 1"],
  ["KEN", 3, "2020-01-23", "A/HRC/44/9, para. 1"],
  ["KEN", 4, "2025-05-01", "the United Kingdom's statement at Kenya's review, published 2 May 2025"],
  ["SVN", 1, "2010-02-16", "OHCHR, highlights of 16 February 2010"],
  ["SVN", 2, "2014-11-04", "A/HRC/28/15, para. 1"],
  ["SVN", 3, "2019-11-12", "Government of Slovenia, 30 January 2020"],
];

export function sessionDates(session: number): SessionDates | null {
  return SESSION_CALENDAR[session - 1]?.session === session ? SESSION_CALENDAR[session - 1] : null;
}

/** About five months from a review to the adoption of its outcome at the Human Rights Council. */
export const MONTHS_TO_ADOPTION = 5;

export interface CalendarReviewDates {
  reviewDate: string;
  /** True when the date is the session's first day, not the day of this review. */
  reviewDateEstimated: boolean;
  /** Estimated: about five months after the review. */
  adoptionDate: string;
}

/** The dates the calendar gives a review: its day where held, else its session's first day; null for an unknown session. */
export function calendarReviewDates(iso3: string | null, cycle: number, session: number): CalendarReviewDates | null {
  const day = iso3 ? REVIEW_DAYS.find(([state, c]) => state === iso3 && c === cycle) : undefined;
  const sessionDays = sessionDates(session);
  const reviewDate = day?.[2] ?? sessionDays?.start;
  if (!reviewDate) return null;
  return { reviewDate, reviewDateEstimated: !day, adoptionDate: addMonths(reviewDate, MONTHS_TO_ADOPTION) };
}
