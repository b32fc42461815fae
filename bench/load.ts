// `npm run bench:load [-- --duration 60] [--connections 50] [--database-url URL | --pglite DIR] [--no-page-cache]
//   [--writers N] [--conditional] [--json] [--update-docs]`
// The load test: starts the production server (scripts/start.ts: build when needed, migrate, serve) on
// the world-scale bench database (npm run bench:seed; seeded first when needed), on a free loopback
// port, and drives the public dashboard and search pages with autocannon: 50 connections for 60
// seconds, each connection going round a list of dashboard and search URLs. Reports requests per
// second, p50 and p99 latency, and errors (connection errors, timeouts and every non-2xx answer),
// which must be 0. The server's page cache (docs/decisions/2026-11-26-page-cache.md) is on, as in
// production, and the answers it served are counted; --no-page-cache turns it off, so that every
// page is made anew: the cost of the pages themselves. It always stops the server it started (also on Ctrl-C).
// --writers N: N editors save assessments meanwhile (bench/lib/editors.ts: signed in, through
// the recommendation page's form, one save after another); writes per second, their p50/p99/max and
// failed writes are reported beside the readers' figures. The editors write into a copy of the bench
// database (`<name>_load`, made by CREATE DATABASE ... TEMPLATE, dropped afterwards), never into the
// seeded world itself.
// --pglite DIR: the server runs on the embedded engine, on a copy of the seeded PGlite directory DIR
// (npm run bench:seed -- --pglite DIR) in the temporary folder, removed afterwards; DIR is only read.
// --conditional: after the run, a second run of the same length on the same server and pages, each request
// sending If-None-Match with the page's current ETag (server/page-cache.ts), so every answer is a 304 made
// from the snapshot alone: its figures beside the cached 200s' (the 304s are not counted as errors).
// The server's and the database backends' CPU time are printed too (where the time goes).
// With --json the last line is one JSON object: {"rps", "p50_ms", "p99_ms", "errors", ...}.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { createDb, redactUrl, StartupError } from "../db/client";
import type { Database } from "../db/schema";
import { copyPgliteDir, copyPostgresDatabase } from "./lib/copies";
import { backendsCpuBetween, postgresBackends, processCpuSeconds } from "./lib/cpu";
import {
  assessableRecommendations,
  createBenchEditors,
  runEditors,
  signInEditors,
  type WriterFigures,
} from "./lib/editors";
import { benchDatabaseUrl, openSeededPglite, openSeededPostgres, worldSpec } from "./lib/world";
import { freePort } from "../scripts/lib/free-port";
import { startServer, waitUntilServing, type Target } from "./lib/server";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Readers' p99: 500 ms on PostgreSQL, 1 s on the embedded engine; every write answered within 1 s. */
const TARGETS = { errors: 0, p99Ms: { postgres: 500, pglite: 1000 }, writeMaxMs: 1000 };

const Args = z.object({
  duration: z.coerce.number().int().min(1).max(3600).default(60),
  connections: z.coerce.number().int().min(1).max(1000).default(50),
  "database-url": z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must look like postgres://user@host:5432/database")
    .optional(),
  pglite: z.string().min(1).optional(),
  "no-page-cache": z.boolean().default(false),
  writers: z.coerce.number().int().min(0).max(50).default(0),
  conditional: z.boolean().default(false),
  json: z.boolean().default(false),
  "update-docs": z.boolean().default(false),
});

const log = (line: string) => console.error(line);

/** Dashboard and search pages for states of small, middle and large numbers of recommendations. */
export function loadPaths(states: string[]): string[] {
  const [a, b, c, d, e] = states as [string, string, string, string, string];
  return [
    `/dashboard?state=${a}`,
    `/recommendations?q=trafficking&state=${b}`,
    `/dashboard?state=${c}`,
    `/recommendations?cycle=2&response=noted`,
    `/dashboard?state=${e}`,
    `/recommendations?q=torture&state=${d}`,
    `/dashboard?state=${b}&cycle=3`,
    `/recommendations?state=${c}&status=in_progress`,
    `/dashboard?state=${d}`,
    `/recommendations?q=children&state=${a}&response=supported`,
  ];
}

