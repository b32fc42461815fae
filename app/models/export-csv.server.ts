// The baseline of the export benchmark (bench/export.ts): the export's columns, raw, for every
// filtered recommendation in one set-based statement (the recommending states and coalition issues
// aggregated once, the latest and the mid-term assessment by a `limit 1` lookup each, walking the
// (recommendation_id, as_of) index backwards; with `distinct on` over all assessments the database
// spent 11.0 s of CPU on 100,000 rows, with the lookups 7.9-8.7 s), for `COPY (...) TO STDOUT`. The
// export itself (export.server.ts exportCsv) writes the same rows in keyset batches with csvLine; the
// benchmark prints its time over this COPY's in the same run.
//
// A version where the database also wrote every line (cells neutralised and quoted as csvLine does)
// gave the same bytes but was slower: the cells' expressions cost the database ~4.5 s of CPU more per
// 100,000 rows than csvLine costs Node (docs/performance-history.md "Export and import (2026-12-02)"); it was
// removed (git history: commit c40ee83).
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../../db/schema";
import { PLEDGE_MARKER } from "../lib/export-format";
import type { RecommendationFilter } from "../lib/recommendation-filter";
import { filteredRecommendations } from "./search.server";

/** Mid-term date of a review: (adoption, or the review date) + 30 months, as reviewPeriod computes it. */
const MIDTERM = sql`(coalesce(r.adoption_date, r.review_date) + interval '30 months')::date`;

/**
 * The export's columns, raw (text, lists joined), one row per filtered recommendation, in id order;
 * with `after`/`limit` one keyset batch. Also the benchmark's baseline (bench/export.ts).
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
    "rec.sdgs",
    "rec.affected_persons",
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
      array_to_string(p.sdgs, '; ', '') as sdgs, array_to_string(p.affected_persons, '; ', '') as affected_persons,
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

/**
 * A compiled statement's SQL with its parameters written in as literals, for COPY (which takes none;
 * the benchmark's baseline, bench/export.ts).
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

/**
 * `COPY (query) TO STDOUT (FORMAT …)` of a Kysely statement, its parameters inlined; for "text"
 * (PostgreSQL's default format, which db/copy.ts copyOut reads) without a format clause.
 */
export function copyStatement(
  db: Kysely<Database>,
  query: RawBuilder<unknown>,
  format: "binary" | "csv" | "text",
): string {
  const compiled = query.compile(db);
  const copy = `copy (${inlineParameters(compiled.sql, compiled.parameters)}) to stdout`;
  return format === "text" ? copy : `${copy} (format ${format})`;
}
