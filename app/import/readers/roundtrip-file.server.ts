// Reading an uploaded file as a round-trip file: its header row decides. A CSV's text is decoded with
// the same encoding detection as every import (a spreadsheet may have re-saved it in its own encoding,
// without the byte-order mark, or as UTF-16 "Unicode text"); a workbook (.xlsx, .xls: the export saved
// by LibreOffice or Excel) is read by the import's workbook reader, and its first sheet whose first row
// is the export's header is the file. Runs in a parsing worker (app/parsing/worker.ts), never on a request.
import fs from "node:fs/promises";
import Papa from "papaparse";
import { createDecoder, detectDelimiter, resolveEncoding } from "../../lib/text/decode";
import { isRoundTripHeader } from "./roundtrip";
import { isZipBytes, readWorkbook, WorkbookError, WORKBOOK_UNPACKED_BYTES } from "./workbook";

/** Excel 97-2003 (.xls) files are OLE compound documents. */
function isCompoundDocument(bytes: Uint8Array): boolean {
  const magic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= 8 && magic.every((b, i) => bytes[i] === b);
}

/** A workbook's round-trip sheet as rows of text cells (header first), or null when no sheet is one. */
function roundTripSheet(bytes: Uint8Array, unpackedBytes: number): string[][] | null {
  try {
    const book = readWorkbook(bytes, unpackedBytes);
    for (const sheet of book.sheetNames) {
      const rows = book.rows(sheet);
      if (rows[0] && isRoundTripHeader(rows[0])) return rows;
    }
    return null;
  } catch (error) {
    // A damaged or oversized workbook is the import's to explain: it is not read as a round trip.
    if (error instanceof WorkbookError) return null;
    throw error;
  }
}

/**
 * The file when it is an exported file brought back: its decoded text (CSV) or its sheet's rows
 * (workbook); null for any other file.
 */
export async function readRoundTripFile(
  path: string,
  unpackedBytes = WORKBOOK_UNPACKED_BYTES,
): Promise<string | string[][] | null> {
  const bytes = await fs.readFile(path);
  if (isZipBytes(bytes) || isCompoundDocument(bytes)) return roundTripSheet(bytes, unpackedBytes);
  const { encoding } = resolveEncoding(bytes.subarray(0, 65536), "auto", bytes.length <= 65536);
  const decoder = createDecoder(encoding);
  const text = decoder.write(bytes) + decoder.end();
  const firstLine = text.slice(0, text.search(/\r\n|\n|\r/) >>> 0 || text.length);
  const header = Papa.parse<string[]>(firstLine, { delimiter: detectDelimiter(firstLine) }).data[0] ?? [];
  return isRoundTripHeader(header) ? text : null;
}
