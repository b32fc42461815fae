// The spreadsheet round trip: an exported CSV (app/lib/export-format.ts), with statuses and evidence
// typed into it, read back, as a spreadsheet saved it (CSV or a workbook's rows). Pure: which rows a
// file holds and what each asks for; the database side is app/import/store/roundtrip.server.ts.
//
// What LibreOffice and Excel do to an exported file, and how it is read back: the byte-order mark is
// dropped (the encoding is detected again), the delimiter may become ";" or a tab (detected from the
// header line), CRLF may become LF; paragraphs become numbers (101.10 -> 101.1, or 101,1 where the
// decimal mark is a comma: the store compares them as numbers, the id decides the row); dates become
// 15/01/2012, 1/15/2012 or date cells (spreadsheet-date.ts); the apostrophe of a neutralised formula
// stays in the cell (unneutralise); ids may come back as 10.0 from a workbook; rows and columns left
// empty at the end (or in between) are skipped, rows keep the spreadsheet's numbers.
import Papa from "papaparse";
import { detectDelimiter } from "../../lib/text/decode";
import { STATUSES, type Status } from "../../../db/schema";
import { formatDate, STATUS_LABELS } from "../../lib/format";
import { type DateOrder, dateOrderOf, isAmbiguousDate, readSpreadsheetDate } from "./spreadsheet-date";

/** The columns that make a CSV a round-trip file rather than a plain native import. */
export const ROUNDTRIP_KEY = "upr_monitor_id";
const ROUNDTRIP_PARAGRAPH = "paragraph";
export const ROUNDTRIP_REQUIRED = [
  ROUNDTRIP_KEY,
  "recommendation",
  "current_status",
  "current_as_of",
  "evidence",
] as const;

export interface RoundTripRow {
  /** As the spreadsheet numbers it: the header is row 1. */
  row: number;
  id: number;
  /** The paragraph as the file has it (a spreadsheet may have made 101.10 into 101.1); null without the column. */
  paragraph: string | null;
  text: string;
  status: Status;
  /** The as-of date typed in the file, or null when empty. */
  asOf: string | null;
  evidence: string;
  sourceUrls: string[];
  /** How a typed date was read, when it was not written as YYYY-MM-DD: "01/10/2026, day/month/year". */
  asOfRead: string | null;
}

/** How the file's dates were read: the order of day and month, and whether the user must be asked it. */
export interface RoundTripDates {
  order: DateOrder | null;
  /** The order came from the file itself (a day over 12), from the user's answer, or nowhere. */
  settledBy: "file" | "choice" | null;
  /** Some dates could be read both ways and nothing settles it: ask once for the file. */
  ask: boolean;
  /** One of the ambiguous dates, for the question ("01/02/2026"). */
  example: string | null;
}

export interface RoundTripProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export function isRoundTripHeader(header: string[]): boolean {
  const names = new Set(header.map((h) => h.trim().replace(/^\uFEFF/, "")));
  return names.has(ROUNDTRIP_KEY) && names.has("current_status");
}

