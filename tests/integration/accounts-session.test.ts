// Where the session secret comes from, and the start-up rule for it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/env.server";
import { loadSessionSecrets } from "~/http/session.server";
import { StartupError } from "../../db/client";

const root = path.resolve(import.meta.dirname, "../..");

describe("session secret", () => {
  it("makes one random secret in DATA_DIR/session-secret (mode 0600) and keeps it across restarts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-secret-"));
    try {
      const e = parseEnv({ DATA_DIR: path.join(dir, "data") });
      const first = loadSessionSecrets(e);
      expect(first).toHaveLength(1);
      expect(first[0]).toMatch(/^[0-9a-f]{64}$/);
      const file = path.join(dir, "data", "session-secret");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(loadSessionSecrets(e)).toEqual(first);

      fs.writeFileSync(file, "short\n");
      expect(() => loadSessionSecrets(e)).toThrow(/damaged/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses SESSION_SECRET (comma-separated, first signs) and writes no file then", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-secret-"));
    try {
      const a = "a".repeat(32);
      const b = "b".repeat(40);
      const e = parseEnv({ DATA_DIR: dir, SESSION_SECRET: ` ${a} , ${b} ` });
      expect(loadSessionSecrets(e)).toEqual([a, b]);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to start with DATABASE_URL and no SESSION_SECRET, in one line; refuses short secrets", () => {
    // Scripts that need no session (migrations, user:create) still accept DATABASE_URL alone.
    const e = parseEnv({ DATABASE_URL: "postgres://u@localhost:5432/upr", DATA_DIR: "/nonexistent/never-written" });
    expect(e.SESSION_SECRET).toEqual([]);
    expect(() => loadSessionSecrets(e)).toThrow(StartupError);
    expect(() => loadSessionSecrets(e)).toThrow(/^SESSION_SECRET must be set when DATABASE_URL is set/);
    expect(() => parseEnv({ DATABASE_URL: "postgres://u@localhost:5432/upr", SESSION_SECRET: "too short" })).toThrow(
      EnvError,
    );
    expect(() => parseEnv({ SESSION_SECRET: "too short" })).toThrow(/^SESSION_SECRET .*at least 32/);
    expect(
      loadSessionSecrets(parseEnv({ DATABASE_URL: "postgres://u@localhost:5432/upr", SESSION_SECRET: "x".repeat(32) })),
    ).toEqual(["x".repeat(32)]);

    // What the server prints when it calls loadSessionSecrets at start-up through runMain.
    const script = `import { runMain } from "./scripts/lib/cli"; import { loadSessionSecrets } from "./app/http/session.server"; runMain(async (env) => { loadSessionSecrets(env); });`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "test",
        DATABASE_URL: "postgres://u@127.0.0.1:1/upr",
      } as NodeJS.ProcessEnv,
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => !/ExperimentalWarning|--trace-warnings/.test(l));
    expect(lines).toEqual([
      "upr-monitor: SESSION_SECRET must be set when DATABASE_URL is set (for example the output of: openssl rand -hex 32)",
    ]);
  });

  it("reads TRUST_PROXY as 0 or 1 only", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(true);
    expect(() => parseEnv({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
  });
});
