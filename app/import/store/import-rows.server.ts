// The rows an import reads and writes, and the helpers that shape them (app/import/store/import-writer.server.ts).
import { type Kysely, sql } from "kysely";
import type { Database, SourceFormat } from "../../../db/schema";
import { addedSdgs } from "../readers/merge";
import type { ImportRecord } from "../readers/types";

/** A recommendation as an import reads it and as import_change keeps it before a change. */
export interface ExistingRow {
  id: number;
  source_key: string;
  review_id: number;
  paragraph: string | null;
  text: string;
  response: string;
  action_category: number | null;
  themes: string[];
  sdgs: string[];
  affected_persons: string[];
  kind: string;
  /** The language of `text` (ISO 639-1): a row of a file in another language adds a text beside it. */
  text_language: string;
  updated_at: string;
  state_ids: number[];
  issue_ids: number[];
}

/** What import_change.before holds: enough to put the row back exactly. */
export type RowBefore = Omit<ExistingRow, "id" | "source_key" | "text_language">;

export interface Prepared {
  record: ImportRecord;
  reviewId: number;
  stateIds: number[];
  issueIds: number[];
}

/** The recommendation columns an import writes, for both new and changed rows. */
export function recommendationColumns(p: Prepared) {
  return {
    review_id: p.reviewId,
    paragraph: p.record.paragraph,
    text: p.record.text,
    response: p.record.response,
    action_category: p.record.actionCategory,
    themes: p.record.themes,
    sdgs: p.record.sdgs,
    affected_persons: p.record.affectedPersons,
    kind: p.record.kind,
  };
}

export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function sortedUnique(ids: number[]): number[] {
  return ids.length < 2 ? ids : [...new Set(ids)].sort((a, b) => a - b);
}

/** A JSON parameter, sent as text and cast in SQL (the drivers would otherwise encode a jsonb parameter themselves). */
export function json(value: unknown) {
  return sql`cast(${JSON.stringify(value)}::text as jsonb)`;
}

export function beforeOf(row: ExistingRow): RowBefore {
  const { id: _id, source_key: _key, text_language: _language, ...before } = row;
  return before;
}

/** The columns of a recommendation as a batch reads them, with its states and issues. */
export const ROW_COLUMNS = sql`r.id, r.source_key, r.review_id, r.paragraph, r.text, r.response, r.action_category, r.themes,
  r.sdgs, r.affected_persons, r.kind, r.text_language,
  to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as updated_at,
  array(select rs.state_id from recommendation_recommending_state rs where rs.recommendation_id = r.id order by rs.state_id) as state_ids,
  array(select ri.issue_id from recommendation_issue ri where ri.recommendation_id = r.id order by ri.issue_id) as issue_ids`;

/**
 * The same source row imported again never erases what is held: an empty cell (no themes, no action
 * category, a pending response) keeps the held value, and themes, SDGs and affected persons are added
 * to those held (another source may have added some). Changes the record in place.
 */
export function keepHeldValues(p: Prepared, row: ExistingRow): void {
  const r = p.record;
  const themes = [...row.themes];
  for (const theme of r.themes) if (!themes.includes(theme)) themes.push(theme);
  const affectedPersons = [...row.affected_persons];
  for (const label of r.affectedPersons) if (!affectedPersons.includes(label)) affectedPersons.push(label);
  p.record = {
    ...r,
    themes,
    sdgs: addedSdgs(row.sdgs, r.sdgs),
    affectedPersons,
    actionCategory: r.actionCategory ?? (row.action_category as ImportRecord["actionCategory"]),
    response: r.response === "pending" ? (row.response as ImportRecord["response"]) : r.response,
    paragraph: r.paragraph ?? row.paragraph,
  };
}

/**
 * Adding a row to the GIN indexes of the recommendation texts (full text, trigram) costs far more
 * than the row itself: inserting 100,000 rows in batches of 2,000 cost PostgreSQL 16.6 s of CPU
 * with them and 6.7 s without, and building them afterwards 4-5 s (measured 2026-11-26; see also
 * docs/performance-history.md, "Import"). So once an import has many new rows (bulkThreshold,
 * and at least as many as were stored before, since a rebuild reads the whole table), it drops
 * them inside its transaction and builds them again before it commits (DDL is transactional: a
 * failed import gets them back with its rollback). The price: dropping an index locks the table
 * (ACCESS EXCLUSIVE) until the import commits, so readers of recommendations wait for it. If the
 * lock is not granted within a second (a long query is reading), the import carries on without
 * the rebuild rather than make everyone queue behind it.
 */
export async function dropSearchIndexes(trx: Kysely<Database>): Promise<string[] | null> {
  const indexes = await sql<{ name: string; definition: string }>`
    select c.relname as name, pg_get_indexdef(c.oid) as definition
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
    where i.indrelid = 'recommendation'::regclass and am.amname = 'gin'
    order by c.relname
  `.execute(trx);
  if (indexes.rows.length === 0) return null;
  const { rows } = await sql<{ timeout: string }>`select current_setting('lock_timeout') as timeout`.execute(trx);
  await sql`savepoint defer_search_indexes`.execute(trx);
  try {
    await sql`set local lock_timeout = '1s'`.execute(trx);
    for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(trx);
    await sql`release savepoint defer_search_indexes`.execute(trx);
    await sql`select set_config('lock_timeout', ${rows[0].timeout}, true)`.execute(trx);
    return indexes.rows.map((i) => i.definition);
  } catch {
    await sql`rollback to savepoint defer_search_indexes`.execute(trx);
    await sql`select set_config('lock_timeout', ${rows[0].timeout}, true)`.execute(trx);
    return null;
  }
}

