// The recommendation list: full-text search with filters, counts per filter value, sorting and pages.
// `filteredRecommendations` is the one place the URL filters become SQL; the dashboard and the CSV
// export build on it too.
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Database, RegionalGroup, Response, Status } from "../../db/schema";
import { clampPage, escapeLike, type ListOptions, type RecommendationFilter } from "../lib/recommendation-filter";

type FilteredQuery = SelectQueryBuilder<Database & { rec: Database["recommendation"]; r: Database["review"]; s: Database["state"] }, "rec" | "r" | "s", {}>;

/** recommendation `rec` joined to its review `r` and state under review `s`, narrowed by the filter. */
export function filteredRecommendations(db: Kysely<Database>, filter: RecommendationFilter): FilteredQuery {
  let q = db
    .selectFrom("recommendation as rec")
    .innerJoin("review as r", "r.id", "rec.review_id")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("rec.kind", "=", filter.kind) as unknown as FilteredQuery;
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where(sql<boolean>`(rec.search_vector @@ websearch_to_tsquery('english', ${filter.q}) or rec.text ilike ${like})`);
  }
  if (filter.state) q = q.where("s.iso3", "=", filter.state);
  if (filter.cycle) q = q.where("r.cycle", "=", filter.cycle);
  if (filter.response) q = q.where("rec.response", "=", filter.response);
  if (filter.action) q = q.where("rec.action_category", "=", filter.action);
  if (filter.status) q = q.where("rec.current_status", "=", filter.status);
  if (filter.theme) q = q.where(sql<boolean>`${filter.theme} = any(rec.themes)`);
  if (filter.from) {
    q = q.where(sql<boolean>`exists (select 1 from recommendation_recommending_state rrs join state rs on rs.id = rrs.state_id
      where rrs.recommendation_id = rec.id and rs.iso3 = ${filter.from})`);
  }
  if (filter.group) {
    q = q.where(sql<boolean>`exists (select 1 from recommendation_recommending_state rrs join state rs on rs.id = rrs.state_id
      where rrs.recommendation_id = rec.id and rs.regional_group = ${filter.group})`);
  }
  if (filter.issue) {
    q = q.where(sql<boolean>`exists (select 1 from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id
      where ri.recommendation_id = rec.id and i.slug = ${filter.issue})`);
  }
  return q;
}

export interface SearchRow {
  id: number;
  stateName: string;
  stateIso3: string | null;
  cycle: number;
  paragraph: string | null;
  text: string;
  response: Response;
  actionCategory: number | null;
  themes: string[];
  currentStatus: Status;
  currentAsOf: string | null;
  recommendingStates: string[];
  issues: { slug: string; title: string }[];
}

export interface Facet<V extends string | number = string> {
  value: V;
  label?: string;
  count: number;
}

export interface Facets {
  cycle: Facet<number>[];
  response: Facet<Response>[];
  status: Facet<Status>[];
  action: Facet<number>[];
  group: Facet<RegionalGroup>[];
  issue: Facet[];
  theme: Facet[];
  state: Facet[];
  from: Facet[];
}

export interface SearchResult {
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  rows: SearchRow[];
  facets: Facets;
}

const reportOrder = sql`s.name, r.cycle, string_to_array(rec.paragraph, '.')::int[] nulls last, rec.id`;
const statusOrder = sql`array_position(array['fully_implemented','partially_implemented','in_progress','no_action','not_assessed']::text[], rec.current_status)`;

export async function searchRecommendations(db: Kysely<Database>, filter: RecommendationFilter, options: ListOptions, pageSize = 50): Promise<SearchResult> {
  const base = filteredRecommendations(db, filter);
  const [{ total }, facets] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as("total")).executeTakeFirstOrThrow(),
    facetCounts(db, filter),
  ]);
  const { page, pageCount } = clampPage(options.page, total, pageSize);
  let rowsQuery = base.select([
    "rec.id",
    "s.name as stateName",
    "s.iso3 as stateIso3",
    "r.cycle",
    "rec.paragraph",
    "rec.text",
    "rec.response",
    "rec.action_category as actionCategory",
    "rec.themes",
    "rec.current_status as currentStatus",
    "rec.current_as_of as currentAsOf",
    sql<string[]>`coalesce((select array_agg(rs.name order by rs.name) from recommendation_recommending_state rrs
      join state rs on rs.id = rrs.state_id where rrs.recommendation_id = rec.id), '{}')`.as("recommendingStates"),
    sql<{ slug: string; title: string }[]>`coalesce((select json_agg(json_build_object('slug', i.slug, 'title', i.title) order by i.title)
      from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id where ri.recommendation_id = rec.id), '[]'::json)`.as("issues"),
  ]);
  if (options.sort === "relevance" && filter.q) {
    rowsQuery = rowsQuery.orderBy(sql`ts_rank(rec.search_vector, websearch_to_tsquery('english', ${filter.q})) desc`).orderBy(reportOrder);
  } else if (options.sort === "status") {
    rowsQuery = rowsQuery.orderBy(statusOrder).orderBy(reportOrder);
  } else if (options.sort === "newest") {
    rowsQuery = rowsQuery.orderBy("r.cycle", "desc").orderBy(reportOrder);
  } else {
    rowsQuery = rowsQuery.orderBy(reportOrder);
  }
  const rows = await rowsQuery.limit(pageSize).offset((page - 1) * pageSize).execute();
  return { total, page, pageCount, pageSize, rows, facets };
}

