// `npm run import -- FILE [--format ...] [--encoding ...] [--delimiter ...] [--sheet NAME] [--state S] [--session N]
//                        [--uncertain skip|new] [--prefer-file] [--text-language CODE] [--dry-run] [--json] [--progress]`
// Imports recommendations from a file, all or nothing (see README, "Importing recommendations").
// Exit codes: 0 imported (or a clean dry run), 1 rows rejected or the file unreadable (nothing was
// written), 2 usage error.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { ImportProgress, ImportSummary } from "../app/import/store/import.server";
import { CLI_UNPACKED_BYTES, importFromSource } from "../app/import/import-file.server";
import { CLI_LIMITS } from "../app/parsing/pool.server";
import { ROUNDTRIP_KEY } from "../app/import/readers/roundtrip";
import { TEXT_LANGUAGES } from "../app/import/readers/text-language";
import {
  DELIMITER_CHARS,
  DELIMITER_CHOICES,
  DELIMITER_NAMES,
  ENCODING_CHOICES,
  FORMAT_CHOICES,
  FORMAT_LABELS,
  keysOf,
} from "../app/import/readers/options";
import { type Io, isEntryPoint, type Main, openMigratedDb, runMain } from "./lib/cli";

const USAGE = `usage: npm run import -- FILE [options]
  FILE           a UPR Monitor template (CSV or .xlsx), a UPR Info database export (CSV, .xls or .xlsx), an OHCHR
                 UHRI export (JSON or .xlsx), an OHCHR matrix (.docx), or a Working Group report (.docx, or its
                 recommendations as text in a .txt file)
  --format       auto (default: detected), native, upr-info, uhri, ohchr-matrix or wg-report
  --encoding     a text file's encoding: auto (default: detected from the whole file), utf-8, windows-1252, macintosh
  --delimiter    a CSV file's delimiter: auto (default), comma, semicolon, tab
  --sheet NAME   a workbook's sheet (default: UPR Info's export sheet, else the first sheet with a known header)
  --state S      a report's or matrix's state under review, where the document does not name it (name or ISO code)
  --session N    the same for the Working Group session (the cycle follows from it)
  --state-name "NAME=CODE"
                 a state name the file writes that matches no state we know, and the state it is (an ISO code),
                 or NAME=none for a recommending state that is not a state (its rows are held without it);
                 repeat it for each name (the import writes nothing while a name has no answer)
  --uncertain    rows that may be rows of a recommendation already held but are not certainly so:
                 skip (default: left out and listed) or new (imported as new recommendations)
  --prefer-file  where a row merged into a held recommendation differs from it, take the file's value
                 (default: keep the held value and list the difference)
  --text-language CODE
                 the language of the file's texts: en, fr, es, ar, ru, zh, sw or pt (default: detected from the
                 first texts, else en); rows of recommendations held in another language add their text in
                 this language beside the held one and change nothing else
  --dry-run      check everything and report what would change, but write nothing
  --json         end with one line of JSON holding the summary
  --progress     report progress on stderr even when it is not a terminal
Exit codes: 0 imported (or a clean dry run), 1 rows rejected or the file unreadable (nothing written), 2 usage error.`;

const Args = z.object({
  format: z.enum(keysOf(FORMAT_CHOICES), { message: `use ${Object.keys(FORMAT_CHOICES).join(", ")}` }).default("auto"),
  encoding: z.enum(keysOf(ENCODING_CHOICES), { message: "use auto, utf-8, windows-1252 or macintosh" }).default("auto"),
  delimiter: z.enum(keysOf(DELIMITER_CHOICES), { message: "use auto, comma, semicolon or tab" }).default("auto"),
  sheet: z.string().min(1).max(200).optional(),
  state: z.string().min(1).max(200).optional(),
  "state-name": z
    .array(
      z.string().regex(/^[^=]{1,200}=([A-Za-z]{3}|none)$/, {
        message: 'give NAME=CODE, such as "Macedonia FYR=MKD", or NAME=none',
      }),
    )
    .default([]),
  session: z.coerce.number({ message: "give a session number such as 35" }).int().min(1).max(99).optional(),
  uncertain: z.enum(["skip", "new"], { message: "use skip or new" }).default("skip"),
  "prefer-file": z.boolean().default(false),
  "text-language": z.enum(TEXT_LANGUAGES, { message: `use ${TEXT_LANGUAGES.join(", ")}` }).optional(),
  "dry-run": z.boolean().default(false),
  json: z.boolean().default(false),
  progress: z.boolean().default(false),
});

