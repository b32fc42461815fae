// `npm run user:create -- --email E --org "Stop the Traffik Kenya" --role admin [--name "Full Name"]`
// Adds a user (and the organisation when new). The password is asked for with hidden input on a
// terminal; otherwise it is read from the environment variable USER_PASSWORD.
// Exit codes: 0 added, 1 not added (the email exists, or the database failed), 2 bad arguments or password.
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  displayNameField,
  emailField,
  newPasswordField,
  organisationNameField,
  roleField,
} from "../app/models/users.server";
import { performAdminTask } from "./lib/admin-task";
import { type Io, isEntryPoint, type Main, runMain } from "./lib/cli";

const USAGE = `usage: npm run user:create -- --email EMAIL --org "ORGANISATION" [--role admin|editor] [--name "FULL NAME"]
  The organisation is found by name (any case) or created. --role defaults to editor.
  Password: typed at a hidden prompt on a terminal, else taken from the environment variable USER_PASSWORD.`;

const Args = z.object({
  email: emailField,
  org: organisationNameField,
  role: roleField.default("editor"),
  name: displayNameField,
});

function bad(io: Io, message: string): number {
  io.error(`user:create: ${message}`);
  io.error(USAGE);
  return 2;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let value = "";
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stdout.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return done();
        if (ch === "\u0003") return done(new Error("cancelled"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readPassword(io: Io): Promise<string | { error: string }> {
  if (io.interactive) {
    let first: string;
    try {
      first = await promptHidden("Password (at least 10 characters, not shown): ");
      const again = await promptHidden("The same password again: ");
      if (first !== again) return { error: "the two passwords differ; nothing was changed" };
    } catch {
      return { error: "cancelled; nothing was changed" };
    }
    return first;
  }
  const fromEnv = io.variables.USER_PASSWORD;
  if (!fromEnv)
    return { error: "not on a terminal, so the password must be in the environment variable USER_PASSWORD" };
  return fromEnv;
}

export const main: Main = async (env, args, io) => {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        org: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return bad(io, (error as Error).message);
  }
  if (values.help) {
    io.log(USAGE);
    return 0;
  }
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = String(issue.path[0] ?? "");
    return bad(
      io,
      values[option] === undefined && option !== "name" ? `--${option} is required` : `--${option}: ${issue.message}`,
    );
  }

  const password = await readPassword(io);
  if (typeof password !== "string") return bad(io, password.error);
  const checked = newPasswordField.safeParse(password);
  if (!checked.success) return bad(io, `password: ${checked.error.issues[0].message}`);

  const { email, org, role, name } = parsed.data;
  const { answer, where } = await performAdminTask(env, { task: "user.create", email, org, role, name, password }, io);
  if (answer.task !== "user.create") throw new Error("unexpected answer");
  const result = answer.result;
  if (!result.ok) {
    io.error(`user:create: a user with the email ${email} already exists; nothing was changed`);
    return 1;
  }
  const u = result.user;
  io.log(
    `added ${u.role} ${u.email} (user #${u.id}) to ${result.organisationCreated ? "the new organisation" : "the organisation"} "${u.organisationName}" (${where})`,
  );
  return 0;
};

if (isEntryPoint(import.meta.url)) runMain(main);
