// The totals of a recommending state's brief over its cycles. Pure.
import { RESPONSES, STATUSES, type Response, type Status } from "../../db/schema";

export interface BriefTotals {
  recommendations: number;
  responses: Record<Response, number>;
  statuses: Record<Status, number>;
  /** Partially or fully implemented (current status). */
  implemented: number;
}

/** Sums the per-cycle counts of a brief. */
export function briefTotals(
  reviews: readonly { responses: Record<Response, number>; statuses: Record<Status, number> }[],
): BriefTotals {
  const responses = Object.fromEntries(RESPONSES.map((r) => [r, 0])) as Record<Response, number>;
  const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const review of reviews) {
    for (const r of RESPONSES) responses[r] += review.responses[r];
    for (const s of STATUSES) statuses[s] += review.statuses[s];
  }
  return {
    recommendations: RESPONSES.reduce((n, r) => n + responses[r], 0),
    responses,
    statuses,
    implemented: statuses.partially_implemented + statuses.fully_implemented,
  };
}
