// Seeds the real data in seed-data/ (copied from the project's shared data): Kenya's reviews, its
// 150 cycle-1 recommendations verbatim from A/HRC/15/8, and the coalition's seven issues.
// Idempotent: only what is missing is inserted; nothing already in the database is changed.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import Papa from "papaparse";
import { z } from "zod";
import { RESPONSES, type Database } from "../../db/schema";
import { resolveState } from "../lib/states";
import { dateReviewsFromCalendar } from "./reviews.server";
import { ensureStates, stateKey } from "./states.server";

export const SEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../seed-data");

function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(SEED_DIR, file), "utf8");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`${file}: ${parsed.errors[0]!.message} (row ${parsed.errors[0]!.row})`);
  return parsed.data;
}

const optionalInt = z.string().transform((v, ctx) => {
  if (v.trim() === "") return null;
  const n = Number(v);
  if (!Number.isInteger(n)) ctx.addIssue({ code: "custom", message: `not a whole number: ${v}` });
  return n;
});
const optionalText = z.string().transform((v) => (v.trim() === "" ? null : v.trim()));

const ReviewRow = z.object({
  state_under_review: z.string().regex(/^[A-Z]{3}$/),
  cycle: z.coerce.number().int().min(1),
  session: z.coerce.number().int().min(1),
  review_date: optionalText,
  adoption_date: optionalText,
  report_symbol: optionalText,
  recommendations_received: optionalInt,
  supported: optionalInt,
  noted: optionalInt,
  notes: optionalText,
});

const RecommendationRow = z.object({
  state_under_review: z.string().regex(/^[A-Z]{3}$/),
  cycle: z.coerce.number().int().min(1),
  session: z.coerce.number().int().min(1),
  document_symbol: z.string(),
  paragraph: z.string().regex(/^\d+(\.\d+)*$/),
  recommending_states: z.string().min(1),
  recommendation: z.string().min(1),
  response: z.enum(RESPONSES),
});

const IssueRow = z.object({ slug: z.string().min(1), title: z.string().min(1), description: z.string() });

/**
 * Keywords of the seven seeded issues, used to suggest recommendations for them (suggestionsForIssue).
 * Set only when an issue is first inserted; editors change them on the issue page. Every issue of the
 * coalition is about trafficking, so each has that word; the rest are short and taken from its description.
 */
export const SEED_ISSUE_KEYWORDS: Record<string, string[]> = {
  "trafficking-data": ["trafficking", "data", "statistics", "indicators"],
  "ctip-secretariat-anchorage": ["trafficking", "counter-trafficking", "secretariat", "coordination"],
  "trust-fund-delay": ["trafficking", "trust fund", "victims of trafficking"],
  "victim-protection": ["trafficking", "victims of trafficking", "shelters", "psychosocial support", "legal aid"],
  "criminal-justice-capacity": ["trafficking", "law enforcement", "prosecution", "judicial officers"],
  "legal-policy-frameworks": ["trafficking", "Counter-Trafficking in Persons Act", "legal framework"],
  "root-causes": ["trafficking", "poverty", "unsafe migration", "migrant workers"],
};

export interface SeedResult {
  reviews: number;
  recommendations: number;
  issues: number;
}

export async function seed(db: Kysely<Database>): Promise<SeedResult> {
  const reviews = readCsv("kenya-reviews.csv").map((r) => ReviewRow.parse(r));
  const recommendations = readCsv("kenya-cycle1-recommendations.csv").map((r) => RecommendationRow.parse(r));
  const issues = readCsv("coalition-issues.csv").map((r) => IssueRow.parse(r));

  return db.transaction().execute(async (trx) => {
    // Several servers may start on one new database at once: they seed one after the other.
    await sql`select pg_advisory_xact_lock(7240571)`.execute(trx);
    const states = [
      ...reviews.map((r) => resolveState(r.state_under_review)),
      ...recommendations.flatMap((r) => r.recommending_states.split(";").map((n) => resolveState(n.trim()))),
    ];
    const stateIds = await ensureStates(trx, states);
    const idOf = (name: string) => stateIds.get(stateKey(resolveState(name)))!;

    let insertedReviews = 0;
    for (const r of reviews) {
      const result = await trx
        .insertInto("review")
        .values({
          state_id: idOf(r.state_under_review),
          cycle: r.cycle,
          session: r.session,
          review_date: r.review_date,
          adoption_date: r.adoption_date,
          report_symbol: r.report_symbol,
          official_received: r.recommendations_received,
          official_supported: r.supported,
          official_noted: r.noted,
          notes: r.notes,
        })
        .onConflict((oc) => oc.columns(["state_id", "cycle"]).doNothing())
        .executeTakeFirst();
      insertedReviews += Number(result.numInsertedOrUpdatedRows ?? 0);
    }

    const reviewIds = new Map(
      (await trx.selectFrom("review").select(["id", "state_id", "cycle"]).execute()).map((r) => [
        `${r.state_id}:${r.cycle}`,
        r.id,
      ]),
    );
    let insertedRecommendations = 0;
    for (const r of recommendations) {
      const reviewId = reviewIds.get(`${idOf(r.state_under_review)}:${r.cycle}`);
      if (!reviewId) throw new Error(`seed: no review for ${r.state_under_review} cycle ${r.cycle}`);
      const inserted = await trx
        .insertInto("recommendation")
        .values({
          review_id: reviewId,
          paragraph: r.paragraph,
          text: r.recommendation,
          response: r.response,
          source_format: "native",
          source_key: `${r.state_under_review}:${r.cycle}:${r.paragraph}`,
        })
        .onConflict((oc) => oc.columns(["source_format", "source_key"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) continue;
      insertedRecommendations++;
      const recommending = [...new Set(r.recommending_states.split(";").map((n) => idOf(n.trim())))];
      await trx
        .insertInto("recommendation_recommending_state")
        .values(recommending.map((state_id) => ({ recommendation_id: inserted.id, state_id })))
        .execute();
    }

    let insertedIssues = 0;
    for (const i of issues) {
      const result = await trx
        .insertInto("coalition_issue")
        .values({
          slug: i.slug,
          title: i.title,
          description: i.description,
          keywords: SEED_ISSUE_KEYWORDS[i.slug] ?? [],
        })
        .onConflict((oc) => oc.column("slug").doNothing())
        .executeTakeFirst();
      insertedIssues += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    // Reviews imported before the session calendar was in the repository take its dates.
    await dateReviewsFromCalendar(trx);
    return { reviews: insertedReviews, recommendations: insertedRecommendations, issues: insertedIssues };
  });
}

/** True when no review is stored yet: a new database that `npm start` should seed. */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("review").select("id").limit(1).executeTakeFirst();
  return !row;
}
