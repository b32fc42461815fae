import { seed } from "../app/models/seed.server";
import { openMigratedDb, runMain } from "./lib/cli";

runMain(async (env) => {
  const handle = await openMigratedDb(env);
  const result = await seed(handle.db);
  console.log(
    `seeded (${handle.engine}): ${result.reviews} reviews, ${result.recommendations} recommendations, ${result.issues} coalition issues added; existing data left as it was`,
  );
  await handle.close();
});
