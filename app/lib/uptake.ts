// The uptake report of a submission, from its asks and their confirmed recommendations. Pure.
import type { Response, Status } from "../../db/schema";

export interface UptakeAsk {
  id: number;
  text: string;
  issue: { slug: string; title: string } | null;
  uptake: {
    recommendationId: number;
    paragraph: string | null;
    response: Response;
    currentStatus: Status;
    recommendingStates: { name: string; iso3: string | null }[];
    status: "suggested" | "confirmed" | "rejected";
  }[];
}

export interface UptakeSummary {
  asks: number;
  /** Asks with at least one confirmed recommendation. */
  takenUp: number;
  /** Asks with suggestions still to decide and none confirmed. */
  undecided: number;
  /** Distinct recommendations confirmed as taking an ask up. */
  recommendations: number;
  byResponse: Record<Response, number>;
  byStatus: Partial<Record<Status, number>>;
  /** Recommending states of the confirmed recommendations, most asks taken up first. */
  byState: { name: string; iso3: string | null; asks: number; recommendations: number }[];
  /** Per coalition issue (null: asks under no issue), in the order the asks come. */
  byIssue: { issue: { slug: string; title: string } | null; asks: number; takenUp: number }[];
}

export function summariseUptake(asks: readonly UptakeAsk[]): UptakeSummary {
  const byResponse: Record<Response, number> = { supported: 0, noted: 0, pending: 0 };
  const byStatus: Partial<Record<Status, number>> = {};
  const states = new Map<string, { name: string; iso3: string | null; asks: Set<number>; recs: Set<number> }>();
  const issues = new Map<string, { issue: UptakeAsk["issue"]; asks: number; takenUp: number }>();
  const seen = new Set<number>();
  let takenUp = 0;
  let undecided = 0;
  for (const ask of asks) {
    const confirmed = ask.uptake.filter((u) => u.status === "confirmed");
    if (confirmed.length) takenUp++;
    else if (ask.uptake.some((u) => u.status === "suggested")) undecided++;
    const key = ask.issue?.slug ?? "";
    const i = issues.get(key) ?? { issue: ask.issue, asks: 0, takenUp: 0 };
    i.asks++;
    if (confirmed.length) i.takenUp++;
    issues.set(key, i);
    for (const u of confirmed) {
      if (!seen.has(u.recommendationId)) {
        seen.add(u.recommendationId);
        byResponse[u.response]++;
        byStatus[u.currentStatus] = (byStatus[u.currentStatus] ?? 0) + 1;
      }
      for (const s of u.recommendingStates) {
        const entry = states.get(s.name) ?? { name: s.name, iso3: s.iso3, asks: new Set(), recs: new Set() };
        entry.asks.add(ask.id);
        entry.recs.add(u.recommendationId);
        states.set(s.name, entry);
      }
    }
  }
  return {
    asks: asks.length,
    takenUp,
    undecided,
    recommendations: seen.size,
    byResponse,
    byStatus,
    byState: [...states.values()]
      .map((s) => ({ name: s.name, iso3: s.iso3, asks: s.asks.size, recommendations: s.recs.size }))
      .sort((a, b) => b.asks - a.asks || b.recommendations - a.recommendations || a.name.localeCompare(b.name)),
    byIssue: [...issues.values()],
  };
}
