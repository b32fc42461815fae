// The admin tasks the command line can ask of a running server (server/admin-endpoint.ts), and runs
// itself when no server holds the database: one function, so both ways do the same thing.
import type { Kysely } from "kysely";
import { z } from "zod";
import { todayUtc } from "../app/lib/dates";
import {
  loadSampleData,
  removeSampleData,
  type SampleAddResult,
  type SampleCounts,
} from "../app/models/sample-data.server";
import { createUser, type CreateUserResult, roleField } from "../app/models/users.server";
import type { Database } from "../db/schema";

export const AdminTask = z.discriminatedUnion("task", [
  z.object({
    task: z.literal("user.create"),
    email: z.string().max(300),
    org: z.string().max(300),
    role: roleField,
    name: z.string().max(300).nullable(),
    password: z.string().max(1000),
  }),
  z.object({ task: z.literal("sample.add"), state: z.string().regex(/^[A-Z]{3}$/) }),
  z.object({ task: z.literal("sample.remove") }),
]);
export type AdminTask = z.infer<typeof AdminTask>;

export type AdminTaskResult =
  | { task: "user.create"; result: CreateUserResult }
  | { task: "sample.add"; result: SampleAddResult }
  | { task: "sample.remove"; result: SampleCounts };

export async function runAdminTask(db: Kysely<Database>, task: AdminTask): Promise<AdminTaskResult> {
  switch (task.task) {
    case "user.create":
      return {
        task: task.task,
        result: await createUser(
          db,
          {
            email: task.email,
            password: task.password,
            role: task.role,
            displayName: task.name,
            organisation: { name: task.org },
          },
          { userId: null },
        ),
      };
    case "sample.add":
      return { task: task.task, result: await loadSampleData(db, task.state, todayUtc()) };
    case "sample.remove":
      return { task: task.task, result: await removeSampleData(db) };
  }
}
