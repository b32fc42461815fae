// `npm run bench:import [-- --rows 100000] [--merge-rows 10000] [--json] [--no-pglite] [--no-xlsx] [--no-merge]`
// The import benchmark (not a test): generates a UPR Info export of 100,000 rows from the real rows
// of tests/fixtures/import (bench/lib/uprinfo-file.ts), imports it into a new PostgreSQL database,
// times a plain COPY of the same file into an unindexed table in the same database, then a COPY into
// a table shaped and indexed like `recommendation` (COPY_INDEXED_TABLE), and does the same on PGlite. Each import runs in a child process of its own, so its peak memory (maxRSS) is its
// own. Targets (issue "Import recommendations from real files"): at least 10,000 rows per second,
// at most 4 times the COPY time, at most 300 MB peak memory.
//
//
// Two more figures (issue "Import what the UN and UPR Info actually publish"): the same rows as an
// Excel workbook (.xlsx, sheet "UPR Info database export"), imported on each engine (target at least
// 5,000 rows per second, at most 300 MB peak memory); and a merge: 10,000 UPR Info rows into 10,000
// recommendations held for the same reviews (imported first from our template, with paragraphs and
// attributions as a Working Group report has them), target at most 10 s.
//
// PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
// names the server; the benchmark creates the database upr_bench_import there and drops it after.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDb, redactUrl } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { seed } from "../app/models/seed.server";
import { CLI_UNPACKED_BYTES, importFromSource } from "../app/import/import-file.server";
import { CLI_LIMITS } from "../app/parsing/pool.server";
import * as XLSX from "@e965/xlsx";
import { UN_STATES } from "../app/lib/states";
import { excerptRows, writeUprInfoFile } from "./lib/uprinfo-file";

const SCRIPT = fileURLToPath(import.meta.url);

/** As `npm run import` imports a file: read in a parsing worker with the command line's limits. */
const importAsCli = (db: Parameters<typeof importFromSource>[0], file: string) =>
  importFromSource(db, { path: file }, { unpackedBytes: CLI_UNPACKED_BYTES }, {}, CLI_LIMITS);
const ROOT = path.resolve(path.dirname(SCRIPT), "..");
/** BENCH_IMPORT_DATABASE names another one (several people benchmarking on one server). */
const DATABASE = process.env.BENCH_IMPORT_DATABASE || "upr_bench_import";
const TARGETS = { rowsPerSecond: 10_000, copyRatio: 4, peakMb: 300, xlsxRowsPerSecond: 5_000, mergeSeconds: 10 };

const COPY_TABLE = `create table copy_baseline (
  sur text, sur_group text, sur_org text, text text, rs text, rs_group text, rs_org text,
  response text, action text, issue text, session text)`;

// The second baseline: the same rows into a table shaped and indexed like `recommendation` (its
// generated full-text column, its GIN and btree indexes and checks come along with INCLUDING ALL; not
// its foreign keys). The file's columns go into extra text columns, except the text, which fills the
// real `text` column (and so the full-text column and both GIN indexes); the other required columns
// get defaults (unique source keys for the unique index).
const COPY_INDEXED_TABLE = [
  `create table copy_indexed (like recommendation including all)`,
  `alter table copy_indexed
     add column sur text, add column sur_group text, add column sur_org text, add column rs text, add column rs_group text,
     add column rs_org text, add column response_cell text, add column action text, add column issue text, add column session text,
     alter column review_id set default 0, alter column source_format set default 'upr-info',
     alter column source_key set default gen_random_uuid()::text`,
];
const COPY_INDEXED_COLUMNS =
  "(sur, sur_group, sur_org, text, rs, rs_group, rs_org, response_cell, action, issue, session)";
/** Checks that the indexed baseline has what makes `recommendation` slow to fill; returns its GIN indexes. */
const COPY_INDEXED_CHECK = `select
  (select count(*)::int from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
    where i.indrelid = 'copy_indexed'::regclass and am.amname = 'gin') as gin,
  (select count(*)::int from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
    where i.indrelid = 'recommendation'::regclass and am.amname = 'gin') as gin_wanted,
  (select count(*)::int from copy_indexed where search_vector is not null) as vectors,
  (select count(*)::int from copy_indexed) as n`;

