// The numbers behind the public dashboard. Each function narrows by the same URL filter as the
// recommendation list (filteredRecommendations), so a shared link shows the same set everywhere.
import { type Expression, type Kysely, sql } from "kysely";
import { STATUSES, type Database, type Response, type Status } from "../../db/schema";
import type {
  Dashboard,
  Headline,
  IssueHeadline,
  IssueProgress,
  Progress,
  ProgressPoint,
  ResponseRow,
  StatusCounts,
} from "../lib/dashboard-types";
import type { RecommendationFilter } from "../lib/recommendation-filter";
import type { CountsByResponse } from "../lib/midterm-benchmark";
import { progressResponse } from "../lib/dashboard-tables";
import { type StatusChange, statusCountsByMonth, zeroCounts } from "../lib/status-over-time";
import { type ReviewPeriod, reviewPeriod } from "../lib/review-period";
import { sdgResponseRows } from "../lib/sdgs";
import { filteredRecommendations } from "./search.server";

const responseCounts = [
  sql<number>`count(*) filter (where rec.response = 'supported')::int`.as("supported"),
  sql<number>`count(*) filter (where rec.response = 'noted')::int`.as("noted"),
  sql<number>`count(*) filter (where rec.response = 'pending')::int`.as("pending"),
] as const;

export async function responsesByCycle(db: Kysely<Database>, filter: RecommendationFilter): Promise<ResponseRow[]> {
  const rows = await filteredRecommendations(db, filter)
    .groupBy("r.cycle")
    .select(["r.cycle", ...responseCounts])
    .orderBy("r.cycle")
    .execute();
  return rows.map((r) => ({
    key: String(r.cycle),
    label: `Cycle ${r.cycle}`,
    supported: r.supported,
    noted: r.noted,
    pending: r.pending,
  }));
}

export async function responsesByIssue(db: Kysely<Database>, filter: RecommendationFilter): Promise<ResponseRow[]> {
  const rows = await filteredRecommendations(db, filter)
    .innerJoin("recommendation_issue as ri", "ri.recommendation_id", "rec.id")
    .innerJoin("coalition_issue as i", "i.id", "ri.issue_id")
    .where("i.archived_at", "is", null)
    .groupBy(["i.id", "i.slug", "i.title"])
    .select(["i.slug", "i.title", ...responseCounts])
    .orderBy("i.id")
    .execute();
  return rows.map((r) => ({ key: r.slug, label: r.title, supported: r.supported, noted: r.noted, pending: r.pending }));
}

/** Per regional group of the recommending states (a recommendation made jointly counts once per group). */
export async function responsesByGroup(db: Kysely<Database>, filter: RecommendationFilter): Promise<ResponseRow[]> {
  const rows = await filteredRecommendations(db, filter)
    .innerJoin("recommendation_recommending_state as rrs", "rrs.recommendation_id", "rec.id")
    .innerJoin("state as rs", "rs.id", "rrs.state_id")
    .groupBy(sql`coalesce(rs.regional_group, 'Not in a group')`)
    .select([
      sql<string>`coalesce(rs.regional_group, 'Not in a group')`.as("grp"),
      sql<number>`count(distinct rec.id) filter (where rec.response = 'supported')::int`.as("supported"),
      sql<number>`count(distinct rec.id) filter (where rec.response = 'noted')::int`.as("noted"),
      sql<number>`count(distinct rec.id) filter (where rec.response = 'pending')::int`.as("pending"),
    ])
    .orderBy(sql`count(distinct rec.id)`, "desc")
    .execute();
  return rows.map((r) => ({ key: r.grp, label: r.grp, supported: r.supported, noted: r.noted, pending: r.pending }));
}

/**
 * Per Sustainable Development Goal: the responses to the recommendations tagged with it (a target
 * counts under its goal, stored with it; a recommendation of several goals counts under each).
 */
