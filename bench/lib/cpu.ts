// CPU time of the processes in a load test (Linux /proc; elsewhere every figure is null): the server's
// Node process, and the PostgreSQL backends serving one database (found by the database name in their
// process titles, so other databases' work on the same server is not counted).
import fs from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture we run on (getconf CLK_TCK)

/** User + system CPU seconds of a process, or null (not Linux, or the process is gone). */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3; utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds of each PostgreSQL backend whose process title names `database`, by pid. */
export function postgresBackends(database: string): Map<number, number> | null {
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const found = new Map<number, number>();
  for (const p of pids) {
    try {
      const title = fs.readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ");
      // "postgres: 15/main: postgres upr_bench 127.0.0.1(39882) idle"
      if (!title.startsWith("postgres:") || !title.split(" ").includes(database)) continue;
      const cpu = processCpuSeconds(Number(p));
      if (cpu !== null) found.set(Number(p), cpu);
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}

/** CPU seconds the backends used between two readings (backends started in between count from 0). */
export function backendsCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null) {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}
