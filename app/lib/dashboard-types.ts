// The shapes of the dashboard's numbers: what app/models/dashboard.server.ts computes and the chart
// components, tables and CSV files (app/lib/dashboard-tables.ts) show. Types only.
import type { Response, Status } from "../../db/schema";
import type { RecommendationFilter } from "./recommendation-filter";
import type { ReviewPeriod } from "./review-period";

export interface ResponseCounts {
  supported: number;
  noted: number;
  pending: number;
}

export interface ResponseRow extends ResponseCounts {
  key: string;
  label: string;
}

export type StatusCounts = Record<Status, number>;

export interface Headline {
  total: number;
  supported: number;
  /** Supported recommendations whose current status is partially or fully implemented. */
  supportedImplemented: number;
  supportedFullyImplemented: number;
  /** Recommendations (any response) with no assessment yet. */
  notAssessed: number;
  byStatus: StatusCounts;
}

export interface IssueHeadline extends Headline {
  slug: string;
  title: string;
}

export interface ProgressPoint {
  /** The last day of the month. */
  month: string;
  counts: StatusCounts;
}

/** One coalition issue's status counts by month (the recommendations of the filter linked to it). */
export interface IssueProgress {
  slug: string;
  title: string;
  /**
   * The months of the dashboard's progress (the review period); on the dashboard only those up to
   * today (its small multiples show no more). Empty when there is no period.
   */
  points: ProgressPoint[];
}

/** The progress of one set of recommendations over a review's period (the dashboard's, or one issue's). */
export interface Progress {
  stateName: string;
  cycle: number;
  period: ReviewPeriod;
  points: ProgressPoint[];
  /** The months up to today (the rest of the period is still to come). */
  pointsToDate: number;
}

export interface Dashboard {
  filter: RecommendationFilter;
  headline: Headline;
  byCycle: ResponseRow[];
  byIssue: ResponseRow[];
  byGroup: ResponseRow[];
  /** Per Sustainable Development Goal (a recommendation tagged with several counts under each). */
  bySdg: ResponseRow[];
  topStates: ResponseRow[];
  issues: IssueHeadline[];
  progress: Progress | null;
  /** Every active coalition issue's progress over the same months as `progress` (small multiples; only when asked for). */
  issueProgress: IssueProgress[];
  /** The status counts by response at the mid-term date, once it has passed (the benchmark beside UPR Info's study). */
  atMidterm: { date: string; byResponse: Partial<Record<Response, StatusCounts>> } | null;
}
