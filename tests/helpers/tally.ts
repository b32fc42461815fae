// The counts the writes keep (recommendation_tally, migration 2026-12-02T0300) and the same numbers
// recounted from the rows themselves, for tests to compare after a write.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

export type Key = { kind: string; facet: string; value: string; status: string; n: number };

/** What the triggers kept, one row per key. */
export async function maintained(db: Kysely<Database>): Promise<Key[]> {
  const { rows } = await sql<Key>`select kind, facet, value, status, sum(n)::int as n from recommendation_tally
    group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4`.execute(db);
  return rows;
}

/** The same numbers counted from the recommendations and their links, written apart from the migration. */
export async function recounted(db: Kysely<Database>): Promise<Key[]> {
  const { rows } = await sql<Key>`select kind, facet, value, status, n from (
      select kind, 'review' as facet, review_id::text as value, '' as status, count(*)::int as n from recommendation group by kind, review_id
      union all select kind, 'response', response, '', count(*)::int from recommendation group by kind, response
      union all select kind, 'status', current_status, '', count(*)::int from recommendation group by kind, current_status
      union all select kind, 'action', action_category::text, '', count(*)::int from recommendation
        where action_category is not null group by kind, action_category
      union all select r.kind, 'theme', t, '', count(*)::int from recommendation r, unnest(r.themes) t group by r.kind, t
      union all select r.kind, 'sdg', t, '', count(*)::int from recommendation r, unnest(r.sdgs) t group by r.kind, t
      union all select r.kind, 'affected', t, '', count(*)::int from recommendation r, unnest(r.affected_persons) t
        group by r.kind, t
      union all select r.kind, 'issue', ri.issue_id::text, r.current_status, count(*)::int
        from recommendation_issue ri join recommendation r on r.id = ri.recommendation_id group by 1, 3, 4
      union all select r.kind, 'from', rrs.state_id::text, '', count(*)::int
        from recommendation_recommending_state rrs join recommendation r on r.id = rrs.recommendation_id group by 1, 3
      union all select r.kind, 'group', s.regional_group, '', count(distinct r.id)::int
        from recommendation_recommending_state rrs join recommendation r on r.id = rrs.recommendation_id
        join state s on s.id = rrs.state_id where s.regional_group is not null group by 1, 3
      union all select r.kind, 'assessment', '', '', count(*)::int
        from assessment a join recommendation r on r.id = a.recommendation_id group by 1
    ) x order by 1, 2, 3, 4`.execute(db);
  return rows;
}
