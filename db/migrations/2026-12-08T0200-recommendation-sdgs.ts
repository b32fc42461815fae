// Frozen. The SDGs (goal and target codes: "16", "16.3") and the affected persons (or groups of persons,
// as the source writes them) that OHCHR's matrices and the UHRI export tag recommendations with (issue
// #27), stored beside the themes, with GIN indexes for the filters (`sdgs @> array[x]`), and counted in
// recommendation_tally (facets 'sdg' and 'affected') like the themes, for the unfiltered list's filters.
//
// The tally's two functions that read a recommendation's own facets are replaced by the same ones with
// the two new facets (and the update trigger also looks at the two new columns); the rest of
// 2026-12-02T0300 stays as it was. Nothing needs counting again: every row starts with empty lists.
import { type Kysely, sql } from "kysely";

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const OLD_FACETS = ["review", "response", "status", "action", "theme", "issue", "from", "group", "assessment"];
const NEW_FACETS = [...OLD_FACETS, "sdg", "affected"];

/** The facets of the recommendation rows themselves, of the transition table `src`, signed by `sign`. */
const ownFacets = (src: string, sign: string, withTags: boolean) => `
  SELECT kind, 'review' AS facet, review_id::text AS value, '' AS status, ${sign} AS n FROM ${src}
  UNION ALL SELECT kind, 'response', response, '', ${sign} FROM ${src}
  UNION ALL SELECT kind, 'status', current_status, '', ${sign} FROM ${src}
  UNION ALL SELECT kind, 'action', action_category::text, '', ${sign} FROM ${src} WHERE action_category IS NOT NULL
  UNION ALL SELECT x.kind, 'theme', t.theme, '', ${sign} FROM ${src} x CROSS JOIN LATERAL unnest(x.themes) AS t(theme)${
    withTags
      ? `
  UNION ALL SELECT x.kind, 'sdg', t.sdg, '', ${sign} FROM ${src} x CROSS JOIN LATERAL unnest(x.sdgs) AS t(sdg)
  UNION ALL SELECT x.kind, 'affected', t.label, '', ${sign} FROM ${src} x CROSS JOIN LATERAL unnest(x.affected_persons) AS t(label)`
      : ""
  }`;

/** The columns whose change moves a recommendation's own facets. */
const ownColumns = (alias: string, withTags: boolean) =>
  `(${[
    "kind",
    "review_id",
    "response",
    "current_status",
    "action_category",
    "themes",
    ...(withTags ? ["sdgs", "affected_persons"] : []),
  ]
    .map((c) => `${alias}.${c}`)
    .join(", ")})`;

const facetCheck = (facets: string[]) => [
  `ALTER TABLE recommendation_tally DROP CONSTRAINT recommendation_tally_facet_check`,
  `ALTER TABLE recommendation_tally ADD CONSTRAINT recommendation_tally_facet_check CHECK (facet IN (${facets.map((f) => `'${f}'`).join(", ")}))`,
];

const rebuild = (
  withTags: boolean,
) => `CREATE OR REPLACE FUNCTION recommendation_tally_rebuild() RETURNS void LANGUAGE plpgsql AS $$
     BEGIN
       DELETE FROM recommendation_tally;
       INSERT INTO recommendation_tally (kind, facet, value, status, n)
       SELECT kind, facet, value, status, sum(n)::int FROM (
         ${ownFacets("recommendation", "1", withTags)}
         UNION ALL SELECT r.kind, 'issue', ri.issue_id::text, r.current_status, 1
           FROM recommendation_issue ri JOIN recommendation r ON r.id = ri.recommendation_id
         UNION ALL SELECT r.kind, 'from', rrs.state_id::text, '', 1
           FROM recommendation_recommending_state rrs JOIN recommendation r ON r.id = rrs.recommendation_id
         UNION ALL SELECT g.kind, 'group', g.regional_group, '', 1 FROM (
           SELECT DISTINCT r.id, r.kind, s.regional_group FROM recommendation_recommending_state rrs
           JOIN recommendation r ON r.id = rrs.recommendation_id JOIN state s ON s.id = rrs.state_id
           WHERE s.regional_group IS NOT NULL) g
         UNION ALL SELECT r.kind, 'assessment', '', '', 1 FROM assessment a JOIN recommendation r ON r.id = a.recommendation_id
       ) x GROUP BY 1, 2, 3, 4;
     END $$`;

