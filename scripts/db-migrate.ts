// `npm run db:migrate`: applies the pending migrations to the database of the environment.
import { isEntryPoint, type Main, openMigratedDb, runMain } from "./lib/cli";

export const main: Main = async (env, _args, io) => {
  const handle = await openMigratedDb(env, io.log);
  io.log(`database is up to date (${handle.engine}: ${handle.location})`);
  await handle.close();
};

if (isEntryPoint(import.meta.url)) runMain(main);