const loadNow = () => Math.round(os.loadavg()[0]! * 10) / 10;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        duration: { type: "string" },
        connections: { type: "string" },
        "database-url": { type: "string" },
        pglite: { type: "string" },
        "no-page-cache": { type: "boolean" },
        writers: { type: "string" },
        conditional: { type: "boolean" },
        json: { type: "boolean" },
        "update-docs": { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`bench:load: ${(error as Error).message}`);
    return 2;
  }
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    console.error(`bench:load: ${parsed.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`).join("; ")}`);
    return 2;
  }
  const args = parsed.data;
  if (args.conditional && (args["no-page-cache"] || args.writers > 0)) {
    console.error("bench:load: --conditional needs the page cache and no writers (a write changes every ETag)");
    return 2;
  }
  if (args.pglite && args["database-url"]) {
    console.error("bench:load: --pglite and --database-url name two databases; give one");
    return 2;
  }
  const engine: "postgres" | "pglite" = args.pglite ? "pglite" : "postgres";
  const url = benchDatabaseUrl(args["database-url"]);

  // The world-scale database, and five states under review at the 10th ... 90th percentile of size.
  const handle = args.pglite
    ? await openSeededPglite(args.pglite, worldSpec(), log)
    : await openSeededPostgres(url, worldSpec(), log);
  let states: string[];
  let recommendationIds: number[] = [];
  try {
    const rows = (
      await sql<{ iso3: string }>`select s.iso3 from recommendation rec join review r on r.id = rec.review_id
        join state s on s.id = r.state_id where s.iso3 is not null group by s.id order by count(*), s.iso3`.execute(
        handle.db,
      )
    ).rows;
    states = [0.1, 0.3, 0.5, 0.7, 0.9].map((q) => rows[Math.floor(q * (rows.length - 1))]!.iso3);
    if (args.writers > 0) recommendationIds = await assessableRecommendations(handle.db);
  } finally {
    await handle.close();
  }
  const paths = loadPaths(states);

  // Where the server runs: a copy when anything is written (editors) or on the embedded engine.
  let target: Target;
  let cleanUp = async () => {};
  let where: string;
  if (args.pglite) {
    log(`Copying ${args.pglite} for the server ...`);
    const copy = copyPgliteDir(args.pglite);
    target = { dataDir: copy.dir };
    cleanUp = async () => copy.remove();
    where = `a copy of the embedded database ${args.pglite} (PGlite)`;
  } else if (args.writers > 0) {
    log(`Copying ${redactUrl(url)} for the editors' writes ...`);
    const copy = await copyPostgresDatabase(url);
    target = { databaseUrl: copy.url };
    cleanUp = copy.drop;
    where = `a copy of the PostgreSQL bench database`;
  } else {
    target = { databaseUrl: url };
    where = `the PostgreSQL bench database`;
  }
  const backendsOf = target.databaseUrl ? decodeURIComponent(new URL(target.databaseUrl).pathname.slice(1)) : null;

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let server: ReturnType<typeof startServer> | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    log(`bench:load: ${signal}: stopping the server`);
    server?.kill();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const killServer = () => server?.kill();
  process.once("exit", killServer);
  try {
    const editors = args.writers > 0 ? await withDb(target, (db) => createBenchEditors(db, args.writers)) : [];
    log(
      `Starting the production server (scripts/start.ts) on ${baseUrl} with ${target.databaseUrl ? `DATABASE_URL=${redactUrl(target.databaseUrl)}` : `DATA_DIR=${target.dataDir}`} ...`,
    );
    const pageCache = !args["no-page-cache"];
    server = startServer(target, port, pageCache);
    const startup = await waitUntilServing(baseUrl, server);
    log(`  serving after ${startup.toFixed(1)} s`);
    // Every page must answer 200 before the load starts (a redirect or an error would be counted
    // as errors anyway, but this names the page).
    for (const p of paths) {
      const t = performance.now();
      const res = await fetch(baseUrl + p, { redirect: "manual" });
      await res.arrayBuffer();
      log(`  ${res.status} ${p} (${Math.round(performance.now() - t)} ms, alone)`);
      if (res.status !== 200) throw new StartupError(`${p} answered ${res.status}, not 200`);
    }
    const cookies = await signInEditors(baseUrl, editors);
    const loadAtStart = loadNow();
    log(
      `autocannon: ${args.connections} connections for ${args.duration} s, each going round ${paths.length} pages` +
        (editors.length ? `; ${editors.length} editor(s) saving assessments` : "") +
        " ...",
    );
    const served = { hit: 0, miss: 0 };
    const onResponse = (
      _status: number,
      _body: string,
      _context: unknown,
      headers?: Record<string, string | string[]>,
    ) => {
      const name = Object.keys(headers ?? {}).find((h) => h.toLowerCase() === "x-page-cache");
      const how = name ? headers![name] : undefined;
      if (how === "hit" || how === "miss") served[how]++;
    };
    const serverCpu0 = processCpuSeconds(server.child.pid!);
    const backends0 = backendsOf ? postgresBackends(backendsOf) : null;
    const ownCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const [result, writers] = await Promise.all([
      autocannon({
        url: baseUrl,
        connections: args.connections,
        duration: args.duration,
        timeout: 30,
        requests: paths.map((p) => ({ method: "GET", path: p, onResponse })),
      }),
      editors.length
        ? runEditors({
            baseUrl,
            editors,
            cookies,
            recommendationIds,
            until: t0 + args.duration * 1000,
            seconds: args.duration,
          })
        : Promise.resolve(null),
    ]);
    const serverCpu1 = processCpuSeconds(server.child.pid!);
    const ownCpu = process.cpuUsage(ownCpu0);
    const dbCpu = backendsCpuBetween(backends0, backendsOf ? postgresBackends(backendsOf) : null);
    const wall = (performance.now() - t0) / 1000;
    const cpu = {
      wall_s: round1(wall),
      server_cpu_s: serverCpu0 !== null && serverCpu1 !== null ? round1(serverCpu1 - serverCpu0) : null,
      database_cpu_s: dbCpu === null ? null : round1(dbCpu),
      bench_cpu_s: round1((ownCpu.user + ownCpu.system) / 1e6),
    };
    const errors = result.errors + result.non2xx;
    const readerP99Target = TARGETS.p99Ms[engine];
    const figures = {
      engine,
      rps: Math.round(result.requests.average * 10) / 10,
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
      errors,
      requests: result.requests.total,
      non2xx: result.non2xx,
      connection_errors: result.errors,
      timeouts: result.timeouts,
      status_codes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
      latency_mean_ms: Math.round(result.latency.mean),
      latency_max_ms: result.latency.max,
      duration_s: result.duration,
      connections: args.connections,
      page_cache: pageCache,
      page_cache_hits: served.hit,
      page_cache_misses: served.miss,
      pages: paths,
      writers,
      cpu,
      load_before: loadAtStart,
      load_after: loadNow(),
    };
    const writersOk = !writers || (writers.failed === 0 && writers.write_max_ms <= TARGETS.writeMaxMs);
    const report = loadReport({ args, figures, where, readerP99Target, pageCache, served });
    console.log(report);
    const conditional = args.conditional ? await conditionalRun(baseUrl, paths, args, server.child.pid!) : null;
    if (conditional) {
      console.log(conditionalReport(figures, conditional));
      Object.assign(figures, { conditional });
    }
    if (args["update-docs"]) {
      const block = `bench:load${pageCache ? "" : "-uncached"}${writers ? "-writers" : ""}${args.pglite ? "-pglite" : ""}`;
      updateDocsBlock(block, report);
    }
    if (args.json) console.log(JSON.stringify(figures));
    return errors === 0 && writersOk && (!conditional || conditional.errors === 0) ? 0 : 1;
  } finally {
    log("Stopping the server ...");
    await server?.stop();
    process.off("exit", killServer);
    await cleanUp();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

interface ConditionalFigures {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  not_modified: number;
  /** Connection errors, timeouts and every answer but 304. */
  errors: number;
  server_cpu_s: number | null;
  wall_s: number;
  load_before: number;
  load_after: number;
}

/** The same pages again, each asked with If-None-Match: its current ETag (every answer should be a 304). */
async function conditionalRun(
  baseUrl: string,
  paths: string[],
  args: z.infer<typeof Args>,
  serverPid: number,
): Promise<ConditionalFigures> {
  const etags: string[] = [];
  for (const p of paths) {
    const res = await fetch(baseUrl + p);
    await res.arrayBuffer();
    const etag = res.headers.get("etag");
    if (!etag) throw new StartupError(`${p} answered without an ETag`);
    etags.push(etag);
  }
  log(`autocannon, conditional: ${args.connections} connections for ${args.duration} s, If-None-Match on each ...`);
  const loadBefore = loadNow();
  const cpu0 = processCpuSeconds(serverPid);
  const t0 = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: args.connections,
    duration: args.duration,
    timeout: 30,
    requests: paths.map((p, i) => ({ method: "GET", path: p, headers: { "if-none-match": etags[i]! } })),
  });
  const cpu1 = processCpuSeconds(serverPid);
  const notModified = result.statusCodeStats["304" as keyof typeof result.statusCodeStats]?.count ?? 0;
  return {
    rps: round1(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    not_modified: notModified,
    // A 200 here is an error too: the ETag sent was current.
    errors: result.errors + (result.non2xx - notModified) + result["2xx"],
    server_cpu_s: cpu0 !== null && cpu1 !== null ? round1(cpu1 - cpu0) : null,
    wall_s: round1((performance.now() - t0) / 1000),
    load_before: loadBefore,
    load_after: loadNow(),
  };
}