export async function responsesBySdg(db: Kysely<Database>, filter: RecommendationFilter): Promise<ResponseRow[]> {
  const members = filteredRecommendations(db, filter).select(["rec.sdgs", "rec.response"]);
  const { rows } = await sql<{ goal: string; supported: number; noted: number; pending: number }>`
    with m as materialized (${members})
    select g.code as goal,
      count(*) filter (where m.response = 'supported')::int as supported,
      count(*) filter (where m.response = 'noted')::int as noted,
      count(*) filter (where m.response = 'pending')::int as pending
    from m cross join lateral unnest(m.sdgs) as g(code)
    where strpos(g.code, '.') = 0
    group by g.code`.execute(db);
  return sdgResponseRows(rows);
}

export async function topRecommendingStates(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  limit = 10,
): Promise<ResponseRow[]> {
  const rows = await filteredRecommendations(db, filter)
    .innerJoin("recommendation_recommending_state as rrs", "rrs.recommendation_id", "rec.id")
    .innerJoin("state as rs", "rs.id", "rrs.state_id")
    .groupBy(["rs.id", "rs.name"])
    .select(["rs.name", sql<string>`coalesce(rs.iso3, rs.name)`.as("key"), ...responseCounts])
    .orderBy(sql`count(*)`, "desc")
    .orderBy("rs.name")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ key: r.key, label: r.name, supported: r.supported, noted: r.noted, pending: r.pending }));
}

/** The headline numbers as aggregates over `rec` (shared by the headline and the headline per issue). */
const headlineColumns = [
  sql<number>`count(*)::int`.as("total"),
  sql<number>`count(*) filter (where rec.response = 'supported')::int`.as("supported"),
  sql<number>`count(*) filter (where rec.response = 'supported' and rec.current_status in ('partially_implemented', 'fully_implemented'))::int`.as(
    "supportedImplemented",
  ),
  sql<number>`count(*) filter (where rec.response = 'supported' and rec.current_status = 'fully_implemented')::int`.as(
    "supportedFullyImplemented",
  ),
  ...STATUSES.map((s) => sql<number>`count(*) filter (where rec.current_status = ${s})::int`.as(s)),
] as const;

type HeadlineRow = {
  total: number;
  supported: number;
  supportedImplemented: number;
  supportedFullyImplemented: number;
} & Partial<StatusCounts>;

function toHeadline(row: HeadlineRow | undefined): Headline {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, row?.[s] ?? 0])) as StatusCounts;
  return {
    total: row?.total ?? 0,
    supported: row?.supported ?? 0,
    supportedImplemented: row?.supportedImplemented ?? 0,
    supportedFullyImplemented: row?.supportedFullyImplemented ?? 0,
    notAssessed: byStatus.not_assessed,
    byStatus,
  };
}

export async function headline(db: Kysely<Database>, filter: RecommendationFilter): Promise<Headline> {
  const row = await filteredRecommendations(db, filter).select(headlineColumns).executeTakeFirstOrThrow();
  return toHeadline(row as unknown as HeadlineRow);
}

/**
 * The headline numbers for each coalition issue: the recommendations linked to it, within the filter
 * (whatever issue the filter names). One grouped query, not one per issue.
 */
export async function headlinesByIssue(db: Kysely<Database>, filter: RecommendationFilter): Promise<IssueHeadline[]> {
  const [issues, rows] = await Promise.all([
    db
      .selectFrom("coalition_issue")
      .select(["id", "slug", "title"])
      .where("archived_at", "is", null)
      .orderBy("id")
      .execute(),
    filteredRecommendations(db, { ...filter, issue: undefined })
      .innerJoin("recommendation_issue as ri", "ri.recommendation_id", "rec.id")
      .groupBy("ri.issue_id")
      .select(["ri.issue_id as issueId", ...headlineColumns])
      .execute(),
  ]);
  const byIssue = new Map(rows.map((r) => [r.issueId, r as unknown as HeadlineRow]));
  return issues.map((issue) => ({ slug: issue.slug, title: issue.title, ...toHeadline(byIssue.get(issue.id)) }));
}

