/**
 * Streaming CSV parsing with papaparse's low-level parser, fed one text chunk at a time.
 *
 * papaparse's own streaming helpers guess the line ending from the first chunk and its Node
 * duplex stream drops parse errors, so we drive `Papa.Parser` the way papaparse's ChunkStreamer
 * does: parse (previous partial row + new chunk) with `ignoreLastRow`, keep the unparsed tail
 * for the next chunk, and parse the tail for real at the end. Memory stays at one chunk plus one
 * row.
 */
import Papa from "papaparse";
import type { Delimiter, LineEnding } from "../../lib/text/decode";
import { lineEndingChars } from "../../lib/text/decode";

export type CsvParseError = {
  /** 0-based index of the row in the file (header = 0). */
  rowIndex: number;
  message: string;
};

export type CsvBatch = {
  /** 0-based index in the file of rows[0] (header = 0). */
  firstRowIndex: number;
  rows: string[][];
  errors: CsvParseError[];
};

/** One row (with its line breaks inside quoted cells) longer than this stops the parse. */
export const MAX_ROW_CHARS = 1024 * 1024;

export class CsvRowTooLongError extends Error {
  constructor(readonly rowIndex: number) {
    super(
      `Row ${rowIndex + 1} has no end within ${MAX_ROW_CHARS / 1024 / 1024} MB: a quoted cell is probably not closed ` +
        `(a " is missing), so the rest of the file reads as one cell.`,
    );
  }
}

function errorMessage(code: string | undefined, fallback: string): string {
  if (code === "MissingQuotes")
    return 'A quoted cell is not closed (a closing " is missing), so the rest of the file was read as one cell.';
  if (code === "InvalidQuotes")
    return 'Malformed quotes: a quoted cell\'s closing " is followed by other characters (write a quote inside a quoted cell as "").';
  return fallback;
}

export async function* parseCsvChunks(
  chunks: AsyncIterable<string>,
  delimiter: Delimiter,
  lineEnding: LineEnding,
): AsyncGenerator<CsvBatch> {
  const parser = new Papa.Parser({ delimiter, newline: lineEndingChars(lineEnding), quoteChar: '"' });
  let pending = ""; // text of the row(s) not parsed yet
  let nextRowIndex = 0;

  function batchOf(result: Papa.ParseResult<string[]>): CsvBatch {
    const rows = result.data;
    const firstRowIndex = nextRowIndex;
    nextRowIndex += rows.length;
    // With ignoreLastRow, papaparse may report an error on the dropped partial last row; it is
    // parsed again (and its errors reported) with the next chunk.
    const errors = result.errors
      .filter((e) => typeof e.row === "number" && e.row < rows.length)
      .map((e) => ({ rowIndex: firstRowIndex + (e.row as number), message: errorMessage(e.code, e.message) }));
    return { firstRowIndex, rows, errors };
  }

  for await (const chunk of chunks) {
    const input = pending + chunk;
    const result = parser.parse(input, 0, true) as Papa.ParseResult<string[]>;
    pending = input.slice(result.meta.cursor);
    if (result.data.length > 0) yield batchOf(result);
    if (pending.length > MAX_ROW_CHARS) throw new CsvRowTooLongError(nextRowIndex);
  }
  if (pending !== "") {
    const result = parser.parse(pending, 0, false) as Papa.ParseResult<string[]>;
    if (result.data.length > 0 || result.errors.length > 0) yield batchOf(result);
  }
}