interface ImportFigures {
  engine: "postgres" | "pglite";
  rows: number;
  importSeconds: number;
  rowsPerSecond: number;
  reimportSeconds: number;
  copySeconds: number;
  copyRatio: number;
  /** COPY of the same rows into a table with recommendation's shape, generated column and indexes. */
  copyIndexedSeconds: number;
  /** importSeconds / copyIndexedSeconds. */
  importVsCopyIndexed: number;
  peakRssMb: number;
  /** The process's peak before the import began (opening, migrating, seeding the database). */
  openPeakRssMb: number;
  /** The peak from the import's start to its end (Linux: VmHWM after clearing it); null where it cannot be read. */
  importPeakRssMb: number | null;
  /** Memory of the process with the database open, before the import: modules, and on PGlite the embedded database itself. */
  rssBeforeImportMb: number;
  inserted: number;
  unchanged: number;
}

const mb = (kb: number) => Math.round(kb / 1024);
const seconds = (ms: number) => Math.round(ms) / 1000;

/** Linux: forget the process's peak RSS so far (/proc/self/clear_refs), so VmHWM then is the peak of what follows. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

function peakRssSinceResetMb(): number | null {
  try {
    return Math.round(Number(/VmHWM:\s*(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024);
  } catch {
    return null;
  }
}

/** In a child process: a new PGlite data directory, migrated and seeded (opening a new one runs initdb). */
async function prepareChild(target: string): Promise<void> {
  const handle = await createDb({ dataDir: target });
  try {
    await migrateToLatest(handle.db);
    await seed(handle.db);
    console.log(JSON.stringify({ openPeakRssMb: mb(process.resourceUsage().maxRSS) }));
  } finally {
    await handle.close();
  }
}

