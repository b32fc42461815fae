// COPY through Kysely, on both engines: `copy ... to stdout`, the rows as PostgreSQL's text format,
// read whole. The statement runs on the connection Kysely gives
// out, so it takes the same turn (PGlite's lock, db/lanes.ts) and, inside a transaction, runs in it.
//
// How: the compiled statement carries a CopyStream as its only parameter (the SQL itself has no $1);
// the drivers see it and run the COPY their own way: postgres.js with `.readable()` on
// the reserved connection (db/client.ts wraps `reserve`), PGlite with '/dev/blob' (db/pglite-dialect.ts).
// Docs: docs/decisions/2026-12-08-compiled-export.md.
import { CompiledQuery, type Kysely } from "kysely";

/**
 * The brand of the parameter that makes a statement a COPY TO STDOUT of ours. A global symbol, not the class:
 * the server's database client (db/client.ts, run by tsx) and the routes' models (in Remix's bundle) each hold
 * their own copy of this module, so `instanceof` would fail between them.
 */
const BRAND = Symbol.for("upr-monitor.copy-stream");

/** The parameter that makes a statement a COPY TO STDOUT of ours. */
export class CopyStream {
  readonly [BRAND] = true;
}

/** True when a compiled statement is a COPY of ours. */
export function copyStreamOf(parameters: readonly unknown[]): CopyStream | null {
  const p = parameters.length === 1 ? parameters[0] : null;
  return typeof p === "object" && p !== null && (p as { [BRAND]?: unknown })[BRAND] === true ? (p as CopyStream) : null;
}

/** The one result row a COPY returns through Kysely: its output text. */
export interface CopyResult {
  text: string;
}

/**
 * Runs `copy (...) to stdout` (text format; the statement must end with `to stdout`) and returns its
 * output whole: one line a row, columns separated by tabs, `\N` for null, backslash escapes.
 */
export async function copyOut(db: Kysely<any>, statement: string): Promise<string> {
  if (!/ to stdout$/i.test(statement)) throw new Error("copyOut: the statement must end with 'to stdout'");
  const result = await db.executeQuery<CopyResult>(CompiledQuery.raw(statement, [new CopyStream()]));
  return result.rows[0]?.text ?? "";
}

const UNESCAPE = /\\(.)/g;
const ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** One field of COPY's text format as text (null for `\N`). PostgreSQL writes only these escapes. */
export function copyFieldValue(field: string): string | null {
  if (field === "\\N") return null;
  return field.includes("\\") ? field.replace(UNESCAPE, (_, c: string) => ESCAPES[c] ?? c) : field;
}