/**
 * Status counts at the end of each month of the given month ends: each recommendation counts under its
 * latest assessment on or before that day (not assessed before its first). Computed in SQL as change
 * events: an assessment adds one to its status and takes one from the status it replaces, from its
 * month on; a running sum over the months gives the counts.
 */
export async function statusByMonth(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  monthEnds: string[],
): Promise<ProgressPoint[]> {
  if (monthEnds.length === 0) return [];
  const members = filteredRecommendations(db, filter).select([sql<number>`0`.as("g"), "rec.id"]);
  const byGroup = await statusByMonthGrouped(db, members, monthEnds);
  return byGroup.get(0) ?? monthEnds.map((month) => ({ month, counts: zeroCounts() }));
}

/**
 * The same status counts for each coalition issue: the recommendations of the filter linked to each
 * (whatever issue the filter names; only `issueSlug` when given). One query for all issues. Issues
 * without a linked recommendation are left out of the map.
 */
export async function statusByMonthPerIssue(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  monthEnds: string[],
  issueSlug?: string,
): Promise<Map<number, ProgressPoint[]>> {
  if (monthEnds.length === 0) return new Map();
  let members = filteredRecommendations(db, { ...filter, issue: undefined })
    .innerJoin("recommendation_issue as ri", "ri.recommendation_id", "rec.id")
    .innerJoin("coalition_issue as i", "i.id", "ri.issue_id")
    .select(["ri.issue_id as g", "rec.id"]);
  if (issueSlug) members = members.where("i.slug", "=", issueSlug);
  return statusByMonthGrouped(db, members, monthEnds);
}

/**
 * The change events of statusByMonth, per group `g` of the (g, id) pairs that `members` selects: the
 * database groups each group's assessments by month and by the status they replaced (a few hundred
 * rows for a review), and statusCountsByMonth sums them over the months.
 */
async function statusByMonthGrouped(
  db: Kysely<Database>,
  members: Expression<{ g: number; id: number }>,
  monthEnds: string[],
): Promise<Map<number, ProgressPoint[]>> {
  const last = monthEnds.at(-1)!;
  const result = await sql<{ g: number; month: string | null; status: Status | null; prev: Status | null; n: number }>`
    with m as materialized (${members}),
    ev as (
      select m.g, a.as_of, a.status,
        coalesce(lag(a.status) over (partition by m.g, a.recommendation_id order by a.as_of, a.id), 'not_assessed') as prev
      from assessment a join m on m.id = a.recommendation_id
      where a.as_of <= ${last}::date
    )
    select g, to_char(as_of, 'YYYY-MM') as month, status, prev, count(*)::int as n
      from ev where status <> prev group by 1, 2, 3, 4
    union all
    select g, null, null, null, count(*)::int from m group by g
  `.execute(db);
  const sizes = new Map<number, number>();
  const changes: StatusChange[] = [];
  for (const row of result.rows) {
    if (row.month === null) sizes.set(row.g, row.n);
    else changes.push(row as StatusChange);
  }
  return statusCountsByMonth(monthEnds, sizes, changes);
}

export interface ReviewForProgress {
  id: number;
  cycle: number;
  stateName: string;
  period: ReviewPeriod;
}

/**
 * The review whose period the progress chart shows: the filter's state (default given) and cycle, or
 * that state's latest review holding recommendations. Null when there is none or it has no date.
 */
