// Large UPR Info export files for the import benchmark and tests, built only from the real rows of
// tests/fixtures/import/uprinfo-kenya-session8-excerpt.csv: the recommendation texts, recommending
// states, responses, actions and issues are copied verbatim; only the state under review (cycled
// through the UN member states) and the session (cycled through 1..54) vary, so that the rows spread
// over many reviews as a real export does. Identical rows are distinct recommendations anyway.
// Written as a stream: the file is never held in memory.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UN_STATES } from "../../app/lib/states";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const UPR_INFO_EXCERPT = path.join(ROOT, "tests/fixtures/import/uprinfo-kenya-session8-excerpt.csv");

/** UPR Info's names for the regional groups (its "Rgrp" column). */
const UPR_INFO_GROUP: Record<string, string> = {
  African: "Africa",
  "Asia-Pacific": "Asia",
  "Eastern European": "EEG",
  GRULAC: "GRULAC",
  WEOG: "WEOG",
};

/** Splits one CSV line into its raw cells (quotes kept), for lines without line breaks in cells. */
export function rawCells(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1;
      for (;;) {
        j = line.indexOf('"', j);
        if (j === -1) throw new Error(`unterminated quote in ${line.slice(0, 60)}`);
        if (line[j + 1] === '"') j += 2;
        else break;
      }
      cells.push(line.slice(i, j + 1));
      i = j + 2;
    } else {
      const comma = line.indexOf(",", i);
      const end = comma === -1 ? line.length : comma;
      cells.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return cells;
}

/** The header and the data rows (as raw cells) of the UPR Info excerpt. */
export function excerptRows(): { header: string; rows: string[][] } {
  const lines = fs
    .readFileSync(UPR_INFO_EXCERPT, "utf8")
    .split(/\r\n|\r|\n/)
    .filter((l) => l !== "");
  return { header: lines[0], rows: lines.slice(1).map(rawCells) };
}

export interface GenerateOptions {
  rows: number;
  lineEnding?: "\r\n" | "\n" | "\r";
  /** Adds an extra column "Notes" (ignored by the importer) holding this many filler characters per row. */
  filler?: number;
  /** Replaces one cell of the last row (0-based column index, raw CSV value): to end a big file with a bad row. */
  lastRowCell?: { column: number; value: string };
}

/** Row i of a generated file as raw cells: excerpt row i % n, state and session varied. */
export function generatedRow(i: number, source: string[][]): string[] {
  const cells = [...source[i % source.length]];
  const block = Math.floor(i / source.length);
  const state = UN_STATES[block % UN_STATES.length];
  const session = 1 + (Math.floor(block / UN_STATES.length) % 54);
  cells[0] = state.name.includes(",") ? `"${state.name}"` : state.name;
  cells[1] = state.regionalGroup ? UPR_INFO_GROUP[state.regionalGroup] : "Observer";
  cells[2] = "";
  cells[10] = String(session);
  return cells;
}

/** Writes a UPR Info export of `rows` data rows; returns its size in bytes. */
export async function writeUprInfoFile(file: string, options: GenerateOptions): Promise<number> {
  const { header, rows: source } = excerptRows();
  const eol = options.lineEnding ?? "\r\n";
  const filler = options.filler ? `,${"x".repeat(options.filler)}` : "";
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", resolve));
  await write(header + (options.filler ? ",Notes" : "") + eol);
  let chunk = "";
  for (let i = 0; i < options.rows; i++) {
    const cells = generatedRow(i, source);
    if (options.lastRowCell && i === options.rows - 1) cells[options.lastRowCell.column] = options.lastRowCell.value;
    chunk += cells.join(",") + filler + eol;
    if (chunk.length > 256 * 1024) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return fs.statSync(file).size;
}