/** How many of the filtered recommendations have each value of each filter. */
export async function facetCounts(db: Kysely<Database>, filter: RecommendationFilter): Promise<Facets> {
  const ids = filteredRecommendations(db, filter).select("rec.id");
  const grouped = filteredRecommendations(db, filter)
    .select([
      sql<string>`case when grouping(r.cycle) = 0 then 'cycle' when grouping(rec.response) = 0 then 'response'
        when grouping(rec.current_status) = 0 then 'status' else 'action' end`.as("facet"),
      sql<string>`coalesce(r.cycle::text, rec.response, rec.current_status, rec.action_category::text)`.as("value"),
      sql<number>`count(*)::int`.as("count"),
    ])
    .groupBy(sql`grouping sets ((r.cycle), (rec.response), (rec.current_status), (rec.action_category))`);
  const [rows, groups, issues, themes, states, from] = await Promise.all([
    grouped.execute(),
    db
      .selectFrom("recommendation_recommending_state as rrs")
      .innerJoin("state as rs", "rs.id", "rrs.state_id")
      .where("rrs.recommendation_id", "in", ids)
      .where("rs.regional_group", "is not", null)
      .groupBy("rs.regional_group")
      .select(["rs.regional_group as value", sql<number>`count(distinct rrs.recommendation_id)::int`.as("count")])
      .orderBy("count", "desc")
      .execute(),
    db
      .selectFrom("recommendation_issue as ri")
      .innerJoin("coalition_issue as i", "i.id", "ri.issue_id")
      .where("ri.recommendation_id", "in", ids)
      .groupBy(["i.slug", "i.title"])
      .select(["i.slug as value", "i.title as label", sql<number>`count(*)::int`.as("count")])
      .orderBy("count", "desc")
      .execute(),
    db
      .selectFrom(sql<{ theme: string }>`(select unnest(rec.themes) as theme from recommendation rec where rec.id in (${ids}))`.as("t"))
      .groupBy("t.theme")
      .select(["t.theme as value", sql<number>`count(*)::int`.as("count")])
      .orderBy("count", "desc")
      .orderBy("t.theme")
      .limit(30)
      .execute(),
    filteredRecommendations(db, filter)
      .where("s.iso3", "is not", null)
      .groupBy(["s.iso3", "s.name"])
      .select(["s.iso3 as value", "s.name as label", sql<number>`count(*)::int`.as("count")])
      .orderBy("count", "desc")
      .limit(30)
      .execute(),
    db
      .selectFrom("recommendation_recommending_state as rrs")
      .innerJoin("state as rs", "rs.id", "rrs.state_id")
      .where("rrs.recommendation_id", "in", ids)
      .where("rs.iso3", "is not", null)
      .groupBy(["rs.iso3", "rs.name"])
      .select(["rs.iso3 as value", "rs.name as label", sql<number>`count(*)::int`.as("count")])
      .orderBy("count", "desc")
      .orderBy("rs.name")
      .limit(30)
      .execute(),
  ]);
  const pick = (facet: string) => rows.filter((r) => r.facet === facet && r.value !== null);
  return {
    cycle: pick("cycle").map((r) => ({ value: Number(r.value), count: r.count })).sort((a, b) => a.value - b.value),
    response: pick("response").map((r) => ({ value: r.value as Response, count: r.count })),
    status: pick("status").map((r) => ({ value: r.value as Status, count: r.count })),
    action: pick("action").map((r) => ({ value: Number(r.value), count: r.count })).sort((a, b) => a.value - b.value),
    group: groups.map((g) => ({ value: g.value as RegionalGroup, count: g.count })),
    issue: issues.map((i) => ({ value: i.value, label: i.label, count: i.count })),
    theme: themes.map((t) => ({ value: t.value, count: t.count })),
    state: states.map((s) => ({ value: s.value!, label: s.label, count: s.count })),
    from: from.map((s) => ({ value: s.value!, label: s.label, count: s.count })),
  };
}

/** Which of the filter's values name nothing in the database (an unknown issue or state): to report them. */
export async function unknownFilterValues(db: Kysely<Database>, filter: RecommendationFilter): Promise<(keyof RecommendationFilter)[]> {
  const unknown: (keyof RecommendationFilter)[] = [];
  if (filter.issue && !(await db.selectFrom("coalition_issue").select("id").where("slug", "=", filter.issue).executeTakeFirst())) unknown.push("issue");
  for (const key of ["state", "from"] as const) {
    const code = filter[key];
    if (code && !(await db.selectFrom("state").select("id").where("iso3", "=", code).executeTakeFirst())) unknown.push(key);
  }
  return unknown;
}
