// app/parsing/pool.server.ts: jobs run in worker threads, their items streamed back in order; a job past
// its time or memory limit is ended with a ParseLimitError in words; a full lane refuses at once; the
// pool goes on working after each of these.
import { describe, expect, it } from "vitest";
import { ParseLimitError, runJob, runJobOnce } from "~/parsing/pool.server";

async function limitError(job: AsyncGenerator<unknown>): Promise<ParseLimitError> {
  try {
    for await (const _ of job);
  } catch (error) {
    if (error instanceof ParseLimitError) return error;
    throw error;
  }
  throw new Error("the job ended without a ParseLimitError");
}

describe("parsing pool", { timeout: 120_000 }, () => {
  it("streams a job's items in order, across batches", async () => {
    const items: number[] = [];
    for await (const item of runJob("probe", { n: 1_234 })) items.push(item);
    expect(items).toEqual(Array.from({ length: 1_234 }, (_, i) => i));
  });

  it("answers one-item jobs (the word count) in the public lane", async () => {
    const counted = await runJobOnce("count", { text: "one two  three\nfour", footnotes: "five" }, { lane: "public" });
    expect(counted).toEqual({ ok: true, source: "paste", count: { total: 5, footnotes: 1 } });
  });

  it("ends a job that runs past its time, and says so", async () => {
    const started = performance.now();
    const error = await limitError(runJob("probe", { spin: true }, { limits: { timeMs: 1_000, memoryMb: 64 } }));
    expect(error.kind).toBe("time");
    expect(error.message).toMatch(/^This file took too long to read: more than 1 second\./);
    // The limit counts from the job's start (a worker start is not the job's time): well within 30 s.
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it("ends a job that needs more memory than its limit, and says so", async () => {
    const error = await limitError(runJob("probe", { allocate: true }, { limits: { timeMs: 60_000, memoryMb: 48 } }));
    expect(error.kind).toBe("memory");
    expect(error.message).toMatch(/^This file is too large once unpacked: reading it needed more than 48 MB/);
  });

  it("a full lane refuses at once; the jobs in it still finish", async () => {
    const slow = { limits: { timeMs: 1_500, memoryMb: 64 }, lane: "public" as const };
    // One runs, four wait: the sixth is refused at once.
    const running = Array.from({ length: 5 }, () => limitError(runJob("probe", { spin: true }, slow)));
    await new Promise((r) => setTimeout(r, 100));
    const refused = await limitError(runJob("probe", { n: 1 }, slow));
    expect(refused.kind).toBe("busy");
    expect(refused.message).toBe("The server is reading other files just now: try again in a minute.");
    const kinds = (await Promise.all(running)).map((e) => e.kind);
    expect(kinds).toEqual(["time", "time", "time", "time", "time"]);
    // And the lane works again.
    expect(await runJobOnce("count", { text: "a b", footnotes: null }, { lane: "public" })).toMatchObject({ ok: true });
  });
});
