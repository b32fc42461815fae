// STUB (replaced by the parsers branch)
import type { DocumentParse } from "../types";
export interface ReportOptions { state?: string; session?: number; documentSymbol?: string }
export function parseReportText(_text: string, _options: ReportOptions = {}): DocumentParse {
  return { meta: { kind: "wg-report", state: null, cycle: null, session: null, documentSymbol: null }, records: [], problems: [{ row: null, column: null, message: "not yet" }], warnings: [], skipped: [] };
}
export function parseReportDocx(_bytes: Uint8Array, options: ReportOptions = {}): DocumentParse {
  return parseReportText("", options);
}
export function detectDocxKind(_bytes: Uint8Array): "ohchr-matrix" | "wg-report" | null {
  return null;
}
