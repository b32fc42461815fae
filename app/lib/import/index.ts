/**
 * Import parsers: UPR Monitor template CSV, UPR Info exports (CSV), OHCHR UHRI exports (JSON).
 * Pure parsing, no database. Server-side (uses node:fs, node:crypto, Buffer); the types in
 * ./types are safe to import anywhere.
 */
export { parseImportBuffer, readImportFile, type ImportInput } from "./read-import";
export {
  binaryFileReason,
  createDecoder,
  decodeChunks,
  detectEncodingOfStream,
  detectDelimiter,
  detectEncoding,
  detectLineEnding,
  ENCODING_OPTIONS,
  legacyDecodingScore,
  resolveEncoding,
  type Delimiter,
  type DelimiterOption,
  type EncodingDetection,
  type EncodingOption,
  type LineEnding,
  type TextEncoding,
} from "./decode";
export { analyseCsvHeader, detectCsvFormat, type CsvFormat, type CsvLayout } from "./formats/csv-header";
export { isPledgeMarker, looksLikeFormula, MAX_TEXT_LENGTH, parseResponse } from "./formats/fields";
export { splitParagraph } from "./formats/uhri";
export { decodeHtmlEntities, htmlToText } from "./html";
export { cycleForSession, FIRST_SESSION, LAST_SESSION, UPR_SESSIONS, type UprCycle } from "./sessions";
export { contentHash, OccurrenceKeys } from "./source-key";
export * from "./types";
