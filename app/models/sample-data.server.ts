// Sample assessments and issue links for Kenya's recommendations, and a sample submission with asks
// (app/models/sample-asks.server.ts), so that a new user sees the charts and the advocacy pages at once.
// Every row is marked is_sample, every page says so while any exist, and removal deletes
// exactly those rows. The statuses are made up by a fixed pseudo-random sequence: they describe
// nothing real.
import { type Kysely, sql } from "kysely";
import type { Database, Status } from "../../db/schema";
import { prng } from "../lib/prng";
import { addMonths } from "../lib/review-period";
import { insertAssessments } from "./assessments.server";
import { writeAudit } from "./audit.server";
import { addSampleAsks, removeSampleAsks } from "./sample-asks.server";
import { isEmpty, seed } from "./seed.server";

export const SAMPLE_ORGANISATION = "Sample data (not real assessments)";
export const SAMPLE_EVIDENCE =
  "Sample data, not a real assessment: made up by npm run seed:sample to show how the charts work.";

/** Coalition issue -> search words; the best-ranked matches get a sample link (at most 8 per issue). */
const SAMPLE_LINKS: Record<string, string> = {
  "trafficking-data": "trafficking or statistics or data",
  "ctip-secretariat-anchorage": "trafficking or coordination or institutions",
  "trust-fund-delay": "trafficking or victims or compensation",
  "victim-protection": "trafficking or victims or shelters or rehabilitation",
  "criminal-justice-capacity": "police or judiciary or prosecute or training",
  "legal-policy-frameworks": "trafficking or legislation or policy",
  "root-causes": "poverty or labour or exploitation",
};

const LADDER: Status[] = ["no_action", "in_progress", "partially_implemented", "fully_implemented"];

/** One recommendation's made-up history: up to three assessments moving forward over the period. */
export function sampleHistory(
  recommendationId: number,
  start: string,
  today: string,
): { status: Status; asOf: string }[] {
  const next = prng(recommendationId * 7919);
  if (next() < 0.2) return [];
  const history: { status: Status; asOf: string }[] = [];
  let step = next() < 0.5 ? 0 : 1;
  let month = 3 + Math.floor(next() * 18);
  for (let i = 0; i < 3; i++) {
    const asOf = addMonths(start, month);
    if (asOf > today) break;
    history.push({ status: LADDER[Math.min(step, LADDER.length - 1)]!, asOf });
    if (next() < 0.4) break;
    step += 1 + (next() < 0.25 ? 1 : 0);
    month += 8 + Math.floor(next() * 16);
  }
  return history;
}

export async function hasSample(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectNoFrom(
      sql<boolean>`exists (select 1 from assessment where is_sample) or exists (select 1 from recommendation_issue where is_sample) or exists (select 1 from submission where is_sample)`.as(
        "yes",
      ),
    )
    .executeTakeFirstOrThrow();
  return row.yes;
}

export async function addSampleData(db: Kysely<Database>, iso3: string, today: string): Promise<SampleCounts> {
  return db.transaction().execute(async (trx) => {
    if (await hasSample(trx)) return { assessments: 0, links: 0, asks: 0 };
    const org =
      (await trx.selectFrom("organisation").select("id").where("name", "=", SAMPLE_ORGANISATION).executeTakeFirst()) ??
      (await trx
        .insertInto("organisation")
        .values({ name: SAMPLE_ORGANISATION })
        .returning("id")
        .executeTakeFirstOrThrow());
    const recs = await trx
      .selectFrom("recommendation as rec")
      .innerJoin("review as r", "r.id", "rec.review_id")
      .innerJoin("state as s", "s.id", "r.state_id")
      .where("s.iso3", "=", iso3)
      .where("rec.kind", "=", "recommendation")
      .where("r.review_date", "is not", null)
      .select(["rec.id", sql<string>`coalesce(r.adoption_date, r.review_date)`.as("start")])
      .orderBy("rec.id")
      .execute();
    const rows = recs.flatMap((rec) =>
      sampleHistory(rec.id, rec.start, today).map((h) => ({
        recommendationId: rec.id,
        organisationId: org.id,
        status: h.status,
        asOf: h.asOf,
        evidence: SAMPLE_EVIDENCE,
        sourceUrls: [],
      })),
    );
    // Sample assessments (no author, marked as sample): one audit entry below says what the sample added.
    await insertAssessments(trx, null, rows);

    let links = 0;
    for (const [slug, words] of Object.entries(SAMPLE_LINKS)) {
      const issue = await trx.selectFrom("coalition_issue").select("id").where("slug", "=", slug).executeTakeFirst();
      if (!issue) continue;
      const inserted = await trx
        .insertInto("recommendation_issue")
        .columns(["recommendation_id", "issue_id", "is_sample"])
        .expression(
          trx
            .selectFrom("recommendation as rec")
            .innerJoin("review as r", "r.id", "rec.review_id")
            .innerJoin("state as s", "s.id", "r.state_id")
            .where("s.iso3", "=", iso3)
            .where(sql<boolean>`rec.search_vector @@ websearch_to_tsquery('english', ${words})`)
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom("recommendation_issue as x")
                    .select("x.issue_id")
                    .whereRef("x.recommendation_id", "=", "rec.id")
                    .where("x.issue_id", "=", issue.id),
                ),
              ),
            )
            .select(["rec.id", sql<number>`${issue.id}::int`.as("issue_id"), sql<boolean>`true`.as("is_sample")])
            .orderBy(sql`ts_rank(rec.search_vector, websearch_to_tsquery('english', ${words}))`, "desc")
            .orderBy("rec.id")
            .limit(8),
        )
        .executeTakeFirst();
      links += Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
    const asks = await addSampleAsks(trx, iso3);
    await writeAudit(trx, {
      userId: null,
      action: "sample.added",
      entity: "sample_data",
      entityId: iso3,
      before: null,
      after: { assessments: rows.length, links, asks },
    });
    return { assessments: rows.length, links, asks };
  });
}

