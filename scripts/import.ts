// `npm run import -- FILE [--format auto|native|upr-info|uhri] [--encoding auto|utf-8|windows-1252|macintosh]
//                        [--delimiter auto|comma|semicolon|tab] [--dry-run] [--json] [--progress]`
// Imports recommendations from a file, all or nothing (see README, "Importing recommendations").
// Exit codes: 0 imported (or a clean dry run), 1 rows rejected or the file unreadable (nothing was
// written), 2 usage error.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { ImportProgress, ImportSummary } from "../app/models/import.server";
import { importFile } from "../app/models/import.server";
import { openMigratedDb, runMain } from "./lib/cli";

const USAGE = `usage: npm run import -- FILE [--format auto|native|upr-info|uhri] [--encoding auto|utf-8|windows-1252|macintosh]
                         [--delimiter auto|comma|semicolon|tab] [--dry-run] [--json] [--progress]
  FILE         a UPR Monitor template CSV, a UPR Info database export (CSV) or an OHCHR UHRI export (JSON)
  --format     the file's format (default auto: detected from the header)
  --encoding   the file's text encoding (default auto: detected)
  --delimiter  the CSV delimiter (default auto: detected from the header)
  --dry-run    check everything and report what would change, but write nothing
  --json       end with one line of JSON holding the summary
  --progress   report progress on stderr even when it is not a terminal
Exit codes: 0 imported (or a clean dry run), 1 rows rejected (nothing written), 2 usage error.`;

const DELIMITERS = { auto: "auto", comma: ",", semicolon: ";", tab: "\t" } as const;

const Args = z.object({
  format: z.enum(["auto", "native", "upr-info", "uhri"], { message: "use auto, native, upr-info or uhri" }).default("auto"),
  encoding: z.enum(["auto", "utf-8", "windows-1252", "macintosh"], { message: "use auto, utf-8, windows-1252 or macintosh" }).default("auto"),
  delimiter: z.enum(["auto", "comma", "semicolon", "tab"], { message: "use auto, comma, semicolon or tab" }).default("auto"),
  "dry-run": z.boolean().default(false),
  json: z.boolean().default(false),
  progress: z.boolean().default(false),
});

function usageError(message: string): number {
  console.error(`import: ${message}`);
  console.error(USAGE);
  return 2;
}

const FORMAT_NAMES = { native: "UPR Monitor template", "upr-info": "UPR Info export", uhri: "OHCHR UHRI export" } as const;
const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };
const n = (x: number) => x.toLocaleString("en");

