// Running a command-line script's main in the test's own process (scripts/lib/cli.ts runCli): the same
// arguments, exit codes and output lines as `npm run`, without starting a tsx process per case.
// Only the given environment variables are seen (not the test process's DATABASE_URL, for example).
import { Writable } from "node:stream";
import { type Io, type Main, runCli } from "../../scripts/lib/cli";

export interface CliRun {
  code: number;
  /** Everything written to standard output: lines and file bytes, in order. */
  stdout: Buffer;
  /** The lines written to standard error. */
  errors: string[];
}

export async function runScript(main: Main, args: string[], env: Record<string, string>): Promise<CliRun> {
  const out: Buffer[] = [];
  const errors: string[] = [];
  const io: Io = {
    log: (line) => void out.push(Buffer.from(`${line}\n`)),
    error: (line) => void errors.push(...line.split("\n").filter((l) => l.trim())),
    stdout: new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        out.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
        done();
      },
    }),
    variables: env,
    interactive: false,
  };
  const code = await runCli(main, args, io);
  return { code, stdout: Buffer.concat(out), errors };
}
