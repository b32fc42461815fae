// CSV files that open cleanly in Excel and LibreOffice: UTF-8 with a byte-order mark, CRLF line ends,
// quoted where needed (papaparse), and no cell that a spreadsheet would run as a formula.
import Papa from "papaparse";

export const BOM = "\uFEFF";

/**
 * A cell a spreadsheet would evaluate (starting with =, +, -, @, tab or carriage return) gets a leading
 * apostrophe, which spreadsheets show as text and do not print. Numbers stay numbers.
 */
export function neutraliseFormula(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = Array.isArray(value) ? value.join("; ") : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV line (with CRLF) of already-ordered values. */
export function csvLine(values: unknown[]): string {
  return Papa.unparse([values.map(neutraliseFormula)], { newline: "\r\n", quotes: false }) + "\r\n";
}

/** A whole small CSV document (header + rows), with the byte-order mark. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + csvLine(header) + rows.map(csvLine).join("");
}

/** A file name safe for Content-Disposition. */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`;
}
