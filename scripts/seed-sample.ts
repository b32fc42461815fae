// `npm run seed:sample` adds sample (made-up) assessments and issue links to the default state's
// recommendations, and a sample submission with asks; `npm run seed:sample -- --remove` removes exactly them. While the server runs, the
// task is sent to it (scripts/lib/admin-task.ts); a database without data first gets the real data.
import { parseArgs } from "node:util";
import { performAdminTask } from "./lib/admin-task";
import { isEntryPoint, type Main, runMain } from "./lib/cli";

export const main: Main = async (env, args, io) => {
  let remove = false;
  try {
    remove = Boolean(parseArgs({ args, options: { remove: { type: "boolean" } }, strict: true }).values.remove);
  } catch (error) {
    io.error(`usage: npm run seed:sample [-- --remove]  (${(error as Error).message})`);
    return 2;
  }
  const { answer } = await performAdminTask(
    env,
    remove ? { task: "sample.remove" } : { task: "sample.add", state: env.DEFAULT_STATE },
    io,
  );
  if (answer.task === "sample.remove") {
    const r = answer.result;
    io.log(
      `removed ${r.assessments} sample assessments, ${r.links} sample issue links and the sample submission's ${r.asks} asks; nothing else was touched`,
    );
    return 0;
  }
  if (answer.task !== "sample.add") throw new Error("unexpected answer");
  const r = answer.result;
  if (r.seeded)
    io.log("the database was empty: added the real data first (reviews, recommendations, coalition issues)");
  if (r.ok) {
    io.log(
      `added ${r.assessments} sample assessments and ${r.links} sample issue links to ${env.DEFAULT_STATE}'s recommendations, and a sample submission with ${r.asks} asks. They are made up, and every page says so while they exist. Remove them with: npm run seed:sample -- --remove`,
    );
    return 0;
  }
  if (r.reason === "already-there") {
    io.log("sample data is already there; nothing added (remove it with: npm run seed:sample -- --remove)");
    return 0;
  }
  io.error(`seed:sample: there are no recommendations of ${env.DEFAULT_STATE} with a review date; nothing added`);
  return 1;
};

if (isEntryPoint(import.meta.url)) runMain(main);
