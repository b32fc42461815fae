// The CSV export written by the database: each recommendation's line of the file (cells neutralised
// and quoted exactly as app/lib/csv.ts csvLine does it, in EXPORT_COLUMNS order, CRLF) is one text
// value of one set-based statement: the recommending states and coalition issues aggregated once, the
// latest and the mid-term assessment by a `limit 1` lookup each, walking the (recommendation_id, as_of)
// index backwards (with `distinct on` over all assessments the database spent 11.0 s of CPU on 100,000
// rows, with the lookups 7.9-8.7 s). Node only passes the bytes on. Measured, not used by the app: the
// cells' expressions cost the database ~4.5 s of CPU more than Node's csvLine costs Node, and the cursor
// does not overlap the two as the batches do (docs/performance.md "Export and import (2026-12-02)").
//
// - PostgreSQL: one statement, read through a server-side cursor 1,000 lines at a time (one snapshot;
//   the next rows are fetched when the reader has taken these, so memory stays flat), with ordinary
//   bind parameters. (Why not COPY TO STDOUT: see cursorLines.)
// - PGlite (its driver returns whole results) or a caller's batch size: keyset batches of the same
//   statement, `rec.id > last id … limit N`, with ordinary bind parameters.
//
// tests/integration/export-sql.test.ts checks the bytes against the row-by-row writer
// (export.server.ts exportCsv) on both engines. docs/performance.md "Export and import (2026-12-02)".
import { type Kysely, type RawBuilder, sql } from "kysely";
import type postgres from "postgres";
import { postgresClientOf } from "../../db/client";
import type { Database } from "../../db/schema";
import { PLEDGE_MARKER } from "../lib/export-format";
import type { RecommendationFilter } from "../lib/recommendation-filter";
import { filteredRecommendations } from "./search.server";

/** Mid-term date of a review: (adoption, or the review date) + 30 months, as reviewPeriod computes it. */
const MIDTERM = sql`(coalesce(r.adoption_date, r.review_date) + interval '30 months')::date`;

/**
 * One cell of text, as csvLine writes it: null is empty; a leading = + - @ tab or CR gets an
 * apostrophe (neutraliseFormula); quoted, quotes doubled, when the text starts or ends with a space or
 * holds a quote, comma, CR, LF or byte-order mark. The apostrophe changes none of those conditions, so
 * they are tested on the text itself.
 */
function cell(v: string): string {
  const neutral = `case when ${v} ~ E'^[-=+@\\t\\r]' then '''' || ${v} else ${v} end`;
  return `case when ${v} is null then ''
    when left(${v}, 1) = ' ' or right(${v}, 1) = ' ' or ${v} ~ E'[",\\r\\n\\uFEFF]'
      then '"' || replace(${neutral}, '"', '""') || '"'
    else ${neutral} end`;
}

/** A number (never neutralised or quoted, as csvLine treats numbers); null is empty. */
const num = (v: string) => `coalesce(${v}::text, '')`;

/** The raw values of EXPORT_COLUMNS, as text (lists joined with "; "), in order; `c` is the row. */
const COLUMNS: [string, (c: string) => string][] = [
  ["state_under_review", (c) => cell(`${c}.state_under_review`)],
  ["cycle", (c) => num(`${c}.cycle`)],
  ["session", (c) => num(`${c}.session`)],
  ["document_symbol", (c) => cell(`${c}.document_symbol`)],
  ["paragraph", (c) => cell(`${c}.paragraph`)],
  ["recommending_states", (c) => cell(`${c}.recommending_states`)],
  ["recommendation", (c) => cell(`${c}.recommendation`)],
  ["response", (c) => cell(`${c}.response`)],
  ["action_category", (c) => num(`${c}.action_category`)],
  ["themes", (c) => cell(`${c}.themes`)],
  ["issues", (c) => cell(`${c}.issues`)],
  ["current_status", (c) => cell(`${c}.current_status`)],
  ["current_as_of", (c) => cell(`${c}.current_as_of`)],
  ["organisation", (c) => cell(`${c}.organisation`)],
  ["evidence", (c) => cell(`${c}.evidence`)],
  ["source_urls", (c) => cell(`${c}.source_urls`)],
  ["midterm_date", (c) => cell(`${c}.midterm_date`)],
  ["midterm_status", (c) => cell(`${c}.midterm_status`)],
  ["upr_monitor_id", (c) => num(`${c}.upr_monitor_id`)],
];

/**
 * The export's columns, raw (text, lists joined), one row per filtered recommendation, in id order;
 * with `after`/`limit` one keyset batch. Also the benchmark's baseline (scripts/bench-export.ts).
 */