/** The export neutralised formula-like cells with a leading apostrophe; a spreadsheet keeps it. */
export function unneutralise(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

const byLabel = new Map<string, Status>(
  STATUSES.flatMap((s) => [[s, s] as const, [STATUS_LABELS[s].toLowerCase(), s] as const]),
);

/** A status typed as its code (in_progress) or its label (In the process of implementation). */
export function parseStatus(value: string): Status | null {
  const key = value.trim().toLowerCase().replace(/\s+/g, " ");
  return byLabel.get(key) ?? byLabel.get(key.replace(/ /g, "_")) ?? null;
}

/** A round-trip CSV (decoded text) as rows of cells; the delimiter is the header line's (comma, semicolon or tab). */
export function roundTripTable(text: string): { table: string[][]; errors: RoundTripProblem[] } {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.slice(0, body.search(/\r\n|\n|\r/) >>> 0 || body.length);
  const parsed = Papa.parse<string[]>(body, { delimiter: detectDelimiter(firstLine), skipEmptyLines: false });
  return {
    table: parsed.data,
    errors: parsed.errors.map((e) => ({
      row: e.row !== undefined ? e.row + 1 : null,
      column: null,
      message: e.message,
    })),
  };
}

const isBlank = (cells: readonly string[]) => cells.every((c) => (c ?? "").trim() === "");

/** An id as a spreadsheet may give it back: 10, " 10 ", 10.0 (a workbook's number). */
function readId(value: string): number | null {
  const v = value.trim();
  if (!/^\d+(?:\.0+)?$/.test(v)) return null;
  const id = Number(v);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Reads a round-trip file: CSV text (already decoded), or a workbook sheet's rows (header first).
 * Every problem names its row (as the spreadsheet numbers it: the header is row 1) and column.
 */
export function parseRoundTrip(
  input: string | string[][],
  options: { dateOrder?: DateOrder } = {},
): { rows: RoundTripRow[]; problems: RoundTripProblem[]; dates: RoundTripDates } {
  const { table, errors } = typeof input === "string" ? roundTripTable(input) : { table: input, errors: [] };
  const problems: RoundTripProblem[] = [];
  const header = (table[0] ?? []).map((h) => (h ?? "").trim().replace(/^\uFEFF/, ""));
  for (const column of ROUNDTRIP_REQUIRED) {
    if (!header.includes(column))
      problems.push({
        row: 1,
        column,
        message: `The column "${column}" is missing: use a file exported by UPR Monitor`,
      });
  }
  problems.push(...errors);
  // Rows by their spreadsheet number; empty rows (a spreadsheet's trailing ones, or ",,,,") are left out.
  const data = table
    .map((cells, index) => ({ number: index + 1, cells }))
    .slice(1)
    .filter((r) => !isBlank(r.cells));
  const columnIndex = new Map<string, number>();
  header.forEach((name, i) => {
    if (name && !columnIndex.has(name)) columnIndex.set(name, i);
  });
  const records = data.map((r) => {
    const raw: Record<string, string> = {};
    for (const [name, i] of columnIndex) raw[name] = r.cells[i] ?? "";
    return raw;
  });
  const dates: RoundTripDates = { order: null, settledBy: null, ask: false, example: null };
  if (problems.length) return { rows: [], problems, dates };
  const typedDates = records.map((raw) => unneutralise(raw.current_as_of ?? "").trim());
  const fileOrder = dateOrderOf(typedDates);
  if (fileOrder === "conflict")
    problems.push({
      row: null,
      column: "current_as_of",
      message:
        "Some dates are written day/month/year (a day over 12 first) and others month/day/year: write them all one way, or as YYYY-MM-DD",
    });
  else if (fileOrder) Object.assign(dates, { order: fileOrder, settledBy: "file" });
  else if (options.dateOrder) Object.assign(dates, { order: options.dateOrder, settledBy: "choice" });
  const ambiguous = typedDates.filter(isAmbiguousDate);
  if (fileOrder === null && !options.dateOrder && ambiguous.length) {
    dates.ask = true;
    dates.example = ambiguous[0]!;
    problems.push({
      row: null,
      column: "current_as_of",
      message: `${ambiguous.length === 1 ? "1 date" : `${ambiguous.length} dates`} such as ${ambiguous[0]} could be day/month/year or month/day/year: choose below how this file writes dates`,
    });
  }
  const order = fileOrder === "conflict" ? null : dates.order;
  const rows: RoundTripRow[] = [];
  const seen = new Map<number, number>();
  records.forEach((raw, index) => {
    const row = data[index]!.number;
    const cell = (c: string) => unneutralise(raw[c] ?? "");
    const id = readId(cell(ROUNDTRIP_KEY));
    if (id === null) {
      problems.push({
        row,
        column: ROUNDTRIP_KEY,
        message: "This row has no UPR Monitor id: leave that column as exported",
      });
      return;
    }
    if (seen.has(id)) {
      problems.push({ row, column: ROUNDTRIP_KEY, message: `The same recommendation is also in row ${seen.get(id)}` });
      return;
    }
    seen.set(id, row);
    const status = parseStatus(cell("current_status"));
    if (!status)
      problems.push({
        row,
        column: "current_status",
        message: `"${cell("current_status")}" is not a status; use one of: ${STATUSES.map((st) => `${STATUS_LABELS[st]} (${st})`).join(", ")}`,
      });
    const typed = cell("current_as_of").trim();
    const reading = readSpreadsheetDate(typed, order);
    const asOf = reading.kind === "date" ? reading.iso : reading.kind === "empty" ? null : "invalid";
    if (reading.kind === "invalid")
      problems.push({
        row,
        column: "current_as_of",
        message: `"${typed}" is not a date: write it as 2026-10-01, 01/10/2026 (day/month/year) or as Excel saves dates`,
      });
    const asOfRead =
      reading.kind === "date" && reading.how !== "ISO"
        ? `${formatDate(reading.iso)}, read from ${typed} as ${reading.how}`
        : null;
    const evidence = cell("evidence").trim();
    if (evidence.length > 20_000)
      problems.push({ row, column: "evidence", message: "Evidence may have at most 20,000 characters" });
    const sourceUrls = cell("source_urls")
      .split(/[;\n]/) // each address trimmed below
      .map((u) => u.trim())
      .filter(Boolean);
    const badUrl = sourceUrls.find((u) => !/^https?:\/\/[^\s]+$/i.test(u));
    if (badUrl)
      problems.push({
        row,
        column: "source_urls",
        message: `"${badUrl}" is not a web address starting with http:// or https://`,
      });
    if (status && asOf !== "invalid" && reading.kind !== "ambiguous" && !badUrl)
      rows.push({
        row,
        id,
        paragraph: ROUNDTRIP_PARAGRAPH in raw ? cell(ROUNDTRIP_PARAGRAPH).trim() : null,
        text: cell("recommendation"),
        status,
        asOf,
        evidence,
        sourceUrls,
        asOfRead,
      });
  });
  return { rows, problems, dates };
}

/**
 * The file's paragraph is the held one: the same text, or the same number once a spreadsheet read it as
 * one (101.10 and 101.100 came back as 101.1, or as 101,1 where the decimal mark is a comma). Only
 * asked of the row whose id is the held recommendation's, so 101.1 never stands for another row's 101.10.
 * An empty cell (or no paragraph column) says nothing against it.
 */
export function sameParagraph(file: string | null, held: string | null): boolean {
  const f = (file ?? "").trim();
  const h = (held ?? "").trim();
  if (f === "" || f === h) return true;
  const asNumber = (p: string) => (/^\d+(?:[.,]\d+)?$/.test(p) ? Number(p.replace(",", ".")) : Number.NaN);
  const nf = asNumber(f);
  return !Number.isNaN(nf) && nf === asNumber(h);
}

/** Texts compare equal when they differ only in white space (spreadsheets re-wrap cells). */
export function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
}

/** One row of an exported file whose status, date or evidence the user changed: an assessment to record. */
export interface RoundTripChange {
  row: number;
  id: number;
  paragraph: string | null;
  from: { status: Status; asOf: string | null; evidence: string };
  to: { status: Status; asOf: string; evidence: string; sourceUrls: string[]; asOfRead: string | null };
}
