/**
 * Files that are read whole rather than streamed: Excel workbooks (.xlsx, .xls), Word files (.docx:
 * an OHCHR matrix or a Working Group report) and a report's recommendations as text. Each becomes
 * the same events as a streamed file (read-import.ts): detected, records, problems, warnings,
 * skipped rows, end.
 */
import { zipEntries as listZip } from "../../lib/text/zip";
import { analyseCsvHeader, headerKey } from "./formats/csv-header";
import { parseUprDocx } from "./formats/word-document";
import { createTableReader } from "./table-rows";
import type { DetectedInput, DocumentParse, ImportEvent, ImportOptions, ImportProblem, ImportSummary } from "./types";
import { readWorkbook, UPR_INFO_SHEET, WorkbookError, type Workbook } from "./workbook";

/** Workbooks and Word files are held in memory while they are read: at most this large. */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

/** The fields of DetectedInput that only some inputs have, empty. */
export const TEXT_BASE = {
  delimiter: null,
  lineEnding: null,
  columns: [] as string[],
  ignoredColumns: [] as string[],
  sheet: null,
  sheets: [] as string[],
} satisfies Partial<DetectedInput>;

export type DocumentContainer = "zip" | "ole";

/** Zip (.xlsx, .docx) or OLE compound file (.xls, and password-protected Office files): read whole. */
export function documentContainer(head: Uint8Array): DocumentContainer | null {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "zip";
  if (head.length >= 8 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return "ole";
  return null;
}

/**
 * A numbered paragraph at the start of a line, after blank lines and spaces. Only the spaces after
 * the last line break are matched, not every blank line before the number (\s*): else each line
 * break of a long run of blank lines would read on to its end, time growing with the square of the
 * run. It finds the same paragraphs, from a later start.
 */
const NUMBERED_LINE_RE = /(?:^|[\r\n])[^\S\r\n]*\d{1,3}\.\d{1,3}\.?\s+\S/g;

/**
 * A text that is a report's recommendations rather than a CSV file: at least two numbered
 * paragraphs ("101.1 Ratify ...") at the start of lines, and a first line that no CSV format of ours
 * would take as its header.
 */
export function looksLikeReportText(prefix: string): boolean {
  const numbered = prefix.match(NUMBERED_LINE_RE) ?? [];
  if (numbered.length < 2) return false;
  const firstLine = prefix.split(/\r\n|\r|\n/, 1)[0];
  const cells = firstLine.split(/[,;\t]/);
  return analyseCsvHeader(cells, "auto").format === null;
}

function fileProblem(message: string): ImportProblem {
  return { row: null, column: null, message };
}

/** The events of a document read whole. */
export function* emitDocument(
  parse: DocumentParse,
  base: DetectedInput,
  summary: ImportSummary,
): Generator<ImportEvent> {
  summary.detected = base;
  yield { type: "detected", detected: base };
  for (const problem of parse.problems) {
    summary.problems++;
    yield { type: "problem", problem };
  }
  for (const warning of parse.warnings) yield { type: "warning", warning };
  for (const skipped of parse.skipped) {
    summary.skipped++;
    summary.rows++;
    yield { type: "skipped", skipped };
  }
  for (const record of parse.records) {
    summary.rows++;
    summary.records++;
    yield { type: "record", record };
  }
  if (parse.problems.some((p) => p.row === null)) summary.aborted = parse.records.length === 0;
  yield { type: "end", summary };
}

/** The names of a zip's entries (from its central directory; nothing is inflated), or null when damaged. */
function zipEntries(bytes: Uint8Array): Set<string> | null {
  try {
    return new Set(listZip(bytes).map((entry) => entry.name));
  } catch {
    return null;
  }
}

/** The file is refused: one problem, and the import ends. */
function* abortImport(summary: ImportSummary, message: string): Generator<ImportEvent> {
  summary.aborted = true;
  summary.problems++;
  yield { type: "problem", problem: fileProblem(message) };
  yield { type: "end", summary };
}

/** UTF-16LE bytes of a stream name inside an OLE compound file. */
function hasOleStream(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, "utf16le"));
}

