// A parsing worker: reads what a stranger sent (an import file, a round-trip file, a draft for the
// word count) on a thread of its own, so the request's event loop never waits on it, within the time
// and memory that app/parsing/pool.server.ts gives it. Each job is an async generator whose items go
// back to the pool in batches; the next batch is made once the pool asks for it (backpressure).
import { createReadStream } from "node:fs";
import { parentPort } from "node:worker_threads";
import { readImportFile } from "../import/readers";
import { parseRoundTrip } from "../import/readers/roundtrip";
import { readRoundTripFile } from "../import/readers/roundtrip-file.server";
import type { ImportEvent, ImportOptions } from "../import/readers/types";
import { scanBackup } from "../lib/backup-file.server";
import { readDraftFile } from "../lib/draft-file.server";
import { countDocument, type WordCount } from "../lib/word-count";
import type { BatchMessage, ErrorMessage, JobMessage } from "./messages";

/** An import file: a path (the worker reads it) or its bytes. */
export type ImportSource = { path: string } | { bytes: Uint8Array };

export type CountSource = { fileName: string; bytes: Uint8Array } | { text: string; footnotes: string | null };
export type CountResult =
  { ok: true; source: "docx" | "txt" | "paste"; count: WordCount } | { ok: false; message: string };

/** The jobs a worker runs: their input, and the items they yield. */
export const jobs = {
  /** An import file's events (readImportFile); the bytes of a path read so far are its progress. */
  async *import(
    { source, options }: { source: ImportSource; options: ImportOptions },
    progress: (n: number) => void,
  ): AsyncGenerator<ImportEvent> {
    if ("bytes" in source) return yield* readImportFile(source.bytes, options);
    const file = source.path;
    // Opened again for each read (the first may only decide the encoding): progress counts the last one.
    async function* openStream(): AsyncGenerator<Uint8Array> {
      let read = 0;
      for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
        read += chunk.length;
        progress(read);
        yield chunk;
      }
    }
    yield* readImportFile({ openStream }, options);
  },
  /** A file brought back from a spreadsheet: null when it is not one, else its rows and problems. */
  async *roundtrip({ path, dateOrder }: { path: string; dateOrder?: "dmy" | "mdy" }) {
    const text = await readRoundTripFile(path);
    yield text === null ? null : parseRoundTrip(text, { dateOrder });
  },
  /** The word count of a draft (a .docx or .txt file, or pasted text). */
  async *count(source: CountSource): AsyncGenerator<CountResult> {
    if ("text" in source) {
      yield { ok: true, source: "paste", count: countDocument({ body: source.text, footnotes: source.footnotes }) };
      return;
    }
    const draft = readDraftFile(source.fileName, source.bytes);
    yield draft.ok ? { ok: true, source: draft.kind, count: countDocument(draft) } : draft;
  },
  /** A backup file checked whole before a restore writes anything (scanBackup): its summary. */
  async *backup({ file, known }: { file: string; known: string[] }) {
    yield await scanBackup(file, { known });
  },
  /** For the pool's own tests: yields `n` numbers, or spins, or allocates until stopped. */
  async *probe({ n, spin, allocate }: { n?: number; spin?: boolean; allocate?: boolean }): AsyncGenerator<number> {
    for (let i = 0; i < (n ?? 0); i++) yield i;
    const hold: string[] = [];
    while (spin || allocate) if (allocate) hold.push("x".repeat(1024) + hold.length);
  },
};
export type Jobs = typeof jobs;

/** Items a batch holds at most; a job's items are posted in batches of this many. */
const BATCH = 500;

async function run(message: JobMessage): Promise<void> {
  const port = parentPort!;
  const job = jobs[message.kind] as (input: unknown, progress: (n: number) => void) => AsyncGenerator<unknown>;
  let progress: number | undefined;
  const more = () => new Promise<void>((resolve) => port.once("message", () => resolve()));
  const post = (items: unknown[], done: boolean) => {
    const batch: BatchMessage = { type: "batch", items, done, progress };
    port.postMessage(batch);
  };
  try {
    let items: unknown[] = [];
    for await (const item of job(message.input, (n) => (progress = n))) {
      items.push(item);
      if (items.length >= BATCH) {
        post(items, false);
        items = [];
        await more();
      }
    }
    post(items, true);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ type: "error", name: e.name, message: e.message } satisfies ErrorMessage);
  }
}

parentPort!.on("message", (message: JobMessage | { type: string }) => {
  if (message.type === "job") void run(message as JobMessage);
});
parentPort!.postMessage({ type: "ready" });
