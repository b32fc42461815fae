// The recommendation list: full-text search with filters, counts per filter value, sorting and pages.
// `filteredRecommendations` is the one place the URL filters become SQL; the dashboard and the CSV
// export build on it too.
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Database, RegionalGroup, Response, Status } from "../../db/schema";
import { clampPage, escapeLike, type ListOptions, type RecommendationFilter } from "../lib/recommendation-filter";
import { compareSdgCodes } from "../lib/sdgs";
import type { RecommendationSummary, StateName } from "../lib/recommendation-summary";
import { labelKeysOfTopic, topicOfFilter } from "../lib/themes/theme-vocabulary";
import { recommendationSummary, textIn } from "./recommendations.server";

type FilteredQuery = SelectQueryBuilder<
  Database & { rec: Database["recommendation"]; r: Database["review"]; s: Database["state"] },
  "rec" | "r" | "s",
  object
>;

/**
 * The full-text query of a search text, or null when the full-text parser cannot take it.
 * websearch_to_tsquery keeps the negations ("-") it has not applied yet on a stack of 32: a run of 33
 * ("-----...", "- - - ...") fails the whole statement with "tsquery stack too small" (the list answered
 * 500, an export stopped midway). So a text with more than 32 "-" is searched as plain text only (the
 * `ilike` below). Any other text is safe: quotes, "or", "!", "&", "<->", ":*" are words or separators
 * to this parser, and the text is at most MAX_QUERY_LENGTH characters (recommendation-filter.ts).
 */
function fullTextQuery(q: string): RawBuilder<unknown> | null {
  let negations = 0;
  for (const c of q) if (c === "-") negations++;
  return negations > 32 ? null : sql`websearch_to_tsquery('english', ${q})`;
}

/** recommendation `rec` joined to its review `r` and state under review `s`, narrowed by the filter. */
/** themeLabelKey in SQL: letters and digits only, "&" read as "and", lower case. */
function themeKeySql(label: RawBuilder<unknown>) {
  return sql<string>`lower(regexp_replace(replace(${label}, '&', 'and'), '[^A-Za-z0-9]+', '', 'g'))`;
}

