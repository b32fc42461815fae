// The read API's answers, shaped from what the models return: every field picked by name (never a spread
// of a model row, so that nothing a model adds, such as who wrote an assessment, reaches the API by
// accident). The shapes are those of ./schemas.ts. Pure: no database, no request.
import type { z } from "zod";
import type { RegionalGroup, Response, Status } from "../../../db/schema";
import { STATUSES } from "../../../db/schema";
import type { RecommendationSummary, StateName } from "../recommendation-summary";
import type * as S from "./schemas";

type Out<T extends z.ZodType> = z.output<T>;

/** Absolute URLs of the API and the site, from the request's origin ("https://monitor.example.org"). */
export function apiUrl(origin: string, path: string, params?: URLSearchParams): string {
  const qs = params?.toString();
  return `${origin}${path}${qs ? `?${qs}` : ""}`;
}

const stateRef = (name: string, iso3: string | null): Out<typeof S.StateRef> => ({ iso3, name });

export function shapeState(
  origin: string,
  s: {
    iso3: string;
    name: string;
    regionalGroup: RegionalGroup | null;
    reviews: number;
    received: number;
    made: number;
  },
): Out<typeof S.State> {
  return {
    iso3: s.iso3,
    name: s.name,
    regionalGroup: s.regionalGroup,
    reviews: s.reviews,
    recommendationsReceived: s.received,
    recommendationsMade: s.made,
    links: {
      reviews: apiUrl(origin, "/api/v1/reviews", new URLSearchParams({ state: s.iso3 })),
      recommendations: apiUrl(origin, "/api/v1/recommendations", new URLSearchParams({ state: s.iso3 })),
    },
  };
}

export function shapeReview(
  origin: string,
  r: {
    id: number;
    stateName: string;
    stateIso3: string | null;
    cycle: number;
    session: number;
    reviewDate: string | null;
    adoptionDate: string | null;
    reviewDateEstimated: boolean;
    adoptionDateEstimated: boolean;
    reportSymbol: string | null;
    officialReceived: number | null;
    officialSupported: number | null;
    officialNoted: number | null;
    imported: number;
    supported: number;
    noted: number;
    pending: number;
    pledges: number;
  },
): Out<typeof S.Review> {
  const filter = new URLSearchParams();
  if (r.stateIso3) filter.set("state", r.stateIso3);
  filter.set("cycle", String(r.cycle));
  return {
    id: r.id,
    stateUnderReview: stateRef(r.stateName, r.stateIso3),
    cycle: r.cycle,
    session: r.session,
    reviewDate: r.reviewDate,
    adoptionDate: r.adoptionDate,
    reviewDateEstimated: r.reviewDateEstimated,
    adoptionDateEstimated: r.adoptionDateEstimated,
    reportSymbol: r.reportSymbol,
    official: { received: r.officialReceived, supported: r.officialSupported, noted: r.officialNoted },
    held: {
      recommendations: r.imported,
      supported: r.supported,
      noted: r.noted,
      pending: r.pending,
      pledges: r.pledges,
    },
    links: { recommendations: apiUrl(origin, "/api/v1/recommendations", filter) },
  };
}

const recommendationUrl = (origin: string, id: number) => apiUrl(origin, `/api/v1/recommendations/${id}`);

export function shapeRecommendationEntry(
  origin: string,
  kind: "recommendation" | "pledge",
  r: RecommendationSummary & {
    stateName: string;
    stateIso3: string | null;
    cycle: number;
    actionCategory: number | null;
    themes: string[];
    sdgs: string[];
    affectedPersons: string[];
    currentAsOf: string | null;
    recommendingStates: StateName[];
    issues: { slug: string; title: string }[];
  },
): Out<typeof S.RecommendationListEntry> {
  return {
    id: r.id,
    kind,
    paragraph: r.paragraph,
    text: r.text,
    response: r.response,
    status: r.currentStatus,
    statusAsOf: r.currentAsOf,
    stateUnderReview: stateRef(r.stateName, r.stateIso3),
    cycle: r.cycle,
    actionCategory: r.actionCategory,
    themes: r.themes,
    sdgs: r.sdgs,
    affectedPersons: r.affectedPersons,
    issues: r.issues.map((i) => ({ slug: i.slug, title: i.title })),
    recommendingStates: r.recommendingStates.map((s) => stateRef(s.name, s.iso3)),
    links: { self: recommendationUrl(origin, r.id) },
  };
}

