// `npm run bench:export -- [--database-url URL] [--pglite DIR] [--runs N] [--rows N] [--batch-size N]
//                          [--no-pglite] [--keep] [--json]`
// Times the CSV export (exportCsv, as /export.csv and `npm run export` write it) of a world-scale
// database: 100,000 recommendations, 400,000 assessments. Target: within 5 s, peak memory at most 150 MB.
//
// The database: --database-url (or BENCH_DATABASE_URL), a prepared one (e.g. by `npm run bench:seed`),
// used as it is and left alone; otherwise a temporary PostgreSQL database `upr_bench_export` is made
// on the server of TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrated,
// seeded with the real Kenya data and filled by INSERT … SELECT generate_series: the 150 real Kenya
// texts reused in turn (no text is invented), spread over reviews of every seeded state, four
// assessments each. It is dropped at the end. Then the same is done once on embedded PGlite in memory.
//
// Then `npm run export` itself, as package.json starts it (node scripts/compiled.mjs export, or tsx), in a process of its
// own: once with a filter that matches nothing (the process's baseline: Node, tsx, the libraries, the
// open database) and --runs times for every row; its peak RSS (VmHWM) is export_peak_rss_mb /
// pglite_peak_rss_mb in the JSON (target at most 150 MB), the figures of this process are
// bench_process_peak_rss_mb / pglite_bench_process_peak_rss_mb. For PGlite this needs --pglite DIR.
//
// Prints rows, the median of the runs in seconds, rows per second and the peak RSS of this process
// (process.resourceUsage().maxRSS; measured before the PGlite part, whose database lives in this
// process), the CPU time of this process and (local server) of the database server, and the load
// average, since a busy machine stretches the wall time; also the exports' own increase of the RSS
// over the RSS just before them (export_rss_increase_mb), apart from what Node, tsx and the libraries
// hold already. The database-server CPU counts every backend connected to the database, so other
// sessions on a shared database add to it. With --json a last line
// {"export_100k_s":…, "export_peak_rss_mb":…, …}.
//
// Beside each export run, in the same run, the baseline: one set-based `COPY (…) TO STDOUT (FORMAT csv)`
// of the same rows and columns with the same content (exportColumnsQuery: the latest and mid-term
// assessments by limit-1 index lookups, states and issues aggregated once, lists joined), streamed to
// /dev/null over a connection of its own (PGlite: `COPY … TO '/dev/blob'`). It only leaves out the
// formula neutralising and csvLine's quoting, so it is the floor; the ratio export / COPY is printed
// (target at most 1.3). --pglite DIR uses a prepared PGlite directory
// (`npm run bench:seed -- --no-postgres --pglite DIR`) instead of one built in memory.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import postgres from "postgres";
import { z } from "zod";
import { copyStatement, exportColumnsQuery } from "../app/models/export-csv.server";
import { exportCsv } from "../app/models/export.server";
import { createDb, type Db } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import type { Database } from "../db/schema";
import { seed } from "../app/models/seed.server";
import { percentile } from "./lib/stats";

const BENCH_DB = "upr_bench_export";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET_RATIO = 1.3;
const TARGET_MB = 150;
const median = (xs: number[]) => percentile(xs, 50);

const Args = z.object({
  "database-url": z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must look like postgres://user@host:5432/database")
    .optional(),
  runs: z.coerce.number().int().min(1).max(20).default(3),
  rows: z.coerce.number().int().min(150).max(1_000_000).default(100_000),
  /** Rows per batch query; default the export's own (EXPORT_BATCH_SIZE). */
  "batch-size": z.coerce.number().int().min(1).max(100_000).optional(),
  "no-pglite": z.boolean().default(false),
  pglite: z.string().min(1).optional(),
  keep: z.boolean().default(false),
  json: z.boolean().default(false),
});

const log = (line: string) => console.error(line);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

