/**
 * Entry points of the import parsers.
 *
 * `readImportFile` streams a file (path, bytes or a byte stream such as a Node Readable or an
 * upload's AsyncIterable<Uint8Array>) and yields events: what was detected, then records,
 * problems and skipped rows in file order, then a summary. A text file is never held whole: the
 * first 64 KiB are sniffed (and, when they are valid UTF-8 and the file can be read again, the
 * whole file is read once more to decide its encoding), then text is decoded and parsed chunk by
 * chunk. Workbooks (.xlsx, .xls), Word files (.docx) and a report's text are read whole
 * (read-document.ts).
 *
 * Problems with the file as a whole (empty, binary, unrecognised header, malformed JSON...) are
 * yielded as problems with `row: null` (or the row where reading stopped) and end the read with
 * `summary.aborted = true`. Row problems never stop the read. Only I/O errors (e.g. a missing
 * file) are thrown.
 */
import { createReadStream } from "node:fs";
import { CsvRowTooLongError, parseCsvChunks, type CsvParseError } from "./csv-parse";
import {
  binaryFileReason,
  createDecoder,
  detectDelimiter,
  detectLineEnding,
  detectEncodingOfStream,
  resolveEncoding,
  SNIFF_BYTES,
  type EncodingDetection,
} from "../../lib/text/decode";
import type { RowResult } from "./formats/fields";
import { createUhriRecordMapper } from "./formats/uhri";
import { parseReportText } from "./formats/wg-report";
import { JsonArrayError, jsonArrayElements } from "./json-array";
import {
  documentContainer,
  emitDocument,
  looksLikeReportText,
  MAX_DOCUMENT_BYTES,
  readDocument,
  TEXT_BASE,
} from "./read-document";
import { createTableReader } from "./table-rows";
import type { ImportEvent, ImportOptions, ImportProblem, ImportResult, ImportSummary } from "./types";

/**
 * A file path, the file's bytes, a stream of its bytes, or something that opens such a stream again
 * (so that the whole file can be read once to decide its encoding, then again to import it). A
 * plain stream can be read only once: its encoding is decided from its first 64 KiB.
 */
export type ImportInput = string | Uint8Array | AsyncIterable<Uint8Array | string> | ReopenableInput;
export interface ReopenableInput {
  openStream(): AsyncIterable<Uint8Array>;
}

function isReopenable(input: ImportInput): input is ReopenableInput {
  return (
    typeof input === "object" &&
    input !== null &&
    "openStream" in input &&
    typeof (input as ReopenableInput).openStream === "function"
  );
}

/** A path, bytes or a reopenable input can be read twice; a plain stream cannot. */
function canReadAgain(input: ImportInput): boolean {
  return typeof input === "string" || input instanceof Uint8Array || isReopenable(input);
}

const CHUNK_BYTES = 64 * 1024;
/** A CSV header line must end within this many characters. */
const MAX_HEADER_CHARS = 1024 * 1024;

async function* bytesOf(input: ImportInput): AsyncGenerator<Uint8Array> {
  if (typeof input === "string") {
    yield* createReadStream(input, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
  } else if (input instanceof Uint8Array) {
    for (let i = 0; i < input.length; i += CHUNK_BYTES) yield input.subarray(i, i + CHUNK_BYTES);
  } else if (isReopenable(input)) {
    yield* input.openStream();
  } else {
    for await (const chunk of input) yield typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
  }
}

/** Text up to the first line break outside double quotes. */
function firstLine(text: string): string {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "\r" || c === "\n")) return text.slice(0, i);
  }
  return text;
}

/**
 * Stream an import file as events: `detected` (once the format is known), then `record`,
 * `problem` and `skipped` in file order, then `end` with the summary.
 */
export async function* readImportFile(
  input: ImportInput,
  options: ImportOptions = {},
): AsyncGenerator<ImportEvent, void> {
  const summary: ImportSummary = { detected: null, rows: 0, records: 0, problems: 0, skipped: 0, aborted: false };

  // 1. Sniff the first bytes.
  const bytes = bytesOf(input)[Symbol.asyncIterator]();
  try {
    yield* readBytes(input, bytes, options, summary);
  } finally {
    await bytes.return?.(undefined); // closes the file when the caller stops early
  }
}