/** The rows of these recommendations, as the writer compares them. */
export async function fetchRows(trx: Kysely<Database>, ids: number[]): Promise<ExistingRow[]> {
  if (ids.length === 0) return [];
  const { rows } =
    await sql<ExistingRow>`select ${ROW_COLUMNS} from recommendation r where r.id in (select unnest(${ids}::int[]))`.execute(
      trx,
    );
  return rows;
}

/** The held recommendations of these source keys: key -> row. */
export async function lookUp(
  trx: Kysely<Database>,
  format: SourceFormat,
  keys: string[],
): Promise<Map<string, ExistingRow>> {
  // One index lookup per key (LATERAL ... LIMIT 1 keeps the planner from choosing a scan of the
  // whole table, which it may do as the table grows inside the import's transaction).
  const { rows } = await sql<ExistingRow>`
    select r.* from unnest(${keys}::text[]) as k(source_key)
    cross join lateral (
      select ${ROW_COLUMNS} from recommendation r
      where r.source_format = ${format} and r.source_key = k.source_key
      limit 1
    ) r
  `.execute(trx);
  return new Map(rows.map((r) => [r.source_key, r]));
}

/** Source keys merged into a recommendation before: key -> recommendation id. */
export async function lookUpMerged(
  trx: Kysely<Database>,
  format: SourceFormat,
  keys: string[],
): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom("recommendation_source")
    .select(["source_key", "recommendation_id"])
    .where("source_format", "=", format)
    .where("source_key", "in", keys)
    .execute();
  return new Map(rows.map((r) => [r.source_key, r.recommendation_id]));
}

/** Pairs of recommendation and recommending state, by position. */
export async function linkStates(
  trx: Kysely<Database>,
  recommendationIds: number[],
  stateIds: number[],
): Promise<void> {
  if (recommendationIds.length === 0) return;
  await sql`
    insert into recommendation_recommending_state (recommendation_id, state_id)
    select * from unnest(${recommendationIds}::int[], ${stateIds}::int[])
  `.execute(trx);
}

/** Links (recommendation, issue) pairs; already linked ones are left as they were. */
export async function linkIssues(
  trx: Kysely<Database>,
  userId: number | null,
  pairs: [number, number][],
): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    insert into recommendation_issue (recommendation_id, issue_id, created_by)
    select x.r, x.i, ${userId}::integer from unnest(${pairs.map((p) => p[0])}::int[], ${pairs.map((p) => p[1])}::int[]) as x(r, i)
    on conflict do nothing
  `.execute(trx);
}

/** True when the record would change the held row (links to coalition issues are only ever added). */
export function differs(p: Prepared, row: ExistingRow): boolean {
  const r = p.record;
  return (
    row.review_id !== p.reviewId ||
    row.paragraph !== r.paragraph ||
    row.text !== r.text ||
    row.response !== r.response ||
    row.action_category !== r.actionCategory ||
    !sameList(row.themes, r.themes) ||
    !sameList(row.sdgs, r.sdgs) ||
    !sameList(row.affected_persons, r.affectedPersons) ||
    row.kind !== r.kind ||
    !sameList(row.state_ids, p.stateIds) ||
    // Links to coalition issues are added by an import, never removed.
    p.issueIds.some((id) => !row.issue_ids.includes(id))
  );
}
/** The audit entry of a recommendation an import changed: the row before and after, issues by slug. */
export function recommendationAudit(
  userId: number | null,
  slugOf: (issueId: number) => string,
  action: string,
  before: ExistingRow,
  after: ReturnType<typeof recommendationColumns>,
  p: Prepared,
) {
  const names = (ids: number[]) => ids.map(slugOf).sort();
  return {
    userId,
    action,
    entity: "recommendation",
    entityId: before.id,
    before: {
      reviewId: before.review_id,
      paragraph: before.paragraph,
      text: before.text,
      response: before.response,
      actionCategory: before.action_category,
      themes: before.themes,
      sdgs: before.sdgs,
      affectedPersons: before.affected_persons,
      kind: before.kind,
      recommendingStateIds: before.state_ids,
      issues: names(before.issue_ids),
    },
    after: {
      reviewId: after.review_id,
      paragraph: after.paragraph,
      text: after.text,
      response: after.response,
      actionCategory: after.action_category,
      themes: after.themes,
      sdgs: after.sdgs,
      affectedPersons: after.affected_persons,
      kind: after.kind,
      recommendingStateIds: p.stateIds,
      issues: [...new Set([...names(before.issue_ids), ...names(p.issueIds)])].sort(),
    },
  };
}