/** Fills a seeded database up to `total` recommendations and 4 assessments each (see the header). */
async function fill(db: Kysely<Database>, total: number): Promise<void> {
  const t0 = performance.now();
  // Reviews: every seeded state, cycles 1 to 4 (Kenya's real ones are kept).
  await sql`
    insert into review (state_id, cycle, session, review_date, adoption_date, report_symbol)
    select s.id, c, (c - 1) * 14 + 1 + s.id % 12,
      date '2008-04-07' + ((c - 1) * 1650 + (s.id % 12) * 120),
      date '2008-04-07' + ((c - 1) * 1650 + (s.id % 12) * 120 + 140),
      'A/HRC/BENCH/' || s.id || '/' || c
    from state s cross join generate_series(1, 4) c
    where not exists (select 1 from review r where r.state_id = s.id and r.cycle = c)`.execute(db);
  const { n: existing } = (await sql<{ n: number }>`select count(*)::int as n from recommendation`.execute(db))
    .rows[0]!;
  const missing = total - existing;
  if (missing > 0) {
    // The real texts, in turn; reviews in turn; paragraphs numbered within each review.
    await sql`
      with t as (select (row_number() over (order by rec.id) - 1)::int as i, rec.text, rec.response from recommendation rec),
      nt as (select count(*)::int as n from t),
      rv as (select (row_number() over (order by id) - 1)::int as j, id from review),
      nr as (select count(*)::int as n from rv)
      insert into recommendation (review_id, paragraph, text, response, action_category, themes, source_format, source_key)
      select rv.id, (100 + g / nr.n / 400) || '.' || (g / nr.n % 400 + 1), t.text, t.response, 1 + g % 5,
        case g % 4 when 0 then array['D27 Prohibition of slavery, trafficking'] when 1 then array['A12 Acceptance of international norms', 'B31 Equality & non-discrimination']
          when 2 then array['F12 Discrimination against women'] else '{}'::text[] end,
        'native', 'bench-export:' || g
      from generate_series(0, ${missing - 1}) g cross join nt cross join nr
      join t on t.i = g % nt.n join rv on rv.j = g % nr.n`.execute(db);
  }
  await sql`
    insert into recommendation_recommending_state (recommendation_id, state_id)
    select rec.id, st.id from recommendation rec
    join (select (row_number() over (order by id) - 1)::int as k, id from state) st on st.k = rec.id % (select count(*) from state)
    where not exists (select 1 from recommendation_recommending_state x where x.recommendation_id = rec.id)
    on conflict do nothing`.execute(db);
  await sql`
    insert into recommendation_issue (recommendation_id, issue_id)
    select rec.id, i.id from recommendation rec join coalition_issue i on i.id = (select min(id) from coalition_issue) + rec.id % 7
    where rec.id % 5 = 0 on conflict do nothing`.execute(db);
  const org = await db
    .insertInto("organisation")
    .values({ name: "Benchmark organisation" })
    .onConflict((oc) => oc.column("name").doUpdateSet({ name: "Benchmark organisation" }))
    .returning("id")
    .executeTakeFirstOrThrow();
  const { n: assessments } = (await sql<{ n: number }>`select count(*)::int as n from assessment`.execute(db)).rows[0]!;
  if (assessments < total * 4) {
    for (let k = 0; k < 4; k++) {
      await sql`
        insert into assessment (recommendation_id, organisation_id, status, as_of, evidence, source_urls)
        select rec.id, ${org.id},
          (array['no_action', 'in_progress', 'partially_implemented', 'fully_implemented'])[1 + (rec.id + ${k}) % 4],
          coalesce(r.adoption_date, r.review_date, date '2010-01-01') + (${k} * 300 + rec.id % 200),
          'Benchmark assessment ' || ${k + 1} || ' of 4 (generated by npm run bench:export).',
          array['https://example.org/bench/' || rec.id || '/' || ${k + 1}]
        from recommendation rec join review r on r.id = rec.review_id`.execute(db);
    }
  }
  // The assessment triggers rewrote every recommendation row four times: vacuum, as autovacuum would in time.
  await sql`vacuum analyze`.execute(db);
  log(`  filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

interface Timing {
  rows: number;
  seconds: number[];
  median: number;
  bytes: number;
  /** CPU seconds of this process, and of the database server's backends when they can be read (local server), per run. */
  cpu: { node: number; database: number | null }[];
  /** The baseline COPY's median seconds, and the median of the runs' export / COPY ratios. */
  copyMedian: number | null;
  ratioMedian: number | null;
}

/** CPU seconds used so far by this database's server processes, read from /proc (a local server on Linux); null otherwise. */
async function databaseCpuSeconds(db: Kysely<Database>): Promise<Map<number, number> | null> {
  try {
    const pids = (
      await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db)
    ).rows;
    const out = new Map<number, number>();
    for (const { pid } of pids) {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, in clock ticks of 1/100 s
    }
    return out;
  } catch {
    return null;
  }
}

type Writer = typeof exportCsv;

/** The baseline: COPY of the export's columns, as CSV, read whole and thrown away; seconds. */
type Baseline = () => Promise<number>;

function postgresBaseline(db: Kysely<Database>, url: string): Baseline {
  const statement = copyStatement(db, exportColumnsQuery(db, { kind: "recommendation" }), "csv");
  return async () => {
    // A connection of its own, closed after: postgres.js may leave a COPY's socket paused (db/client.ts
    // copyOutOf). JIT off, as the export's batches run (export.server.ts): compiling this plan cost
    // about 1 s of the COPY's 2.7-3.7 s, so with it on the baseline would not be the floor.
    const client = postgres(url, { max: 1, onnotice: () => {}, connection: { jit: "off" } });
    try {
      const t0 = performance.now();
      await pipeline(await client.unsafe(statement).readable(), fs.createWriteStream("/dev/null"));
      return (performance.now() - t0) / 1000;
    } finally {
      await client.end({ timeout: 1 });
    }
  };
}

function pgliteBaseline(db: Kysely<Database>, pglite: NonNullable<Db["pglite"]>): Baseline {
  const statement = copyStatement(db, exportColumnsQuery(db, { kind: "recommendation" }), "csv").replace(
    / to stdout \(format csv\)$/,
    " to '/dev/blob' (format csv)",
  );
  return async () => {
    const t0 = performance.now();
    await pglite.query(statement);
    return (performance.now() - t0) / 1000;
  };
}

async function timeExport(
  db: Kysely<Database>,
  runs: number,
  engine: "postgres" | "pglite",
  batchSize?: number,
  writer: Writer = exportCsv,
  baseline?: Baseline,
): Promise<Timing> {
  const seconds: number[] = [];
  const copySeconds: number[] = [];
  const cpu: Timing["cpu"] = [];
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    rows = 0;
    bytes = 0;
    const dbBefore = engine === "postgres" ? await databaseCpuSeconds(db) : null;
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    const pieces = (async function* () {
      for await (const piece of writer(db, { kind: "recommendation" }, { batchSize, onRows: (n) => (rows += n) })) {
        bytes += Buffer.byteLength(piece);
        yield piece;
      }
    })();
    await pipeline(Readable.from(pieces, { highWaterMark: 1 }), fs.createWriteStream("/dev/null"));
    seconds.push((performance.now() - t0) / 1000);
    const used = process.cpuUsage(cpuBefore);
    const dbAfter = dbBefore ? await databaseCpuSeconds(db) : null;
    const database =
      dbBefore && dbAfter ? [...dbAfter].reduce((sum, [pid, s]) => sum + s - (dbBefore.get(pid) ?? 0), 0) : null;
    cpu.push({ node: (used.user + used.system) / 1e6, database });
    if (baseline) copySeconds.push(await baseline());
    log(
      `  run ${i + 1}: ${rows.toLocaleString("en")} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB of CSV in ${seconds.at(-1)!.toFixed(2)} s ` +
        `(CPU: this process ${cpu.at(-1)!.node.toFixed(2)} s${database === null ? "" : `, database server ${database.toFixed(2)} s`}; load average ${os.loadavg()[0]!.toFixed(1)})` +
        (baseline
          ? `; baseline COPY ${copySeconds.at(-1)!.toFixed(2)} s, ratio ${(seconds.at(-1)! / copySeconds.at(-1)!).toFixed(2)}`
          : ""),
    );
  }
  const ratios = seconds.map((s, i) => s / copySeconds[i]!);
  return {
    rows,
    seconds,
    median: median(seconds),
    bytes,
    cpu,
    copyMedian: baseline ? median(copySeconds) : null,
    ratioMedian: baseline ? median(ratios) : null,
  };
}

// The export as users run it: `npm run export` (package.json's command: tsx with its Node flags, then
// scripts/export.ts) in a process of its own, so that nothing of this benchmark (its seeding, the COPY
// baseline, its own modules) counts. Every Node process of the command (tsx's wrapper and the script
// it starts) prints its peak RSS at exit, through a module that NODE_OPTIONS preloads.
const PEAK_LINE = "bench-export-peak ";
// The peak is VmHWM (Linux): maxRSS of a process that a bigger one started counts the starter's pages
// (Linux carries the high-water mark of the forked image over exec), so a child of this benchmark
// would report this benchmark's RSS.
const PEAK_PRELOAD = `data:text/javascript,${encodeURIComponent(
  `import{readFileSync}from"node:fs";process.on("exit",()=>{let mb;try{mb=Math.round(Number(/VmHWM:\\s*(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))[1])/1024)}catch{mb=Math.round(process.resourceUsage().maxRSS/1024)}` +
    `process.stderr.write(${JSON.stringify(PEAK_LINE)}+JSON.stringify({script:process.argv[1]??"",mb,cpu:(process.cpuUsage().user+process.cpuUsage().system)/1e6})+"\\n")})`,
)}`;
/** A --q filter that matches no recommendation: the same command writing no row, for the process's own baseline. */
const NO_MATCH = ["--q", "zzqxbenchnomatch"];

interface CliRun {
  rows: number;
  /** The export's own time, as the script prints it (after opening the database). */
  seconds: number;
  /** Peak RSS of the process that exports (the script), and of tsx's wrapper process that started it. */
  peakMb: number;
  /** CPU seconds of the exporting process, start-up included. */
  cpuSeconds: number;
  wrapperPeakMb: number | null;
}

function cliExport(database: { url: string } | { dataDir: string }, extra: string[] = []): CliRun {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const [runner, ...words] = pkg.scripts.export!.trim().split(/\s+/);
  if (runner !== "tsx" && runner !== "node")
    throw new Error(`bench:export: npm run export is "${pkg.scripts.export}", not a tsx or node command`);
  // The process that exports runs this file (scripts/export.ts under tsx, scripts/compiled.mjs under node).
  const scriptFile = words.find((w) => /\.(ts|mjs)$/.test(w))!;
  const out = path.join(os.tmpdir(), `upr-bench-export-${process.pid}.csv`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${PEAK_PRELOAD}`].filter(Boolean).join(" "),
  };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  if ("url" in database) env.DATABASE_URL = database.url;
  else env.DATA_DIR = database.dataDir;
  const command = runner === "tsx" ? path.join(ROOT, "node_modules/.bin/tsx") : process.execPath;
  const result = spawnSync(command, [...words, "--out", out, ...extra], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  fs.rmSync(out, { force: true });
  const lines = result.stderr.split("\n");
  const done = lines.map((l) => /^export: ([\d,]+) rows? written .* in ([\d.]+) s\.$/.exec(l)).find(Boolean);
  if (result.status !== 0 || !done)
    throw new Error(`npm run export failed (exit ${result.status}): ${result.stderr.trim()}`);
  const peaks = lines
    .filter((l) => l.startsWith(PEAK_LINE))
    .map((l) => JSON.parse(l.slice(PEAK_LINE.length)) as { script: string; mb: number; cpu: number });
  const script = peaks.find((p) => p.script.endsWith(path.normalize(scriptFile)));
  if (!script) throw new Error(`npm run export: no peak memory reported: ${result.stderr.trim()}`);
  return {
    rows: Number(done[1]!.replaceAll(",", "")),
    seconds: Number(done[2]),
    peakMb: script.mb,
    cpuSeconds: script.cpu,
    wrapperPeakMb: peaks.find((p) => p !== script)?.mb ?? null,
  };
}

