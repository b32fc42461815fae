/**
 * Import parsers: UPR Monitor template CSV, UPR Info exports (CSV), OHCHR UHRI exports (JSON),
 * and whole documents: OHCHR matrices (.docx) and Working Group reports (.docx or text), which
 * give a `DocumentParse` at once instead of a stream of events. Pure parsing, no database. Server-side (uses node:fs, node:crypto, Buffer); the types in
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
} from "../../lib/text/decode";
export { analyseCsvHeader, detectCsvFormat, type CsvFormat, type CsvLayout } from "./formats/csv-header";
export { isPledgeMarker, looksLikeFormula, MAX_TEXT_LENGTH, parseResponse } from "./formats/fields";
export { splitParagraph } from "./formats/uhri";
export { matrixHeaderMeta, parseMatrixDocument, parseMatrixDocx } from "./formats/ohchr-matrix";
export {
  NO_PARAGRAPH_NUMBERS_MESSAGE,
  parseReportDocument,
  parseReportDocx,
  parseReportText,
  type ReportOptions,
} from "./formats/wg-report";
export {
  detectDocumentKind,
  detectDocxKind,
  NEITHER_DOCX_MESSAGE,
  parseUprDocx,
  type DocxParse,
} from "./formats/word-document";
export { recommendingStatesIn } from "./formats/un-document";
export { DocxError } from "../../lib/text/docx-text";
export { decodeHtmlEntities, htmlToText } from "../../lib/text/html";
export { cycleForSession, FIRST_SESSION, LAST_SESSION, UPR_SESSIONS, type UprCycle } from "./sessions";
export { contentHash, OccurrenceKeys } from "./source-key";
export * from "./types";
