// `npm run followups:detect [-- --state KEN] [--threshold 0.55]`
// Finds recommendations that repeat or continue one of an earlier cycle (same state under review) and
// stores them as 'detected' for editors to confirm or reject on the recommendation pages. Pairs an
// editor has decided on are never changed. Run it after importing a new review.
// Exit codes: 0 done, 1 the database failed, 2 bad arguments.
import { parseArgs } from "node:util";
import { z } from "zod";
import { detectFollowups, FOLLOWUP_THRESHOLD } from "../app/models/followups.server";
import { openMigratedDb, runMain } from "./lib/cli";

const USAGE = `usage: npm run followups:detect -- [--state ISO3] [--threshold 0..1]
  Without --state: every state under review with recommendations in more than one cycle.
  --threshold defaults to ${FOLLOWUP_THRESHOLD} (see docs/followups.md).`;

const Args = z.object({
  state: z.string().regex(/^[A-Za-z]{3}$/, "--state takes a three-letter ISO code such as KEN").transform((s) => s.toUpperCase()).optional(),
  threshold: z.coerce.number().min(0).max(1).optional(),
});

runMain(async (env) => {
  let args: z.infer<typeof Args>;
  try {
    const { values } = parseArgs({ options: { state: { type: "string" }, threshold: { type: "string" } }, strict: true });
    args = Args.parse(values);
  } catch (error) {
    console.error(`followups:detect: ${error instanceof z.ZodError ? error.issues[0]!.message : (error as Error).message}`);
    console.error(USAGE);
    return 2;
  }
  const handle = await openMigratedDb(env);
  try {
    let stateId: number | undefined;
    if (args.state) {
      const state = await handle.db.selectFrom("state").select("id").where("iso3", "=", args.state).executeTakeFirst();
      if (!state) {
        console.error(`followups:detect: no state with the code ${args.state}`);
        return 2;
      }
      stateId = state.id;
    }
    const result = await detectFollowups(handle.db, { stateId, threshold: args.threshold });
    console.log(
      `follow-ups (${handle.engine}): ${result.found} pairs at or above ${args.threshold ?? FOLLOWUP_THRESHOLD}, ${result.added} new, ` +
        `${result.decided} already decided by an editor (left as they were), ${result.removed} earlier detections no longer found (removed)`,
    );
  } finally {
    await handle.close();
  }
});
