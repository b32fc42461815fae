// The CSV export and the OHCHR matrix: the filtered recommendations (filteredRecommendations, the one
// place filters become SQL) with everything a row of the export holds.
//
// Memory stays flat at any size on both engines: rows are read in batches by keyset pagination
// (`rec.id > last id … order by rec.id limit 1000`), one query per batch, never one result set for all
// (the PGlite driver returns whole results; a cursor would not help there). The batches are separate
// statements, not one snapshot: an assessment saved during a long export shows in the later batches.
import { type Kysely, sql } from "kysely";
import type { Database, Status } from "../../db/schema";
import { copyFieldValue, copyOut } from "../../db/copy";
import { csvLine, csvTextCell, BOM } from "../lib/csv";
import {
  EXPORT_COLUMNS,
  type ExportRow,
  groupMatrix,
  type MatrixGroup,
  type MatrixGrouping,
} from "../lib/export-format";
import type { PeopleRow } from "../lib/people-export";
import type { RecommendationFilter } from "../lib/recommendation-filter";
import { copyStatement, exportColumnsQuery } from "./export-csv.server";
import { filteredRecommendations } from "./search.server";
import { topicOfFilter, topicOfLabel } from "../lib/themes/theme-vocabulary";

export const EXPORT_BATCH_SIZE = 1_000;
/** Rows per COPY of the CSV export (exportCsv): about 3.5 MB of text at world scale. */
export const EXPORT_COPY_BATCH_SIZE = 1_000;

/** Mid-term date of a review: (adoption, or the review date) + 30 months, as reviewPeriod computes it. */
const midtermDate = sql<string | null>`(coalesce(r.adoption_date, r.review_date) + interval '30 months')::date`;

/**
 * One batch: the filtered recommendations with id > afterId, in id order, at most `limit`.
 *
 * The batch's rows are chosen first (`page`); the recommending-state names and issue slugs are then
 * aggregated for the batch's ids at once (`group by recommendation_id`), not by a subquery per row
 * (that built a hash of all states once per row: half the query's time). The latest assessment and
 * the status at mid-term stay lateral `limit 1` lookups, which walk the (recommendation_id, as_of)
 * index backwards and read one or two entries each; a `distinct on` over the batch's assessments
 * sorted all of them and was no faster. docs/performance-history.md "CSV export" has the figures.
 */
function batchQuery(db: Kysely<Database>, filter: RecommendationFilter, afterId: number, limit: number) {
  const page = filteredRecommendations(db, filter)
    .where("rec.id", ">", afterId)
    .select([
      "rec.id",
      sql<string>`coalesce(s.iso3, s.name)`.as("stateUnderReview"),
      "s.name as stateName",
      "r.cycle",
      "r.session",
      "r.report_symbol as documentSymbol",
      "rec.paragraph",
      "rec.text",
      "rec.response",
      "rec.action_category as actionCategory",
      "rec.themes",
      "rec.sdgs",
      "rec.affected_persons as affectedPersons",
      "rec.kind",
      "rec.current_status as currentStatus",
      "rec.current_as_of as currentAsOf",
      midtermDate.as("midtermDate"),
    ])
    .orderBy("rec.id")
    .limit(limit);
  return db
    .with("page", () => page)
    .with("states", (qb) =>
      qb
        .selectFrom("page as p")
        .innerJoin("recommendation_recommending_state as rrs", "rrs.recommendation_id", "p.id")
        .innerJoin("state as rs", "rs.id", "rrs.state_id")
        .select(["rrs.recommendation_id", sql<string[]>`array_agg(rs.name order by rs.name)`.as("names")])
        .groupBy("rrs.recommendation_id"),
    )
    .with("issues", (qb) =>
      qb
        .selectFrom("page as p")
        .innerJoin("recommendation_issue as ri", "ri.recommendation_id", "p.id")
        .innerJoin("coalition_issue as i", "i.id", "ri.issue_id")
        .select(["ri.recommendation_id", sql<string[]>`array_agg(i.slug order by i.slug)`.as("slugs")])
        .groupBy("ri.recommendation_id"),
    )
    .selectFrom("page as p")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("assessment as a")
          .innerJoin("organisation as o", "o.id", "a.organisation_id")
          .select(["a.evidence", "a.source_urls", "o.name as organisation"])
          .where(sql<boolean>`a.recommendation_id = p.id`)
          .orderBy("a.as_of", "desc")
          .orderBy("a.id", "desc")
          .limit(1)
          .as("latest"),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("assessment as m")
          .select("m.status")
          .where(sql<boolean>`m.recommendation_id = p.id and m.as_of <= p."midtermDate"`)
          .orderBy("m.as_of", "desc")
          .orderBy("m.id", "desc")
          .limit(1)
          .as("mid"),
      (join) => join.onTrue(),
    )
    .leftJoin("states", "states.recommendation_id", "p.id")
    .leftJoin("issues", "issues.recommendation_id", "p.id")
    .select([
      "p.id",
      "p.stateUnderReview",
      "p.stateName",
      "p.cycle",
      "p.session",
      "p.documentSymbol",
      "p.paragraph",
      sql<string[]>`coalesce(states.names, '{}')`.as("recommendingStates"),
      "p.text",
      "p.response",
      "p.actionCategory",
      "p.themes",
      "p.sdgs",
      "p.affectedPersons",
      sql<string[]>`coalesce(issues.slugs, '{}')`.as("issues"),
      "p.kind",
      "p.currentStatus",
      "p.currentAsOf",
      "latest.organisation",
      "latest.evidence",
      sql<string[]>`coalesce(latest.source_urls, '{}')`.as("sourceUrls"),
      "p.midtermDate",
      sql<Status | null>`case when p."midtermDate" is null then null else coalesce(mid.status, 'not_assessed') end`.as(
        "midtermStatus",
      ),
    ])
    .orderBy("p.id");
}

