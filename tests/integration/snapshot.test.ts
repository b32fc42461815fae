// The database snapshot that keys the page cache (server/page-cache.ts): unchanged by reads,
// changed by every write that commits or rolls back, on both engines.
import { expect, it } from "vitest";
import { databaseSnapshot } from "~/models/snapshot.server";
import { seed } from "~/models/seed.server";
import { describeEachEngine } from "../helpers/test-db";

describeEachEngine("database snapshot", (t) => {
  it("stays the same while only reads happen, and changes with each committed or rolled-back write", async () => {
    await seed(t.db);
    // On PostgreSQL the snapshot is the whole server's: other databases' writes (other test files
    // running at the same time) change it too. So: reads alone leave it unchanged at least once in 20 tries.
    let unchanged = false;
    for (let i = 0; i < 20 && !unchanged; i++) {
      const before = await databaseSnapshot(t.db);
      expect(before).toMatch(/^\d+:\d+:[\d,]*$/); // xmin:xmax:in-progress ids
      await t.db.selectFrom("recommendation").select("id").limit(5).execute();
      await t.db.transaction().execute(async (trx) => trx.selectFrom("review").selectAll().execute());
      unchanged = (await databaseSnapshot(t.db)) === before;
    }
    expect(unchanged).toBe(true);

    const before = await databaseSnapshot(t.db);
    const issue = await t.db
      .selectFrom("coalition_issue")
      .select(["id", "title"])
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await t.db.updateTable("coalition_issue").set({ title: issue.title }).where("id", "=", issue.id).execute();
    const afterWrite = await databaseSnapshot(t.db);
    expect(afterWrite).not.toBe(before);

    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.updateTable("coalition_issue").set({ title: issue.title }).where("id", "=", issue.id).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await databaseSnapshot(t.db)).not.toBe(afterWrite);
  });
});
