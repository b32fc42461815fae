// STUB (replaced by the parsers branch)
import type { DocumentParse } from "../types";
export function parseMatrixDocx(_bytes: Uint8Array, _options: { state?: string; session?: number } = {}): DocumentParse {
  return { meta: { kind: "ohchr-matrix", state: null, cycle: null, session: null, documentSymbol: null }, records: [], problems: [{ row: null, column: null, message: "not yet" }], warnings: [], skipped: [] };
}
