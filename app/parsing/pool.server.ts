// Untrusted parsing off the request's event loop. Every file or text a stranger sends (an import in
// any format, a file brought back from a spreadsheet, a draft for the word count) is read by a worker
// thread (worker.ts) with a memory limit (V8's heap of the worker) and a time limit (the time the
// caller waits on it); a job past either is ended, the worker with it, and the caller gets a
// ParseLimitError whose message says so in words. Workers are few and kept in lanes with a bounded
// queue: anonymous work (the word count) cannot take the place of editors' imports, and past the
// queue a job is refused at once ("busy") rather than waited for. The command line uses the same
// path with limits of its own (CLI_LIMITS). docs/security.md says each limit.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { BatchMessage, ErrorMessage, JobKind, JobMessage } from "./messages";
import type { Jobs } from "./worker";

export interface ParseLimits {
  /** How long the caller may wait on the worker, in all, for one job. */
  timeMs: number;
  /** The worker's V8 heap (old generation), in MB. */
  memoryMb: number;
}

/** The web's jobs: a clear answer well within 30 s, and a server that grows by at most a few hundred MB. */
export const WEB_LIMITS: ParseLimits = { timeMs: 20_000, memoryMb: 160 };
/** The command line's: a user's own machine and file, still bounded. */
export const CLI_LIMITS: ParseLimits = { timeMs: 30 * 60_000, memoryMb: 4_096 };

export type LaneName = "public" | "editors";

export type JobInput<K extends JobKind> = Parameters<Jobs[K]>[0];
export type JobItem<K extends JobKind> = Jobs[K] extends (input: never, ...rest: never[]) => AsyncGenerator<infer T>
  ? T
  : never;

export type ParseLimitKind = "time" | "memory" | "busy";

export class ParseLimitError extends Error {
  override name = "ParseLimitError";
  constructor(
    readonly kind: ParseLimitKind,
    message: string,
  ) {
    super(message);
  }
}

function limitError(kind: ParseLimitKind, limits: ParseLimits): ParseLimitError {
  const seconds = Math.round(limits.timeMs / 1000);
  if (kind === "time")
    return new ParseLimitError(
      "time",
      `This file took too long to read: more than ${seconds} second${seconds === 1 ? "" : "s"}. It may be damaged or made to be slow to read; ` +
        "open it in a spreadsheet or Word, save it again, or split it into smaller files.",
    );
  if (kind === "memory")
    return new ParseLimitError(
      "memory",
      `This file is too large once unpacked: reading it needed more than ${limits.memoryMb} MB of memory. ` +
        "Save the sheet as CSV (read as it streams) or split the file, and import that.",
    );
  return new ParseLimitError("busy", "The server is reading other files just now: try again in a minute.");
}

/** The project's root: where package.json is, above this module (in app/parsing, or in build/server once built). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "app/parsing/worker.ts"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("app/parsing/worker.ts not found above " + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** A worker and the messages it sent that nobody has taken yet. */
class ParseWorker {
  readonly worker: Worker;
  private inbox: (BatchMessage | ErrorMessage)[] = [];
  private waiting: ((message: BatchMessage | ErrorMessage | Error) => void) | null = null;
  private failure: Error | null = null;
  readonly ready: Promise<void>;
  idleTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly memoryMb: number,
    root: string,
  ) {
    this.worker = new Worker(path.join(root, "app/parsing/boot.mjs"), {
      workerData: { entry: pathToFileURL(path.join(root, "app/parsing/worker.ts")).href },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    this.worker.unref();
    // Ready once its modules are loaded (compiling them is not the job's time).
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== "ready") return;
        this.worker.off("message", onMessage);
        resolve();
      };
      this.worker.on("message", onMessage);
      this.worker.once("error", reject);
      this.worker.once("exit", (code) => reject(new Error(`the parsing worker did not start (exit code ${code})`)));
    });
    this.worker.on("message", (message: BatchMessage | ErrorMessage | { type: "ready" }) => {
      if (message.type !== "ready") this.deliver(message);
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`the parsing worker stopped (exit code ${code})`)));
  }

  private deliver(message: BatchMessage | ErrorMessage | Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting(message);
    else if (!(message instanceof Error)) this.inbox.push(message);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.deliver(error);
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** The next message, or what stopped the worker; "timeout" after `ms`. */
  next(ms: number): Promise<BatchMessage | ErrorMessage | Error | "timeout"> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.resolve(this.failure);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiting = null;
          resolve("timeout");
        },
        Math.max(0, ms),
      );
      this.waiting = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
    });
  }

  post(message: JobMessage | { type: "more" }): void {
    this.worker.postMessage(message);
  }

  terminate(): void {
    this.failure ??= new Error("terminated");
    void this.worker.terminate();
  }
}

