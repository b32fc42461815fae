// Embedded mode is one connection: concurrent requests must wait, never interleave inside a transaction.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";

describe("embedded database serialises transactions", () => {
  let handle: Db;
  beforeAll(async () => {
    handle = await createDb({ dataDir: null });
    await sql`create table counter (id int primary key, n int not null)`.execute(handle.db);
    await sql`insert into counter values (1, 0)`.execute(handle.db);
  });
  afterAll(() => handle.close());

  it("50 concurrent read-modify-write transactions lose no update", async () => {
    const increment = () =>
      handle.db.transaction().execute(async (trx) => {
        const { n } = (await trx
          .selectFrom("counter" as any)
          .select("n")
          .where("id", "=", 1)
          .executeTakeFirstOrThrow()) as { n: number };
        await new Promise((r) => setTimeout(r, 1)); // give another request every chance to cut in
        await trx
          .updateTable("counter" as any)
          .set({ n: n + 1 })
          .where("id", "=", 1)
          .execute();
      });
    // Plain queries race alongside the transactions.
    const readers = Array.from({ length: 50 }, () =>
      handle.db
        .selectFrom("counter" as any)
        .select("n")
        .execute(),
    );
    await Promise.all([...Array.from({ length: 50 }, increment), ...readers]);
    const row = (await handle.db
      .selectFrom("counter" as any)
      .select("n")
      .executeTakeFirstOrThrow()) as { n: number };
    expect(row.n).toBe(50);
  });

  it("a failing transaction rolls back without touching a concurrent one", async () => {
    const failing = handle.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("counter" as any)
        .set({ n: -1 })
        .where("id", "=", 1)
        .execute();
      await new Promise((r) => setTimeout(r, 5));
      throw new Error("boom");
    });
    const ok = handle.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("counter" as any)
        .set({ n: sql`n + 100` })
        .where("id", "=", 1)
        .execute();
    });
    await expect(failing).rejects.toThrow("boom");
    await ok;
    const row = (await handle.db
      .selectFrom("counter" as any)
      .select("n")
      .executeTakeFirstOrThrow()) as { n: number };
    expect(row.n).toBe(150);
  });
});