/** The command without rows (the process's baseline), then `runs` exports of every row; printed, and their figures. */
function timeCliExport(database: { url: string } | { dataDir: string }, runs: number, copyMedian: number | null) {
  const empty = cliExport(database, NO_MATCH);
  log(
    `  npm run export writing no row (${NO_MATCH.join(" ")}): peak RSS ${empty.peakMb} MB (Node, tsx, the libraries, the open database)` +
      (empty.wrapperPeakMb === null ? "" : `; tsx's wrapper process ${empty.wrapperPeakMb} MB`),
  );
  const all: CliRun[] = [];
  for (let i = 0; i < runs; i++) {
    all.push(cliExport(database));
    const r = all.at(-1)!;
    log(
      `  npm run export, run ${i + 1}: ${r.rows.toLocaleString("en")} rows in ${r.seconds.toFixed(1)} s` +
        (copyMedian === null ? "" : ` (${(r.seconds / copyMedian).toFixed(2)} x the COPY median)`) +
        `; its CPU ${r.cpuSeconds.toFixed(2)} s (${empty.cpuSeconds.toFixed(2)} s writing no row); peak RSS ${r.peakMb} MB, ${Math.max(0, r.peakMb - empty.peakMb)} MB over the run writing no row; load average ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
  const peakMb = Math.max(...all.map((r) => r.peakMb));
  const seconds = median(all.map((r) => r.seconds));
  return { peakMb, baselineMb: empty.peakMb, wrapperMb: empty.wrapperPeakMb, seconds };
}

/** The summary line of timeCliExport's runs. */
function reportCli(engine: string, cli: ReturnType<typeof timeCliExport>, copyMedian: number | null): void {
  console.log(
    `${engine}, npm run export in a process of its own: median ${cli.seconds.toFixed(1)} s` +
      (copyMedian ? ` (${(cli.seconds / copyMedian).toFixed(2)} x the COPY median)` : "") +
      `; peak RSS ${cli.peakMb} MB (target ${TARGET_MB} MB: ${cli.peakMb <= TARGET_MB ? "met" : "NOT met"}), ${cli.baselineMb} MB writing no row` +
      (cli.wrapperMb === null ? "" : `; tsx's wrapper process ${cli.wrapperMb} MB beside it`),
  );
}

function report(label: string, t: Timing, rss: number): void {
  const ratio =
    t.ratioMedian === null
      ? ""
      : `; baseline COPY median ${t.copyMedian!.toFixed(2)} s, export / COPY ${t.ratioMedian.toFixed(2)} x (target at most ${TARGET_RATIO}: ${t.ratioMedian <= TARGET_RATIO ? "met" : "NOT met"})`;
  console.log(
    `${label}: ${t.rows.toLocaleString("en")} rows; median ${t.median.toFixed(2)} s of ${t.seconds.length} runs ` +
      `(${Math.round(t.rows / t.median).toLocaleString("en")} rows/s)${ratio}; peak RSS ${rss} MB ` +
      `(target ${TARGET_MB} MB: ${rss <= TARGET_MB ? "met" : "NOT met"})`,
  );
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        "database-url": { type: "string" },
        runs: { type: "string" },
        rows: { type: "string" },
        "batch-size": { type: "string" },
        "no-pglite": { type: "boolean" },
        pglite: { type: "string" },
        keep: { type: "boolean" },
        json: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`bench:export: ${(error as Error).message}`);
    return 2;
  }
  const parsed = Args.safeParse({
    ...values,
    "database-url": values["database-url"] ?? (process.env.BENCH_DATABASE_URL || undefined),
  });
  if (!parsed.success) {
    console.error(`bench:export: ${parsed.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`).join("; ")}`);
    return 2;
  }
  const args = parsed.data;
  const result: Record<string, number> = {};

  // PostgreSQL: the prepared database, or a temporary one.
  let handle: Db;
  let pgUrl = args["database-url"] ?? "";
  let dropTemp = async () => {};
  if (args["database-url"]) {
    log(`postgres: using the prepared database ${args["database-url"].replace(/:[^:@/]*@/, ":***@")}`);
    handle = await createDb({ databaseUrl: args["database-url"] });
  } else {
    const adminUrl = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${BENCH_DB} with (force)`);
    await admin.unsafe(`create database ${BENCH_DB}`);
    const url = new URL(adminUrl);
    url.pathname = `/${BENCH_DB}`;
    dropTemp = async () => {
      if (args.keep) log(`postgres: kept the database ${BENCH_DB} (--keep); drop it with: drop database ${BENCH_DB}`);
      else await admin.unsafe(`drop database if exists ${BENCH_DB} with (force)`);
      await admin.end();
    };
    log(
      `postgres: temporary database ${BENCH_DB}: migrating, seeding, filling ${args.rows.toLocaleString("en")} recommendations…`,
    );
    pgUrl = url.toString();
    handle = await createDb({ databaseUrl: pgUrl });
    await migrateToLatest(handle.db);
    await seed(handle.db);
    await fill(handle.db, args.rows);
  }
  try {
    const before = peakRssMb();
    const rssBefore = rssMb();
    const baseline = postgresBaseline(handle.db, pgUrl);
    const timing = await timeExport(handle.db, args.runs, "postgres", args["batch-size"], exportCsv, baseline);
    const rss = peakRssMb();
    report("postgres", timing, rss);
    result.export_copy_s = Number(timing.copyMedian!.toFixed(3));
    result.export_vs_copy = Number(timing.ratioMedian!.toFixed(3));
    console.log(`  (peak RSS of this process before the first export: ${before} MB: Node, tsx and the libraries)`);
    // The export's own share: the peak during the exports over the RSS just before them. maxRSS is a
    // high-water mark of the whole process; when the peak came before the exports, this is 0.
    console.log(
      `  (the exports' own increase over the RSS just before them (${rssBefore} MB): ${Math.max(0, rss - rssBefore)} MB)`,
    );
    result.rows = timing.rows;
    result.export_100k_s = Number(timing.median.toFixed(3));
    result.bench_process_peak_rss_mb = rss;
    result.rss_before_export_mb = before;
    result.export_rss_increase_mb = Math.max(0, rss - rssBefore);
    const cli = timeCliExport({ url: pgUrl }, args.runs, timing.copyMedian);
    reportCli("postgres", cli, timing.copyMedian);
    result.export_peak_rss_mb = cli.peakMb;
    result.export_cli_baseline_rss_mb = cli.baselineMb;
    result.export_cli_s = cli.seconds;
    result.export_cli_vs_copy = Number((cli.seconds / timing.copyMedian!).toFixed(3));
    result.export_node_cpu_s = Number(median(timing.cpu.map((c) => c.node)).toFixed(2));
    if (timing.cpu.every((c) => c.database !== null))
      result.export_db_cpu_s = Number(median(timing.cpu.map((c) => c.database!)).toFixed(2));
  } finally {
    await handle.close();
    await dropTemp();
  }

  if (!args["no-pglite"]) {
    const prepared = args.pglite;
    log(
      prepared
        ? `pglite: using the prepared directory ${prepared}`
        : `pglite (in memory): migrating, seeding, filling ${args.rows.toLocaleString("en")} recommendations…`,
    );
    const rssBeforeOpen = rssMb();
    const embedded = await createDb({ dataDir: prepared ?? null });
    try {
      if (!prepared) {
        await migrateToLatest(embedded.db);
        await seed(embedded.db);
        await fill(embedded.db, args.rows);
      }
      const before = rssMb();
      const baseline = pgliteBaseline(embedded.db, embedded.pglite!);
      const timing = await timeExport(
        embedded.db,
        prepared ? args.runs : 1,
        "pglite",
        args["batch-size"],
        exportCsv,
        baseline,
      );
      const rss = peakRssMb();
      report(prepared ? "pglite" : "pglite (in memory)", timing, rss);
      console.log(
        `  (the PGlite figure includes the embedded database itself, in this process: RSS ${rssBeforeOpen} MB before opening it, ${before} MB just before the export; the export's increase over that: ${Math.max(0, rss - before)} MB)`,
      );
      result.pglite_rows = timing.rows;
      result.pglite_export_100k_s = Number(timing.median.toFixed(3));
      result.pglite_export_copy_s = Number(timing.copyMedian!.toFixed(3));
      result.pglite_export_vs_copy = Number(timing.ratioMedian!.toFixed(3));
      result.pglite_bench_process_peak_rss_mb = rss;
      result.pglite_rss_before_open_mb = rssBeforeOpen;
      result.pglite_rss_before_export_mb = before;
      result.pglite_export_rss_increase_mb = Math.max(0, rss - before);
    } finally {
      await embedded.close();
    }
    if (prepared) {
      const copyMedian = result.pglite_export_copy_s ?? null;
      const cli = timeCliExport({ dataDir: prepared }, args.runs, copyMedian);
      reportCli("pglite", cli, copyMedian);
      result.pglite_peak_rss_mb = cli.peakMb;
      result.pglite_cli_baseline_rss_mb = cli.baselineMb;
      result.pglite_export_cli_s = cli.seconds;
    } else log("  (npm run export in a process of its own needs a prepared directory: --pglite DIR)");
  }
  if (args.json) console.log(JSON.stringify(result));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
