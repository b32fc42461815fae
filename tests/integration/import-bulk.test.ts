// Large imports (app/import/store/import.server.ts, BatchWriter.deferSearchIndexes): past `bulkThreshold`
// new recommendations the import drops the GIN indexes of the texts and builds them again before it
// commits. The rows are real UPR Info rows (bench/lib/uprinfo-file.ts), on both engines.
import { sql } from "kysely";
import postgres from "postgres";
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { importFile } from "~/import/store/import.server";
import { excerptRows, generatedRow } from "../../bench/lib/uprinfo-file";
import { snapshotDb } from "../helpers/db-snapshot";
import { describeEachEngine } from "../helpers/test-db";

/** A UPR Info export of `n` rows: the excerpt's real rows for many states (as the benchmark makes them). */
function generatedFile(n: number, lastRowResponse?: string): Buffer {
  const { header, rows } = excerptRows();
  const lines = Array.from({ length: n }, (_, i) => {
    const cells = generatedRow(i, rows);
    if (lastRowResponse && i === n - 1) cells[7] = lastRowResponse;
    return cells.join(",");
  });
  return Buffer.from([header, ...lines].join("\r\n") + "\r\n", "utf8");
}

describeEachEngine("import of many rows", (t) => {
  /** The GIN indexes of the recommendation table: name, definition and identity (a rebuilt index is a new one). */
  const ginIndexes = async () =>
    (
      await sql<{ name: string; definition: string; oid: number }>`
        select c.relname as name, pg_get_indexdef(c.oid) as definition, c.oid::int as oid
        from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
        where i.indrelid = 'recommendation'::regclass and am.amname = 'gin' order by c.relname
      `.execute(t.db)
    ).rows;

  /** Matches of a text search, read once through the indexes only and once without them. */
  const searchBothWays = async (word: string) =>
    t.db.transaction().execute(async (trx) => {
      const count = async () =>
        (
          await sql<{ fts: number; trgm: number }>`
            select (select count(*)::int from recommendation where search_vector @@ plainto_tsquery('english', ${word})) as fts,
                   (select count(*)::int from recommendation where text ilike ${`%${word}%`}) as trgm
          `.execute(trx)
        ).rows[0];
      await sql`set local enable_seqscan = off`.execute(trx);
      const withIndexes = await count();
      await sql`set local enable_seqscan = on`.execute(trx);
      await sql`set local enable_indexscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      const withoutIndexes = await count();
      return { withIndexes, withoutIndexes };
    });

  beforeAll(async () => {
    await seed(t.db); // 150 recommendations
  });

  it("below the threshold the indexes are kept as they are", async () => {
    const before = await ginIndexes();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const s = await importFile(t.db, generatedFile(30), {}, { batchSize: 10 });
    expect(s).toMatchObject({ inserted: 30, errorCount: 0, committed: true });
    expect(await ginIndexes()).toEqual(before);
  });

  it("a dry run and a rejected import past the threshold write nothing and leave the indexes as they were", async () => {
    const before = await ginIndexes();
    const snapshot = await snapshotDb(t.db);
    const file = generatedFile(400);
    const dry = await importFile(t.db, file, {}, { batchSize: 50, bulkThreshold: 100, dryRun: true });
    expect(dry).toMatchObject({
      inserted: 0,
      planned: { inserted: 370, unchanged: 30 },
      errorCount: 0,
      committed: false,
    });
    const rejected = await importFile(t.db, generatedFile(400, "Maybe"), {}, { batchSize: 50, bulkThreshold: 100 });
    expect(rejected).toMatchObject({ rejected: 1, committed: false });
    expect(await ginIndexes()).toEqual(before);
    expect(await snapshotDb(t.db)).toEqual(snapshot);
  });

  it("past the threshold the indexes are built again (same definitions), hold every new row, and importing again changes nothing", async () => {
    const before = await ginIndexes();
    const s = await importFile(t.db, generatedFile(400), {}, { batchSize: 50, bulkThreshold: 100 });
    expect(s).toMatchObject({ rows: 400, inserted: 370, unchanged: 30, errorCount: 0, committed: true });
    const after = await ginIndexes();
    expect(after.map(({ name, definition }) => ({ name, definition }))).toEqual(
      before.map(({ name, definition }) => ({ name, definition })),
    );
    expect(after.map((i) => i.oid)).not.toEqual(before.map((i) => i.oid)); // rebuilt, not kept

    for (const word of ["ratifying", "poverty"]) {
      const { withIndexes, withoutIndexes } = await searchBothWays(word);
      expect(withIndexes).toEqual(withoutIndexes);
      expect(withIndexes.fts).toBeGreaterThan(0);
      expect(withIndexes.trgm).toBeGreaterThan(0);
    }

    const again = await importFile(t.db, generatedFile(400), {}, { batchSize: 50, bulkThreshold: 100 });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 400, committed: true });
    expect(await ginIndexes()).toEqual(after);
  });

  it("when a reader holds the table, the import does not wait for it: it keeps the indexes (PostgreSQL)", async (ctx) => {
    if (t.handle.engine !== "postgres" || !t.url) return ctx.skip(); // PGlite has one connection: no other reader
    const reader = postgres(t.url, { max: 1, onnotice: () => {} });
    try {
      const before = await ginIndexes();
      const counted = await snapshotDb(t.db);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const readerDone = reader.begin(async (tx) => {
        await tx`select count(*) from recommendation`; // ACCESS SHARE until this transaction ends
        holding();
        await released;
      });
      await held;
      const s = await importFile(t.db, generatedFile(1_000), {}, { batchSize: 100, bulkThreshold: 100 });
      release();
      await readerDone;
      expect(s).toMatchObject({ inserted: 600, unchanged: 400, errorCount: 0, committed: true });
      expect(await ginIndexes()).toEqual(before);
      expect(counted.recommendation.rows + 600).toBe((await snapshotDb(t.db)).recommendation.rows);
      const { withIndexes, withoutIndexes } = await searchBothWays("poverty");
      expect(withIndexes).toEqual(withoutIndexes);
    } finally {
      await reader.end();
    }
  });
});
