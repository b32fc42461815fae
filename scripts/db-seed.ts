// `npm run db:seed`: migrates, then adds the real seed data (seed-data/) that is missing; existing data is kept.
import { seed } from "../app/models/seed.server";
import { isEntryPoint, type Main, openMigratedDb, runMain } from "./lib/cli";

export const main: Main = async (env, _args, io) => {
  const handle = await openMigratedDb(env, io.log);
  try {
    const result = await seed(handle.db);
    io.log(
      `seeded (${handle.engine}): ${result.reviews} reviews, ${result.recommendations} recommendations, ${result.issues} coalition issues added; existing data left as it was`,
    );
  } finally {
    await handle.close();
  }
};

if (isEntryPoint(import.meta.url)) runMain(main);