/** A progress bar on a terminal (redrawn at most 10 times a second), or plain lines with --progress elsewhere. */
function progressReporter(size: number, bytesRead: () => number, force: boolean) {
  const tty = process.stderr.isTTY === true;
  if (!tty && !force) return { update: (_p: ImportProgress) => {}, done: () => {} };
  let last = 0;
  let printed = false;
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      if (!p.done && now - last < (tty ? 100 : 1000) && printed) return;
      last = now;
      printed = true;
      const fraction = p.done ? 1 : Math.min(1, size > 0 ? bytesRead() / size : 0);
      const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
      const counts = `${n(p.rows)} rows read`;
      if (tty) {
        const width = 30;
        const filled = Math.round(fraction * width);
        process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${percent} ${counts}\x1b[K`);
      } else process.stderr.write(`import: ${percent.trim()} (${counts})\n`);
    },
    done() {
      if (tty && printed) process.stderr.write("\r\x1b[K");
    },
  };
}

function printSummary(file: string, s: ImportSummary, where: string): void {
  const out: string[] = [];
  const d = s.detected;
  if (d) {
    const csv = d.delimiter ? `, ${DELIMITER_NAMES[d.delimiter]}-separated, ${d.lineEnding} line endings` : "";
    out.push(`${path.basename(file)}: ${FORMAT_NAMES[d.format]}, ${d.encoding}${csv}.`);
    if (d.ignoredColumns.length) out.push(`Columns not imported: ${d.ignoredColumns.join(", ")}.`);
  }
  const line = (label: string, value: string) => out.push(`${`${label}:`.padEnd(30)}${value}`);
  line("Rows read", n(s.rows));
  line("Recommendations inserted", n(s.inserted));
  line("Recommendations updated", n(s.updated));
  line("Recommendations unchanged", n(s.unchanged));
  line(
    "Voluntary pledges",
    n(s.pledges) +
      (s.pledges ? ` (${n(s.pledgeOutcomes.inserted)} inserted, ${n(s.pledgeOutcomes.updated)} updated, ${n(s.pledgeOutcomes.unchanged)} unchanged)` : ""),
  );
  line("Rows skipped", n(s.skipped));
  for (const g of s.skippedReasons) out.push(`  ${n(g.count)} × ${g.reason} (rows ${g.firstRows.join(", ")}${g.count > g.firstRows.length ? ", ..." : ""})`);
  line("Rows rejected", n(s.rejected));
  if (s.reviewsCreated.length) {
    line("Reviews created", n(s.reviewsCreated.length));
    for (const r of s.reviewsCreated.slice(0, 20)) out.push(`  ${r.state}, cycle ${r.cycle} (session ${r.session})`);
    if (s.reviewsCreated.length > 20) out.push(`  ... and ${n(s.reviewsCreated.length - 20)} more`);
  }
  const coded = s.statesCreated.filter((x) => x.iso3 !== null).length;
  const uncoded = s.statesCreated.filter((x) => x.iso3 === null);
  if (s.statesCreated.length) line("States created", `${n(s.statesCreated.length)} (${n(coded)} with an ISO code)`);
  line("States without a known code", uncoded.length ? uncoded.map((x) => x.name).join(", ") : "none created");
  if (s.warnings.length) {
    out.push(`Warnings (${n(s.warnings.length)}):`);
    for (const w of s.warnings) out.push(`  ${w.row !== null ? `row ${w.row}` : "file"}${w.column ? `, column ${w.column}` : ""}: ${w.message}`);
  }
  console.log(out.join("\n"));

  if (s.errorCount > 0) {
    const lines = s.errors.slice(0, 100).map((e) => `  ${e.row !== null ? `row ${e.row}` : "file"}${e.column ? `, column ${e.column}` : ""}: ${e.message}`);
    if (s.errorCount > lines.length) lines.push(`  ... and ${n(s.errorCount - lines.length)} more`);
    console.error(`Errors (${n(s.errorCount)}):\n${lines.join("\n")}`);
    console.error(`Nothing was imported: fix the problems above and import the file again.`);
  } else if (s.dryRun) {
    console.log(`Dry run: nothing was written (${where}).`);
  } else {
    console.log(`Imported (${where}).`);
  }
}

function jsonSummary(s: ImportSummary) {
  return {
    format: s.format,
    encoding: s.encoding,
    rows: s.rows,
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    pledges: s.pledges,
    skipped: s.skipped,
    rejected: s.rejected,
    errors: s.errors.map((e) => ({ row: e.row, column: e.column, message: e.message })),
    warnings: s.warnings.map((w) => ({ row: w.row, column: w.column, message: w.message })),
    errorCount: s.errorCount,
    delimiter: s.detected?.delimiter ?? null,
    lineEnding: s.detected?.lineEnding ?? null,
    pledgeOutcomes: s.pledgeOutcomes,
    skippedReasons: s.skippedReasons,
    reviewsCreated: s.reviewsCreated,
    statesCreated: s.statesCreated,
    dryRun: s.dryRun,
    committed: s.committed,
  };
}

runMain(async (env) => {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      options: {
        format: { type: "string" },
        encoding: { type: "string" },
        delimiter: { type: "string" },
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        progress: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const { help: _help, ...rest } = values;
  const parsed = Args.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return usageError(`--${String(issue.path[0])}: ${issue.message}`);
  }
  if (positionals.length !== 1) return usageError(positionals.length === 0 ? "give the FILE to import" : "give one FILE at a time");
  const file = path.resolve(positionals[0]);
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return usageError(`${positionals[0]} is not a file`);
    size = stat.size;
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    return usageError(`cannot read ${positionals[0]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const args = parsed.data;

  const handle = await openMigratedDb(env);
  try {
    let bytesRead = 0;
    async function* bytes(): AsyncGenerator<Uint8Array> {
      for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
        bytesRead += chunk.length;
        yield chunk;
      }
    }
    const progress = progressReporter(size, () => bytesRead, args.progress);
    const summary = await importFile(
      handle.db,
      bytes(),
      { format: args.format, encoding: args.encoding, delimiter: DELIMITERS[args.delimiter] },
      { dryRun: args["dry-run"], userId: null, fileName: path.basename(file), onProgress: (p) => progress.update(p) },
    );
    progress.done();
    if (args.json) console.log(JSON.stringify(jsonSummary(summary)));
    else printSummary(file, summary, `${handle.engine}: ${handle.location}`);
    return summary.errorCount > 0 ? 1 : 0;
  } finally {
    await handle.close();
  }
});
