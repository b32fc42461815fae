// `npm run bench:seed [-- --database-url URL] [--pglite DIR] [--no-postgres] [--force] [--seed N] [--scale X]`
// Generates the synthetic world-scale data set (bench/lib/world.ts: 193 states, 4 cycles,
// 100,000 recommendations, 400,000 assessments, 200,000 issue links) into a database of its own:
// --database-url, else BENCH_DATABASE_URL, else `upr_bench` on the local server (TEST_DATABASE_URL's
// server, else postgres://postgres@127.0.0.1:5432), created when missing. It never writes to a
// database that holds other data: only to an empty one or one it marked itself (table bench_marker).
// --pglite DIR seeds an embedded data directory too (same rows). A database that already holds the
// same world is left as it is unless --force.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createDb, redactUrl, StartupError } from "../db/client";
import {
  benchDatabaseUrl,
  DEFAULT_SEED,
  ensurePostgresDatabase,
  seedWorld,
  worldSpec,
  type SeedReport,
} from "./lib/world";

const Args = z.object({
  "database-url": z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must look like postgres://user@host:5432/database")
    .optional(),
  pglite: z.string().min(1).optional(),
  "no-postgres": z.boolean().default(false),
  force: z.boolean().default(false),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(DEFAULT_SEED),
  scale: z.coerce.number().gt(0).max(10).default(1),
});

function printReport(where: string, report: SeedReport): void {
  const c = report.counts;
  console.log(
    `${where}: ${c.states} states, ${c.reviews} reviews, ${c.recommendations.toLocaleString("en")} recommendations ` +
      `(${c.recommending_states.toLocaleString("en")} recommending-state links), ${c.assessments.toLocaleString("en")} assessments, ` +
      `${c.issues} coalition issues, ${c.issue_links.toLocaleString("en")} issue links` +
      (report.skipped ? " (already there)" : `; seeded in ${report.seconds.toFixed(1)} s`),
  );
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        "database-url": { type: "string" },
        pglite: { type: "string" },
        "no-postgres": { type: "boolean" },
        force: { type: "boolean" },
        seed: { type: "string" },
        scale: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`bench:seed: ${(error as Error).message}`);
    return 2;
  }
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    console.error(`bench:seed: ${parsed.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`).join("; ")}`);
    return 2;
  }
  const args = parsed.data;
  const spec = worldSpec({ seed: args.seed, scale: args.scale });
  const log = (line: string) => console.log(line);
  console.log(
    `World-scale data set: ${spec.states} states x ${spec.cycles} cycles, ${spec.recommendations.toLocaleString("en")} recommendations, ` +
      `${spec.assessments.toLocaleString("en")} assessments, ${spec.issueLinks.toLocaleString("en")} issue links (seed ${spec.seed})`,
  );

  if (!args["no-postgres"]) {
    const url = benchDatabaseUrl(args["database-url"]);
    const created = await ensurePostgresDatabase(url);
    console.log(`PostgreSQL ${redactUrl(url)}${created === "created" ? " (created)" : ""}`);
    const handle = await createDb({ databaseUrl: url });
    try {
      const report = await seedWorld(handle, spec, { force: args.force, log });
      printReport("PostgreSQL", report);
    } finally {
      await handle.close();
    }
  }
  if (args.pglite) {
    console.log(`PGlite ${args.pglite}`);
    const handle = await createDb({ dataDir: args.pglite });
    try {
      const report = await seedWorld(handle, spec, { force: args.force, log });
      printReport("PGlite", report);
    } finally {
      await handle.close();
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof StartupError ? `bench:seed: ${error.message}` : error);
    process.exit(1);
  },
);
