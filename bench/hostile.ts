// npm run bench:hostile: a reader's latency while each hostile file or request of issue #25 is sent
// (bench/lib/hostile-probes.ts), on the production server with a new embedded database (or
// PostgreSQL with --database-url). Prints, for each probe, what the attacker got and how soon, the
// reader's median and slowest page meanwhile, and the server's memory growth; first the same reader
// with no probe running, as the baseline of this run. Exits 1 when a probe broke a limit of the issue
// (reader 2 s, memory +300 MB, answer 30 s, no 500).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PROBES, runProbe, type Probe } from "./lib/hostile-probes";
import { startServer, waitUntilServing } from "./lib/server";
import { signIn } from "./lib/editors";
import { percentile } from "./lib/stats";
import { freePort } from "../scripts/lib/free-port";
import { isEntryPoint, type Main, runMain } from "../scripts/lib/cli";
import { spawnSync } from "node:child_process";

const EDITOR = { email: "bench-editor@hostile.example", password: "bench editor password" };
const LIMITS = { readerMs: 2_000, growthMb: 300, answerMs: 30_000 };

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

export const main: Main = async (env, argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: { "database-url": { type: "string" }, only: { type: "string" } },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-bench-hostile-"));
  const target = values["database-url"] ? { databaseUrl: values["database-url"] } : { dataDir };
  const scriptEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: values["database-url"] ?? "",
    USER_PASSWORD: EDITOR.password,
  };
  const created = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/user-create.ts", "--email", EDITOR.email, "--org", "Bench", "--role", "editor"],
    { env: scriptEnv, encoding: "utf8" },
  );
  if (created.status !== 0 && !/already/.test(created.stderr)) {
    io.error(`bench:hostile: could not create the editor: ${created.stderr.trim()}`);
    return 1;
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = startServer(target, port, true);
  try {
    await waitUntilServing(baseUrl, server);
    const pid = server.child.pid!;
    const cookie = await signIn(baseUrl, EDITOR);

    const engine = values["database-url"] ? "PostgreSQL" : "embedded (PGlite)";
    io.log(`bench:hostile on ${engine}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
    io.log("A reader asks for / every 250 ms while each probe is sent; memory is the server's VmRSS.\n");
    const idle: Probe = {
      name: "(baseline: no probe, a plain GET of /)",
      before: "",
      kind: "anonymous",
      importing: false,
      request: () => ({ path: "/", method: "GET" }),
      expect: { status: [200] },
    };
    const rows: string[][] = [["probe", "issue's figure", "answer", "reader p50 / max", "memory +MB"]];
    let broken = 0;
    const probes = [idle, ...PROBES.filter((p) => !values.only || p.name.includes(values.only))];
    for (const probe of probes) {
      const run = await runProbe(baseUrl, pid, probe, probe.kind === "editor" ? cookie : null);
      const max = Math.max(...run.readerMs);
      const growth = run.rssPeakMb - run.rssBeforeMb;
      const ok =
        run.answer.status !== 500 &&
        probe.expect.status.includes(run.answer.status) &&
        run.answer.ms < LIMITS.answerMs &&
        max < LIMITS.readerMs &&
        growth < LIMITS.growthMb &&
        run.readerErrors.length === 0 &&
        server.running();
      if (!ok) broken++;
      rows.push([
        probe.name,
        probe.before,
        `${run.answer.status} in ${fmt(run.answer.ms)}`,
        `${fmt(percentile(run.readerMs, 50))} / ${fmt(max)}`,
        `${growth.toFixed(0)}${ok ? "" : "  BROKE A LIMIT"}`,
      ]);
      for (const e of run.readerErrors) io.error(`  reader during "${probe.name}": ${e}`);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const [i, row] of rows.entries()) {
      io.log(`| ${row.map((c, j) => c.padEnd(widths[j])).join(" | ")} |`);
      if (i === 0) io.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
    }
    io.log(
      `\nLimits: reader ${fmt(LIMITS.readerMs)}, memory +${LIMITS.growthMb} MB, answer ${fmt(LIMITS.answerMs)}, no 500. ${broken === 0 ? "All held." : `${broken} probe(s) broke a limit.`}`,
    );
    return broken === 0 ? 0 : 1;
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
};

if (isEntryPoint(import.meta.url)) runMain(main);
