// The embedded database's writer lane (db/pglite-dialect.ts): writes take the one connection before
// queued reads, transactions still never interleave, and reads still progress under steady writes.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { inWriterLane } from "../../db/lanes";
import { LaneLock } from "../../db/pglite-dialect";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("LaneLock", () => {
  it("grants the writer lane before queued reads, each lane in arrival order", async () => {
    const lock = new LaneLock(4);
    await lock.lock("read");
    const order: string[] = [];
    const waits = [
      lock.lock("read").then(() => order.push("r1")),
      lock.lock("read").then(() => order.push("r2")),
      lock.lock("write").then(() => order.push("w1")),
      lock.lock("write").then(() => order.push("w2")),
    ];
    for (let i = 0; i < 4; i++) {
      lock.unlock();
      await pause(0);
    }
    await Promise.all(waits);
    expect(order).toEqual(["w1", "w2", "r1", "r2"]);
    lock.unlock();
    expect(lock.waiting).toEqual({ write: 0, read: 0 });
  });

  it("lets one read go after every 4 writes while reads wait", async () => {
    const lock = new LaneLock(4);
    await lock.lock("write");
    const order: string[] = [];
    const waits = [
      ...[1, 2].map((i) => lock.lock("read").then(() => order.push(`r${i}`))),
      ...Array.from({ length: 10 }, (_, i) => lock.lock("write").then(() => order.push(`w${i + 1}`))),
    ];
    for (let i = 0; i < 12; i++) {
      lock.unlock();
      await pause(0);
    }
    await Promise.all(waits);
    expect(order).toEqual(["w1", "w2", "w3", "w4", "r1", "w5", "w6", "w7", "w8", "r2", "w9", "w10"]);
  });
});

describe("embedded database: the writer lane", () => {
  let handle: Db;
  beforeAll(async () => {
    handle = await createDb({ dataDir: null });
    await sql`create table event (id serial primary key, what text not null)`.execute(handle.db);
  });
  afterAll(() => handle.close());

  // A read that keeps the connection for a few milliseconds.
  const slowRead = () => sql`select count(*) from generate_series(1, 300000)`.execute(handle.db);

  it("a write waits for the statement under way, not for the queue of reads", async () => {
    const done: string[] = [];
    const reads = Array.from({ length: 12 }, (_, i) => slowRead().then(() => done.push(`read ${i}`)));
    // Sent after the reads: they are queued (the first one is running) when it asks for the connection.
    const write = inWriterLane(() => sql`insert into event (what) values ('w')`.execute(handle.db)).then(() =>
      done.push("write"),
    );
    await Promise.all([...reads, write]);
    expect(done.indexOf("write")).toBeLessThanOrEqual(1);
  });

  it("transactions in both lanes never interleave, and no query runs inside another's transaction", async () => {
    await sql`truncate event`.execute(handle.db);
    const transaction = (name: string) =>
      handle.db.transaction().execute(async (trx) => {
        await sql`insert into event (what) values (${`${name} begin`})`.execute(trx);
        await pause(5); // give every other piece of work the chance to cut in
        await sql`insert into event (what) values (${`${name} end`})`.execute(trx);
      });
    // Counts of one transaction's rows seen from outside it: 0 (before) or 2 (after), never 1 (inside).
    const seen: number[] = [];
    const look = () =>
      sql<{ n: number }>`select count(*)::int as n from event where what like 'read-lane %'`
        .execute(handle.db)
        .then((r) => seen.push(r.rows[0]!.n));
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      work.push(i === 0 ? transaction("read-lane 0") : transaction(`read-lane ${i}`).then(look));
      work.push(inWriterLane(() => transaction(`writer-lane ${i}`)));
      work.push(look(), inWriterLane(look));
    }
    await Promise.all(work);
    const { rows } = await sql<{ what: string }>`select what from event order by id`.execute(handle.db);
    const events = rows.map((r) => r.what);
    expect(events).toHaveLength(20);
    for (let i = 0; i < events.length; i += 2) {
      const name = events[i]!.replace(/ begin$/, "");
      expect(events[i]).toBe(`${name} begin`);
      expect(events[i + 1]).toBe(`${name} end`);
    }
    expect(seen.every((n) => n % 2 === 0)).toBe(true);
  });

  it("reads still progress while writes keep coming", async () => {
    let writes = 0;
    const writer = async () => {
      for (let i = 0; i < 30; i++) {
        await inWriterLane(() => sql`insert into event (what) values ('steady')`.execute(handle.db));
        writes++;
      }
    };
    // Four writers keep the writer lane busy all the time (120 writes).
    const writers = [writer(), writer(), writer(), writer()];
    const readsDone: number[] = [];
    const reads = Array.from({ length: 5 }, () => slowRead().then(() => readsDone.push(writes)));
    await Promise.all([...writers, ...reads]);
    expect(readsDone).toHaveLength(5);
    // Every read was answered while the writes were still coming, not after them.
    expect(Math.max(...readsDone)).toBeLessThan(120);
    expect(readsDone[0]).toBeGreaterThan(0); // and the writes went first
  });
});

// PostgreSQL: the writer lane has connections of its own, so a write does not queue behind reads
// that hold every connection of the readers' pool.
describe.skipIf(!process.env.TEST_DATABASE_URL)("PostgreSQL: the writer lane", () => {
  let handle: Db;
  beforeAll(async () => {
    handle = await createDb({ databaseUrl: process.env.TEST_DATABASE_URL! });
  });
  afterAll(() => handle.close());

  it("a write is answered while 20 reads hold and queue for the readers' 10 connections", async () => {
    const t0 = performance.now();
    const reads = Array.from({ length: 20 }, () => sql`select pg_sleep(0.4)`.execute(handle.db));
    const write = inWriterLane(() =>
      handle.db.transaction().execute(async (trx) => (await sql<{ n: number }>`select 1 as n`.execute(trx)).rows[0]!.n),
    );
    expect(await write).toBe(1);
    const writeMs = performance.now() - t0;
    await Promise.all(reads);
    const readsMs = performance.now() - t0;
    expect(readsMs).toBeGreaterThan(800); // two rounds of reads on 10 connections
    expect(writeMs).toBeLessThan(readsMs / 2);
  });
});
