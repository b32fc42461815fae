// What changed: the assessments recorded, newest first (by as-of date, then by when recorded), each
// with the status it replaced (the recommendation's previous assessment, 'not_assessed' before the
// first), as on /changes and its Atom feed. Names the organisation, never the editor.
import { type Kysely, sql } from "kysely";
import type { Database, Status } from "../../db/schema";
import type { ChangesFilter } from "../lib/changes-filter";
import { clampPage } from "../lib/recommendation-filter";
import { filteredRecommendations } from "./search.server";

export interface Change {
  assessmentId: number;
  recommendationId: number;
  paragraph: string | null;
  stateName: string;
  stateIso3: string | null;
  cycle: number;
  previous: Status;
  status: Status;
  asOf: string;
  organisationName: string;
  evidence: string;
  isSample: boolean;
  /** When the assessment was recorded or last corrected. */
  updatedAt: Date;
}

export interface ChangesPage {
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  rows: Change[];
}

/**
 * The condition on assessment `a` (joined to its recommendation `rec`) of the filter: the
 * recommendations of its state, cycle and issue, within its dates.
 */
function changesWhere(db: Kysely<Database>, filter: ChangesFilter) {
  const narrowed = filter.state || filter.cycle || filter.issue;
  const ids = filteredRecommendations(db, {
    kind: "recommendation",
    state: filter.state,
    cycle: filter.cycle,
    issue: filter.issue,
  }).select("rec.id");
  return sql`rec.kind = 'recommendation'
      ${narrowed ? sql`and a.recommendation_id in (${ids})` : sql``}
      ${filter.since ? sql`and a.as_of >= ${filter.since}::date` : sql``}
      ${filter.until ? sql`and a.as_of <= ${filter.until}::date` : sql``}`;
}

/** How many assessments the filter shows: kept by the writes (recommendation_tally) when it shows all. */
async function countChanges(db: Kysely<Database>, filter: ChangesFilter): Promise<number> {
  const all = !filter.state && !filter.cycle && !filter.issue && !filter.since && !filter.until;
  const { rows } = all
    ? await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from recommendation_tally
        where facet = 'assessment' and kind = 'recommendation'`.execute(db)
    : await sql<{ n: number }>`select count(*)::int as n from assessment a
        join recommendation rec on rec.id = a.recommendation_id where ${changesWhere(db, filter)}`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * One page of the filter's assessments, newest first, each with the status it replaced: the
 * recommendation's assessment just before it in (as-of, id) order, looked up for the page's rows
 * only (the (recommendation_id, as_of, id) index); the page itself is read along assessment_as_of_idx.
 * Before, the previous status came from a window over every assessment of the filter (400,000 at
 * world scale): 5 s for /changes.
 */
export async function listChanges(
  db: Kysely<Database>,
  filter: ChangesFilter,
  options: { page?: number; pageSize?: number } = {},
): Promise<ChangesPage> {
  const pageSize = options.pageSize ?? 50;
  const total = await countChanges(db, filter);
  const { page, pageCount } = clampPage(options.page ?? 1, total, pageSize);
  const { rows } = await sql<Change>`
    select a.id as "assessmentId", a.recommendation_id as "recommendationId", rec.paragraph,
      s.name as "stateName", s.iso3 as "stateIso3", r.cycle,
      coalesce((select p.status from assessment p
        where p.recommendation_id = a.recommendation_id and (p.as_of < a.as_of or (p.as_of = a.as_of and p.id < a.id))
        order by p.as_of desc, p.id desc limit 1), 'not_assessed') as previous,
      a.status, to_char(a.as_of, 'YYYY-MM-DD') as "asOf", o.name as "organisationName", a.evidence,
      a.is_sample as "isSample", a.updated_at as "updatedAt"
    from assessment a
    join recommendation rec on rec.id = a.recommendation_id
    join review r on r.id = rec.review_id
    join state s on s.id = r.state_id
    join organisation o on o.id = a.organisation_id
    where ${changesWhere(db, filter)}
    order by a.as_of desc, a.id desc
    limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db);
  return { total, page, pageCount, pageSize, rows: rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) })) };
}

/** The choices of the changes page's filters: states under review, cycles, and active coalition issues. */
export async function changesFilterOptions(db: Kysely<Database>) {
  const [states, cycles, issues] = await Promise.all([
    db
      .selectFrom("state as s")
      .where(sql<boolean>`exists (select 1 from review r where r.state_id = s.id)`)
      .where("s.iso3", "is not", null)
      .select(["s.iso3", "s.name"])
      .orderBy("s.name")
      .execute(),
    db.selectFrom("review").select("cycle").distinct().orderBy("cycle", "desc").execute(),
    db.selectFrom("coalition_issue").where("archived_at", "is", null).select(["slug", "title"]).orderBy("id").execute(),
  ]);
  return {
    states: states.map((s) => ({ iso3: s.iso3!, name: s.name })),
    cycles: cycles.map((c) => c.cycle),
    issues,
  };
}