export function exportColumnsQuery(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  batch?: { after: number; limit: number },
): RawBuilder<Record<string, string | number | null>> {
  let page = filteredRecommendations(db, filter).select([
    "rec.id",
    // iso3 is char(3): as text, or coalesce() would make the name char too and drop its trailing spaces.
    sql<string>`coalesce(s.iso3::text, s.name)`.as("state_under_review"),
    "r.cycle",
    "r.session",
    "r.report_symbol",
    "rec.paragraph",
    "rec.text",
    "rec.response",
    "rec.action_category",
    "rec.themes",
    "rec.kind",
    "rec.current_status",
    "rec.current_as_of",
    MIDTERM.as("midterm_date"),
  ]);
  if (batch) page = page.where("rec.id", ">", batch.after).orderBy("rec.id").limit(batch.limit);
  // `array_to_string(x, '; ', '')` writes a null element as an empty one, as Array.join does.
  return sql`with page as materialized (${page}),
    states as (
      select rrs.recommendation_id, string_agg(rs.name, '; ' order by rs.name) as names
      from page p join recommendation_recommending_state rrs on rrs.recommendation_id = p.id
      join state rs on rs.id = rrs.state_id group by rrs.recommendation_id),
    issues as (
      select ri.recommendation_id, string_agg(i.slug, '; ' order by i.slug) as slugs
      from page p join recommendation_issue ri on ri.recommendation_id = p.id
      join coalition_issue i on i.id = ri.issue_id group by ri.recommendation_id)
    select
      p.state_under_review, p.cycle, p.session, p.report_symbol as document_symbol, p.paragraph,
      case when p.kind = 'pledge' then ${PLEDGE_MARKER} else coalesce(states.names, '') end as recommending_states,
      p.text as recommendation, p.response, p.action_category, array_to_string(p.themes, '; ', '') as themes,
      coalesce(issues.slugs, '') as issues, p.current_status, p.current_as_of::text as current_as_of,
      latest.organisation, latest.evidence, array_to_string(latest.source_urls, '; ', '') as source_urls,
      p.midterm_date::text as midterm_date,
      case when p.midterm_date is null then null else coalesce(mid.status, 'not_assessed') end as midterm_status,
      p.id as upr_monitor_id
    from page p
    left join states on states.recommendation_id = p.id
    left join issues on issues.recommendation_id = p.id
    left join lateral (
      select o.name as organisation, a.evidence, a.source_urls
      from assessment a join organisation o on o.id = a.organisation_id
      where a.recommendation_id = p.id order by a.as_of desc, a.id desc limit 1) latest on true
    left join lateral (
      select m.status from assessment m where m.recommendation_id = p.id and m.as_of <= p.midterm_date
      order by m.as_of desc, m.id desc limit 1) mid on true
    order by p.id`;
}

/** Each row's line of the CSV file (csvLine's bytes, CRLF included), with its id, in id order. */
function exportLinesQuery(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  batch?: { after: number; limit: number },
): RawBuilder<{ id: number; line: string }> {
  const cells = COLUMNS.map(([, format]) => format("c")).join(` || ',' || `);
  return sql`select c.upr_monitor_id as id, ${sql.raw(cells)} || E'\\r\\n' as line
    from (${exportColumnsQuery(db, filter, batch)}) c order by c.upr_monitor_id`;
}

/**
 * A compiled statement's SQL with its parameters written in as literals, for COPY (which takes none;
 * the benchmark's baseline, scripts/bench-export.ts).
 * Numbers must be finite; text becomes an E'…' literal with backslashes and quotes doubled (safe
 * whatever standard_conforming_strings says); anything else, or a NUL character, is refused.
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  const out = text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= parameters.length) throw new Error(`inlineParameters: no value for $${n}`);
    return literal(parameters[i]);
  });
  return out;
}

function literal(value: unknown): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`inlineParameters: not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "string") {
    if (value.includes("\0")) throw new Error("inlineParameters: text holds a NUL character");
    return `E'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  }
  throw new Error(`inlineParameters: cannot write a ${typeof value} as a literal`);
}

/** `COPY (query) TO STDOUT (FORMAT …)` of a Kysely statement, its parameters inlined. */
export function copyStatement(db: Kysely<Database>, query: RawBuilder<unknown>, format: "binary" | "csv"): string {
  const compiled = query.compile(db);
  return `copy (${inlineParameters(compiled.sql, compiled.parameters)}) to stdout (format ${format})`;
}

/** Rows per fetch of the cursor on PostgreSQL. */
const CURSOR_ROWS = 1_000;

/**
 * The lines of the export, a piece (many whole lines) at a time; `onRows` is told each piece's count.
 * On PostgreSQL, unless a batch size is asked for, one statement read through a cursor; otherwise
 * keyset batches.
 */
export async function* exportCsvLines(
  db: Kysely<Database>,
  filter: RecommendationFilter,
  options: { batchSize?: number; onRows?: (count: number) => void },
): AsyncGenerator<string, void> {
  const client = options.batchSize === undefined ? postgresClientOf(db) : null;
  if (client) {
    const compiled = exportLinesQuery(db, filter).compile(db);
    yield* cursorLines(client, compiled.sql, compiled.parameters, options.onRows);
    return;
  }
  const limit = Math.max(1, options.batchSize ?? 1_000);
  for (let after = 0; ;) {
    const { rows } = await exportLinesQuery(db, filter, { after, limit }).execute(db);
    if (rows.length === 0) return;
    let piece = "";
    for (const row of rows) piece += row.line;
    options.onRows?.(rows.length);
    yield piece;
    if (rows.length < limit) return;
    after = rows[rows.length - 1]!.id;
  }
}

type PostgresClient = NonNullable<ReturnType<typeof postgresClientOf>>;

/**
 * The lines of one statement through a server-side cursor (postgres.js `cursor`: the unnamed portal,
 * read `CURSOR_ROWS` rows at a time, the next asked for when the caller has taken these), one piece
 * per fetch. A caller that stops early closes the portal, so the connection goes back to the pool.
 *
 * Not `COPY … TO STDOUT` (`readable()`): postgres.js 3.4.9 pauses the socket when the stream's buffer
 * is full and resumes it only when the stream is read again, so a COPY whose last chunk filled the
 * buffer left its connection paused, and the next query on it never answered (seen in the tests).
 */
async function* cursorLines(
  client: PostgresClient,
  text: string,
  parameters: readonly unknown[],
  onRows?: (count: number) => void,
): AsyncGenerator<string, void> {
  const cursor = client.unsafe<{ id: number; line: string }[]>(text, parameters as postgres.ParameterOrJSON<never>[]);
  for await (const rows of cursor.cursor(CURSOR_ROWS)) {
    let piece = "";
    for (const row of rows) piece += row.line;
    onRows?.(rows.length);
    yield piece;
  }
}
