// `npm run export` as a user runs it, on each engine: the same file as /export.csv, to stdout or --out;
// rows and time on stderr; exit 2 on usage errors, 1 on a filter value that names nothing. The script's
// main runs in this process (tests/helpers/cli.ts); tests/integration/cli-entry-points.test.ts runs the
// real entry point once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_COLUMNS } from "~/lib/export-format";
import { exportCsv } from "~/models/export.server";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "~/models/seed.server";
import { main } from "../../scripts/export";
import { runScript } from "../helpers/cli";
import { createTestDatabase, enginesUnderTest } from "../helpers/test-db";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "upr-export-cli-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** `npm run export -- ...argv` with only the given database settings, in this process. */
const cli = (argv: string[], env: Record<string, string>) => runScript(main, argv, env);

for (const engine of enginesUnderTest()) {
  describe(`npm run export [${engine}]`, () => {
    let env: Record<string, string>;
    let expected: string;
    let drop = async () => {};

    beforeAll(async () => {
      let handle;
      if (engine === "pglite") {
        env = { DATA_DIR: path.join(work, "data") };
        handle = await createDb({ dataDir: env.DATA_DIR! });
      } else {
        const made = await createTestDatabase("postgres");
        env = { DATABASE_URL: made.url! };
        handle = made.handle;
        drop = made.drop;
      }
      try {
        await migrateToLatest(handle.db);
        await seed(handle.db);
        const org = await handle.db
          .insertInto("organisation")
          .values({ name: "Stop the Traffik Kenya" })
          .returning("id")
          .executeTakeFirstOrThrow();
        const rec = await handle.db
          .selectFrom("recommendation")
          .select("id")
          .where("paragraph", "=", "101.1")
          .executeTakeFirstOrThrow();
        await handle.db
          .insertInto("assessment")
          .values({
            recommendation_id: rec.id,
            organisation_id: org.id,
            as_of: "2012-01-15",
            status: "in_progress",
            evidence: "@mention and “quotes”",
          })
          .execute();
        expected = "";
        for await (const piece of exportCsv(handle.db, { kind: "recommendation", state: "KEN", cycle: 1 }))
          expected += piece;
      } finally {
        await handle.close();
      }
    });
    afterAll(() => drop());

    it("writes the file to stdout: the same bytes as /export.csv; rows and time on stderr", async () => {
      const r = await cli(["--state", "KEN", "--cycle", "1"], env);
      expect(r.code, r.errors.join("\n")).toBe(0);
      expect([...r.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(r.stdout.toString("utf8")).toBe(expected);
      expect(r.errors.at(-1)).toMatch(/^export: 150 rows written in \d+\.\d s\.$/);
      const rows = Papa.parse<string[]>(expected.slice(1), { skipEmptyLines: true }).data;
      expect(rows[1]![EXPORT_COLUMNS.indexOf("evidence")]).toBe("'@mention and “quotes”");
    });

    it("--out FILE, and the other filters", async () => {
      const out = path.join(work, `kenya-${engine}.csv`);
      const r = await cli(["--state", "ken", "--status", "in_progress", "--out", out], env);
      expect(r.code, r.errors.join("\n")).toBe(0);
      expect(r.stdout.length).toBe(0);
      expect(r.errors.at(-1)).toMatch(
        new RegExp(`^export: 1 row written to ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} in`),
      );
      const lines = fs.readFileSync(out, "utf8").split("\r\n").filter(Boolean);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^KEN,1,8,A\/HRC\/15\/8,101\.1,Burkina Faso,/);
      expect(fs.readdirSync(work).filter((f) => f.includes(".partial-"))).toEqual([]);
      const noted = await cli(["--response", "noted", "--issue", "victim-protection"], env);
      expect(noted.code).toBe(0);
      expect(noted.stdout.toString("utf8").split("\r\n").filter(Boolean)).toHaveLength(1); // the header only
    });

    it("a filter value that names nothing: exit 1, one clear line, nothing written", async () => {
      const out = path.join(work, `nothing-${engine}.csv`);
      const r = await cli(["--issue", "no-such-issue", "--out", out], env);
      expect(r.code).toBe(1);
      expect(r.errors).toEqual([
        expect.stringMatching(
          /^export: unknown filter value: --issue no-such-issue names nothing in the database .*; nothing was written\.$/,
        ),
      ]);
      expect(fs.existsSync(out)).toBe(false);
      const state = await cli(["--state", "XYZ"], env);
      expect(state.code).toBe(1);
      expect(state.errors[0]).toMatch(/--state XYZ names nothing/);
    });

    it("usage errors: exit 2", async () => {
      for (const argv of [
        ["--cycle", "x"],
        ["--status", "done"],
        ["--colour", "red"],
        ["KEN"],
        ["--out"],
        ["--out", path.join(work, "no/such/folder/x.csv")],
      ]) {
        const r = await cli(argv, env);
        expect(r.code, argv.join(" ")).toBe(2);
        expect(r.errors[0]).toMatch(/^export: /);
        expect(r.errors.join("\n")).toContain("usage: npm run export");
      }
      const help = await cli(["--help"], env);
      expect(help.code).toBe(0);
      expect(help.stdout.toString()).toContain("usage: npm run export");
    });
  });
}
