// The backup file format and its pure rules: names of backup files, which rolling backups to delete,
// the header's shape, and whether this app can restore a backup. The database and stream work is
// in app/models/backup.server.ts; docs/decisions/2026-11-26-backup-format.md says why it is so.
//
// A backup is gzip-compressed JSON Lines:
//   line 1      header  {"format":"upr-monitor-backup","formatVersion":1,"schemaVersion":..., "tables":[...], ...}
//   then        rows    {"t":"<table>","r":{<column>: <value>, ...}}   tables in foreign-key order, parents first
//   last line   trailer {"end":"upr-monitor-backup","rows":{"<table>":n},"totalRows":n,"sha256":"<hex>"}
// sha256 is of every byte before the trailer line (the header and row lines with their newlines).
import { z } from "zod";

export const BACKUP_FORMAT = "upr-monitor-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = ".jsonl.gz";

/** manual: `npm run db:backup`, the web download. auto: the rolling backups. before-restore: what `--replace` replaced. */
export type BackupKind = "manual" | "auto" | "before-restore";

// ---------------------------------------------------------------------------------------------
// File names: upr-monitor-<UTC time>-<schema version>[.<kind>].jsonl.gz. Time first, so names sort
// by time; no colons, so the names work on every file system.

const NAME_PATTERN = /^upr-monitor-(\d{8}T\d{6}Z)-([A-Za-z0-9_-]+?)(?:\.(auto|before-restore))?\.jsonl\.gz$/;

/** 2026-11-26T19:36:15.438Z -> 20261126T193615Z */
export function compactUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

function parseCompactUtc(s: string): Date {
  return new Date(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`,
  );
}

export function backupFileName(input: { schemaVersion: string; at: Date; kind?: BackupKind }): string {
  const schema = input.schemaVersion.replace(/[^A-Za-z0-9_-]/g, "_");
  const kind = input.kind && input.kind !== "manual" ? `.${input.kind}` : "";
  return `upr-monitor-${compactUtc(input.at)}-${schema}${kind}${BACKUP_EXTENSION}`;
}

export interface BackupFileNameParts {
  at: Date;
  schemaVersion: string;
  kind: BackupKind;
}

/** The parts of a name made by backupFileName, or null for any other file. */
export function parseBackupFileName(name: string): BackupFileNameParts | null {
  const m = NAME_PATTERN.exec(name);
  if (!m) return null;
  const at = parseCompactUtc(m[1]!);
  if (Number.isNaN(at.getTime())) return null;
  return { at, schemaVersion: m[2]!, kind: (m[3] as BackupKind | undefined) ?? "manual" };
}

function rollingNewestFirst(names: string[]): { name: string; at: Date }[] {
  return names
    .map((name) => ({ name, parts: parseBackupFileName(name) }))
    .filter((x): x is { name: string; parts: BackupFileNameParts } => x.parts?.kind === "auto")
    .map((x) => ({ name: x.name, at: x.parts.at }))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : -1));
}

/**
 * The rolling backups to delete so that the newest `keep` remain. Only names of rolling backups
 * count; every other file (manual backups, the ones kept by a restore, anything else) is left alone.
 */
export function rollingBackupsToDelete(names: string[], keep: number): string[] {
  return rollingNewestFirst(names)
    .slice(Math.max(0, keep))
    .map((x) => x.name);
}

/** When the newest rolling backup was made, or null when there is none. */
export function newestRollingBackup(names: string[]): Date | null {
  return rollingNewestFirst(names)[0]?.at ?? null;
}

/** How long to wait before the next rolling backup: none yet or the newest is too old, at once. */
export function nextRollingBackupDelay(names: string[], intervalMs: number, now: Date): number {
  const newest = newestRollingBackup(names);
  if (!newest) return 0;
  return Math.min(intervalMs, Math.max(0, newest.getTime() + intervalMs - now.getTime()));
}

// ---------------------------------------------------------------------------------------------
// Header and trailer

const Name = z.string().min(1).max(200);

export const BackupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  schemaVersion: Name,
  migrations: z.array(Name).min(1),
  createdAt: z.string().datetime({ offset: true }),
  engine: z.string(),
  tables: z.array(
    z.object({
      name: Name,
      columns: z.array(z.object({ name: Name, type: z.string() })).min(1),
      primaryKey: z.array(Name).default([]),
      rows: z.number().int().min(0),
    }),
  ),
  sequences: z
    .array(z.object({ table: Name, column: Name, lastValue: z.number().int(), isCalled: z.boolean() }))
    .default([]),
});
export type BackupHeader = z.infer<typeof BackupHeaderSchema>;

export const BackupTrailerSchema = z.object({
  end: z.literal(BACKUP_FORMAT),
  rows: z.record(z.string(), z.number().int().min(0)),
  totalRows: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Why this app cannot restore a backup with this header, or null when it can. `known` is every
 * migration this app has, in the order they run. A backup can be restored when its migrations are
 * the first ones of the app's (same or older schema).
 */
export function restoreRefusal(
  header: Pick<BackupHeader, "schemaVersion" | "migrations" | "formatVersion">,
  known: string[],
): string | null {
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    return `this backup was written by a newer version of UPR Monitor (backup format ${header.formatVersion}; this app reads format ${BACKUP_FORMAT_VERSION}); upgrade the app first`;
  }
  const unknown =
    header.migrations.find((m) => !known.includes(m)) ??
    (known.includes(header.schemaVersion) ? undefined : header.schemaVersion);
  if (unknown !== undefined) {
    return `this backup comes from a newer version of UPR Monitor (schema ${header.schemaVersion}; this app knows up to ${known[known.length - 1]}); upgrade the app first`;
  }
  const expected = known.slice(0, header.migrations.length);
  if (
    header.migrations.some((m, i) => m !== expected[i]) ||
    header.migrations[header.migrations.length - 1] !== header.schemaVersion
  ) {
    return `this backup's migrations (${header.migrations.join(", ")}) are not the first ones of this app's (${expected.join(", ")}), so it cannot be restored by this version`;
  }
  return null;
}

/** Tables in an order that inserts parents before children; ties (and cycles, last) by name. */
export function foreignKeyOrder(tables: string[], references: { table: string; references: string }[]): string[] {
  const pending = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const r of references) {
    if (r.table !== r.references && pending.has(r.table) && pending.has(r.references))
      parents.get(r.table)!.add(r.references);
  }
  const order: string[] = [];
  while (pending.size) {
    const ready = [...pending].filter((t) => [...parents.get(t)!].every((p) => !pending.has(p))).sort();
    const next = ready.length ? ready : [...pending].sort().slice(0, 1);
    for (const t of next) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

export function formatCount(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}
