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

/** The assessments of the filter's recommendations with their previous status, within its dates. */
function changesQuery(db: Kysely<Database>, filter: ChangesFilter) {
  const ids = filteredRecommendations(db, {
    kind: "recommendation",
    state: filter.state,
    cycle: filter.cycle,
    issue: filter.issue,
  }).select("rec.id");
  return sql`
    select ev.* from (
      select a.id, a.recommendation_id, a.status, a.as_of, a.organisation_id, a.evidence, a.is_sample, a.updated_at,
        coalesce(lag(a.status) over (partition by a.recommendation_id order by a.as_of, a.id), 'not_assessed') as previous
      from assessment a
      where a.recommendation_id in (${ids})
    ) ev
    where true
      ${filter.since ? sql`and ev.as_of >= ${filter.since}::date` : sql``}
      ${filter.until ? sql`and ev.as_of <= ${filter.until}::date` : sql``}`;
}

export async function listChanges(
  db: Kysely<Database>,
  filter: ChangesFilter,
  options: { page?: number; pageSize?: number } = {},
): Promise<ChangesPage> {
  const pageSize = options.pageSize ?? 50;
  const counted = await sql<{ n: number }>`select count(*)::int as n from (${changesQuery(db, filter)}) c`.execute(db);
  const total = counted.rows[0]?.n ?? 0;
  const { page, pageCount } = clampPage(options.page ?? 1, total, pageSize);
  const { rows } = await sql<Change>`
    select c.id as "assessmentId", c.recommendation_id as "recommendationId", rec.paragraph,
      s.name as "stateName", s.iso3 as "stateIso3", r.cycle, c.previous, c.status,
      to_char(c.as_of, 'YYYY-MM-DD') as "asOf", o.name as "organisationName", c.evidence,
      c.is_sample as "isSample", c.updated_at as "updatedAt"
    from (${changesQuery(db, filter)}) c
    join recommendation rec on rec.id = c.recommendation_id
    join review r on r.id = rec.review_id
    join state s on s.id = r.state_id
    join organisation o on o.id = c.organisation_id
    order by c.as_of desc, c.id desc
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