export function shapeRecommendation(
  origin: string,
  r: {
    id: number;
    kind: "recommendation" | "pledge";
    paragraph: string | null;
    text: string;
    response: Response;
    actionCategory: number | null;
    themes: string[];
    sdgs: string[];
    affectedPersons: string[];
    reviewId: number;
    cycle: number;
    session: number;
    reviewDate: string | null;
    reportSymbol: string | null;
    stateName: string;
    stateIso3: string | null;
    recommendingStates: { name: string; iso3: string | null; regionalGroup: string | null }[];
    issues: { slug: string; title: string }[];
  },
  /** Every assessment of it, newest first (listAssessmentHistory's order): the first gives the status. */
  assessments: {
    id: number;
    status: Status;
    asOf: string;
    evidence: string;
    sourceUrls: string[];
    organisationName: string;
    isSample: boolean;
  }[],
): Out<typeof S.RecommendationDetail> {
  const current = assessments[0];
  return {
    id: r.id,
    kind: r.kind,
    paragraph: r.paragraph,
    text: r.text,
    response: r.response,
    status: current?.status ?? "not_assessed",
    statusAsOf: current?.asOf ?? null,
    stateUnderReview: stateRef(r.stateName, r.stateIso3),
    cycle: r.cycle,
    actionCategory: r.actionCategory,
    themes: r.themes,
    sdgs: r.sdgs,
    affectedPersons: r.affectedPersons,
    issues: r.issues.map((i) => ({ slug: i.slug, title: i.title })),
    review: { id: r.reviewId, session: r.session, reviewDate: r.reviewDate, reportSymbol: r.reportSymbol },
    recommendingStates: r.recommendingStates.map((s) => ({
      iso3: s.iso3,
      name: s.name,
      regionalGroup: s.regionalGroup as RegionalGroup | null,
    })),
    assessments: assessments.map((a) => ({
      id: a.id,
      status: a.status,
      asOf: a.asOf,
      evidence: a.evidence,
      sources: a.sourceUrls,
      organisation: { name: a.organisationName },
      sample: a.isSample,
    })),
    links: { self: recommendationUrl(origin, r.id), page: apiUrl(origin, `/recommendations/${r.id}`) },
  };
}

const issueCore = (i: { slug: string; title: string; description: string; archived: boolean }, linked: number) => ({
  slug: i.slug,
  title: i.title,
  description: i.description,
  archived: i.archived,
  linkedRecommendations: linked,
});

export function shapeIssue(
  origin: string,
  i: {
    slug: string;
    title: string;
    description: string;
    archived: boolean;
    linkedRecommendations: number;
    byStatus: Partial<Record<Status, number>>;
  },
): Out<typeof S.Issue> {
  return {
    ...issueCore(i, i.linkedRecommendations),
    byStatus: Object.fromEntries(STATUSES.map((s) => [s, i.byStatus[s] ?? 0])) as Record<Status, number>,
    links: { self: apiUrl(origin, `/api/v1/issues/${i.slug}`) },
  };
}

export function shapeIssueDetail(
  origin: string,
  i: {
    slug: string;
    title: string;
    description: string;
    archivedAt: Date | null;
    linkedTotal: number;
    recommendations: (RecommendationSummary & { stateName: string; stateIso3: string | null; cycle: number })[];
  },
): Out<typeof S.IssueResponse>["data"] {
  return {
    ...issueCore({ ...i, archived: i.archivedAt !== null }, i.linkedTotal),
    recommendations: i.recommendations.map((r) => ({
      id: r.id,
      paragraph: r.paragraph,
      text: r.text,
      response: r.response,
      status: r.currentStatus,
      stateUnderReview: stateRef(r.stateName, r.stateIso3),
      cycle: r.cycle,
      links: { self: recommendationUrl(origin, r.id) },
    })),
  };
}

/**
 * The paging of a list: its `meta` and `links`. `pageUrl(n)` is the URL of page n with the same
 * parameters. A page past the last has no next page and points back to the last one.
 */
export function pageOf(
  pageUrl: (page: number) => string,
  p: { page: number; total: number; limit: number },
): { meta: Out<typeof S.PageMeta>; links: Out<typeof S.PageLinks> } {
  const pageCount = Math.max(1, Math.ceil(p.total / p.limit));
  return {
    meta: { total: p.total, page: p.page, pageCount, limit: p.limit },
    links: {
      self: pageUrl(p.page),
      next: p.page < pageCount ? pageUrl(p.page + 1) : null,
      prev: p.page > 1 ? pageUrl(Math.min(p.page - 1, pageCount)) : null,
    },
  };
}