export function filteredRecommendations(db: Kysely<Database>, filter: RecommendationFilter): FilteredQuery {
  let q = db
    .selectFrom("recommendation as rec")
    .innerJoin("review as r", "r.id", "rec.review_id")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("rec.kind", "=", filter.kind) as unknown as FilteredQuery;
  if (filter.q) {
    // Full-text match, or the words as a case-insensitive substring (a part of a word, "OP-CAT").
    const like = `%${escapeLike(filter.q)}%`;
    const tsquery = fullTextQuery(filter.q);
    const text = tsquery
      ? sql<boolean>`(rec.search_vector @@ ${tsquery} or rec.text ilike ${like})`
      : sql<boolean>`rec.text ilike ${like}`;
    // One state under review has at most a few thousand recommendations: the planner starts from it
    // and checks the text row by row. Otherwise the text's own indexes (full text and trigram, one
    // bitmap) must find the matches first; left to itself the planner starts from a broader filter
    // (a cycle: 31,000 rows) and runs the substring match on every row, ~8 µs each. The matches' ids
    // as an array are then fetched by primary key (`id in (subquery)` was joined by reading all
    // 100,000 rows: ~50 ms; `q=trafficking` 113 ms -> 43 ms for the whole search).
    q = filter.state
      ? q.where(text)
      : q.where(sql<boolean>`rec.id = any(array(select rec.id from recommendation rec where ${text}))`);
  }
  if (filter.state) q = q.where("s.iso3", "=", filter.state);
  if (filter.cycle) q = q.where("r.cycle", "=", filter.cycle);
  if (filter.response) q = q.where("rec.response", "=", filter.response);
  if (filter.action) q = q.where("rec.action_category", "=", filter.action);
  if (filter.status) q = q.where("rec.current_status", "=", filter.status);
  if (filter.theme) {
    const topic = topicOfFilter(filter.theme);
    // A topic (`topic:trafficking`) finds every held label of it, in either vocabulary: the labels held are the
    // theme rows of recommendation_tally, compared by their key (themeLabelKey). `themes && array[...]` and
    // `themes @> array[x]` (x = any(themes); themes is never null) can use the GIN index on themes.
    q = topic
      ? q.where(
          sql<boolean>`rec.themes && array(select distinct t.value from recommendation_tally t where t.facet = 'theme'
            and ${themeKeySql(sql.ref("t.value"))} in (${sql.join(labelKeysOfTopic(topic))}))`,
        )
      : q.where(sql<boolean>`rec.themes @> array[${filter.theme}]::text[]`);
  }
  // The same for SDGs (a target's goal is stored with it, so a goal finds its targets' too) and affected persons.
  if (filter.sdg) q = q.where(sql<boolean>`rec.sdgs @> array[${filter.sdg}]::text[]`);
  if (filter.affected) q = q.where(sql<boolean>`rec.affected_persons @> array[${filter.affected}]::text[]`);
  if (filter.from) {
    q =
      q.where(sql<boolean>`exists (select 1 from recommendation_recommending_state rrs join state rs on rs.id = rrs.state_id
      where rrs.recommendation_id = rec.id and rs.iso3 = ${filter.from})`);
  }
  if (filter.group) {
    q =
      q.where(sql<boolean>`exists (select 1 from recommendation_recommending_state rrs join state rs on rs.id = rrs.state_id
      where rrs.recommendation_id = rec.id and rs.regional_group = ${filter.group})`);
  }
  if (filter.issue) {
    q = q.where(sql<boolean>`exists (select 1 from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id
      where ri.recommendation_id = rec.id and i.slug = ${filter.issue})`);
  }
  if (filter.changedSince) {
    q = q.where(
      sql<boolean>`exists (select 1 from assessment a where a.recommendation_id = rec.id and a.as_of >= ${filter.changedSince}::date)`,
    );
  }
  return q;
}