export async function reviewForProgress(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  defaultState: string,
): Promise<ReviewForProgress | null> {
  const iso3 = filter.state ?? defaultState;
  let q = db
    .selectFrom("review as r")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("s.iso3", "=", iso3)
    .select([
      "r.id",
      "r.cycle",
      "s.name as stateName",
      "r.review_date as reviewDate",
      "r.adoption_date as adoptionDate",
      "r.review_date_estimated as reviewDateEstimated",
      "r.adoption_date_estimated as adoptionDateEstimated",
      sql<
        string | null
      >`(select n.review_date from review n where n.state_id = r.state_id and n.cycle = r.cycle + 1)`.as(
        "nextReviewDate",
      ),
      sql<string | null>`(select to_char(max(a.as_of), 'YYYY-MM-DD') from assessment a
        join recommendation x on x.id = a.recommendation_id where x.review_id = r.id)`.as("latestAssessment"),
    ]);
  q = filter.cycle
    ? q.where("r.cycle", "=", filter.cycle)
    : q
        .where(
          sql<boolean>`exists (select 1 from recommendation x where x.review_id = r.id and x.kind = 'recommendation')`,
        )
        .orderBy("r.cycle", "desc")
        .limit(1);
  const review = await q.executeTakeFirst();
  if (!review) return null;
  const period = reviewPeriod(review);
  return period ? { id: review.id, cycle: review.cycle, stateName: review.stateName, period } : null;
}

/**
 * Everything the dashboard, its embeds and its CSV files show, for one filter. `perIssue`: also every
 * issue's progress (the dashboard's small multiples; embeds and CSV files do not need it).
 */
export async function loadDashboard(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  defaultState: string,
  today: string,
  options: { perIssue?: boolean } = {},
): Promise<Dashboard> {
  const scoped: RecommendationFilter = { ...filter, state: filter.state ?? defaultState };
  const [h, byCycle, byIssue, byGroup, bySdg, topStates, issues, review] = await Promise.all([
    headline(db, scoped),
    responsesByCycle(db, { ...scoped, cycle: undefined }),
    responsesByIssue(db, scoped),
    responsesByGroup(db, scoped),
    responsesBySdg(db, scoped),
    topRecommendingStates(db, scoped),
    headlinesByIssue(db, scoped),
    reviewForProgress(db, scoped, defaultState),
  ]);
  let progress: Dashboard["progress"] = null;
  let issueProgress: IssueProgress[] = [];
  let atMidterm: Dashboard["atMidterm"] = null;
  if (review) {
    // The charts stack the recommendations the headline counts from (progressResponse: supported by default).
    const within = { ...scoped, cycle: review.cycle, response: progressResponse(scoped) };
    const [points, perIssue] = await Promise.all([
      statusByMonth(db, within, review.period.monthEnds),
      options.perIssue ? progressByIssue(db, within, review.period.monthEnds) : [],
    ]);
    progress = progressOf(review, points, today);
    const midterm = review.period.milestones.find((m) => m.key === "midterm")?.date;
    if (midterm && midterm <= today)
      atMidterm = {
        date: midterm,
        byResponse: await statusOnDateByResponse(db, { ...scoped, cycle: review.cycle }, midterm),
      };
    // The small multiples show the months to date only: the months still to come would only add to
    // the page's data (world scale, a cycle-4 review: 133 KB of it for 20 issues, 17 of 51 months shown).
    const toDate = progress.pointsToDate;
    issueProgress = perIssue.map((issue) => ({ ...issue, points: issue.points.slice(0, toDate) }));
  }
  return {
    filter: scoped,
    headline: h,
    byCycle,
    byIssue,
    byGroup,
    bySdg,
    topStates,
    issues,
    progress,
    issueProgress,
    atMidterm,
  };
}

function progressOf(review: ReviewForProgress, points: ProgressPoint[], today: string): Progress {
  const pointsToDate = points.filter((p) => p.month.slice(0, 7) <= today.slice(0, 7)).length;
  return { stateName: review.stateName, cycle: review.cycle, period: review.period, points, pointsToDate };
}

/** The status counts on one date of the filter's recommendations, by response (the mid-term benchmark). */
async function statusOnDateByResponse(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  date: string,
): Promise<CountsByResponse> {
  const groups: Response[] = ["supported", "noted", "pending"];
  const members = filteredRecommendations(db, { ...filter, response: undefined }).select([
    sql<number>`case rec.response when 'supported' then 0 when 'noted' then 1 else 2 end`.as("g"),
    "rec.id",
  ]);
  const byGroup = await statusByMonthGrouped(db, members, [date]);
  return Object.fromEntries(
    groups.flatMap((r, g) => {
      const counts = byGroup.get(g)?.[0]?.counts;
      return counts ? [[r, counts]] : [];
    }),
  );
}

