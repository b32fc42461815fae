// Run before a browser test starts the app: seeds the database (DATA_DIR or DATABASE_URL), adds one
// cycle-2 recommendation to Kenya that repeats cycle-1 paragraph 101.91, and detects follow-ups.
// We hold no real cycle-2 texts yet: the text is a real one of the same 2010 review as UPR Info's
// database records it (verbatim from the sample export), placed in cycle 2 for the test.
//   node --import tsx tests/helpers/add-followup-fixture.ts
import { detectFollowups } from "../../app/models/followups.server";
import { seed } from "~/models/seed.server";
import { openMigratedDb, runMain } from "../../scripts/lib/cli";

const FOLLOWUP_FIXTURE = {
  paragraph: "142.1",
  text: "Take effective steps to address child labour",
  repeats: "101.91",
};

runMain(async (env) => {
  const handle = await openMigratedDb(env);
  try {
    await seed(handle.db);
    const kenya = (await handle.db.selectFrom("state").select("id").where("iso3", "=", "KEN").executeTakeFirstOrThrow())
      .id;
    const review = (
      await handle.db
        .selectFrom("review")
        .select("id")
        .where("state_id", "=", kenya)
        .where("cycle", "=", 2)
        .executeTakeFirstOrThrow()
    ).id;
    const azerbaijan = (
      await handle.db.selectFrom("state").select("id").where("iso3", "=", "AZE").executeTakeFirstOrThrow()
    ).id;
    const rec = await handle.db
      .insertInto("recommendation")
      .values({
        review_id: review,
        paragraph: FOLLOWUP_FIXTURE.paragraph,
        text: FOLLOWUP_FIXTURE.text,
        response: "supported",
        source_format: "native",
        source_key: `KEN:2:${FOLLOWUP_FIXTURE.paragraph}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto("recommendation_recommending_state")
      .values({ recommendation_id: rec.id, state_id: azerbaijan })
      .execute();
    const result = await detectFollowups(handle.db, { stateId: kenya });
    console.log(JSON.stringify({ recommendationId: rec.id, ...result }));
  } finally {
    await handle.close();
  }
});
