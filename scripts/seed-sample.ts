// `npm run seed:sample` adds sample (made-up) assessments and issue links to the default state's
// recommendations; `npm run seed:sample -- --remove` removes exactly them.
import { parseArgs } from "node:util";
import { todayUtc } from "../app/lib/dates";
import { addSampleData, removeSampleData } from "../app/models/sample-data.server";
import { openMigratedDb, runMain } from "./lib/cli";

runMain(async (env) => {
  let remove = false;
  try {
    remove = Boolean(parseArgs({ options: { remove: { type: "boolean" } } }).values.remove);
  } catch (error) {
    console.error(`usage: npm run seed:sample [-- --remove]  (${(error as Error).message})`);
    return 2;
  }
  const handle = await openMigratedDb(env);
  try {
    if (remove) {
      const r = await removeSampleData(handle.db);
      console.log(
        `removed ${r.assessments} sample assessments and ${r.links} sample issue links; nothing else was touched`,
      );
    } else {
      const r = await addSampleData(handle.db, env.DEFAULT_STATE, todayUtc());
      console.log(
        r.assessments || r.links
          ? `added ${r.assessments} sample assessments and ${r.links} sample issue links to ${env.DEFAULT_STATE}'s recommendations. They are made up, and every page says so while they exist. Remove them with: npm run seed:sample -- --remove`
          : "sample data is already there; nothing added",
      );
    }
  } finally {
    await handle.close();
  }
});
