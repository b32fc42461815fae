// Reading an uploaded file as a round-trip file: its first line decides; the text is decoded with the
// same encoding detection as every import (a spreadsheet may have re-saved it in its own encoding).
import fs from "node:fs/promises";
import Papa from "papaparse";
import { createDecoder, resolveEncoding } from "../../lib/text/decode";
import { isRoundTripHeader } from "./roundtrip";

/** The decoded text when the file is an exported file brought back; null for any other file. */
export async function readRoundTripFile(path: string): Promise<string | null> {
  const bytes = await fs.readFile(path);
  const { encoding } = resolveEncoding(bytes.subarray(0, 65536), "auto", bytes.length <= 65536);
  if (encoding !== "utf-8" && encoding !== "windows-1252" && encoding !== "macintosh") return null;
  const decoder = createDecoder(encoding);
  const text = decoder.write(bytes) + decoder.end();
  const firstLine = text.slice(0, text.search(/\r\n|\n|\r/) >>> 0 || text.length);
  const header = Papa.parse<string[]>(firstLine, { delimiter: "" }).data[0] ?? [];
  return isRoundTripHeader(header) ? text : null;
}