export interface SearchRow extends RecommendationSummary {
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
  /** SDG codes held, goals and targets, in the codes' order. */
  sdg: Facet[];
  affected: Facet[];
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

/** How a list is asked for; `language`: the texts in the reader's language where held (textIn). */
type SearchOptions = ListOptions & { language?: string };

const reportOrder = sql`s.name, r.cycle, string_to_array(rec.paragraph, '.')::int[] nulls last, rec.id`;
const statusOrder = sql`array_position(array['fully_implemented','partially_implemented','in_progress','no_action','not_assessed']::text[], rec.current_status)`;

export async function searchRecommendations(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  options: SearchOptions,
  pageSize = 50,
): Promise<SearchResult> {
  const rowsOf = (page: number) => pageRows(db, filter, options, page, pageSize);
  // The page is asked for beside the counts; only a page past the end (rare) is asked for again.
  const requested = Math.max(1, options.page);
  const [{ total, facets }, firstRows] = await Promise.all([facetCounts(db, filter), rowsOf(requested)]);
  const { page, pageCount } = clampPage(options.page, total, pageSize);
  const rows = page === requested ? firstRows : await rowsOf(page);
  return { total, page, pageCount, pageSize, rows, facets };
}

async function pageRows(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  options: SearchOptions,
  page: number,
  pageSize: number,
): Promise<SearchRow[]> {
  let offset = (page - 1) * pageSize;
  let reviewIds: number[] | null = null;
  if (isUnfiltered(filter) && options.sort === "report") {
    ({ reviewIds, skip: offset } = await reportWindow(db, filter.kind, offset, pageSize));
    if (!reviewIds.length) return [];
  }
  let rowsQuery = filteredRecommendations(db, filter).select([
    ...recommendationSummary,
    // The text in the reader's language where one is held (replaces the summary's text and its language).
    ...(options.language ? textIn(options.language) : []),
    "s.name as stateName",
    "s.iso3 as stateIso3",
    "r.cycle",
    "rec.action_category as actionCategory",
    "rec.themes",
    "rec.sdgs",
    "rec.affected_persons as affectedPersons",
    "rec.current_as_of as currentAsOf",
    sql<StateName[]>`coalesce((select json_agg(json_build_object('name', rs.name, 'iso3', rs.iso3) order by rs.name)
      from recommendation_recommending_state rrs join state rs on rs.id = rrs.state_id
      where rrs.recommendation_id = rec.id), '[]'::json)`.as("recommendingStates"),
    sql<
      { slug: string; title: string }[]
    >`coalesce((select json_agg(json_build_object('slug', i.slug, 'title', i.title) order by i.title)
      from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id where ri.recommendation_id = rec.id), '[]'::json)`.as(
      "issues",
    ),
  ]);
  const tsquery = filter.q ? fullTextQuery(filter.q) : null;
  if (options.sort === "relevance" && tsquery) {
    rowsQuery = rowsQuery.orderBy(sql`ts_rank(rec.search_vector, ${tsquery}) desc`).orderBy(reportOrder);
  } else if (options.sort === "status") {
    rowsQuery = rowsQuery.orderBy(statusOrder).orderBy(reportOrder);
  } else if (options.sort === "newest") {
    rowsQuery = rowsQuery.orderBy("r.cycle", "desc").orderBy(reportOrder);
  } else {
    rowsQuery = rowsQuery.orderBy(reportOrder);
  }
  if (reviewIds) rowsQuery = rowsQuery.where("rec.review_id", "in", reviewIds);
  return rowsQuery.limit(pageSize).offset(offset).execute();
}

/**
 * The unfiltered list in report order (state, cycle, paragraph) is the reviews in (state, cycle)
 * order, each review's recommendations in paragraph order: the reviews holding rows `offset` to
 * `offset + limit` follow from the number of recommendations per review (recommendation_tally), and
 * the page is read from those reviews only (`skip` rows into the first) instead of sorting all
 * 100,000 recommendations.
 */
async function reportWindow(
  db: Kysely<Database>,
  kind: RecommendationFilter["kind"],
  offset: number,
  limit: number,
): Promise<{ reviewIds: number[]; skip: number }> {
  const { rows } = await sql<{ id: number; n: number }>`select r.id, t.n from (
      select value, sum(n)::int as n from recommendation_tally where facet = 'review' and kind = ${kind}
      group by value having sum(n) <> 0
    ) t join review r on r.id::text = t.value join state s on s.id = r.state_id
    order by s.name, r.cycle`.execute(db);
  const reviewIds: number[] = [];
  let skip = 0;
  let start = 0;
  for (const row of rows) {
    const end = start + row.n;
    if (end > offset && start < offset + limit) {
      if (!reviewIds.length) skip = offset - start;
      reviewIds.push(row.id);
    }
    start = end;
  }
  return { reviewIds, skip };
}

export interface FacetRow {
  facet:
    | "total"
    | "cycle"
    | "response"
    | "status"
    | "action"
    | "group"
    | "issue"
    | "theme"
    | "sdg"
    | "affected"
    | "state"
    | "from";
  value: string | null;
  label: string | null;
  count: number;
}

/**
 * How many of the filtered recommendations there are, and how many have each value of each filter:
 * one statement that evaluates the filter once (a materialized CTE of the matching rows) and counts
 * every facet from it. Each facet's rows come largest count first (ties by name; cycles and action
 * categories in their own order); the
 * lists of themes, affected persons, states under review and recommending states are cut at 30 (the SDGs
 * are at most 186 codes: all of them).
 */
async function facetCounts(
  db: Kysely<Database>,
  filter: RecommendationFilter,
): Promise<{ total: number; facets: Facets }> {
  return facetsOf(isUnfiltered(filter) ? await tallyFacetRows(db, filter.kind) : await countedFacetRows(db, filter));
}

/** No filter but the kind: the facets are the whole table's, kept by the database (recommendation_tally). */
function isUnfiltered(filter: RecommendationFilter): boolean {
  return Object.entries(filter).every(([key, value]) => key === "kind" || value === undefined || value === "");
}

/**
 * The facet rows of the unfiltered list from recommendation_tally (migration 2026-12-02T0300: kept
 * up to date by the writes, in their transaction): the same rows, in the same order, as
 * countedFacetRows of `{ kind }`, from about 1,500 small rows instead of every recommendation and link.
 */
async function tallyFacetRows(db: Kysely<Database>, kind: RecommendationFilter["kind"]): Promise<FacetRow[]> {
  const { rows } = await sql<FacetRow>`with t as (
      select facet, value, status, sum(n)::int as n from recommendation_tally where kind = ${kind}
      group by facet, value, status having sum(n) <> 0
    ),
    rv as (
      select r.cycle, s.iso3, s.name, t.n from t join review r on r.id::text = t.value join state s on s.id = r.state_id
      where t.facet = 'review'
    )
    select facet, value, label, count from (
      select 'total' as facet, null::text as value, null::text as label, coalesce(sum(n), 0)::int as count, 1::bigint as ord from rv
      union all
      select 'cycle', cycle::text, null, sum(n)::int, -sum(n)::bigint from rv group by cycle
      union all
      select t.facet, t.value, null, sum(t.n)::int, -sum(t.n)::bigint from t where t.facet in ('response', 'status', 'action')
      group by t.facet, t.value
      union all
      select 'group', t.value, null, sum(t.n)::int, row_number() over (order by sum(t.n) desc, t.value)
      from t where t.facet = 'group' group by t.value
      union all
      select 'issue', i.slug, i.title, sum(t.n)::int, row_number() over (order by sum(t.n) desc, i.title, i.slug)
      from t join coalition_issue i on i.id::text = t.value where t.facet = 'issue' group by i.slug, i.title
      union all
      (select 'theme', t.value, null, sum(t.n)::int, row_number() over (order by sum(t.n) desc, t.value) as ord
      from t where t.facet = 'theme' group by t.value order by ord limit 30)
      union all
      select 'sdg', t.value, null, sum(t.n)::int, 0 from t where t.facet = 'sdg' group by t.value
      union all
      (select 'affected', t.value, null, sum(t.n)::int, row_number() over (order by sum(t.n) desc, t.value) as ord
      from t where t.facet = 'affected' group by t.value order by ord limit 30)
      union all
      (select 'state', rv.iso3, rv.name, sum(rv.n)::int, row_number() over (order by sum(rv.n) desc, rv.name) as ord
      from rv where rv.iso3 is not null group by rv.iso3, rv.name order by ord limit 30)
      union all
      (select 'from', s.iso3, s.name, sum(t.n)::int, row_number() over (order by sum(t.n) desc, s.name) as ord
      from t join state s on s.id::text = t.value where t.facet = 'from' and s.iso3 is not null
      group by s.iso3, s.name order by ord limit 30)
    ) counts order by facet, ord`.execute(db);
  return rows;
}

/** The facet rows counted from the matching recommendations themselves (any filter). */
export async function countedFacetRows(db: Kysely<Database>, filter: RecommendationFilter): Promise<FacetRow[]> {
  const matches = filteredRecommendations(db, filter).select([
    "rec.id",
    "r.cycle",
    "rec.response",
    "rec.current_status as status",
    "rec.action_category as action",
    "rec.themes",
    "rec.sdgs",
    "rec.affected_persons",
    "s.iso3",
    "s.name",
  ]);
  // `links`: the recommending states of the matches, joined once for two facets.
  const { rows } = await sql<FacetRow>`with f as materialized (${matches}),
    links as materialized (
      select f.id, rs.regional_group, rs.iso3, rs.name from f
      join recommendation_recommending_state rrs on rrs.recommendation_id = f.id join state rs on rs.id = rrs.state_id
    )
    select facet, value, label, count from (
      select 'total' as facet, null::text as value, null::text as label, count(*)::int as count, 1::bigint as ord from f
      union all
      select case when grouping(f.cycle) = 0 then 'cycle' when grouping(f.response) = 0 then 'response'
          when grouping(f.status) = 0 then 'status' else 'action' end,
        coalesce(f.cycle::text, f.response, f.status, f.action::text), null, count(*)::int, -count(*)
      from f group by grouping sets ((f.cycle), (f.response), (f.status), (f.action))
      union all
      select 'group', g.regional_group, null, count(*)::int, row_number() over (order by count(*) desc, g.regional_group)
      from (select distinct l.id, l.regional_group from links l where l.regional_group is not null) g group by g.regional_group
      union all
      select 'issue', i.slug, i.title, count(*)::int, row_number() over (order by count(*) desc, i.title, i.slug)
      from f join recommendation_issue ri on ri.recommendation_id = f.id join coalition_issue i on i.id = ri.issue_id
      group by i.slug, i.title
      union all
      (select 'theme', t.theme, null, count(*)::int, row_number() over (order by count(*) desc, t.theme) as ord
      from (select unnest(f.themes) as theme from f) t group by t.theme order by ord limit 30)
      union all
      select 'sdg', t.sdg, null, count(*)::int, 0 from (select unnest(f.sdgs) as sdg from f) t group by t.sdg
      union all
      (select 'affected', t.label, null, count(*)::int, row_number() over (order by count(*) desc, t.label) as ord
      from (select unnest(f.affected_persons) as label from f) t group by t.label order by ord limit 30)
      union all
      (select 'state', f.iso3, f.name, count(*)::int, row_number() over (order by count(*) desc, f.name) as ord
      from f where f.iso3 is not null group by f.iso3, f.name order by ord limit 30)
      union all
      (select 'from', l.iso3, l.name, count(*)::int, row_number() over (order by count(*) desc, l.name) as ord
      from links l where l.iso3 is not null group by l.iso3, l.name order by ord limit 30)
    ) counts order by facet, ord`.execute(db);
  return rows;
}

function facetsOf(rows: FacetRow[]): { total: number; facets: Facets } {
  const pick = (facet: FacetRow["facet"]) =>
    rows.filter((r) => r.facet === facet && r.value !== null) as (FacetRow & { value: string })[];
  const labelled = (facet: FacetRow["facet"]) =>
    pick(facet).map((r) => ({ value: r.value, label: r.label ?? undefined, count: r.count }));
  return {
    total: rows.find((r) => r.facet === "total")?.count ?? 0,
    facets: {
      cycle: pick("cycle")
        .map((r) => ({ value: Number(r.value), count: r.count }))
        .sort((a, b) => a.value - b.value),
      response: pick("response").map((r) => ({ value: r.value as Response, count: r.count })),
      status: pick("status").map((r) => ({ value: r.value as Status, count: r.count })),
      action: pick("action")
        .map((r) => ({ value: Number(r.value), count: r.count }))
        .sort((a, b) => a.value - b.value),
      group: pick("group").map((r) => ({ value: r.value as RegionalGroup, count: r.count })),
      issue: labelled("issue"),
      theme: pick("theme").map((r) => ({ value: r.value, count: r.count })),
      sdg: pick("sdg")
        .map((r) => ({ value: r.value, count: r.count }))
        .sort((a, b) => compareSdgCodes(a.value, b.value)),
      affected: pick("affected").map((r) => ({ value: r.value, count: r.count })),
      state: labelled("state"),
      from: labelled("from"),
    },
  };
}

/** Which of the filter's values name nothing in the database (an unknown issue or state): to report them. */
export async function unknownFilterValues(
  db: Kysely<Database>,
  filter: RecommendationFilter,
): Promise<(keyof RecommendationFilter)[]> {
  const unknown: (keyof RecommendationFilter)[] = [];
  if (
    filter.issue &&
    !(await db.selectFrom("coalition_issue").select("id").where("slug", "=", filter.issue).executeTakeFirst())
  )
    unknown.push("issue");
  for (const key of ["state", "from"] as const) {
    const code = filter[key];
    if (code && !(await db.selectFrom("state").select("id").where("iso3", "=", code).executeTakeFirst()))
      unknown.push(key);
  }
  return unknown;
}