/**
 * Each active coalition issue's status by month (only `issueSlug`'s when given): two queries whatever
 * the number of issues. An issue with no linked recommendation gets all-zero counts.
 */
export async function progressByIssue(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  monthEnds: string[],
  issueSlug?: string,
): Promise<IssueProgress[]> {
  let issues = db.selectFrom("coalition_issue").select(["id", "slug", "title"]).where("archived_at", "is", null);
  if (issueSlug) issues = issues.where("slug", "=", issueSlug);
  const [rows, byIssue] = await Promise.all([
    issues.orderBy("id").execute(),
    statusByMonthPerIssue(db, filter, monthEnds, issueSlug),
  ]);
  return rows.map((i) => ({
    slug: i.slug,
    title: i.title,
    points: byIssue.get(i.id) ?? monthEnds.map((month) => ({ month, counts: zeroCounts() })),
  }));
}

/**
 * One coalition issue's progress over the period of the state's latest review holding recommendations
 * (the dashboard's default), for the issue's own page. Null when there is no such review.
 */
export async function issueProgressForPage(
  db: Kysely<Database>,
  slug: string,
  state: string,
  today: string,
): Promise<Progress | null> {
  const filter: RecommendationFilter = { kind: "recommendation", state };
  const review = await reviewForProgress(db, filter, state);
  if (!review) return null;
  const within = { ...filter, cycle: review.cycle, response: progressResponse(filter) };
  const [issue] = await progressByIssue(db, within, review.period.monthEnds, slug);
  return issue ? progressOf(review, issue.points, today) : null;
}

export interface FilterOptions {
  states: { iso3: string; name: string }[];
  /** Newest first; `hasTexts`: the review holds recommendations. */
  cycles: { cycle: number; hasTexts: boolean }[];
  issues: { slug: string; title: string }[];
  recommendingStates: { iso3: string; name: string }[];
}

/** The choices of the dashboard's filter form, for one state under review. */
export async function dashboardFilterOptions(db: Kysely<Database>, iso3: string): Promise<FilterOptions> {
  const [states, cycles, issues, recommending] = await Promise.all([
    db
      .selectFrom("state as s")
      .where(sql<boolean>`exists (select 1 from review r where r.state_id = s.id)`)
      .where("s.iso3", "is not", null)
      .select(["s.iso3", "s.name"])
      .orderBy("s.name")
      .execute(),
    db
      .selectFrom("review as r")
      .innerJoin("state as s", "s.id", "r.state_id")
      .where("s.iso3", "=", iso3)
      .select([
        "r.cycle",
        sql<boolean>`exists (select 1 from recommendation x where x.review_id = r.id and x.kind = 'recommendation')`.as(
          "hasTexts",
        ),
      ])
      .orderBy("r.cycle", "desc")
      .execute(),
    db.selectFrom("coalition_issue").where("archived_at", "is", null).select(["slug", "title"]).orderBy("id").execute(),
    db
      .selectFrom("state as rs")
      .where("rs.iso3", "is not", null)
      .where(
        sql<boolean>`exists (select 1 from recommendation_recommending_state rrs join recommendation rec on rec.id = rrs.recommendation_id
        join review r on r.id = rec.review_id join state s on s.id = r.state_id where rrs.state_id = rs.id and s.iso3 = ${iso3})`,
      )
      .select(["rs.iso3", "rs.name"])
      .orderBy("rs.name")
      .execute(),
  ]);
  return {
    states: states.map((s) => ({ iso3: s.iso3!, name: s.name })),
    cycles: cycles.map((c) => ({ cycle: c.cycle, hasTexts: c.hasTexts })),
    issues,
    recommendingStates: recommending.map((s) => ({ iso3: s.iso3!, name: s.name })),
  };
}