function conditionalReport(
  cached: { rps: number; p50_ms: number; p99_ms: number; requests: number; cpu: { server_cpu_s: number | null } },
  c: ConditionalFigures,
): string {
  const perRequest = (s: number | null, n: number) =>
    s === null ? "n/a" : `${s} s (${((s * 1000) / Math.max(1, n)).toFixed(2)} ms a request)`;
  return [
    `Then the same pages for as long again, each request with If-None-Match: the page's current ETag (load average ${c.load_before} before, ${c.load_after} after): ${c.not_modified.toLocaleString("en")} of ${c.requests.toLocaleString("en")} answers were 304.`,
    "",
    "| Figure | Cached 200s (first run) | 304s (second run) |",
    "| --- | --- | --- |",
    `| Requests per second | ${cached.rps} | ${c.rps} |`,
    `| Latency p50 | ${cached.p50_ms} ms | ${c.p50_ms} ms |`,
    `| Latency p99 | ${cached.p99_ms} ms | ${c.p99_ms} ms |`,
    `| Server process CPU | ${perRequest(cached.cpu.server_cpu_s, cached.requests)} | ${perRequest(c.server_cpu_s, c.requests)} |`,
    `| Errors (anything but the expected answer) | see above | ${c.errors} |`,
  ].join("\n");
}