export function* readDocument(
  bytes: Uint8Array,
  container: DocumentContainer,
  options: ImportOptions,
  summary: ImportSummary,
): Generator<ImportEvent> {
  const abort = (message: string) => abortImport(summary, message);

  if (container === "ole") {
    if (hasOleStream(bytes, "EncryptionInfo") || hasOleStream(bytes, "EncryptedPackage")) {
      return yield* abort(
        "The file is protected with a password: open it, remove the password, save it and import it again.",
      );
    }
    if (hasOleStream(bytes, "WordDocument")) {
      return yield* abort(
        "This is a Word 97-2003 document (.doc): open it in Word and save it as .docx, then import that.",
      );
    }
    return yield* readWorkbookRows(bytes, "xls", options, summary);
  }

  const entries = zipEntries(bytes);
  if (entries === null)
    return yield* abort(
      "The file is a damaged zip archive (an Excel or Word file that did not save completely?): save it again and import it again.",
    );
  if (entries.has("word/document.xml")) {
    const result = parseUprDocx(
      bytes,
      options,
      options.format === "ohchr-matrix" || options.format === "wg-report" ? options.format : "auto",
    );
    if (!result.ok) return yield* abort(result.message);
    return yield* emitDocument(
      result.parse,
      { ...TEXT_BASE, format: result.parse.meta.kind, container: "docx", encoding: null },
      summary,
    );
  }
  if (entries.has("xl/workbook.xml") || entries.has("xl/workbook.bin"))
    return yield* readWorkbookRows(bytes, "xlsx", options, summary);
  return yield* abort("This zip archive is neither an Excel workbook (.xlsx) nor a Word file (.docx).");
}

function isKnownHeader(cells: string[]): boolean {
  if (cells.some((c) => headerKey(c) === "annotationid")) return true;
  return analyseCsvHeader(cells, "auto").format !== null;
}

/** Index of the first row that is not blank (the header), or -1. */
function headerIndex(rows: string[][]): number {
  return rows.findIndex((cells) => cells.some((c) => c.trim() !== ""));
}

function* readWorkbookRows(
  bytes: Uint8Array,
  container: "xlsx" | "xls",
  options: ImportOptions,
  summary: ImportSummary,
): Generator<ImportEvent> {
  const abort = (message: string) => abortImport(summary, message);
  let book: Workbook;
  let sheet: string;
  let rows: string[][];
  try {
    book = readWorkbook(bytes, options.unpackedBytes);
    const names = book.sheetNames.map((n) => JSON.stringify(n)).join(", ");
    if (options.sheet) {
      if (!book.sheetNames.includes(options.sheet))
        return yield* abort(`The workbook has no sheet ${JSON.stringify(options.sheet)}; its sheets are ${names}.`);
      sheet = options.sheet;
      rows = book.rows(sheet);
    } else {
      // UPR Info's own sheet, else the first sheet whose first row is a header we know.
      const order = [...book.sheetNames].sort((a, b) => Number(b === UPR_INFO_SHEET) - Number(a === UPR_INFO_SHEET));
      let found: { sheet: string; rows: string[][] } | null = null;
      for (const name of order) {
        const candidate = book.rows(name);
        const h = headerIndex(candidate);
        if (h >= 0 && isKnownHeader(candidate[h])) {
          found = { sheet: name, rows: candidate };
          break;
        }
      }
      if (found === null) {
        return yield* abort(
          `No sheet of this workbook starts with a header we know (sheets: ${names}). The first row must name the columns of the UPR Monitor template, ` +
            "a UPR Info export or a UHRI export; or choose the sheet.",
        );
      }
      ({ sheet, rows } = found);
    }
  } catch (error) {
    if (error instanceof WorkbookError) return yield* abort(error.message);
    throw error;
  }

  const base: DetectedInput = {
    ...TEXT_BASE,
    format: "native",
    container,
    encoding: null,
    sheet,
    sheets: book.sheetNames,
  };
  const table = createTableReader(summary, options, base);
  const h = headerIndex(rows);
  if (h < 0) return yield* abort(`The sheet ${JSON.stringify(sheet)} is empty.`);
  const header = table.header(rows[h]);
  for (const event of header.events) {
    // The table reader names the format; keep the workbook's own fields.
    if (event.type === "detected") event.detected.sheets = book.sheetNames;
    yield event;
  }
  if (!header.ok) {
    yield { type: "end", summary };
    return;
  }
  for (let i = h + 1; i < rows.length; i++) yield* table.row(rows[i], i + 1);
  if (summary.rows === 0) {
    summary.problems++;
    yield { type: "problem", problem: fileProblem(`The sheet ${JSON.stringify(sheet)} has a header but no rows.`) };
  }
  yield { type: "end", summary };
}
