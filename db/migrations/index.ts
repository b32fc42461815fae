// Every migration, by name. Names sort in the order they run (ISO date and time first).
import type { Migration } from "kysely";
import * as foundation from "./2026-11-26T1900-foundation";

export const migrations: Record<string, Migration> = {
  "2026-11-26T1900-foundation": foundation,
};
