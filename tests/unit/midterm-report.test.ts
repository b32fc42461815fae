// The mid-term report's shared words and numbers (app/lib/midterm-report.ts): the printable page and the
// Word document say them alike.
import { describe, expect, it } from "vitest";
import { STATUSES } from "../../db/schema";
import type { ProgressPoint } from "~/lib/dashboard-types";
import {
  chartTableNote,
  chartTableRows,
  chartTableStep,
  midtermReached,
  midtermReportFileName,
  milestoneName,
  pointsToDate,
  reportAuthor,
  reportLead,
  reportTitle,
  summaryHeadDates,
  summaryRows,
} from "~/lib/midterm-report";
import { statusSummary } from "~/lib/report-summary";
import { tFor } from "~/i18n/catalogues.server";
import { reviewPeriod } from "~/lib/review-period";

const EN = { t: tFor("en"), lng: "en" as const };
const FR = { t: tFor("fr"), lng: "fr" as const };
const KENYA = { id: 1, stateName: "Kenya", cycle: 1, reviewDate: "2010-05-06", reportSymbol: "A/HRC/15/8" };
// Kenya cycle 1: review 6 May 2010, no adoption date, next review 22 January 2015.
const period = reviewPeriod({ reviewDate: "2010-05-06", adoptionDate: null, nextReviewDate: "2015-01-22" })!;
const zero = Object.fromEntries(STATUSES.map((s) => [s, 0])) as ProgressPoint["counts"];
const points: ProgressPoint[] = period.monthEnds.map((month, i) => ({ month, counts: { ...zero, not_assessed: i } }));

describe("the report's words", () => {
  it("names who prepared it: the coalition, else the organisations, else the app", () => {
    expect(reportAuthor("Coalition (test data)", ["A"])).toBe("Coalition (test data)");
    expect(reportAuthor(null, ["A", "B"])).toBe("A, B");
    expect(reportAuthor(null, [])).toBe("UPR Monitor");
  });

  it("says the review, the date of the status and the period", () => {
    expect(reportLead(EN, KENYA, period, "2026-12-07")).toBe(
      "Review of 6 May 2010 (report A/HRC/15/8). Status as recorded on 7 December 2026. Review period: 6 May 2010 to 22 January 2015.",
    );
    expect(reportLead(EN, { ...KENYA, reportSymbol: null }, null, "2026-12-07")).toBe(
      "Review of 6 May 2010. Status as recorded on 7 December 2026.",
    );
    // In the reader's language: French words and dates, and the state's French name in the title.
    expect(reportLead(FR, KENYA, period, "2026-12-07")).toBe(
      "Examen du 6 mai 2010 (rapport A/HRC/15/8). Situation enregistrée au 7 décembre 2026. Période de l’examen : du 6 mai 2010 au 22 janvier 2015.",
    );
    expect(reportTitle(FR, { ...KENYA, stateIso3: "KEN" })).toBe(
      "Kenya : mise en œuvre des recommandations de l’Examen périodique universel du cycle 1",
    );
    expect(reportTitle({ t: tFor("ar"), lng: "ar" }, { ...KENYA, stateIso3: "KEN" })).toMatch(/^كينيا: /);
  });

  it("names the file for the state and cycle", () => {
    expect(midtermReportFileName(KENYA, "docx")).toBe("kenya-cycle1-midterm-report.docx");
    expect(midtermReportFileName({ ...KENYA, stateName: "Côte d'Ivoire", cycle: 3 }, "docx")).toBe(
      "cote-d-ivoire-cycle3-midterm-report.docx",
    );
  });
});

describe("the summary", () => {
  const recs = [
    { response: "supported" as const, status: "fully_implemented" as const },
    { response: "supported" as const, status: "not_assessed" as const },
    { response: "noted" as const, status: "partially_implemented" as const },
  ];

  it("has the printed report's rows, at mid-term once it has passed and now", () => {
    const rows = summaryRows(EN, statusSummary(recs), null);
    expect(rows.map((r) => r.label)).toEqual([
      "Recommendations",
      "Supported",
      "Supported, at least partially implemented",
      "Not assessed",
      "Little or no known action",
      "In the process of implementation",
      "Partially implemented",
      "Fully implemented",
    ]);
    expect(rows.slice(0, 3)).toEqual([
      { label: "Recommendations", then: "–", now: "3" },
      { label: "Supported", then: "–", now: "2" },
      { label: "Supported, at least partially implemented", then: "–", now: "1 (50.0%)" },
    ]);
    expect(midtermReached("2012-11-06", "2012-11-06")).toBe(true);
    expect(midtermReached("2012-11-06", "2012-11-05")).toBe(false);
    expect(midtermReached(null, "2026-12-07")).toBe(false);
    expect(summaryHeadDates(EN, "2012-11-06", true, "2026-12-07")).toEqual({
      then: "6 November 2012",
      now: "7 December 2026",
    });
    expect(summaryHeadDates(EN, "2028-11-06", false, "2026-12-07").then).toBe("6 November 2028 (not reached yet)");
    expect(summaryHeadDates(EN, null, false, "2026-12-07").then).toBe("no date");
    expect(summaryRows(FR, statusSummary(recs), null)[2]).toEqual({
      label: "Acceptées, au moins partiellement mises en œuvre",
      then: "–",
      now: "1 (50,0\u00a0%)",
    });
  });
});

describe("the chart as a table", () => {
  it("takes every sixth month, each milestone's month and the latest month, each once", () => {
    const shown = pointsToDate(points, "2013-03-15");
    expect(shown.at(-1)!.month).toBe("2013-03-31");
    const rows = chartTableRows(shown, period, chartTableStep(shown.length));
    expect(rows.map((r) => r.month)).toEqual([
      "2010-05-31", // the first month, and the review's
      "2010-11-30",
      "2011-05-31",
      "2011-11-30",
      "2012-05-31",
      "2012-11-30", // sixth month and the mid-term's, once
      "2013-03-31", // the latest month to date
    ]);
    expect(rows[0]!.milestones.map((m) => milestoneName(EN, m))).toEqual(["Review"]);
    expect(rows[5]!.milestones.map((m) => milestoneName(EN, m))).toEqual(["Mid-term report"]);
    expect(rows[5]!.milestones.map((m) => milestoneName(FR, m))).toEqual(["Rapport à mi-parcours"]);
    expect(rows[6]!.counts.not_assessed).toBe(34);
  });

  it("stays small over a long period, and says how it picks its months", () => {
    expect(chartTableStep(57)).toBe(6);
    expect(chartTableStep(96)).toBe(6);
    expect(chartTableStep(200)).toBe(24);
    expect(chartTableNote(EN, 6)).toContain("every six months from the first month");
    expect(chartTableNote(EN, 24)).toContain("every 24 months");
  });
});
