/**
 * Source keys: a stable identity for each imported record, so that importing the same file again
 * updates the records it created instead of duplicating them.
 *
 * - native with a paragraph: `${iso3 or name}:${cycle}:${paragraph}` (e.g. "KEN:1:101.1"); the
 *   same key twice in one file is a problem.
 * - native without a paragraph, and UPR Info: sha1 hex of the identifying values (trimmed,
 *   whitespace runs collapsed, joined by U+001F), then `#n`, n counting identical rows within
 *   the file (first = 1). Two identical rows stay two records ("...#1", "...#2"), and the n-th
 *   copy gets the same key on every import of the file.
 * - UHRI: the record's AnnotationId.
 */
import { createHash } from "node:crypto";

const WHITESPACE_RUN_RE = /\s+/g;
// Whitespace other than a single plain space: only then is a (slower) replace needed.
const NEEDS_COLLAPSE_RE = /[^\S ]| {2}/;

function normalisePart(part: string): string {
  return (NEEDS_COLLAPSE_RE.test(part) ? part.replace(WHITESPACE_RUN_RE, " ") : part).trim();
}

export function contentHash(parts: readonly string[]): string {
  return createHash("sha1").update(parts.map(normalisePart).join("\u001f")).digest("hex");
}

/** Hands out `${hash}#n` keys, counting repeats of the same hash within one file. */
export class OccurrenceKeys {
  private readonly seen = new Map<string, number>();

  next(parts: readonly string[]): string {
    const hash = contentHash(parts);
    const n = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, n);
    return `${hash}#${n}`;
  }
}
