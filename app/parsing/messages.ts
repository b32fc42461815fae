// What the pool (pool.server.ts) and a worker (worker.ts) say to each other.
import type { Jobs } from "./worker";

export type JobKind = keyof Jobs;

/** Pool -> worker: run a job. Then "more" after each batch, for the next one. */
export interface JobMessage {
  type: "job";
  kind: JobKind;
  input: unknown;
}

/** Worker -> pool: the next items of the job; `done` with the last ones. */
export interface BatchMessage {
  type: "batch";
  items: unknown[];
  done: boolean;
  /** How far the job has got (an import: the bytes of its file read), when it says. */
  progress?: number;
}

/** Worker -> pool: the job threw (a bug or an I/O error, not bad input: readers answer that in words). */
export interface ErrorMessage {
  type: "error";
  /** The error's name (BackupError, …): the pool throws an Error of that name and message. */
  name: string;
  message: string;
}