async function* readBytes(
  input: ImportInput,
  bytes: AsyncIterator<Uint8Array>,
  options: ImportOptions,
  summary: ImportSummary,
): AsyncGenerator<ImportEvent, void> {
  // Turns a row's problems or skip into events and counts them (records are yielded inline:
  // they are the hot path).
  function* emit(result: Exclude<RowResult, { record: unknown }>, row: number): Generator<ImportEvent> {
    if ("problems" in result) {
      for (const problem of result.problems) {
        summary.problems++;
        yield { type: "problem", problem };
      }
    } else {
      summary.skipped++;
      yield { type: "skipped", skipped: { row, reason: result.skipped } };
    }
  }
  function problem(p: ImportProblem): ImportEvent {
    summary.problems++;
    return { type: "problem", problem: p };
  }
  function* abort(p: ImportProblem): Generator<ImportEvent> {
    summary.aborted = true;
    yield problem(p);
    yield { type: "end", summary };
  }

  const headChunks: Uint8Array[] = [];
  let headLength = 0;
  let bytesDone = false;
  while (headLength < SNIFF_BYTES) {
    const next = await bytes.next();
    if (next.done) {
      bytesDone = true;
      break;
    }
    headChunks.push(next.value);
    headLength += next.value.length;
  }
  const head = Buffer.concat(headChunks);
  if (head.length === 0) return yield* abort({ row: null, column: null, message: "The file is empty." });

  // Workbooks and Word files are read whole (they are zip or OLE archives).
  const container = documentContainer(head);
  if (container !== null) {
    const chunks: Uint8Array[] = [head];
    let size = head.length;
    while (!bytesDone) {
      const next = await bytes.next();
      if (next.done) break;
      size += next.value.length;
      if (size > MAX_DOCUMENT_BYTES) {
        return yield* abort({
          row: null,
          column: null,
          message: `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB: save the sheet as CSV (which is read as it streams) and import that.`,
        });
      }
      chunks.push(next.value);
    }
    yield* readDocument(Buffer.concat(chunks), container, options, summary);
    return;
  }

  const binary = binaryFileReason(head);
  if (binary)
    return yield* abort({ row: null, column: null, message: `This is not a text file: it looks like ${binary}.` });

  let encoding: EncodingDetection = resolveEncoding(head, options.encoding ?? "auto", bytesDone);
  const auto = (options.encoding ?? "auto") === "auto";
  if (auto && encoding.encoding === "utf-8" && !encoding.bom && !bytesDone && canReadAgain(input)) {
    // The first 64 KiB are valid UTF-8 (often plain ASCII): decide from the whole file.
    encoding = await detectEncodingOfStream(bytesOf(input));
  }
  // Auto-detected UTF-8 of a stream that cannot be read twice is only verified on the sniffed bytes; watch the rest.
  const watchUtf8 = auto && encoding.encoding === "utf-8";
  let sawInvalidUtf8 = false;
  let reportedInvalidUtf8 = false;

  // 2. Decode: the sniffed bytes, then the rest of the stream.
  async function* texts(): AsyncGenerator<string> {
    const decoder = createDecoder(encoding.encoding);
    const first = decoder.write(head);
    if (first) yield first;
    while (!bytesDone) {
      const next = await bytes.next();
      if (next.done) break;
      const text = decoder.write(next.value);
      if (watchUtf8 && !sawInvalidUtf8 && text.includes("\ufffd")) sawInvalidUtf8 = true;
      if (text) yield text;
    }
    const last = decoder.end();
    if (watchUtf8 && !sawInvalidUtf8 && last.includes("\ufffd")) sawInvalidUtf8 = true;
    if (last) yield last;
  }
  function* invalidUtf8Problem(): Generator<ImportEvent> {
    if (sawInvalidUtf8 && !reportedInvalidUtf8) {
      reportedInvalidUtf8 = true;
      yield problem({
        row: null,
        column: null,
        message:
          'Parts of the file are not valid UTF-8 (characters were replaced by "\ufffd"). ' +
          "Choose its encoding (Windows-1252 or Mac Roman) and import again.",
      });
    }
  }

  // 3. Look at the start of the text to choose JSON, report text or CSV.
  const textIterator = texts();
  let prefix = "";
  let textDone = false;
  /** The text read last (by readMore). */
  let lastRead = "";
  async function readMore(): Promise<boolean> {
    const next = await textIterator.next();
    if (next.done) {
      textDone = true;
      return false;
    }
    prefix += next.value;
    lastRead = next.value;
    return true;
  }
  async function* restOfText(): AsyncGenerator<string> {
    if (prefix !== "") yield prefix;
    prefix = "";
    while (!textDone) {
      const next = await textIterator.next();
      if (next.done) break;
      yield next.value;
    }
  }

  // Only the text just read is looked at: what came before it was blank (a file of whitespace is read in linear time).
  // (Slicing the growing prefix instead would flatten it at every chunk: quadratic again.)
  for (let blank = true; blank && (await readMore());) blank = lastRead.trim() === "";
  if (prefix.trim() === "")
    return yield* abort({ row: null, column: null, message: "The file is empty (it holds only blank lines)." });

  const format = options.format ?? "auto";
  const firstChar = prefix.trimStart()[0];
  const isJson = format === "uhri" || (format === "auto" && (firstChar === "[" || firstChar === "{"));

  if (isJson) {
    // 4a. UHRI export.
    summary.detected = { ...TEXT_BASE, format: "uhri", container: "json", encoding: encoding.encoding };
    yield { type: "detected", detected: summary.detected };
    const mapRecord = createUhriRecordMapper();
    try {
      for await (const value of jsonArrayElements(restOfText())) {
        summary.rows++;
        const result = mapRecord(value, summary.rows);
        if ("record" in result) {
          summary.records++;
          yield { type: "record", record: result.record };
          for (const warning of result.warnings ?? []) yield { type: "warning", warning };
        } else yield* emit(result, summary.rows);
        yield* invalidUtf8Problem();
      }
    } catch (error) {
      if (!(error instanceof JsonArrayError)) throw error;
      return yield* abort({ row: error.element, column: null, message: error.message });
    }
    yield* invalidUtf8Problem();
    if (summary.rows === 0)
      yield problem({ row: null, column: null, message: "The file has no rows: its JSON array is empty." });
    yield { type: "end", summary };
    return;
  }

  if (format === "wg-report" || (format === "auto" && looksLikeReportText(prefix))) {
    // 4b. A Working Group report's recommendations as text: read whole (a report is small).
    let text = "";
    for await (const chunk of restOfText()) {
      text += chunk;
      if (text.length > MAX_DOCUMENT_BYTES)
        return yield* abort({ row: null, column: null, message: "The text is too long for a Working Group report." });
    }
    yield* emitDocument(
      parseReportText(text, options),
      { ...TEXT_BASE, format: "wg-report", container: "text", encoding: encoding.encoding },
      summary,
    );
    return;
  }

  // 4c. CSV: line ending and delimiter from the header line.
  let lineEnding = detectLineEnding(prefix, textDone);
  while (lineEnding === null && !textDone && prefix.length < MAX_HEADER_CHARS) {
    await readMore();
    lineEnding = detectLineEnding(prefix, textDone);
  }
  if (lineEnding === null && !textDone) {
    return yield* abort({
      row: null,
      column: null,
      message: `No line break in the first ${MAX_HEADER_CHARS / 1024 / 1024} MB: this is not a CSV file we can read.`,
    });
  }
  const delimiter =
    options.delimiter && options.delimiter !== "auto" ? options.delimiter : detectDelimiter(firstLine(prefix));
  const table = createTableReader(summary, options, {
    ...TEXT_BASE,
    container: "csv",
    encoding: encoding.encoding,
    delimiter,
    lineEnding: lineEnding ?? "LF",
  });

  let sawHeader = false;
  try {
    for await (const batch of parseCsvChunks(restOfText(), delimiter, lineEnding ?? "LF")) {
      const errorsByRow = new Map<number, CsvParseError[]>();
      for (const error of batch.errors)
        errorsByRow.set(error.rowIndex, [...(errorsByRow.get(error.rowIndex) ?? []), error]);

      for (let i = 0; i < batch.rows.length; i++) {
        const rowIndex = batch.firstRowIndex + i;
        const row = rowIndex + 1; // spreadsheet row number: header = 1
        const cells = batch.rows[i];
        const parseErrors = errorsByRow.get(rowIndex);

        if (rowIndex === 0) {
          // The header.
          if (parseErrors)
            return yield* abort({
              row: 1,
              column: null,
              message: `The header row cannot be read. ${parseErrors[0].message}`,
            });
          sawHeader = true;
          const header = table.header(cells);
          yield* header.events;
          if (!header.ok) {
            yield { type: "end", summary };
            return;
          }
          continue;
        }
        if (parseErrors) {
          summary.rows++;
          for (const e of parseErrors) yield problem({ row, column: null, message: e.message });
          continue;
        }
        yield* table.row(cells, row);
      }
      yield* invalidUtf8Problem();
    }
  } catch (error) {
    if (!(error instanceof CsvRowTooLongError)) throw error;
    return yield* abort({ row: error.rowIndex + 1, column: null, message: error.message });
  }

  yield* invalidUtf8Problem();
  if (!sawHeader) return yield* abort({ row: null, column: null, message: "The file is empty." });
  if (summary.rows === 0) yield problem({ row: null, column: null, message: "The file has a header but no rows." });
  yield { type: "end", summary };
}

/** Read a whole (small) upload at once: the events of `readImportFile`, collected. */
export async function parseImportBuffer(input: ImportInput, options: ImportOptions = {}): Promise<ImportResult> {
  const result: ImportResult = {
    detected: null,
    records: [],
    problems: [],
    warnings: [],
    skipped: [],
    rows: 0,
    aborted: false,
  };
  for await (const event of readImportFile(input, options)) {
    if (event.type === "detected") result.detected = event.detected;
    else if (event.type === "record") result.records.push(event.record);
    else if (event.type === "problem") result.problems.push(event.problem);
    else if (event.type === "skipped") result.skipped.push(event.skipped);
    else if (event.type === "warning") result.warnings.push(event.warning);
    else {
      result.rows = event.summary.rows;
      result.aborted = event.summary.aborted;
    }
  }
  return result;
}
