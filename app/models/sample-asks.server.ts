// The sample data's submission: a made-up coalition submission with a few made-up asks for the
// default state's latest review that holds recommendations, so that the advocacy pages (submission,
// uptake report, lobbying list) show something before a coalition records its own. A coalition's real
// asks are not public, so these are invented, and labelled as sample data in the submission's title,
// its organisation and every ask's text. The uptake is searched as an editor would, and the best
// suggestion of each ask is confirmed. Removal (removeSampleData) deletes the submission, which takes
// its asks and their uptake with it.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { suggestUptake } from "./uptake.server";

export const SAMPLE_SUBMISSION_TITLE = "Sample submission (made up: not a real coalition's submission)";
const SAMPLE_LABEL = " (Sample ask: made up, not a real coalition's ask.)";

/** Coalition issue slug -> the ask's words (made up; the label is added to each). */
const SAMPLE_ASKS: { issue: string; text: string }[] = [
  {
    issue: "victim-protection",
    text: "Adopt a comprehensive national policy against the trafficking of children and child prostitution, with care and protection for every child victim.",
  },
  {
    issue: "criminal-justice-capacity",
    text: "Strengthen law enforcement and the judicial system to end impunity for violence against women and girls and for trafficking in women and girls.",
  },
  {
    issue: "legal-policy-frameworks",
    text: "Adopt a national plan of action on children and children's rights that covers trafficking and exploitation.",
  },
  {
    issue: "trust-fund-delay",
    text: "Operationalise the Victims of Trafficking Trust Fund and publish what it pays out to survivors every year.",
  },
];

/** Adds the sample submission with its asks and their uptake; returns how many asks (0 without a review). */
export async function addSampleAsks(trx: Kysely<Database>, iso3: string): Promise<number> {
  const review = await trx
    .selectFrom("review as r")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("s.iso3", "=", iso3)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom("recommendation as rec").select("rec.id").whereRef("rec.review_id", "=", "r.id")),
    )
    .select(["r.state_id", "r.cycle"])
    .orderBy("r.cycle", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!review) return 0;
  const sub = await trx
    .insertInto("submission")
    .values({
      state_id: review.state_id,
      cycle: review.cycle,
      title: SAMPLE_SUBMISSION_TITLE,
      kind: "joint",
      organisations: ["Sample coalition (made up)"],
      body: "Sample data: this submission and its asks are made up by npm run seed:sample to show how the advocacy pages work.",
      is_public: true,
      is_sample: true,
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const issues = await trx.selectFrom("coalition_issue").select(["id", "slug"]).execute();
  const issueId = new Map(issues.map((i) => [i.slug, i.id]));
  await trx
    .insertInto("ask")
    .values(
      SAMPLE_ASKS.map((a, i) => ({
        submission_id: sub.id,
        issue_id: issueId.get(a.issue) ?? null,
        text: a.text + SAMPLE_LABEL,
        position: i + 1,
      })),
    )
    .execute();
  await suggestUptake(trx, null, sub.id);
  // The best suggestion of each ask is confirmed (a made-up decision, like the rest of the sample).
  await sql`
    update ask_uptake set status = 'confirmed', decided_at = now()
    where (ask_id, recommendation_id) in (
      select distinct on (u.ask_id) u.ask_id, u.recommendation_id
      from ask_uptake u join ask on ask.id = u.ask_id
      where ask.submission_id = ${sub.id}
      order by u.ask_id, u.similarity desc, u.recommendation_id)`.execute(trx);
  return SAMPLE_ASKS.length;
}

export async function removeSampleAsks(trx: Kysely<Database>): Promise<number> {
  const { n } = await trx
    .selectFrom("ask")
    .innerJoin("submission as sub", "sub.id", "ask.submission_id")
    .where("sub.is_sample", "=", true)
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  await trx.deleteFrom("submission").where("is_sample", "=", true).execute();
  return n;
}
