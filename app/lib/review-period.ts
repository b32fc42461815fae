// The ~5-year period of one review, and its milestones (docs/domain.md, "The review timeline"). Pure date arithmetic on
// calendar dates ('YYYY-MM-DD'), in UTC, so that no time zone ever shifts a day.

export interface ReviewDates {
  reviewDate: string | null;
  adoptionDate: string | null;
  /** The dates come from the session calendar and the rules, not from this review's documents. */
  reviewDateEstimated?: boolean;
  adoptionDateEstimated?: boolean;
  /** The next review's date where known (the same state's next cycle). */
  nextReviewDate: string | null;
  /** The latest assessment of the review's recommendations: the period runs on to it when it is later. */
  latestAssessment?: string | null;
}

export interface Milestone {
  key: "review" | "adoption" | "midterm" | "submission" | "next_review";
  /** In English; in the reader's language: t(`review.milestone.${key}`). */
  label: string;
  /** A short label for chart markers; in the reader's language: t(`review.milestoneShort.${key}`). */
  short: string;
  date: string;
  /** True when the date is computed from the rules rather than known. */
  estimated: boolean;
}

export interface ReviewPeriod {
  /** Adoption, or the review date where adoption is unknown. */
  start: string;
  /** The later of the next review and the latest assessment. */
  end: string;
  milestones: Milestone[];
  /** The last day of each month from the start's month to the end's month. */
  monthEnds: string[];
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds whole months; the day is kept, or the month's last day where the month is shorter. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return iso(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function monthEnd(date: string): string {
  const [y, m] = parts(date);
  return iso(y, m, daysInMonth(y, m));
}

export function monthEndsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let current = monthEnd(from);
  const last = monthEnd(to);
  while (current <= last) {
    out.push(current);
    current = monthEnd(addMonths(`${current.slice(0, 8)}01`, 1));
  }
  return out;
}

/** Null when the review has no date yet (nothing to draw). */
export function reviewPeriod(dates: ReviewDates): ReviewPeriod | null {
  if (!dates.reviewDate) return null;
  const start = dates.adoptionDate ?? dates.reviewDate;
  const nextReview = dates.nextReviewDate ?? addMonths(dates.reviewDate, 54);
  const milestones: Milestone[] = [
    {
      key: "review",
      label: "Review",
      short: "Review",
      date: dates.reviewDate,
      estimated: dates.reviewDateEstimated ?? false,
    },
    ...(dates.adoptionDate
      ? [
          {
            key: "adoption" as const,
            label: "Adoption",
            short: "Adoption",
            date: dates.adoptionDate,
            estimated: dates.adoptionDateEstimated ?? false,
          },
        ]
      : []),
    { key: "midterm", label: "Mid-term report", short: "Mid-term", date: addMonths(start, 30), estimated: true },
    {
      key: "submission",
      label: "Stakeholder submissions due",
      short: "Submissions",
      date: addMonths(nextReview, -6),
      estimated: true,
    },
    {
      key: "next_review",
      label: "Next review",
      short: "Next review",
      date: nextReview,
      estimated: !dates.nextReviewDate,
    },
  ];
  const end = dates.latestAssessment && dates.latestAssessment > nextReview ? dates.latestAssessment : nextReview;
  return { start, end, milestones, monthEnds: monthEndsBetween(start, end) };
}