export async function removeSampleData(db: Kysely<Database>): Promise<SampleCounts> {
  return db.transaction().execute(async (trx) => {
    const asks = await removeSampleAsks(trx);
    const a = await trx.deleteFrom("assessment").where("is_sample", "=", true).executeTakeFirst();
    const l = await trx.deleteFrom("recommendation_issue").where("is_sample", "=", true).executeTakeFirst();
    const result = { assessments: Number(a.numDeletedRows), links: Number(l.numDeletedRows), asks };
    const org = await trx
      .selectFrom("organisation")
      .select("id")
      .where("name", "=", SAMPLE_ORGANISATION)
      .executeTakeFirst();
    if (
      org &&
      !(await trx
        .selectFrom("assessment")
        .select("id")
        .where("organisation_id", "=", org.id)
        .limit(1)
        .executeTakeFirst())
    ) {
      if (
        !(await trx
          .selectFrom("app_user")
          .select("id")
          .where("organisation_id", "=", org.id)
          .limit(1)
          .executeTakeFirst())
      ) {
        await trx.deleteFrom("organisation").where("id", "=", org.id).execute();
      }
    }
    if (result.assessments || result.links || result.asks) {
      await writeAudit(trx, {
        userId: null,
        action: "sample.removed",
        entity: "sample_data",
        entityId: null,
        before: result,
        after: null,
      });
    }
    return result;
  });
}

/** What the sample data holds: assessments, issue links, and the sample submission's asks. */
export interface SampleCounts {
  assessments: number;
  links: number;
  asks: number;
}

export type SampleAddResult =
  | ({ ok: true; seeded: boolean } & SampleCounts)
  | { ok: false; reason: "already-there" | "no-recommendations"; seeded: boolean };

/** Sample data for a state (web and command line); a database without any data first gets the real data. */
export async function loadSampleData(db: Kysely<Database>, iso3: string, today: string): Promise<SampleAddResult> {
  let seeded = false;
  if (await isEmpty(db)) {
    await seed(db);
    seeded = true;
  }
  if (await hasSample(db)) return { ok: false, reason: "already-there", seeded };
  const r = await addSampleData(db, iso3, today);
  if (r.assessments === 0 && r.links === 0 && r.asks === 0) return { ok: false, reason: "no-recommendations", seeded };
  return { ok: true, ...r, seeded };
}

/** How much sample data is stored (the admin page). */
export async function sampleCounts(db: Kysely<Database>): Promise<SampleCounts> {
  const row = await db
    .selectNoFrom([
      sql<number>`(select count(*)::int from assessment where is_sample)`.as("assessments"),
      sql<number>`(select count(*)::int from recommendation_issue where is_sample)`.as("links"),
      sql<number>`(select count(*)::int from ask join submission sub on sub.id = ask.submission_id where sub.is_sample)`.as(
        "asks",
      ),
    ])
    .executeTakeFirstOrThrow();
  return row;
}
