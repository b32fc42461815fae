/**
 * A Word (.docx) file given to the import: an OHCHR matrix (ohchr-matrix.ts) or a Working Group
 * report (wg-report.ts), told apart by what they hold: a matrix has a table whose rows start with
 * paragraph numbers; a report has the Working Group's title or numbered paragraphs outside tables.
 */
import { docxDocument, DocxError, type DocxDocument } from "../../../lib/text/docx-text";
import type { DocumentFormat, DocumentOptions, DocumentParse } from "../types";
import { isMatrixDocument, parseMatrixDocument } from "./ohchr-matrix";
import { isReportDocument, parseReportDocument } from "./wg-report";

export const NEITHER_DOCX_MESSAGE =
  'This Word file is neither an OHCHR matrix (the "Thematic list of recommendations": a table whose rows start with paragraph numbers such as 121.1) nor a Working Group report (the "Report of the Working Group on the Universal Periodic Review", with numbered recommendations such as "101.1 ... (State);"). Import the matrix or the report of the review as OHCHR publishes it, or paste the recommendations as text.';

/** The kind of a Word document already read; null when it is neither. */
export function detectDocumentKind(doc: DocxDocument): DocumentFormat | null {
  if (isMatrixDocument(doc)) return "ohchr-matrix";
  if (isReportDocument(doc)) return "wg-report";
  return null;
}

/**
 * Which UPR document a .docx is; null when it is a readable Word file but neither (say
 * NEITHER_DOCX_MESSAGE). Throws DocxError, whose message is for the user, when the bytes are not a
 * readable .docx (damaged, password-protected, an old .doc, not a zip, too large unpacked).
 */
export function detectDocxKind(bytes: Uint8Array): DocumentFormat | null {
  return detectDocumentKind(docxDocument(bytes));
}

export type DocxParse = { ok: true; parse: DocumentParse } | { ok: false; message: string };

/**
 * Read a .docx as a UPR document: detected (`format` "auto"), or as the format given. Never throws
 * for bad input: `ok: false` with a message for the user when the file cannot be read or, when
 * detecting, is neither a matrix nor a report. The file is unzipped once.
 */
export function parseUprDocx(
  bytes: Uint8Array,
  options: DocumentOptions = {},
  format: "auto" | DocumentFormat = "auto",
): DocxParse {
  let doc: DocxDocument;
  try {
    doc = docxDocument(bytes);
  } catch (error) {
    if (error instanceof DocxError) return { ok: false, message: error.message };
    throw error;
  }
  const kind = format === "auto" ? detectDocumentKind(doc) : format;
  if (kind === null) return { ok: false, message: NEITHER_DOCX_MESSAGE };
  return {
    ok: true,
    parse: kind === "ohchr-matrix" ? parseMatrixDocument(doc, options) : parseReportDocument(doc, options),
  };
}
