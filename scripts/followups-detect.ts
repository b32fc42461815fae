// `npm run followups:detect [-- --state KEN] [--threshold 0.55]`
// Finds recommendations that repeat or continue one of an earlier cycle (same state under review) and
// stores them as 'detected' for editors to confirm or reject on the recommendation pages. Pairs an
// editor has decided on are never changed. Run it after importing a new review.
// Exit codes: 0 done, 1 the database failed, 2 bad arguments.
import { parseArgs } from "node:util";
import { z } from "zod";
import { detectFollowupsByIso3, FOLLOWUP_THRESHOLD } from "../app/models/followups.server";
import { isEntryPoint, type Main, openMigratedDb, runMain } from "./lib/cli";

const USAGE = `usage: npm run followups:detect -- [--state ISO3] [--threshold 0..1]
  Without --state: every state under review with recommendations in more than one cycle.
  --threshold defaults to ${FOLLOWUP_THRESHOLD} (see docs/followups.md).`;

const Args = z.object({
  state: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "--state takes a three-letter ISO code such as KEN")
    .transform((s) => s.toUpperCase())
    .optional(),
  threshold: z.coerce.number().min(0).max(1).optional(),
});

export const main: Main = async (env, argv, io) => {
  let args: z.infer<typeof Args>;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { state: { type: "string" }, threshold: { type: "string" } },
      strict: true,
    });
    args = Args.parse(values);
  } catch (error) {
    io.error(`followups:detect: ${error instanceof z.ZodError ? error.issues[0]!.message : (error as Error).message}`);
    io.error(USAGE);
    return 2;
  }
  const handle = await openMigratedDb(env, io.log);
  try {
    const result = await detectFollowupsByIso3(handle.db, args.state, { threshold: args.threshold });
    if (!result) {
      io.error(`followups:detect: no state with the code ${args.state}`);
      return 2;
    }
    io.log(
      `follow-ups (${handle.engine}): ${result.found} pairs at or above ${args.threshold ?? FOLLOWUP_THRESHOLD}, ${result.added} new, ` +
        `${result.decided} already decided by an editor (left as they were), ${result.removed} earlier detections no longer found (removed)`,
    );
  } finally {
    await handle.close();
  }
};

if (isEntryPoint(import.meta.url)) runMain(main);