/** Opens the target database for a moment (before the server holds it). */
async function withDb<T>(target: Target, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const handle = await createDb(
    target.databaseUrl ? { databaseUrl: target.databaseUrl } : { dataDir: target.dataDir! },
  );
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}

function loadReport(input: {
  args: z.infer<typeof Args>;
  figures: {
    engine: "postgres" | "pglite";
    rps: number;
    p50_ms: number;
    p99_ms: number;
    errors: number;
    requests: number;
    pages: string[];
    writers: WriterFigures | null;
    cpu: { wall_s: number; server_cpu_s: number | null; database_cpu_s: number | null; bench_cpu_s: number };
    load_before: number;
    load_after: number;
  };
  where: string;
  readerP99Target: number;
  pageCache: boolean;
  served: { hit: number; miss: number };
}): string {
  const { args, figures, where, readerP99Target, pageCache, served } = input;
  const w = figures.writers;
  const ok = (met: boolean) => (met ? "met" : "NOT met");
  const cpus = os.cpus();
  const shared =
    figures.engine === "pglite" ? "the server (with the embedded database in it)" : "the server, PostgreSQL";
  const c = figures.cpu;
  const perRequest = (s: number | null) =>
    s === null
      ? "n/a"
      : `${s} s (${Math.round((s * 1000) / Math.max(1, figures.requests + (w ? 2 * w.writes : 0)))} ms a request)`;
  return [
    `Load test: ${args.connections} connections for ${args.duration} s against the production server (npm start's scripts/start.ts) on ${where}, world scale, ` +
      `on ${cpus.length} x ${cpus[0]?.model.trim() ?? "CPU"} shared by ${shared} and autocannon (load average ${figures.load_before} before, ${figures.load_after} after). ` +
      (pageCache
        ? `The page cache was on (as in production): ${served.hit.toLocaleString("en")} answers came from it, ${served.miss.toLocaleString("en")} were made anew (a page is made again whenever the database changes). `
        : "The page cache was off (--no-page-cache): every page was made anew. ") +
      (w
        ? `Meanwhile ${w.writers} editor(s), signed in, saved assessments one after another through the recommendation page's form (GET the page, POST the form: bench/lib/editors.ts). `
        : "") +
      `Each connection goes round ${figures.pages.length} pages:`,
    "",
    ...figures.pages.map((p) => `- \`${p}\``),
    "",
    "| Figure | Value | Target |",
    "| --- | --- | --- |",
    `| Requests per second | ${figures.rps} | none |`,
    `| Latency p50 | ${figures.p50_ms} ms | none |`,
    `| Latency p99 | ${figures.p99_ms} ms | at most ${readerP99Target} ms: ${ok(figures.p99_ms <= readerP99Target)} |`,
    `| Errors (connection errors, timeouts, non-2xx) | ${figures.errors} of ${figures.requests.toLocaleString("en")} requests | ${TARGETS.errors}: ${ok(figures.errors === TARGETS.errors)} |`,
    ...(w
      ? [
          `| Saved assessments per second (${w.writers} editors) | ${w.writes_per_s} (${w.saved} saved) | none |`,
          `| Save (POST) latency p50 / p99 / max | ${w.write_p50_ms} / ${w.write_p99_ms} / ${w.write_max_ms} ms | every save within ${TARGETS.writeMaxMs} ms: ${ok(w.write_max_ms <= TARGETS.writeMaxMs)} |`,
          `| Failed saves | ${w.failed}${
            w.failed
              ? ` (${Object.entries(w.failures)
                  .map(([k, n]) => `${k}: ${n}`)
                  .join(", ")})`
              : ""
          } | 0: ${ok(w.failed === 0)} |`,
          `| Editor's page with the form (GET, signed in) p50 / p99 / max | ${w.form_page_p50_ms} / ${w.form_page_p99_ms} / ${w.form_page_max_ms} ms | none |`,
        ]
      : []),
    `| CPU in ${c.wall_s} s: server process / PostgreSQL backends of the database / autocannon and editors | ${perRequest(c.server_cpu_s)} / ${figures.engine === "pglite" ? "(in the server)" : perRequest(c.database_cpu_s)} / ${c.bench_cpu_s} s | none |`,
  ].join("\n");
}

function updateDocsBlock(block: string, report: string): void {
  const docs = path.join(ROOT, "docs/performance.md");
  const text = fs.readFileSync(docs, "utf8");
  const start = `<!-- ${block}:start -->`;
  const end = `<!-- ${block}:end -->`;
  if (!text.includes(start) || !text.includes(end))
    throw new StartupError(`docs/performance.md has no ${start} ... ${end} block to update`);
  const stamp = `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`;
  fs.writeFileSync(
    docs,
    `${text.slice(0, text.indexOf(start) + start.length)}\n${stamp} ${report}\n${text.slice(text.indexOf(end))}`,
  );
  log(`docs/performance.md: the ${block} block was updated`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof StartupError ? `bench:load: ${error.message}` : error);
    process.exit(1);
  },
);