function usageError(io: Io, message: string): number {
  io.error(`import: ${message}`);
  io.error(USAGE);
  return 2;
}

const n = (x: number) => x.toLocaleString("en");

/** A progress bar on a terminal (redrawn at most 10 times a second), or plain lines with --progress elsewhere. */
function progressReporter(io: Io, size: number, bytesRead: () => number, force: boolean) {
  const tty = io.interactive && process.stderr.isTTY === true;
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
      } else io.error(`import: ${percent.trim()} (${counts})`);
    },
    done() {
      if (tty && printed) process.stderr.write("\r\x1b[K");
    },
  };
}

function printSummary(io: Io, file: string, s: ImportSummary, where: string): void {
  const out: string[] = [];
  const d = s.detected;
  if (d) {
    const csv = d.delimiter ? `, ${DELIMITER_NAMES[d.delimiter]}-separated, ${d.lineEnding} line endings` : "";
    const sheet = d.sheet
      ? `, sheet ${JSON.stringify(d.sheet)}${d.sheets.length > 1 ? ` (of ${d.sheets.map((x) => JSON.stringify(x)).join(", ")})` : ""}`
      : "";
    out.push(
      `${path.basename(file)}: ${FORMAT_LABELS[d.format]}, ${d.container}${d.encoding ? `, ${d.encoding}` : ""}${csv}${sheet}.`,
    );
    if (d.ignoredColumns.length) out.push(`Columns not imported: ${d.ignoredColumns.join(", ")}.`);
    if (d.ignoredColumns.includes(ROUNDTRIP_KEY))
      out.push(
        `This file was exported by UPR Monitor: here it is read as recommendations, by paragraph. To record the statuses and evidence typed into it, ` +
          `bring it back on the import page (/import, signed in as an editor): that round trip matches rows by ${ROUNDTRIP_KEY}, ` +
          `so paragraphs a spreadsheet turned into numbers (101.10 became 101.1) are recognised there.`,
      );
  }
  const line = (label: string, value: string) => out.push(`${`${label}:`.padEnd(37)} ${value}`);
  const p = s.planned;
  const would = s.committed ? "" : " (would be)";
  line("Rows read", n(s.rows));
  line(`Recommendations inserted${would}`, n(p.inserted));
  line(`Rows merged into held${would}`, n(p.merged) + (p.merged ? " (recommendations already held, enriched)" : ""));
  line(`Recommendations updated${would}`, n(p.updated));
  if (p.translated || (s.textLanguage && s.textLanguage !== "en"))
    line(
      `Texts in another language${would}`,
      `${n(p.translated)} added beside held recommendations (the file's texts: ${s.textLanguage}${s.textLanguageDetected ? ", detected; --text-language says otherwise" : ""})`,
    );
  if (s.textConflictCount)
    line(
      "Texts differing from the held ones",
      `${n(s.textConflictCount)} (held texts kept; --prefer-file takes the file's)`,
    );
  line("Recommendations unchanged", n(p.unchanged));
  if (s.uncertainCount) {
    line("Uncertain matches, left out", n(s.uncertainCount));
    for (const u of s.uncertain.slice(0, 20)) {
      const c = u.candidates[0];
      out.push(
        `  row ${u.row} (${u.recommendingStates.join(", ")}): "${u.text.slice(0, 70)}" may be ${c.paragraph ?? `#${c.id}`} "${c.text.slice(0, 50)}..." (score ${c.score})`,
      );
    }
    out.push(
      "  Import again with --uncertain new to add them as new recommendations, or choose one by one on the import page.",
    );
  }
  if (s.unknownStates.length) {
    line("State names we do not know", `${n(s.unknownStates.length)}: nothing is written until each has an answer`);
    for (const u of s.unknownStates)
      out.push(
        `  "${u.name}" (${u.field === "stateUnderReview" ? "state under review" : "recommending state"}, ${u.rows === 1 ? `row ${u.firstRow}` : `${n(u.rows)} rows from row ${u.firstRow}`})`,
      );
    out.push(
      `  Import again with --state-name "${s.unknownStates[0].name}=CODE" (an ISO code such as KEN, or none) for each, or answer on the import page.`,
    );
  }
  if (s.conflictCount) {
    line(
      "Differences from held values",
      `${n(s.conflictCount)} (${s.conflicts[0]?.kept === "file" ? "the file's values taken" : "held values kept; --prefer-file takes the file's"})`,
    );
    for (const c of s.conflicts.slice(0, 20))
      out.push(`  row ${c.row}, ${c.paragraph ?? `#${c.recommendationId}`}: ${c.field} held ${c.held}, file ${c.file}`);
  }
  line(
    "Voluntary pledges",
    n(s.pledges) +
      (s.pledges
        ? ` (${n(s.pledgeOutcomes.inserted)} inserted, ${n(s.pledgeOutcomes.updated)} updated, ${n(s.pledgeOutcomes.unchanged)} unchanged)`
        : ""),
  );
  line("Rows skipped", n(s.skipped));
  for (const g of s.skippedReasons)
    out.push(
      `  ${n(g.count)} × ${g.reason} (rows ${g.firstRows.join(", ")}${g.count > g.firstRows.length ? ", ..." : ""})`,
    );
  line("Rows rejected", n(s.rejected));
  if (s.reviewsCreated.length) {
    line("Reviews created", n(s.reviewsCreated.length));
    for (const r of s.reviewsCreated.slice(0, 20)) out.push(`  ${r.state}, cycle ${r.cycle} (session ${r.session})`);
    if (s.reviewsCreated.length > 20) out.push(`  ... and ${n(s.reviewsCreated.length - 20)} more`);
  }
  const coded = s.statesCreated.filter((x) => x.iso3 !== null).length;
  const uncoded = s.statesCreated.filter((x) => x.iso3 === null);
  if (s.statesCreated.length) line("States created", `${n(s.statesCreated.length)} (${n(coded)} with an ISO code)`);
  if (uncoded.length) line("States without a known code", uncoded.map((x) => x.name).join(", "));
  if (s.warnings.length) {
    out.push(`Warnings (${n(s.warnings.length)}):`);
    for (const w of s.warnings)
      out.push(`  ${w.row !== null ? `row ${w.row}` : "file"}${w.column ? `, column ${w.column}` : ""}: ${w.message}`);
  }
  io.log(out.join("\n"));

  if (s.errorCount > 0) {
    const lines = s.errors
      .slice(0, 100)
      .map(
        (e) => `  ${e.row !== null ? `row ${e.row}` : "file"}${e.column ? `, column ${e.column}` : ""}: ${e.message}`,
      );
    if (s.errorCount > lines.length) lines.push(`  ... and ${n(s.errorCount - lines.length)} more`);
    io.error(`Errors (${n(s.errorCount)}):\n${lines.join("\n")}`);
    io.error(`Nothing was imported: fix the problems above and import the file again.`);
  } else if (s.dryRun) {
    io.log(`Dry run: nothing was written (${where}).`);
  } else if (!s.committed) {
    io.error(s.notCommitted ?? "Nothing was imported.");
  } else if (s.importId !== null) {
    io.log(
      `Imported (${where}) as import #${s.importId}${s.waitedForAnotherImport ? ", after waiting for another import to finish" : ""}: an admin can undo it on the Imports page.`,
    );
  } else {
    io.log(`Nothing to change: everything in the file is held already (${where}).`);
  }
}

/** The summary as one JSON object: what was written (all 0 unless committed) and what the import would do. */
function jsonSummary(s: ImportSummary) {
  return {
    committed: s.committed,
    notCommitted: s.notCommitted,
    importId: s.importId,
    format: s.format,
    container: s.detected?.container ?? null,
    encoding: s.encoding,
    sheet: s.detected?.sheet ?? null,
    rows: s.rows,
    inserted: s.inserted,
    matched: s.merged,
    updated: s.updated,
    unchanged: s.unchanged,
    planned: s.planned,
    pledges: s.pledges,
    skipped: s.skipped,
    rejected: s.rejected,
    uncertain: s.uncertain,
    uncertainCount: s.uncertainCount,
    conflicts: s.conflicts,
    conflictCount: s.conflictCount,
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
    waitedForAnotherImport: s.waitedForAnotherImport,
  };
}

/** --uncertain new: every uncertain row is imported as a new recommendation. */
class AllNew extends Map<number, number | "new"> {
  override get(): "new" {
    return "new";
  }
}

export const main: Main = async (env, argv, io) => {
  let values: Record<string, string | string[] | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      options: {
        format: { type: "string" },
        encoding: { type: "string" },
        delimiter: { type: "string" },
        sheet: { type: "string" },
        state: { type: "string" },
        "state-name": { type: "string", multiple: true },
        session: { type: "string" },
        uncertain: { type: "string" },
        "prefer-file": { type: "boolean" },
        "text-language": { type: "string" },
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        progress: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      args: argv,
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  if (values.help) {
    io.log(USAGE);
    return 0;
  }
  const { help: _help, ...rest } = values;
  const parsed = Args.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return usageError(io, `--${String(issue.path[0])}: ${issue.message}`);
  }
  if (positionals.length !== 1)
    return usageError(io, positionals.length === 0 ? "give the FILE to import" : "give one FILE at a time");
  const file = path.resolve(positionals[0]);
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return usageError(io, `${positionals[0]} is not a file`);
    size = stat.size;
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    return usageError(io, `cannot read ${positionals[0]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const args = parsed.data;

  const handle = await openMigratedDb(env);
  try {
    let bytesRead = 0;
    const progress = progressReporter(io, size, () => bytesRead, args.progress);
    // Read in a parsing worker, as the web's imports are, with the command line's own limits.
    const summary = await importFromSource(
      handle.db,
      { path: file },
      {
        format: args.format,
        encoding: args.encoding,
        delimiter: DELIMITER_CHARS[args.delimiter],
        sheet: args.sheet,
        state: args.state,
        session: args.session,
        // A workbook on the user's own machine may unpack to more than the web allows (64 MB).
        unpackedBytes: CLI_UNPACKED_BYTES,
      },
      {
        dryRun: args["dry-run"],
        userId: null,
        fileName: path.basename(file),
        onProgress: (p) => progress.update(p),
        preferFile: args["prefer-file"],
        textLanguage: args["text-language"],
        uncertainChoices: args.uncertain === "new" ? new AllNew() : undefined,
        stateChoices: new Map(
          args["state-name"].map((answer) => {
            const at = answer.lastIndexOf("=");
            const code = answer.slice(at + 1);
            return [answer.slice(0, at).trim(), code === "none" ? "none" : code.toUpperCase()];
          }),
        ),
      },
      CLI_LIMITS,
      (n) => (bytesRead = n),
    );
    progress.done();
    if (args.json) io.log(JSON.stringify(jsonSummary(summary)));
    else printSummary(io, file, summary, `${handle.engine}: ${handle.location}`);
    return summary.errorCount > 0 || (!summary.committed && !summary.dryRun) ? 1 : 0;
  } finally {
    await handle.close();
  }
};

if (isEntryPoint(import.meta.url)) runMain(main);
