/**
 * Excel workbooks (.xlsx, and Excel 97-2003 .xls as UPR Info's database exported them) as rows of
 * text cells, for the same header recognition and row mapping as CSV files. Parsed with SheetJS
 * (`@e965/xlsx`, docs/decisions/2026-12-01-xlsx.md). Pure: bytes in, rows out.
 *
 * Cells become text as a spreadsheet user reads them: whole numbers without ".0" (UPR Info's
 * export stores sessions and action categories as floats: 8.0 -> "8"), other numbers as they are,
 * booleans as TRUE/FALSE, dates (a cell with a date format) as YYYY-MM-DD, empty cells as "".
 *
 * An .xlsx is a zip that a stranger may have made to inflate to gigabytes (SheetJS would inflate every
 * entry whole, at once). So the parts SheetJS reads are inflated first by app/lib/text/zip.ts, each
 * counted as it inflates and stopped at `limits`, pictures and embedded files never; SheetJS then reads them from an
 * archive of stored (uncompressed) copies, and reads each sheet once.
 */
import * as XLSX from "@e965/xlsx";
import { zipSync } from "fflate";
import { readZipEntries, ZipError, type ZipLimits } from "../../lib/text/zip";

/** UPR Info's own export names its sheet so. */
export const UPR_INFO_SHEET = "UPR Info database export";

/** More rows than this in one sheet are refused (a workbook holds at most 1,048,576 anyway). */
export const MAX_WORKBOOK_ROWS = 500_000;

/**
 * What an .xlsx may unpack to, by default (the web's import). UPR Info's export of sessions 1-20 (41,066
 * rows) as SheetJS writes it unpacks to 23 MB (measured); the command line may allow more (ImportOptions.unpackedBytes).
 */
export const WORKBOOK_UNPACKED_BYTES = 64 * 1024 * 1024;

/** Parts of an .xlsx that SheetJS does not read for cells (pictures, embedded files, printer settings): never inflated. */
const NOT_CELL_PARTS = /^(xl\/(media|embeddings|printerSettings)\/|docProps\/thumbnail)/;

export function isZipBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The same workbook with only the parts SheetJS needs, stored uncompressed, inflated within `limits`. */
function boundedWorkbook(bytes: Uint8Array, limits: ZipLimits): Uint8Array {
  let parts: Map<string, Uint8Array>;
  try {
    parts = readZipEntries(bytes, (name) => !NOT_CELL_PARTS.test(name), limits);
  } catch (error) {
    if (error instanceof ZipError && error.kind === "too-large")
      throw new WorkbookError(
        `This file is too large once unpacked: its part ${error.entry} unpacks to more than ${Math.round(limits.maxEntryBytes / 1024 / 1024)} MB ` +
          `(all parts together at most ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MB). Save the sheet as CSV (read as it streams) and import that.`,
      );
    if (error instanceof ZipError && error.kind === "encrypted")
      throw new WorkbookError(
        "The workbook is protected with a password: open it in Excel, remove the password (File > Info > Protect Workbook), save it and import it again.",
      );
    throw new WorkbookError(
      "The workbook is a damaged zip archive (it did not save completely?): open it in Excel and save it again, or save it as CSV.",
    );
  }
  return zipSync(Object.fromEntries(parts), { level: 0 });
}

export class WorkbookError extends Error {
  override name = "WorkbookError";
}

export interface Workbook {
  sheetNames: string[];
  /**
   * The rows of one sheet, header first, each a list of text cells (trailing empty cells dropped).
   * A sheet of more than `maxRows` rows is refused after reading its first row only.
   */
  rows(sheet: string, maxRows?: number): string[][];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value); // 8.0 is 8 in JavaScript: "8"
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  return String(value);
}

function explain(error: unknown): WorkbookError {
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message)) {
    return new WorkbookError(
      "The workbook is protected with a password: open it in Excel, remove the password (File > Info > Protect Workbook), save it and import it again.",
    );
  }
  return new WorkbookError(
    `The workbook cannot be read (${message.slice(0, 200)}): it may be damaged. Open it in Excel and save it again, or save it as CSV.`,
  );
}

/**
 * Opens a workbook; WorkbookError (with a message for the user) when it is damaged, protected, or
 * unpacks to more than `unpackedBytes`.
 */
export function readWorkbook(bytes: Uint8Array, unpackedBytes = WORKBOOK_UNPACKED_BYTES): Workbook {
  if (isZipBytes(bytes)) bytes = boundedWorkbook(bytes, { maxEntryBytes: unpackedBytes, maxTotalBytes: unpackedBytes });
  let names: string[];
  try {
    names = XLSX.read(bytes, { type: "buffer", bookSheets: true }).SheetNames;
  } catch (error) {
    throw explain(error);
  }
  if (names.length === 0) throw new WorkbookError("The workbook has no sheets.");
  return {
    sheetNames: names,
    rows(sheet: string, maxRows = MAX_WORKBOOK_ROWS): string[][] {
      const read = (more: XLSX.ParsingOptions) => {
        try {
          return XLSX.read(bytes, {
            type: "buffer",
            dense: true,
            sheets: [sheet],
            cellDates: true,
            cellHTML: false,
            cellFormula: false,
            cellStyles: false,
            ...more,
          });
        } catch (error) {
          throw explain(error);
        }
      };
      // Read once; the parts were bounded when unpacked, so the size is checked after reading.
      const ws = read({}).Sheets[sheet];
      if (!ws) throw new WorkbookError(`The workbook has no sheet "${sheet}".`);
      const ref = ws["!fullref"] ?? ws["!ref"];
      const range = ref ? XLSX.utils.decode_range(ref) : null;
      if (range && range.e.r - range.s.r + 1 > maxRows) {
        throw new WorkbookError(
          `The sheet "${sheet}" has ${(range.e.r - range.s.r + 1).toLocaleString("en")} rows; at most ${maxRows.toLocaleString("en")} can be imported at once: split it into several files.`,
        );
      }
      // UTC: a date cell is a calendar day; read in local time it was the day before east of Greenwich (Nairobi: 2012-01-15 read as 2012-01-14).
      const raw = XLSX.utils.sheet_to_json<unknown[]>(ws, {
        header: 1,
        raw: true,
        defval: null,
        blankrows: true,
        UTC: true,
      });
      return raw.map((cells) => {
        const row = cells.map(cellText);
        let end = row.length;
        while (end > 0 && row[end - 1] === "") end--;
        return end === row.length ? row : row.slice(0, end);
      });
    },
  };
}
