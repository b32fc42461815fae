// `npm run bench:load [-- --duration 60] [--connections 50] [--database-url URL] [--no-page-cache] [--json] [--update-docs]`
// The load test: starts the production server (scripts/start.ts: build when needed, migrate, serve) on
// the world-scale bench database (npm run bench:seed; seeded first when needed), on a free loopback
// port, and drives the public dashboard and search pages with autocannon: 50 connections for 60
// seconds, each connection going round a list of dashboard and search URLs. Reports requests per
// second, p50 and p99 latency, and errors (connection errors, timeouts and every non-2xx answer),
// which must be 0. The server's page cache (docs/decisions/2026-11-26-page-cache.md) is on, as in
// production, and the answers it served are counted; --no-page-cache turns it off, so that every
// page is made anew: the cost of the pages themselves. It always stops the server it started (also on Ctrl-C). With --json the last line
// is one JSON object: {"rps", "p50_ms", "p99_ms", "errors", ...}.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "kysely";
import { z } from "zod";
import { redactUrl, StartupError } from "../db/client";
import { benchDatabaseUrl, openSeededPostgres, worldSpec } from "./lib/bench-world";
import { freePort } from "./lib/free-port";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGETS = { errors: 0, p99Ms: 500 };
const STARTUP_TIMEOUT_MS = 10 * 60_000;

const Args = z.object({
  duration: z.coerce.number().int().min(1).max(3600).default(60),
  connections: z.coerce.number().int().min(1).max(1000).default(50),
  "database-url": z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must look like postgres://user@host:5432/database")
    .optional(),
  "no-page-cache": z.boolean().default(false),
  json: z.boolean().default(false),
  "update-docs": z.boolean().default(false),
});

const log = (line: string) => console.error(line);

/** The production server as a child process; `stop` ends it (TERM, then KILL after 10 s). */
function startServer(databaseUrl: string, port: number, pageCache: boolean) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    PAGE_CACHE_MB: pageCache ? (process.env.PAGE_CACHE_MB ?? "") : "0",
  };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => output,
    running,
    /** Synchronous last resort (process exit). */
    kill: () => {
      if (running()) child.kill("SIGKILL");
    },
    stop: async () => {
      if (!running()) return;
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (running()) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

async function waitUntilServing(baseUrl: string, server: ReturnType<typeof startServer>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (!server.running()) throw new StartupError(`the server exited before serving:\n${server.output().trim()}`);
    try {
      const res = await fetch(`${baseUrl}/`);
      if (res.ok) return (Date.now() - t0) / 1000;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > STARTUP_TIMEOUT_MS)
      throw new StartupError(
        `the server did not answer within ${STARTUP_TIMEOUT_MS / 60_000} minutes:\n${server.output().trim()}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

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

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        duration: { type: "string" },
        connections: { type: "string" },
        "database-url": { type: "string" },
        "no-page-cache": { type: "boolean" },
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
  const url = benchDatabaseUrl(args["database-url"]);

  // The world-scale database, and five states under review at the 10th ... 90th percentile of size.
  const handle = await openSeededPostgres(url, worldSpec(), log);
  let states: string[];
  try {
    const rows = (
      await sql<{ iso3: string }>`select s.iso3 from recommendation rec join review r on r.id = rec.review_id
        join state s on s.id = r.state_id where s.iso3 is not null group by s.id order by count(*), s.iso3`.execute(
        handle.db,
      )
    ).rows;
    states = [0.1, 0.3, 0.5, 0.7, 0.9].map((q) => rows[Math.floor(q * (rows.length - 1))]!.iso3);
  } finally {
    await handle.close();
  }
  const paths = loadPaths(states);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  log(`Starting the production server (scripts/start.ts) on ${baseUrl} with DATABASE_URL=${redactUrl(url)} ...`);
  const pageCache = !args["no-page-cache"];
  const server = startServer(url, port, pageCache);
  const onSignal = (signal: NodeJS.Signals) => {
    log(`bench:load: ${signal}: stopping the server`);
    server.kill();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.once("exit", server.kill);
  try {
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
    const loadAtStart = Math.round(os.loadavg()[0]! * 10) / 10;
    log(
      `autocannon: ${args.connections} connections for ${args.duration} s, each going round ${paths.length} pages ...`,
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
    const result = await autocannon({
      url: baseUrl,
      connections: args.connections,
      duration: args.duration,
      timeout: 30,
      requests: paths.map((p) => ({ method: "GET", path: p, onResponse })),
    });
    const errors = result.errors + result.non2xx;
    const figures = {
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
    };
    const ok = (met: boolean) => (met ? "met" : "NOT met");
    const cpus = os.cpus();
    const report = [
      `Load test: ${args.connections} connections for ${result.duration} s against the production server (npm start's scripts/start.ts) on the world-scale database, ` +
        `on ${cpus.length} x ${cpus[0]?.model.trim() ?? "CPU"} shared by the server, PostgreSQL and autocannon (load average ${loadAtStart} before, ${Math.round(os.loadavg()[0]! * 10) / 10} after). ` +
        (pageCache
          ? `The page cache was on (as in production): ${served.hit.toLocaleString("en")} answers came from it, ${served.miss.toLocaleString("en")} were made anew (a page is made again whenever the database changes). `
          : "The page cache was off (--no-page-cache): every page was made anew. ") +
        `Each connection goes round ${paths.length} pages:`,
      "",
      ...paths.map((p) => `- \`${p}\``),
      "",
      "| Figure | Value | Target |",
      "| --- | --- | --- |",
      `| Requests per second | ${figures.rps} | none |`,
      `| Latency p50 | ${figures.p50_ms} ms | none |`,
      `| Latency p99 | ${figures.p99_ms} ms | at most ${TARGETS.p99Ms} ms: ${ok(figures.p99_ms <= TARGETS.p99Ms)} |`,
      `| Errors (connection errors, timeouts, non-2xx) | ${errors} of ${figures.requests.toLocaleString("en")} requests | ${TARGETS.errors}: ${ok(errors === TARGETS.errors)} |`,
    ].join("\n");
    console.log(report);
    if (args["update-docs"]) {
      const docs = path.join(ROOT, "docs/performance.md");
      const text = fs.readFileSync(docs, "utf8");
      const block = pageCache ? "bench:load" : "bench:load-uncached";
      const start = `<!-- ${block}:start -->`;
      const end = `<!-- ${block}:end -->`;
      if (!text.includes(start) || !text.includes(end))
        throw new StartupError(`docs/performance.md has no ${start} ... ${end} block to update`);
      const stamp = `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`;
      fs.writeFileSync(
        docs,
        `${text.slice(0, text.indexOf(start) + start.length)}\n${stamp} ${report}\n${text.slice(text.indexOf(end))}`,
      );
      log("docs/performance.md: the load test block was updated");
    }
    if (args.json) console.log(JSON.stringify(figures));
    return errors === 0 ? 0 : 1;
  } finally {
    log("Stopping the server ...");
    await server.stop();
    process.off("exit", server.kill);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof StartupError ? `bench:load: ${error.message}` : error);
    process.exit(1);
  },
);