/** The filtered recommendations, a batch (array) at a time, in id order. */
export async function* exportBatches(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  options: { batchSize?: number } = {},
): AsyncGenerator<ExportRow[], void> {
  const batchSize = Math.max(1, options.batchSize ?? EXPORT_BATCH_SIZE);
  const fetch = (afterId: number) =>
    batchQuery(db, filter, afterId, batchSize).execute() as unknown as Promise<ExportRow[]>;
  // The next batch is asked for while the caller works on this one (on PostgreSQL the server then
  // works in parallel with us); at most two batches are held at a time.
  let next: Promise<ExportRow[]> | null = fetch(0);
  try {
    while (next) {
      const rows: ExportRow[] = await next;
      next = rows.length === batchSize ? fetch(rows[rows.length - 1]!.id) : null;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // The caller stopped early (a client went away): wait for a batch in flight (one query), ignoring
    // its result. Left running, it kept its connection, and closing the database right after
    // (db.destroy(), postgres.js's end()) then never returned.
    await next?.catch(() => {});
  }
}

/** The filtered recommendations, one row at a time (read in batches, see above). */
export async function* exportRows(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  options: { batchSize?: number } = {},
): AsyncGenerator<ExportRow, void> {
  for await (const batch of exportBatches(db, filter, options)) yield* batch;
}

/** Columns of the export (EXPORT_COLUMNS order) that hold numbers: written as they are, as csvLine writes a number. */
const NUMBER_COLUMNS = new Set(["cycle", "session", "action_category", "upr_monitor_id"]);
const IS_NUMBER = EXPORT_COLUMNS.map((c) => NUMBER_COLUMNS.has(c));

/** One line of COPY's text format (exportColumnsQuery's columns) as csvLine writes the same row. */
function csvLineOfCopy(line: string): string {
  const fields = line.split("\t");
  let out = "";
  for (let i = 0; i < fields.length; i++) {
    const value = copyFieldValue(fields[i]!);
    if (i > 0) out += ",";
    if (value !== null && value !== "") out += IS_NUMBER[i] ? value : csvTextCell(value);
  }
  return out + "\r\n";
}

/**
 * The export as CSV text, in pieces: the byte-order mark and header first, then one piece per batch.
 * `onRows` is told how many rows each piece holds, for callers that report a count.
 *
 * Each batch is one `COPY (exportColumnsQuery) TO STDOUT` (keyset pagination as exportBatches), its
 * text format turned into csvLine's lines here: the database sends the cells as text with the lists
 * already joined, and Node only splits, neutralises and quotes (decoding the same rows as result
 * rows, their lists as arrays, cost this process twice the CPU). The next batch is asked for while
 * this one is written; at most two batches are held. Having the database write the CSV lines itself
 * was slower (export-csv.server.ts, docs/performance-history.md "Export and import (2026-12-02)").
 */
export async function* exportCsv(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  options: { batchSize?: number; onRows?: (count: number) => void } = {},
): AsyncGenerator<string, void> {
  yield BOM + csvLine([...EXPORT_COLUMNS]);
  const batchSize = Math.max(1, options.batchSize ?? EXPORT_COPY_BATCH_SIZE);
  // A transaction of its own per batch, for `set local jit = off`: the planner's estimate of a batch's
  // joins is far too high, and PostgreSQL then compiled every batch's plan (0.7 s of 5,000 rows' 0.9 s).
  const fetch = (after: number) =>
    db.transaction().execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      return copyOut(trx, copyStatement(trx, exportColumnsQuery(trx, filter, { after, limit: batchSize }), "text"));
    });
  let next: Promise<string> | null = fetch(0);
  try {
    while (next) {
      const text: string = await next;
      const lines = text.split("\n");
      lines.pop(); // after the last line's "\n"
      const last = lines.at(-1);
      next = lines.length === batchSize ? fetch(Number(last!.slice(last!.lastIndexOf("\t") + 1))) : null;
      if (lines.length === 0) continue;
      let piece = "";
      for (const line of lines) piece += csvLineOfCopy(line);
      options.onRows?.(lines.length);
      yield piece;
    }
  } finally {
    // The caller stopped early: wait for a batch in flight (see exportBatches).
    await next?.catch(() => {});
  }
}