/** In a child process: import the file twice (new, then unchanged), then time the COPY baseline. */
async function child(engine: "postgres" | "pglite", file: string, target: string): Promise<void> {
  const handle = engine === "postgres" ? await createDb({ databaseUrl: target }) : await createDb({ dataDir: target });
  try {
    await migrateToLatest(handle.db);
    if (engine === "postgres") await seed(handle.db); // PGlite: seeded by prepareChild
    const rssBeforeImportMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
    // The import's own peak is counted from here (on PGlite the directory was made by another
    // process: opening a new one runs initdb in a second PGlite instance, about 830 MB at its peak).
    const openPeakRssMb = mb(process.resourceUsage().maxRSS);
    const reset = resetPeakRss();
    let t = performance.now();
    const first = await importAsCli(handle.db, file);
    const importMs = performance.now() - t;
    // Peak memory of the import itself: read before the COPY baseline (which, on PGlite, holds the file).
    const peakRssMb = mb(process.resourceUsage().maxRSS);
    const importPeakRssMb = reset ? peakRssSinceResetMb() : null;
    // Clearing the high-water mark also lowered maxRSS: the process's peak is the larger of the two.
    const processPeakRssMb = Math.max(peakRssMb, openPeakRssMb);
    if (first.errorCount > 0 || !first.committed)
      throw new Error(`import failed: ${JSON.stringify(first.errors.slice(0, 3))}`);
    t = performance.now();
    const second = await importAsCli(handle.db, file);
    const reimportMs = performance.now() - t;

    let copyMs: number;
    let copyIndexedMs: number;
    if (engine === "postgres") {
      const sql = postgres(target, { max: 1, onnotice: () => {} });
      await sql.unsafe(COPY_TABLE);
      t = performance.now();
      const writable = await sql.unsafe("copy copy_baseline from stdin with (format csv, header true)").writable();
      await pipeline(fs.createReadStream(file), writable);
      await sql`select 1`; // queued behind the COPY: done when the server has taken every row
      copyMs = performance.now() - t;
      const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from copy_baseline`;
      if (n !== first.rows) throw new Error(`COPY loaded ${n} rows, not ${first.rows}`);
      for (const statement of COPY_INDEXED_TABLE) await sql.unsafe(statement);
      t = performance.now();
      const indexed = await sql
        .unsafe(`copy copy_indexed ${COPY_INDEXED_COLUMNS} from stdin with (format csv, header true)`)
        .writable();
      await pipeline(fs.createReadStream(file), indexed);
      await sql`select 1`;
      copyIndexedMs = performance.now() - t;
      checkIndexed((await sql.unsafe<IndexedCheck[]>(COPY_INDEXED_CHECK))[0], first.rows);
      await sql.end();
    } else {
      const pg = handle.pglite!;
      await pg.exec(COPY_TABLE);
      const blob = new Blob([fs.readFileSync(file)]);
      t = performance.now();
      await pg.query("copy copy_baseline from '/dev/blob' with (format csv, header true)", [], { blob });
      copyMs = performance.now() - t;
      const { rows } = await pg.query<{ n: number }>("select count(*)::int as n from copy_baseline");
      if (rows[0].n !== first.rows) throw new Error(`COPY loaded ${rows[0].n} rows, not ${first.rows}`);
      for (const statement of COPY_INDEXED_TABLE) await pg.exec(statement);
      t = performance.now();
      await pg.query(`copy copy_indexed ${COPY_INDEXED_COLUMNS} from '/dev/blob' with (format csv, header true)`, [], {
        blob,
      });
      copyIndexedMs = performance.now() - t;
      checkIndexed((await pg.query<IndexedCheck>(COPY_INDEXED_CHECK)).rows[0], first.rows);
    }
    const figures: ImportFigures = {
      engine,
      rows: first.rows,
      importSeconds: seconds(importMs),
      rowsPerSecond: Math.round(first.rows / (importMs / 1000)),
      reimportSeconds: seconds(reimportMs),
      copySeconds: seconds(copyMs),
      copyRatio: Math.round((importMs / copyMs) * 10) / 10,
      copyIndexedSeconds: seconds(copyIndexedMs),
      importVsCopyIndexed: Math.round((importMs / copyIndexedMs) * 10) / 10,
      peakRssMb: processPeakRssMb,
      openPeakRssMb,
      importPeakRssMb,
      rssBeforeImportMb,
      inserted: first.inserted,
      unchanged: second.unchanged,
    };
    console.log(JSON.stringify(figures));
  } finally {
    await handle.close();
  }
}

interface IndexedCheck {
  gin: number;
  gin_wanted: number;
  vectors: number;
  n: number;
}

function checkIndexed(c: IndexedCheck, rows: number): void {
  if (c.n !== rows) throw new Error(`COPY into the indexed table loaded ${c.n} rows, not ${rows}`);
  if (c.gin !== c.gin_wanted || c.gin < 2)
    throw new Error(`the indexed COPY table has ${c.gin} GIN indexes, recommendation ${c.gin_wanted}`);
  if (c.vectors !== rows) throw new Error(`the indexed COPY table has ${c.vectors} full-text vectors for ${rows} rows`);
}

function runChild(engine: "postgres" | "pglite", file: string, target: string): ImportFigures {
  return runChildAs<ImportFigures>(engine, file, target);
}

function report(f: ImportFigures, where: string): string[] {
  const ok = (met: boolean) => (met ? "met" : "NOT met");
  return [
    `${f.engine === "postgres" ? "PostgreSQL" : "PGlite"} (${where})`,
    `  import         ${f.importSeconds.toFixed(2).padStart(7)} s  ${f.rowsPerSecond.toLocaleString("en")} rows/s (target at least ${TARGETS.rowsPerSecond.toLocaleString("en")}: ${ok(f.rowsPerSecond >= TARGETS.rowsPerSecond)}); ${f.inserted.toLocaleString("en")} inserted`,
    `  import again   ${f.reimportSeconds.toFixed(2).padStart(7)} s  (${f.unchanged.toLocaleString("en")} unchanged)`,
    `  COPY           ${f.copySeconds.toFixed(2).padStart(7)} s  (the same rows into an unindexed table)`,
    `  import / COPY  ${f.copyRatio.toFixed(1).padStart(7)} ×  (import_vs_copy; target at most ${TARGETS.copyRatio}: ${ok(f.copyRatio <= TARGETS.copyRatio)})`,
    `  COPY indexed   ${f.copyIndexedSeconds.toFixed(2).padStart(7)} s  (the same rows into a table shaped and indexed like recommendation: full-text column, GIN indexes)`,
    `  import / COPY indexed ${f.importVsCopyIndexed.toFixed(1).padStart(5)} ×  (import_vs_copy_indexed; no target)`,
    `  peak memory    ${String(f.peakRssMb).padStart(7)} MB (maxRSS of the importing process, ${f.rssBeforeImportMb} MB before the import began; target at most ${TARGETS.peakMb}: ${ok(f.peakRssMb <= TARGETS.peakMb)})`,
    `  of which       ${String(f.openPeakRssMb).padStart(7)} MB before the import (opening the database, migrating, seeding); the import's own peak ${f.importPeakRssMb ?? "(not readable)"} MB`,
  ];
}

// ---------------------------------------------------------------------------------------------
// The workbook and merge figures

interface XlsxFigures {
  kind: "xlsx";
  engine: "postgres" | "pglite";
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  inserted: number;
}

interface MergeFigures {
  kind: "merge";
  engine: "postgres" | "pglite";
  held: number;
  heldSeconds: number;
  rows: number;
  seconds: number;
  merged: number;
  inserted: number;
  uncertain: number;
}

/** The generated CSV as a workbook as UPR Info's export names its sheet (cells as text, as SheetJS reads a CSV). */
function writeXlsx(csv: string, xlsx: string): void {
  const book = XLSX.read(fs.readFileSync(csv), { type: "buffer", raw: true, dense: true });
  const out = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(out, book.Sheets[book.SheetNames[0]], "UPR Info database export");
  fs.writeFileSync(xlsx, XLSX.write(out, { type: "buffer", bookType: "xlsx", compression: true }) as Buffer);
}

const unquote = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const FIRST_SESSION = [1, 13, 27, 41];

/**
 * Two files for the merge: our template with `rows` recommendations (the excerpt's 13 real texts with
 * paragraphs and "(State);" attributions, one set per review: a state and cycle each), and the same
 * rows as a UPR Info export (its texts without the attribution, no paragraphs). Returns "held|rows".
 */
function writeMergeFiles(dir: string, rows: number): string {
  const { header, rows: source } = excerptRows();
  const native = [
    "state_under_review,cycle,session,document_symbol,paragraph,recommending_states,recommendation,response",
  ];
  const upr = [header];
  for (let i = 0; i < rows; i++) {
    const cells = source[i % source.length];
    const block = Math.floor(i / source.length);
    const state = UN_STATES[block % UN_STATES.length];
    const cycle = 1 + (Math.floor(block / UN_STATES.length) % 4);
    const text = unquote(cells[3]).trim();
    const from = unquote(cells[4]);
    const response = unquote(cells[7]).toLowerCase() === "accepted" ? "supported" : "noted";
    native.push(
      [
        state.iso3,
        cycle,
        FIRST_SESSION[cycle - 1],
        "",
        `100.${(i % source.length) + 1}`,
        quote(from),
        quote(`${text} (${from});`),
        response,
      ].join(","),
    );
    upr.push(
      [quote(state.name), "", "", quote(text), ...cells.slice(4, 10), String(FIRST_SESSION[cycle - 1])].join(","),
    );
  }
  const held = path.join(dir, "merge-held.csv");
  const file = path.join(dir, "merge-uprinfo.csv");
  fs.writeFileSync(held, native.join("\r\n") + "\r\n");
  fs.writeFileSync(file, upr.join("\r\n") + "\r\n");
  return `${held}|${file}`;
}

async function xlsxChild(engine: "postgres" | "pglite", file: string, target: string): Promise<void> {
  const handle = engine === "postgres" ? await createDb({ databaseUrl: target }) : await createDb({ dataDir: target });
  try {
    await migrateToLatest(handle.db);
    await seed(handle.db);
    const t = performance.now();
    const s = await importAsCli(handle.db, file);
    const ms = performance.now() - t;
    if (!s.committed) throw new Error(`import failed: ${JSON.stringify(s.errors.slice(0, 3))}`);
    const figures: XlsxFigures = {
      kind: "xlsx",
      engine,
      rows: s.rows,
      seconds: seconds(ms),
      rowsPerSecond: Math.round(s.rows / (ms / 1000)),
      peakRssMb: mb(process.resourceUsage().maxRSS),
      inserted: s.inserted,
    };
    console.log(JSON.stringify(figures));
  } finally {
    await handle.close();
  }
}

async function mergeChild(engine: "postgres" | "pglite", files: string, target: string): Promise<void> {
  const [heldFile, file] = files.split("|");
  const handle = engine === "postgres" ? await createDb({ databaseUrl: target }) : await createDb({ dataDir: target });
  try {
    await migrateToLatest(handle.db);
    let t = performance.now();
    const held = await importAsCli(handle.db, heldFile);
    const heldMs = performance.now() - t;
    if (!held.committed) throw new Error(`holding failed: ${JSON.stringify(held.errors.slice(0, 3))}`);
    t = performance.now();
    const s = await importAsCli(handle.db, file);
    const ms = performance.now() - t;
    if (!s.committed) throw new Error(`merge failed: ${JSON.stringify(s.errors.slice(0, 3))}`);
    const figures: MergeFigures = {
      kind: "merge",
      engine,
      held: held.inserted,
      heldSeconds: seconds(heldMs),
      rows: s.rows,
      seconds: seconds(ms),
      merged: s.merged,
      inserted: s.inserted,
      uncertain: s.uncertainCount,
    };
    console.log(JSON.stringify(figures));
  } finally {
    await handle.close();
  }
}

/** A fresh database for one child: a PostgreSQL database (dropped after) or a new PGlite folder. */
async function withTarget<T>(
  engine: "postgres" | "pglite",
  dir: string,
  admin: postgres.Sql,
  adminUrl: string,
  run: (target: string) => T,
): Promise<T> {
  if (engine === "pglite") return run(fs.mkdtempSync(path.join(dir, "pglite-")));
  await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
  await admin.unsafe(`create database ${DATABASE}`);
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  try {
    return run(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
  }
}

function runChildAs<T>(mode: string, file: string, target: string): T {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", SCRIPT, "--child", mode, "--file", file, "--target", target],
    {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const last = result.stdout.trim().split("\n").pop() ?? "";
  if (result.status !== 0 || !last.startsWith("{"))
    throw new Error(`${mode} failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`);
  return JSON.parse(last) as T;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "100000" },
      json: { type: "boolean", default: false },
      "no-pglite": { type: "boolean", default: false },
      "no-xlsx": { type: "boolean", default: false },
      "no-merge": { type: "boolean", default: false },
      "merge-rows": { type: "string", default: "10000" },
      child: { type: "string" },
      file: { type: "string" },
      target: { type: "string" },
    },
    strict: true,
  });
  if (values.child) {
    const [engine, kind] = values.child.split(":") as ["postgres" | "pglite", string | undefined];
    if (kind === "prepare") await prepareChild(values.target!);
    else if (kind === "xlsx") await xlsxChild(engine, values.file!, values.target!);
    else if (kind === "merge") await mergeChild(engine, values.file!, values.target!);
    else await child(engine, values.file!, values.target!);
    return 0;
  }
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error("bench:import: --rows must be a positive whole number");
    return 2;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-bench-import-"));
  const adminUrl =
    process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  const results: ImportFigures[] = [];
  const extra: (XlsxFigures | MergeFigures)[] = [];
  const lines: string[] = [];
  try {
    const file = path.join(dir, "uprinfo-export.csv");
    let t = performance.now();
    const size = await writeUprInfoFile(file, { rows });
    lines.push(
      `Import benchmark: a UPR Info export of ${rows.toLocaleString("en")} rows (${(size / 1024 / 1024).toFixed(1)} MB), generated in ${seconds(performance.now() - t)} s`,
    );
    // Timings mean little on a busy machine: say how busy it was.
    lines.push(`Machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the start`);

    try {
      await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
      await admin.unsafe(`create database ${DATABASE}`);
    } catch (error) {
      throw new Error(`cannot create the database ${DATABASE} at ${redactUrl(adminUrl)}: ${(error as Error).message}`);
    }
    const url = new URL(adminUrl);
    url.pathname = `/${DATABASE}`;
    try {
      const pg = runChild("postgres", file, url.toString());
      results.push(pg);
      lines.push(...report(pg, redactUrl(url.toString())));
    } finally {
      await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
    }

    if (!values["no-pglite"]) {
      const dataDir = path.join(dir, "pglite");
      // The data directory is made (initdb, migrations, seed) by a process of its own first, as an
      // installation has it before its first import: the importing process only opens it.
      const made = runChildAs<{ openPeakRssMb: number }>("pglite:prepare", file, dataDir);
      const lite = runChild("pglite", file, dataDir);
      results.push(lite);
      lines.push(...report(lite, "a data directory made by another process"));
      lines.push(`  (making the data directory, in its own process: peak ${made.openPeakRssMb} MB, PGlite's initdb)`);
    }

    const engines: ("postgres" | "pglite")[] = values["no-pglite"] ? ["postgres"] : ["postgres", "pglite"];
    if (!values["no-xlsx"]) {
      t = performance.now();
      const xlsx = path.join(dir, "uprinfo-export.xlsx");
      writeXlsx(file, xlsx);
      lines.push(
        `The same rows as an .xlsx workbook (${(fs.statSync(xlsx).size / 1024 / 1024).toFixed(1)} MB), written in ${seconds(performance.now() - t)} s`,
      );
      for (const engine of engines) {
        const f = await withTarget(engine, dir, admin, adminUrl, (target) =>
          runChildAs<XlsxFigures>(`${engine}:xlsx`, xlsx, target),
        );
        extra.push(f);
        const ok = (met: boolean) => (met ? "met" : "NOT met");
        lines.push(
          `  .xlsx on ${engine === "postgres" ? "PostgreSQL" : "PGlite"}: ${f.seconds.toFixed(2)} s, ${f.rowsPerSecond.toLocaleString("en")} rows/s (target at least ${TARGETS.xlsxRowsPerSecond.toLocaleString("en")}: ${ok(f.rowsPerSecond >= TARGETS.xlsxRowsPerSecond)}), ` +
            `peak memory ${f.peakRssMb} MB (target at most ${TARGETS.peakMb}: ${ok(f.peakRssMb <= TARGETS.peakMb)}); ${f.inserted.toLocaleString("en")} inserted`,
        );
      }
    }
    if (!values["no-merge"]) {
      const mergeRows = Number(values["merge-rows"]);
      const files = writeMergeFiles(dir, mergeRows);
      for (const engine of engines) {
        const f = await withTarget(engine, dir, admin, adminUrl, (target) =>
          runChildAs<MergeFigures>(`${engine}:merge`, files, target),
        );
        extra.push(f);
        lines.push(
          `  merge on ${engine === "postgres" ? "PostgreSQL" : "PGlite"}: ${f.rows.toLocaleString("en")} UPR Info rows into ${f.held.toLocaleString("en")} held recommendations in ${f.seconds.toFixed(2)} s ` +
            `(target at most ${TARGETS.mergeSeconds} s: ${f.seconds <= TARGETS.mergeSeconds ? "met" : "NOT met"}); ${f.merged.toLocaleString("en")} merged, ${f.inserted} new, ${f.uncertain} uncertain; holding them took ${f.heldSeconds.toFixed(2)} s`,
        );
      }
    }
  } finally {
    await admin.end({ timeout: 1 });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  lines.push(`Load average ${os.loadavg()[0].toFixed(1)} at the end.`);
  console.log(lines.join("\n"));
  if (values.json)
    console.log(
      JSON.stringify({ rows, targets: TARGETS, cores: os.cpus().length, loadAverage: os.loadavg()[0], results, extra }),
    );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`bench:import: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
