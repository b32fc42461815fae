// The spreadsheet round trip: an exported CSV (app/lib/export-format.ts), with statuses and evidence
// typed into it, read back. Pure: which rows a file holds and what each asks for; the database side is
// app/models/roundtrip.server.ts.
import Papa from "papaparse";
import { STATUSES, type Status } from "../../db/schema";
import { STATUS_LABELS } from "./format";

/** The columns that make a CSV a round-trip file rather than a plain native import. */
export const ROUNDTRIP_KEY = "upr_monitor_id";
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
  text: string;
  status: Status;
  /** The as-of date typed in the file, or null when empty. */
  asOf: string | null;
  evidence: string;
  sourceUrls: string[];
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

/** Dates as the export writes them (YYYY-MM-DD), or as a spreadsheet may rewrite them (D/M/YYYY is ambiguous: refused). */
export function parseDate(value: string): string | null | "invalid" {
  const v = value.trim();
  if (!v) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return "invalid";
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? v : "invalid";
}

/** Reads a round-trip CSV (already decoded to text). Every problem names its row and column. */
export function parseRoundTrip(text: string): { rows: RoundTripRow[]; problems: RoundTripProblem[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim(),
  });
  const problems: RoundTripProblem[] = [];
  const header = parsed.meta.fields ?? [];
  for (const column of ROUNDTRIP_REQUIRED) {
    if (!header.includes(column))
      problems.push({
        row: 1,
        column,
        message: `The column "${column}" is missing: use a file exported by UPR Monitor`,
      });
  }
  for (const e of parsed.errors)
    problems.push({ row: e.row !== undefined ? e.row + 2 : null, column: null, message: e.message });
  if (problems.length) return { rows: [], problems };
  const rows: RoundTripRow[] = [];
  const seen = new Map<number, number>();
  parsed.data.forEach((raw, index) => {
    const row = index + 2;
    const cell = (c: string) => unneutralise(raw[c] ?? "");
    const id = Number(cell(ROUNDTRIP_KEY).trim());
    if (!Number.isInteger(id) || id <= 0) {
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
        message: `"${cell("current_status")}" is not a status; use one of: ${STATUSES.join(", ")}`,
      });
    const asOf = parseDate(cell("current_as_of"));
    if (asOf === "invalid")
      problems.push({
        row,
        column: "current_as_of",
        message: `"${cell("current_as_of")}" is not a date written as YYYY-MM-DD`,
      });
    const evidence = cell("evidence").trim();
    if (evidence.length > 20_000)
      problems.push({ row, column: "evidence", message: "Evidence may have at most 20,000 characters" });
    const sourceUrls = cell("source_urls")
      .split(/;\s*|\s*\n\s*/)
      .map((u) => u.trim())
      .filter(Boolean);
    const badUrl = sourceUrls.find((u) => !/^https?:\/\/[^\s]+$/i.test(u));
    if (badUrl)
      problems.push({
        row,
        column: "source_urls",
        message: `"${badUrl}" is not a web address starting with http:// or https://`,
      });
    if (status && asOf !== "invalid" && !badUrl)
      rows.push({ row, id, text: cell("recommendation"), status, asOf, evidence, sourceUrls });
  });
  return { rows, problems };
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
  to: { status: Status; asOf: string; evidence: string; sourceUrls: string[] };
}