/** At most this many recommendations in one matrix (one review has a few hundred; all of one state's reviews, ~1,000). */
export const MATRIX_MAX_RECOMMENDATIONS = 10_000;

export type Matrix =
  | { ok: true; total: number; grouping: MatrixGrouping; groups: MatrixGroup[]; stateNames: string[] }
  | { ok: false; total: number; limit: number };

/**
 * The OHCHR-style matrix of the filtered recommendations, grouped by theme or coalition issue. When
 * the filter names the grouping's own value (a theme, an issue), only that group is shown.
 */
export async function loadMatrix(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  grouping: MatrixGrouping,
  limit = MATRIX_MAX_RECOMMENDATIONS,
): Promise<Matrix> {
  const { total } = await filteredRecommendations(db, filter)
    .select(sql<number>`count(*)::int`.as("total"))
    .executeTakeFirstOrThrow();
  if (total > limit) return { ok: false, total, limit };
  const rows: ExportRow[] = [];
  for await (const batch of exportBatches(db, filter)) rows.push(...batch);
  const issues =
    grouping === "issue"
      ? await db.selectFrom("coalition_issue").select(["slug", "title"]).orderBy("id").execute()
      : [];
  const topic = grouping === "theme" && filter.theme ? topicOfFilter(filter.theme) : null;
  const only = topic
    ? (key: string) => topicOfLabel(key) === topic
    : grouping === "theme"
      ? filter.theme
      : filter.issue;
  const groups = groupMatrix(rows, grouping, new Map(issues.map((i) => [i.slug, i.title])), only);
  const stateNames = [...new Set(rows.map((r) => r.stateName))].sort((a, b) => a.localeCompare(b, "en"));
  return { ok: true, total: rows.length, grouping, groups, stateNames };
}

/**
 * The export for people (app/lib/people-export.ts): the machine export's rows with the issues' titles
 * and the status before the current assessment, batch by batch.
 */
export async function* peopleExportRows(
  db: Kysely<Database>,
  filter: RecommendationFilter,
): AsyncGenerator<PeopleRow[], void> {
  const titles = new Map(
    (await db.selectFrom("coalition_issue").select(["slug", "title"]).execute()).map((i) => [i.slug, i.title]),
  );
  for await (const batch of exportBatches(db, filter)) {
    const ids = batch.map((r) => r.id);
    // The second-latest assessment of each recommendation (by date, then id): the status before the current one.
    const previous = await db
      .selectFrom(
        db
          .selectFrom("assessment")
          .where("recommendation_id", "in", ids)
          .select([
            "recommendation_id",
            "status",
            sql<number>`row_number() over (partition by recommendation_id order by as_of desc, id desc)`.as("n"),
          ])
          .as("ranked"),
      )
      .where("ranked.n", "=", 2)
      .select(["ranked.recommendation_id", "ranked.status"])
      .execute();
    const before = new Map(previous.map((p) => [p.recommendation_id, p.status]));
    yield batch.map((r) => ({
      ...r,
      issueTitles: r.issues.map((slug) => titles.get(slug) ?? slug),
      previousStatus: r.currentStatus === "not_assessed" ? null : (before.get(r.id) ?? "not_assessed"),
    }));
  }
}