const recommendationTrigger = (
  withTags: boolean,
) => `CREATE OR REPLACE FUNCTION recommendation_tally_recommendation() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         PERFORM recommendation_tally_apply(array(
           SELECT row(kind, facet, value, status, sum(n)::int)::recommendation_tally FROM (${ownFacets("new_rows", "1", withTags)}) x
           GROUP BY kind, facet, value, status HAVING sum(n) <> 0));
       ELSIF TG_OP = 'DELETE' THEN
         IF to_regclass('pg_temp.recommendation_tally_deleted') IS NULL THEN
           CREATE TEMP TABLE recommendation_tally_deleted (
             id integer PRIMARY KEY, kind text NOT NULL, current_status text NOT NULL) ON COMMIT DELETE ROWS;
         END IF;
         INSERT INTO pg_temp.recommendation_tally_deleted (id, kind, current_status)
         SELECT id, kind, current_status FROM old_rows ON CONFLICT (id) DO NOTHING;
         PERFORM recommendation_tally_apply(array(
           SELECT row(kind, facet, value, status, sum(n)::int)::recommendation_tally FROM (${ownFacets("old_rows", "-1", withTags)}) x
           GROUP BY kind, facet, value, status HAVING sum(n) <> 0));
       ELSE
         PERFORM recommendation_tally_apply(array(
           WITH ch AS (
             SELECT o.id, o.kind AS old_kind, o.current_status AS old_status, n.kind AS new_kind, n.current_status AS new_status
             FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.kind, o.current_status) IS DISTINCT FROM (n.kind, n.current_status)),
           oldr AS (SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE ${ownColumns("o", withTags)} IS DISTINCT FROM ${ownColumns("n", withTags)}),
           newr AS (SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE ${ownColumns("o", withTags)} IS DISTINCT FROM ${ownColumns("n", withTags)})
           SELECT row(kind, facet, value, status, sum(n)::int)::recommendation_tally FROM (
             ${ownFacets("oldr", "-1", withTags)}
             UNION ALL ${ownFacets("newr", "1", withTags)}
             UNION ALL SELECT ch.old_kind, 'issue', ri.issue_id::text, ch.old_status, -1
               FROM ch JOIN recommendation_issue ri ON ri.recommendation_id = ch.id
             UNION ALL SELECT ch.new_kind, 'issue', ri.issue_id::text, ch.new_status, 1
               FROM ch JOIN recommendation_issue ri ON ri.recommendation_id = ch.id
             UNION ALL SELECT k.kind, 'from', rrs.state_id::text, '', k.n FROM ch
               CROSS JOIN LATERAL (VALUES (ch.old_kind, -1), (ch.new_kind, 1)) AS k(kind, n)
               JOIN recommendation_recommending_state rrs ON rrs.recommendation_id = ch.id
               WHERE ch.old_kind <> ch.new_kind
             UNION ALL SELECT k.kind, 'group', g.regional_group, '', k.n FROM ch
               CROSS JOIN LATERAL (VALUES (ch.old_kind, -1), (ch.new_kind, 1)) AS k(kind, n)
               CROSS JOIN LATERAL (SELECT DISTINCT s.regional_group FROM recommendation_recommending_state rrs
                 JOIN state s ON s.id = rrs.state_id
                 WHERE rrs.recommendation_id = ch.id AND s.regional_group IS NOT NULL) g
               WHERE ch.old_kind <> ch.new_kind
             UNION ALL SELECT k.kind, 'assessment', '', '', k.n FROM ch
               CROSS JOIN LATERAL (VALUES (ch.old_kind, -1), (ch.new_kind, 1)) AS k(kind, n)
               JOIN assessment a ON a.recommendation_id = ch.id
               WHERE ch.old_kind <> ch.new_kind
           ) x GROUP BY kind, facet, value, status HAVING sum(n) <> 0));
       END IF;
       RETURN NULL;
     END $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    `ALTER TABLE recommendation ADD COLUMN sdgs text[] NOT NULL DEFAULT '{}',
       ADD COLUMN affected_persons text[] NOT NULL DEFAULT '{}'`,
    `CREATE INDEX recommendation_sdgs_idx ON recommendation USING gin (sdgs)`,
    `CREATE INDEX recommendation_affected_persons_idx ON recommendation USING gin (affected_persons)`,
    ...facetCheck(NEW_FACETS),
    rebuild(true),
    recommendationTrigger(true),
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    `DELETE FROM recommendation_tally WHERE facet IN ('sdg', 'affected')`,
    ...facetCheck(OLD_FACETS),
    rebuild(false),
    recommendationTrigger(false),
    `DROP INDEX recommendation_affected_persons_idx`,
    `DROP INDEX recommendation_sdgs_idx`,
    `ALTER TABLE recommendation DROP COLUMN affected_persons, DROP COLUMN sdgs`,
  ]);
}
