// The environment, validated once at start-up. Everything else reads config from here.
import { z } from "zod";

/** An empty variable counts as unset (its default applies). */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
      message: "must look like postgres://user@host:5432/database",
    }),
  // false: postgres.js makes no named prepared statements, as PgBouncer in transaction mode needs
  // (docs/deployment.md). PostgreSQL only; the embedded database ignores it.
  DATABASE_PREPARE: unsetIfEmpty(
    z
      .enum(["true", "false"], { message: "must be true or false (false behind PgBouncer in transaction mode)" })
      .default("true")
      .transform((v) => v === "true"),
  ),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().trim().min(1).default("localhost"),
  DEFAULT_STATE: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, "must be an ISO 3166 alpha-3 code such as KEN")
    .default("KEN"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  // Secrets that sign the session cookie: a comma-separated list, the first one signs, all verify
  // (rotate by putting a new one first). Unset in embedded mode: DATA_DIR/session-secret is used;
  // the server refuses to start with DATABASE_URL and no SESSION_SECRET (loadSessionSecrets in
  // app/http/session.server.ts: scripts that need no session, such as migrations, still run).
  SESSION_SECRET: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((s) => s.length >= 32), {
      message:
        "must be one or more random strings of at least 32 characters, separated by commas (the first one signs)",
    }),
  // Rolling backups of the embedded database in DATA_DIR/backups: how many to keep (0: none are
  // made) and how many hours apart (app/models/backup.server.ts startRollingBackups).
  BACKUP_KEEP: unsetIfEmpty(
    z.coerce
      .number({ message: "must be a whole number of backups to keep (0 for none)" })
      .int("must be a whole number of backups to keep (0 for none)")
      .min(0, "must be 0 or more")
      .max(1000, "must be at most 1000")
      .default(7),
  ),
  BACKUP_INTERVAL_HOURS: unsetIfEmpty(
    z.coerce
      .number({ message: "must be a number of hours, such as 24" })
      .min(0.1, "must be at least 0.1 (6 minutes)")
      .max(24 * 24, "must be at most 576 (24 days)")
      .default(24),
  ),
  // Memory for whole public pages served again to anonymous readers while the data is unchanged
  // (server/page-cache.ts), in megabytes; 0 turns the page cache off.
  PAGE_CACHE_MB: unsetIfEmpty(
    z.coerce
      .number({ message: "must be a number of megabytes, such as 64 (0 turns the page cache off)" })
      .min(0, "must be 0 or more")
      .max(4096, "must be at most 4096")
      .default(64),
  ),
  // The coalition's name, printed on the mid-term report's pages (app/routes/reviews.$reviewId_.report.tsx).
  // Unset: the report names the organisations whose assessments it shows.
  COALITION_NAME: unsetIfEmpty(z.string().trim().max(200).optional()),
  // text: the server's lines as they read (the default); json: one JSON object a line, with a line per
  // request (method, path, status, duration, request id) (server/log.ts).
  LOG_FORMAT: unsetIfEmpty(
    z
      .enum(["text", "json"], { message: "must be text (lines to read) or json (one JSON object a line)" })
      .default("text"),
  ),
  // 1: the app runs behind one reverse proxy whose X-Forwarded-Proto/-Host/-For headers are to be believed.
  TRUST_PROXY: z
    .enum(["0", "1"], { message: "must be 1 (behind a reverse proxy that sets X-Forwarded-*) or 0" })
    .default("0")
    .transform((v) => v === "1"),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(`${issue.path.join(".")} ${issue.message}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  return (cached ??= parseEnv());
}
