// `npm run export -- [--state KEN] [--cycle N] [--issue SLUG] [--status S] [--response R] [--from ISO3]
//                     [--group G] [--action N] [--theme T] [--q TEXT] [--kind recommendation|pledge] [--out FILE]`
// Writes the CSV export (the same file as /export.csv with the same filters) to FILE, or to stdout.
// Rows written and the time taken go to stderr. Exit codes: 0 written; 1 a filter value names nothing
// in the database (nothing written) or the export failed; 2 usage error.
//
// Memory: two batches of rows at a time. package.json runs this script compiled
// (`node --max-semi-space-size=2 scripts/compiled.mjs export`, no tsx) with a small young generation:
// 133-137 MB at its peak for 100,000 rows (docs/decisions/2026-12-08-compiled-export.md).
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { exportCsv } from "../app/models/export.server";
import { FILTER_KEYS, parseRecommendationFilter } from "../app/lib/recommendation-filter";
import { unknownFilterValues } from "../app/models/search.server";
import { migrateToLatest } from "../db/migrate";
import { type Io, isEntryPoint, type Main, openDbFromEnv, runMain } from "./lib/cli";

const USAGE = `usage: npm run export -- [--state ISO3] [--cycle N] [--issue SLUG] [--status STATUS] [--out FILE]
                         [--response supported|noted|pending] [--from ISO3] [--group GROUP] [--action 1-5]
                         [--theme THEME] [--q TEXT] [--kind recommendation|pledge]
  --state     state under review, ISO 3166 alpha-3 (e.g. KEN)
  --cycle     UPR cycle, 1 to 4
  --issue     coalition issue slug (e.g. victim-protection)
  --status    current status: not_assessed, no_action, in_progress, partially_implemented, fully_implemented
  --response  the state's response; --from a recommending state (ISO3); --group its regional group
  --action    UPR Info action category; --theme a UPR theme; --q words of the text
  --kind      recommendation (default) or pledge (voluntary pledges)
  --out       write to FILE (written whole or not at all); default: standard output
The file: UTF-8 with BOM, CRLF, one row per recommendation (columns: docs/decisions/2026-11-26-export.md).
Exit codes: 0 written, 1 unknown filter value (nothing written), 2 usage error.`;

const OPTIONS: NonNullable<Parameters<typeof parseArgs>[0]>["options"] = {
  ...Object.fromEntries(FILTER_KEYS.map((k) => [k, { type: "string" as const }])),
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
};

const Args = z.object({
  out: z.string().trim().min(1, "--out needs a file name").optional(),
  help: z.boolean().default(false),
});

function usageError(io: Io, message: string): number {
  io.error(`export: ${message}`);
  io.error(USAGE);
  return 2;
}

export const main: Main = async (env, argv, io) => {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }) as {
      values: Record<string, string | boolean | undefined>;
    });
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  const args = Args.safeParse({ out: values.out, help: values.help });
  if (!args.success) return usageError(io, args.error.issues[0]!.message);
  if (args.data.help) {
    io.log(USAGE);
    return 0;
  }

  // The same parser as the URL filters of /export.csv: a value it does not understand is a usage error.
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (typeof values[key] === "string") params.set(key, values[key] as string);
  const { filter, ignored } = parseRecommendationFilter(params);
  if (ignored.length)
    return usageError(io, `not a valid filter value: ${ignored.map((i) => `--${i.replace("=", " ")}`).join(", ")}`);

  const outFile = args.data.out ? path.resolve(args.data.out) : null;
  if (outFile && !fs.existsSync(path.dirname(outFile)))
    return usageError(io, `the folder of --out does not exist: ${path.dirname(outFile)}`);

  const handle = await openDbFromEnv(env);
  try {
    for (const name of await migrateToLatest(handle.db)) io.error(`migrated: ${name}`);
    const unknown = await unknownFilterValues(handle.db, filter);
    if (unknown.length) {
      io.error(
        `export: unknown filter value: ${unknown.map((k) => `--${k} ${filter[k]}`).join(", ")} names nothing in the database (${handle.location}); nothing was written.`,
      );
      return 1;
    }
    const started = performance.now();
    let rows = 0;
    // One piece (a batch of rows) at a time: the next is made when the file has taken this one.
    const csv = Readable.from(exportCsv(handle.db, filter, { onRows: (n) => (rows += n) }), { highWaterMark: 1 });
    if (outFile) {
      // Written to a temporary file beside it, then renamed: FILE is never left half-written.
      const partial = `${outFile}.partial-${process.pid}`;
      try {
        await pipeline(csv, fs.createWriteStream(partial));
        fs.renameSync(partial, outFile);
      } catch (error) {
        fs.rmSync(partial, { force: true });
        throw error;
      }
    } else {
      try {
        await pipeline(csv, io.stdout);
      } catch (error) {
        // The reader went away (e.g. `| head`): not an error of ours.
        if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    io.error(
      `export: ${rows.toLocaleString("en")} ${rows === 1 ? "row" : "rows"} written${outFile ? ` to ${outFile}` : ""} in ${seconds.toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
};

if (isEntryPoint(import.meta.url)) runMain(main);
