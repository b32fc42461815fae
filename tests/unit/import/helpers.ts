/** Shared helpers for the import parser tests (not a test file itself). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseImportBuffer, type ImportOptions, type ImportResult } from "../../../app/import/readers";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const FIXTURES = path.join(REPO_ROOT, "tests/fixtures/import");

export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}
export function fixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

/** A data file from seed-data/ in the repo, else from ../shared/data beside it. */
export function dataFilePath(name: string): string {
  const seed = path.join(REPO_ROOT, "seed-data", name);
  return existsSync(seed) ? seed : path.resolve(REPO_ROOT, "../shared/data", name);
}

/** The full UPR Info sample lives only in ../shared (we commit excerpts of it, not the file). */
export const UPR_INFO_SAMPLE = path.resolve(REPO_ROOT, "../shared/samples/uprinfo-export-kenya-session8.csv");
export const HAS_UPR_INFO_SAMPLE = existsSync(UPR_INFO_SAMPLE);

/** Bytes as a stream of chunks of `size` bytes, to exercise chunk boundaries. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function parse(
  input: string | Uint8Array | AsyncIterable<Uint8Array>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return parseImportBuffer(typeof input === "string" ? Buffer.from(input, "utf8") : input, options);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** The first data row of the UPR Info excerpt, split into its cells' raw CSV text. */
export const UPR_INFO_TO_HEADER = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session";
export const UPR_INFO_ORIGINAL_HEADER = "SuR,Rgrp,Org,Recommendation,RS,Rgrp,Org,Response,Action,Issue,Session";
/** Data lines of the UPR Info excerpt fixture (CR line endings in the file). */
export function uprInfoExcerptLines(): string[] {
  return fixture("uprinfo-kenya-session8-excerpt.csv")
    .toString("utf8")
    .split("\r")
    .filter((l) => l !== "")
    .slice(1);
}