/** Workers kept idle this long are ended (their memory given back). */
const IDLE_MS = 30_000;

class Lane {
  private active = 0;
  private idle: ParseWorker[] = [];
  private queue: (() => void)[] = [];
  constructor(
    private readonly maxWorkers: number,
    private readonly maxQueued: number,
  ) {}

  async acquire(limits: ParseLimits, root: string): Promise<ParseWorker> {
    if (this.active >= this.maxWorkers) {
      if (this.queue.length >= this.maxQueued) throw limitError("busy", limits);
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.active++;
    const i = this.idle.findIndex((w) => w.memoryMb === limits.memoryMb && !w.failed);
    const reused = i >= 0 ? this.idle.splice(i, 1)[0] : null;
    if (reused?.idleTimer) clearTimeout(reused.idleTimer);
    try {
      const worker = reused ?? new ParseWorker(limits.memoryMb, root);
      await worker.ready;
      return worker;
    } catch (error) {
      this.release(null);
      throw error;
    }
  }

  /** The job is over: a worker that finished cleanly waits for the next job; the place goes to the next in line. */
  release(worker: ParseWorker | null): void {
    if (worker && !worker.failed) {
      this.idle.push(worker);
      worker.idleTimer = setTimeout(() => {
        this.idle = this.idle.filter((w) => w !== worker);
        worker.terminate();
      }, IDLE_MS);
      worker.idleTimer.unref();
    } else worker?.terminate();
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

/** One worker a lane: the machine has two cores, and readers keep the other. */
const lanes: Record<LaneName, Lane> = { public: new Lane(1, 4), editors: new Lane(1, 4) };
let root: string | null = null;

/**
 * Runs a job in a worker and yields its items as they come (the worker makes the next batch while the
 * caller uses this one). Throws ParseLimitError when the job passes its time or memory limit, or
 * when the lane's queue is full. Stopping early (return) ends the worker.
 */
export async function* runJob<K extends JobKind>(
  kind: K,
  input: JobInput<K>,
  options: { limits?: ParseLimits; lane?: LaneName; onProgress?: (n: number) => void } = {},
): AsyncGenerator<JobItem<K>, void> {
  const limits = options.limits ?? WEB_LIMITS;
  const lane = lanes[options.lane ?? "editors"];
  root ??= projectRoot();
  const worker = await lane.acquire(limits, root);
  let clean = false;
  try {
    worker.post({ type: "job", kind, input } satisfies JobMessage);
    let left = limits.timeMs;
    for (;;) {
      const started = performance.now();
      const message = await worker.next(left);
      left -= performance.now() - started;
      if (message === "timeout") throw limitError("time", limits);
      if (message instanceof Error) {
        if ((message as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") throw limitError("memory", limits);
        throw message;
      }
      if (message.type === "error") throw Object.assign(new Error(message.message), { name: message.name });
      if (message.progress !== undefined) options.onProgress?.(message.progress);
      clean = message.done; // the worker is free again once it sent its last batch
      if (!message.done) worker.post({ type: "more" });
      for (const item of message.items) yield item as JobItem<K>;
      if (message.done) return;
    }
  } finally {
    lane.release(clean ? worker : (worker.terminate(), worker));
  }
}

/** The one item of a job that yields one (a round-trip file read, a word count). */
export async function runJobOnce<K extends JobKind>(
  kind: K,
  input: JobInput<K>,
  options: { limits?: ParseLimits; lane?: LaneName } = {},
): Promise<JobItem<K>> {
  for await (const item of runJob(kind, input, options)) return item;
  throw new Error(`the ${kind} job gave no answer`);
}
