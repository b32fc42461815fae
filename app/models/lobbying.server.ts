// The lobbying list for a state's next review: per recommending state, the coalition's asks it took up
// before, and what it recommended on the coalition's issues, with the response and the status since.
// Asks of private submissions count only for signed-in users (the same rule as app/models/submissions.server.ts).
import { type Kysely, sql } from "kysely";
import type { Database, Response, Status } from "../../db/schema";
import type { Viewer } from "./submissions.server";

export interface LobbyingRow {
  stateId: number;
  name: string;
  iso3: string | null;
  /** Distinct asks this state took up (confirmed), over every cycle. */
  asksTakenUp: number;
  /** Its recommendations to the state under review linked to a coalition issue. */
  onIssues: number;
  supportedOnIssues: number;
  /** All its recommendations to the state under review. */
  recommendations: number;
}

/** Recommending states of the state under review, those that took asks up or spoke to the issues first. */
export async function listLobbying(db: Kysely<Database>, iso3: string, viewer: Viewer): Promise<LobbyingRow[]> {
  const rows = await sql<LobbyingRow>`
    with target as (select id from state where iso3 = ${iso3.toUpperCase()}),
    recs as (
      select rrs.state_id, rec.id, rec.response,
             exists (select 1 from recommendation_issue ri where ri.recommendation_id = rec.id) as on_issue
      from recommendation rec
      join review r on r.id = rec.review_id and r.state_id = (select id from target)
      join recommendation_recommending_state rrs on rrs.recommendation_id = rec.id
      where rec.kind = 'recommendation'
    ),
    asks as (
      select rrs.state_id, count(distinct u.ask_id)::int as n
      from ask_uptake u
      join ask a on a.id = u.ask_id
      join submission sub on sub.id = a.submission_id and sub.state_id = (select id from target)
      join recommendation_recommending_state rrs on rrs.recommendation_id = u.recommendation_id
      where u.status = 'confirmed' and (sub.is_public or ${viewer.signedIn})
      group by rrs.state_id
    )
    select s.id as "stateId", s.name, s.iso3,
           coalesce(max(asks.n), 0)::int as "asksTakenUp",
           count(*) filter (where recs.on_issue)::int as "onIssues",
           count(*) filter (where recs.on_issue and recs.response = 'supported')::int as "supportedOnIssues",
           count(*)::int as recommendations
    from recs
    join state s on s.id = recs.state_id
    left join asks on asks.state_id = recs.state_id
    group by s.id, s.name, s.iso3
    order by "asksTakenUp" desc, "onIssues" desc, recommendations desc, s.name`.execute(db);
  return rows.rows;
}

export interface BriefRecommendation {
  id: number;
  cycle: number;
  paragraph: string | null;
  text: string;
  response: Response;
  currentStatus: Status;
  currentAsOf: string | null;
  issues: { slug: string; title: string }[];
  /** The coalition's asks this recommendation took up (confirmed). */
  asks: { id: number; text: string; submissionId: number; submissionTitle: string }[];
}

export interface LobbyingBrief {
  stateUnderReview: { name: string; iso3: string | null };
  recommendingState: { id: number; name: string; iso3: string | null };
  /** Its recommendations to the state under review that took an ask up or are on a coalition issue. */
  recommendations: BriefRecommendation[];
  /** All its recommendations to the state under review, by cycle. */
  totalsByCycle: { cycle: number; recommendations: number; supported: number; noted: number }[];
}

/** The brief for one recommending state's embassy; `code` is its ISO code, or its id where it has none. */
export async function getLobbyingBrief(
  db: Kysely<Database>,
  iso3: string,
  code: string,
  viewer: Viewer,
): Promise<LobbyingBrief | undefined> {
  const target = await db
    .selectFrom("state")
    .select(["id", "name", "iso3"])
    .where("iso3", "=", iso3.toUpperCase())
    .executeTakeFirst();
  const byId = /^\d+$/.test(code) ? Number(code) : null;
  const from = await db
    .selectFrom("state")
    .select(["id", "name", "iso3"])
    .where(byId !== null ? "id" : "iso3", "=", byId ?? code.toUpperCase())
    .executeTakeFirst();
  if (!target || !from) return undefined;
  const recs = await sql<Omit<BriefRecommendation, "asks"> & { asks: BriefRecommendation["asks"] | null }>`
    select rec.id, r.cycle, rec.paragraph, rec.text, rec.response,
           rec.current_status as "currentStatus", rec.current_as_of as "currentAsOf",
           coalesce((select json_agg(json_build_object('slug', i.slug, 'title', i.title) order by i.title)
                     from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id
                     where ri.recommendation_id = rec.id), '[]'::json) as issues,
           (select json_agg(json_build_object('id', a.id, 'text', a.text, 'submissionId', sub.id,
                                              'submissionTitle', sub.title) order by a.id)
            from ask_uptake u join ask a on a.id = u.ask_id join submission sub on sub.id = a.submission_id
            where u.recommendation_id = rec.id and u.status = 'confirmed'
              and (sub.is_public or ${viewer.signedIn})) as asks
    from recommendation rec
    join review r on r.id = rec.review_id and r.state_id = ${target.id}
    join recommendation_recommending_state rrs on rrs.recommendation_id = rec.id and rrs.state_id = ${from.id}
    where rec.kind = 'recommendation'
    order by r.cycle desc, string_to_array(rec.paragraph, '.')::int[] asc nulls last, rec.id`.execute(db);
  const totals = await sql<LobbyingBrief["totalsByCycle"][number]>`
    select r.cycle, count(*)::int as recommendations,
           count(*) filter (where rec.response = 'supported')::int as supported,
           count(*) filter (where rec.response = 'noted')::int as noted
    from recommendation rec
    join review r on r.id = rec.review_id and r.state_id = ${target.id}
    join recommendation_recommending_state rrs on rrs.recommendation_id = rec.id and rrs.state_id = ${from.id}
    where rec.kind = 'recommendation'
    group by r.cycle order by r.cycle desc`.execute(db);
  return {
    stateUnderReview: { name: target.name, iso3: target.iso3 },
    recommendingState: from,
    recommendations: recs.rows
      .map((r) => ({ ...r, asks: r.asks ?? [] }))
      .filter((r) => r.asks.length > 0 || r.issues.length > 0),
    totalsByCycle: totals.rows,
  };
}
