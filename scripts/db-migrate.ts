import { openMigratedDb, runMain } from "./lib/cli";

runMain(async (env) => {
  const handle = await openMigratedDb(env);
  console.log(`database is up to date (${handle.engine}: ${handle.location})`);
  await handle.close();
});
