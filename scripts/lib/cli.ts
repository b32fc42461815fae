// Shared start-up for command-line scripts: validated env, one database, one clear line on failure.
//
// A script exports its `main(env, args, io)` and ends with `if (isEntryPoint(import.meta.url)) runMain(main)`.
// `npm run x` runs it as a process (runMain); tests call runCli(main, args, env, io) in their own
// process, with the same exit codes and the same lines, without starting a tsx process per case.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EnvError, parseEnv, type Env } from "../../app/env.server";
import { StartupError } from "../../db/client";

export { openDbFromEnv, openMigratedDb } from "../../db/open";

/** What a script reads and writes besides its arguments: lines for people, file bytes, its own variables. */
export interface Io {
  /** One line on standard output. */
  log(line: string): void;
  /** One line on standard error. */
  error(line: string): void;
  /** Standard output as a stream, for a file written to it. */
  stdout: NodeJS.WritableStream;
  /** The environment variables, for a script's own (USER_PASSWORD); the app's settings come validated as env. */
  variables: Record<string, string | undefined>;
  /** True when a person is at a terminal (stdin is a TTY), so the script may prompt. */
  interactive: boolean;
}

export const processIo: Io = {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  stdout: process.stdout,
  variables: process.env,
  interactive: Boolean(process.stdin.isTTY),
};

export type Main = (env: Env, args: string[], io: Io) => Promise<void | number>;

interface Outcome {
  code: number;
  /** True when main threw (rather than returned an exit code): the process should end at once. */
  crashed: boolean;
}

async function settle(main: Main, args: string[], io: Io): Promise<Outcome> {
  try {
    const code = await main(parseEnv(io.variables), args, io);
    return { code: typeof code === "number" ? code : 0, crashed: false };
  } catch (error) {
    if (error instanceof StartupError || error instanceof EnvError) io.error(`upr-monitor: ${error.message}`);
    else io.error(error instanceof Error ? (error.stack ?? String(error)) : String(error));
    return { code: 1, crashed: true };
  }
}

/**
 * Runs a script's main in this process with the given arguments and io (io.variables: the environment); returns
 * its exit code. Known problems (StartupError, EnvError) are one line on io.error and exit code 1.
 */
export async function runCli(main: Main, args: string[], io: Io): Promise<number> {
  return (await settle(main, args, io)).code;
}

/** Runs a script's main as the process: known problems print one line (no stack trace) and exit 1. */
export function runMain(main: Main): void {
  void settle(main, process.argv.slice(2), processIo).then(({ code, crashed }) => {
    if (crashed) process.exit(code);
    process.exitCode = code;
  });
}

/**
 * True when the module of `moduleUrl` is the script Node was started with (not imported by a test).
 * Compared by real path: Node loads the main module by its real path, and the folder the script was
 * started from may be reached through a symbolic link.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  const real = (file: string) => {
    try {
      return fs.realpathSync(file);
    } catch {
      return file;
    }
  };
  return real(path.resolve(script)) === real(fileURLToPath(moduleUrl));
}
