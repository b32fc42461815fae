// CSV files that open cleanly in Excel and LibreOffice: UTF-8 with a byte-order mark, CRLF line ends,
// quoted where needed (papaparse's unparse rules, written out here: csvLine runs for every row of a
// 100,000-row export, and papaparse's unparse took twice as long for the same bytes; tests/unit/csv.test.ts
// checks them against papaparse), and no cell that a spreadsheet would run as a formula.

export const BOM = "\uFEFF";

/**
 * A cell a spreadsheet would evaluate (starting with =, +, -, @, tab or carriage return) gets a leading
 * apostrophe, which spreadsheets show as text and do not print. Numbers stay numbers.
 */
export function neutraliseFormula(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = typeof value === "string" ? value : Array.isArray(value) ? value.join("; ") : String(value);
  // The first character's code (NaN for ""), not a regex: this runs for every cell of an export.
  const first = text.charCodeAt(0);
  return first === 61 /* = */ ||
    first === 43 /* + */ ||
    first === 45 /* - */ ||
    first === 64 /* @ */ ||
    first === 9 /* \t */ ||
    first === 13 /* \r */
    ? `'${text}`
    : text;
}

/** Characters that make papaparse quote a cell: quote, comma, line breaks, byte-order mark. */
const NEEDS_QUOTES = /[",\r\n\uFEFF]/;

/** One cell as papaparse's unparse (quotes: false) writes it: quoted when needed, quotes doubled. */
function csvCell(text: string): string {
  if (text === "") return text;
  if (text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32 && !NEEDS_QUOTES.test(text)) return text;
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/** One text cell as csvLine writes it: formula neutralised, then quoted where needed. */
export function csvTextCell(text: string): string {
  return csvCell(neutraliseFormula(text));
}

/** One CSV line (with CRLF) of already-ordered values. */
export function csvLine(values: unknown[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) line += (i === 0 ? "" : ",") + csvCell(neutraliseFormula(values[i]));
  return line + "\r\n";
}

/** A whole small CSV document (header + rows), with the byte-order mark. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + csvLine(header) + rows.map(csvLine).join("");
}

/** A file name safe for Content-Disposition. */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`;
}
