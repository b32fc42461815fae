// An admin task of the command line (user:create, seed:sample): sent to the running server when one
// holds the embedded database (server/admin-endpoint.ts), else run on the database directly.
import type { Env } from "../../app/env.server";
import { openMigratedDb } from "../../db/open";
import { findAdminEndpoint, sendAdminTask } from "../../server/admin-endpoint";
import { type AdminTask, type AdminTaskResult, runAdminTask } from "../../server/admin-tasks";
import type { Io } from "./cli";

export async function performAdminTask(
  env: Env,
  task: AdminTask,
  io: Io,
): Promise<{ answer: AdminTaskResult; where: string }> {
  const endpoint = env.DATABASE_URL ? null : findAdminEndpoint(env.DATA_DIR);
  if (endpoint) {
    const answer = await sendAdminTask(endpoint, task);
    return { answer, where: `through the running server, pid ${endpoint.pid}` };
  }
  const handle = await openMigratedDb(env, io.log);
  try {
    return { answer: await runAdminTask(handle.db, task), where: `${handle.engine}: ${handle.location}` };
  } finally {
    await handle.close();
  }
}
