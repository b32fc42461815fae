/**
 * OHCHR's "Thematic list of recommendations" (the UPR matrix, a Word file published for every
 * review) to records. docs/domain.md, "Import formats"; a real one: tests/fixtures/import/ohchr-matrix-slovenia-excerpt.docx.
 *
 * - The page header names the review: "UPR of Slovenia (3rd Cycle - 34th Session)" (else a body
 *   paragraph saying the same, for copies saved without their header).
 * - One table. "Theme: ..." rows span it (one cell) and are not recommendations. Every other row is
 *   one recommendation: a cell "121.1 Ratify ... (France) (Lithuania);" then "Source of Position:
 *   A/HRC/43/15/Add.1 - Para.3"; a position cell (Supported / Noted); a themes cell ("- Theme"
 *   lines, then "SDGs:" and "Affected persons:" / "Groups of persons:" with their own "- " lines);
 *   in cycles 2-3 an empty assessment column.
 * - Columns are named differently in each cycle, so they are found by what they hold, not by
 *   their header: the column whose cells start with a paragraph number, the column whose cells are
 *   exactly a position, the column of themes ("- " lines; in cycle 2, "Full list of themes" holds
 *   coded themes, one a line: "A12 Acceptance of international norms"), and a column of SDG lines
 *   only ("- 16 - PEACE, ..."), where a matrix gives the SDGs a column of their own.
 *
 * `themes` holds the UPR themes only (as the UHRI import does), by name: a cycle-2 theme's code is cut
 * off ("A12 Acceptance of international norms" -> "Acceptance of international norms"), as cycles 3
 * and 4 write them. The SDGs (read into codes with the records: app/lib/sdgs.ts) and the affected
 * persons are kept apart, in `sdgs` and `affectedPersons`.
 */
import { docxDocument, DocxError, type DocxCell, type DocxDocument } from "../../../lib/text/docx-text";
import { resolveState } from "../../../lib/states/resolve-state";
import type { DocumentOptions, DocumentParse, ImportProblem, RecommendationResponse } from "../types";
import { parseResponse } from "./fields";
import {
  collapseSpaces,
  documentProblem,
  finishDocument,
  ordinalNumber,
  reportSymbol,
  splitRecommendationNumber,
  type DocumentMeta,
  type ParsedRecommendation,
} from "./un-document";

const WHAT = "matrix";
const HINT = 'its page header should say e.g. "UPR of Slovenia (3rd Cycle - 34th Session)"';

// "UPR of Slovenia (3rd Cycle - 34th Session)", dashes of any kind, or parts of it. A page header is
// untrusted text: a state's name is matched as a non-space, then anything up to a non-space (a lazy
// name followed by \s* would read each run of spaces again from each of its characters).
const TITLE_START_RE = /\bUPR of\s+/gi;
/** From the state's name on: the name (it may hold parentheses: "Bolivia (Plurinational State of)"), the cycle and the session. */
const TITLE_REST_RE = /(.*?\S|)\s*\(\s*(\w+)\s+Cycle\s*[-\u2010-\u2015]\s*(\w+(?:[- ]\w+)?)\s+Session\s*\)/iy;
const HEADER_STATE_RE = /\bUPR of\s+(?=\S)(.*?\S)\s*(?:\(|\t| {2,}|$)/im;
const HEADER_CYCLE_RE = /\b(\w+)\s+Cycle\b/i;
const HEADER_SESSION_RE = /\b(\w+(?:-\w+)?)\s+Session\b/i;
const LINE_END_RE = /[\n\r\u2028\u2029]/g;

/**
 * The first "UPR of Slovenia (3rd Cycle - 34th Session)" of a header: [, state, cycle, session]. The
 * name does not leave its line, so when no title follows one "UPR of", none follows a later one
 * whose name would start on the same line: those are passed by rather than read to the end of the
 * line again. A blank name ("UPR of  (3rd Cycle ...") is taken only where spaces are left for it
 * after the first, as the single regular expression this replaces took it.
 */
function headerTitle(header: string): RegExpExecArray | null {
  let failedLineEnd = -1;
  for (const start of header.matchAll(TITLE_START_RE)) {
    const name = start.index + start[0].length;
    if (name < failedLineEnd) continue;
    TITLE_REST_RE.lastIndex = name;
    const title = TITLE_REST_RE.exec(header);
    if (title && (title[1] !== "" || /[^\S\n\r\u2028\u2029]/.test(start[0].slice("UPR of ".length)))) return title;
    LINE_END_RE.lastIndex = name;
    failedLineEnd = LINE_END_RE.exec(header)?.index ?? header.length;
  }
  return null;
}

/** The review as the page headers name it. */
export function matrixHeaderMeta(headers: readonly string[]): Pick<DocumentMeta, "state" | "cycle" | "session"> {
  for (const raw of headers) {
    const header = raw.replace(/\u00a0/g, " ");
    const full = headerTitle(header);
    const stateName = full?.[1] ?? HEADER_STATE_RE.exec(header)?.[1];
    const state = stateName ? resolveState(collapseSpaces(stateName)) : null;
    const cycle = ordinalNumber(full?.[2] ?? HEADER_CYCLE_RE.exec(header)?.[1] ?? "");
    const session = ordinalNumber(full?.[3] ?? HEADER_SESSION_RE.exec(header)?.[1] ?? "");
    if (state?.iso3 || cycle !== null || session !== null) {
      return { state: state?.iso3 ? state : null, cycle, session };
    }
  }
  return { state: null, cycle: null, session: null };
}

// ---------------------------------------------------------------------------------------------
// Columns, found by what they hold

const POSITION_RE = /^(supported|noted|accepted|not supported|rejected|pending)\b\W*$/i;
/** "Source of Position: A/HRC/43/15/Add.1 - Para.3" (older matrices: "Source: ..."). */
const SOURCE_RE = /^Source(?: of [\p{L} ]{1,30})?\s*:\s*(.*)$/iu;

function firstText(cell: DocxCell): string {
  return cell.paragraphs.find((p) => p.trim() !== "")?.trim() ?? "";
}
const holdsParagraph = (cell: DocxCell) => splitRecommendationNumber(firstText(cell)) !== null;
const holdsPosition = (cell: DocxCell) => POSITION_RE.test(collapseSpaces(cell.text));
/** A bulleted line: "- Theme", "\u2013 Theme", "\u2022 Theme". */
const BULLET_RE = /^\s*[-\u2013\u2022]\s+(\S.*)$/;
/** An SDG line: "- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS", "- 16.3 - ...". */
const SDG_LINE_RE = /^\s*[-\u2013\u2022]\s+\d{1,2}(?:\.\w{1,2})?\s*[-\u2013]/;
/** A cycle-2 coded theme: "A12 Acceptance of international norms" (a letter and a number, then the name). */
const CODED_THEME_RE = /^\s*[A-Z]\d{1,3}\s+(\p{L}.*)$/u;
const SDG_HEADING_RE = /^(?:SDGs?|Sustainable Development Goals?)\s*:\s*(.*)$/i;
const AFFECTED_HEADING_RE = /^(?:Affected persons|Groups? of persons)\s*:\s*(.*)$/i;

/** "- Theme" lines or coded themes; an SDG column's "- 16 - PEACE, JUSTICE ..." lines are not themes. */
const holdsThemes = (cell: DocxCell) =>
  cell.paragraphs.some((p) => (BULLET_RE.test(p) && !SDG_LINE_RE.test(p)) || CODED_THEME_RE.test(p));
/** Only SDG lines (and an "SDGs:" heading): a column of SDGs of its own. */
const holdsSdgsOnly = (cell: DocxCell) => {
  const lines = cell.paragraphs.map((p) => p.trim()).filter((p) => p !== "" && !SDG_HEADING_RE.test(p));
  return lines.length > 0 && lines.every((p) => SDG_LINE_RE.test(p));
};

type Columns = { recommendation: number; position: number | null; themes: number | null; sdgs: number | null };

/** The grid column each cell of a row starts at (cells spanning several columns count them all). */
function gridStarts(row: readonly DocxCell[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const cell of row) {
    starts.push(at);
    at += cell.span;
  }
  return starts;
}

/** The column (by grid position) where most rows have a cell that `test` accepts; the leftmost of equals. */
function columnWhere(
  rows: readonly DocxCell[][],
  test: (cell: DocxCell) => boolean,
  except: number[] = [],
): number | null {
  const votes = new Map<number, number>();
  for (const row of rows) {
    const starts = gridStarts(row);
    row.forEach((cell, i) => {
      if (!except.includes(starts[i]) && test(cell)) votes.set(starts[i], (votes.get(starts[i]) ?? 0) + 1);
    });
  }
  let best: number | null = null;
  for (const [column, n] of votes) {
    const bestVotes = best === null ? 0 : (votes.get(best) ?? 0);
    if (best === null || n > bestVotes || (n === bestVotes && column < best)) best = column;
  }
  return best;
}

function findColumns(rows: readonly DocxCell[][]): Columns | null {
  const multi = rows.filter((row) => row.length > 1);
  const recommendation = columnWhere(multi, holdsParagraph);
  if (recommendation === null) return null;
  const position = columnWhere(multi, holdsPosition, [recommendation]);
  const themes = columnWhere(multi, holdsThemes, [recommendation, ...(position === null ? [] : [position])]);
  const found = [recommendation, position, themes].filter((c): c is number => c !== null);
  const sdgs = columnWhere(multi, holdsSdgsOnly, found);
  return { recommendation, position, themes, sdgs };
}

function cellAt(row: readonly DocxCell[], column: number | null): DocxCell | null {
  if (column === null) return null;
  const starts = gridStarts(row);
  const i = starts.indexOf(column);
  return i === -1 ? null : row[i];
}

/** The tables that hold recommendations (rows of several cells, one starting with a paragraph number). */
function recommendationTables(doc: DocxDocument): DocxCell[][][] {
  const tables: DocxCell[][][] = [];
  for (const block of doc.blocks) {
    if (block.kind === "table" && block.rows.some((row) => row.length > 1 && row.some(holdsParagraph)))
      tables.push(block.rows);
  }
  return tables;
}

const hasSource = (table: readonly DocxCell[][]) =>
  table.some((row) => row.some((c) => c.paragraphs.some((p) => SOURCE_RE.test(p.trim()))));

/**
 * Whether a Word document is an OHCHR matrix: a table whose rows hold numbered recommendations
 * beside a position, a themes cell or a "Source of Position".
 */
export function isMatrixDocument(doc: DocxDocument): boolean {
  return recommendationTables(doc).some((table) => {
    const columns = findColumns(table);
    return columns !== null && (columns.position !== null || columns.themes !== null || hasSource(table));
  });
}

// ---------------------------------------------------------------------------------------------
// Cells

type Tags = { themes: string[]; sdgs: string[]; affectedPersons: string[] };

function addOnce(list: string[], value: string): void {
  if (value !== "" && !list.includes(value)) list.push(value);
}

/**
 * The tags of a themes cell: the UPR themes ("- " lines, or cycle 2's coded themes, by name), then the
 * SDGs after "SDGs:" and the affected persons after "Affected persons:" / "Groups of persons:" (their
 * "- " lines, or a value on the heading's line). An SDG column of its own (`sdgCell`) adds its lines.
 */
function tagsOf(cell: DocxCell | null, sdgCell: DocxCell | null): Tags {
  const tags: Tags = { themes: [], sdgs: [], affectedPersons: [] };
  let section: keyof Tags = "themes";
  for (const raw of cell?.paragraphs ?? []) {
    const line = collapseSpaces(raw);
    const sdgHeading = SDG_HEADING_RE.exec(line);
    const affectedHeading = sdgHeading ? null : AFFECTED_HEADING_RE.exec(line);
    if (sdgHeading || affectedHeading) {
      section = sdgHeading ? "sdgs" : "affectedPersons";
      addOnce(tags[section], ((sdgHeading ?? affectedHeading) as RegExpExecArray)[1].trim());
      continue;
    }
    const bullet = BULLET_RE.exec(line)?.[1];
    if (section === "themes") {
      const theme = bullet ?? CODED_THEME_RE.exec(line)?.[1];
      if (theme !== undefined) addOnce(tags.themes, theme.replace(CODED_THEME_RE, "$1"));
    } else addOnce(tags[section], bullet ?? line);
  }
  for (const raw of sdgCell?.paragraphs ?? []) {
    const bullet = BULLET_RE.exec(collapseSpaces(raw))?.[1];
    if (bullet !== undefined) addOnce(tags.sdgs, bullet);
  }
  return tags;
}

/** Signs after the position ("Supported." "Noted *"); the lookbehind starts a match only where such a run starts, so each run is read once. */
const TRAILING_SIGNS_RE = /(?<![^\p{L}\s])[^\p{L}\s]+$/u;

function positionOf(cell: DocxCell | null): { response: RecommendationResponse; unknown: string | null } {
  const text = cell ? collapseSpaces(cell.text).replace(TRAILING_SIGNS_RE, "") : "";
  if (text === "") return { response: "pending", unknown: null };
  const response = parseResponse(text);
  return response ? { response, unknown: null } : { response: "pending", unknown: text };
}

/** "A/HRC/43/15/Add.1 - Para.3" -> "A/HRC/43/15". */
function symbolOf(source: string): string | null {
  const m = /\b(A\/[A-Z]+(?:\/[A-Za-z0-9.]+)+)/.exec(source);
  return m ? reportSymbol(m[1].replace(/\.$/, "")) : null;
}

// ---------------------------------------------------------------------------------------------

/** Parse an OHCHR matrix already read as a Word document. */
export function parseMatrixDocument(doc: DocxDocument, options: DocumentOptions = {}): DocumentParse {
  // The page header names the review; a copy saved without it may keep the title in the body.
  const title = doc.blocks
    .flatMap((b) => (b.kind === "paragraph" && /\bUPR of\b/i.test(b.text) ? [b.text] : []))
    .slice(0, 1);
  const headerMeta = matrixHeaderMeta([...doc.headers, ...title]);
  const tables = recommendationTables(doc);
  if (tables.length === 0) {
    return documentProblem(
      "ohchr-matrix",
      'This Word file holds no table of recommendations: an OHCHR matrix has a table whose rows start with paragraph numbers such as "121.1".',
      headerMeta,
    );
  }

  const parsed: ParsedRecommendation[] = [];
  const warnings: ImportProblem[] = [];
  const symbols = new Map<string, number>();
  tables.forEach((table, t) => {
    // Each table on its own: a matrix in several tables may lay them out differently.
    const columns = findColumns(table) as Columns;
    const before = parsed.length;
    table.forEach((row, index) => {
      const where = tables.length === 1 ? `table row ${index + 1}` : `table ${t + 1}, row ${index + 1}`;
      const cell = cellAt(row, columns.recommendation);
      const paragraphs = cell ? cell.paragraphs.map((p) => p.trim()).filter((p) => p !== "") : [];
      const numbered = paragraphs.length > 0 ? splitRecommendationNumber(paragraphs[0]) : null;
      if (!numbered) {
        // The header row(s) before the first recommendation, "Theme:" rows spanning the table,
        // empty rows: not recommendations. Anything else is reported, not silently dropped.
        const text = collapseSpaces(row.flatMap((c) => c.paragraphs).join(" "));
        if (parsed.length > before && row.length > 1 && text !== "" && !/^Theme\s*:/i.test(text)) {
          const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
          warnings.push({
            row: null,
            column: null,
            message: `${where[0].toUpperCase()}${where.slice(1)} is not a recommendation (no paragraph number such as 121.1 at its start) and is left out: ${shown}.`,
          });
        }
        return;
      }
      const textParts = [numbered.text];
      let source: string | null = null;
      for (const p of paragraphs.slice(1)) {
        const m = SOURCE_RE.exec(p);
        if (m) {
          source = m[1];
          break;
        }
        textParts.push(p);
      }
      const documentSymbol = source === null ? null : symbolOf(source);
      if (documentSymbol) symbols.set(documentSymbol, (symbols.get(documentSymbol) ?? 0) + 1);
      const position = positionOf(cellAt(row, columns.position));
      if (position.unknown !== null) {
        warnings.push({
          row: parsed.length + 1,
          column: "response",
          message: `Paragraph ${numbered.paragraph}: position ${JSON.stringify(position.unknown)} is not Supported or Noted (${where}); imported as pending.`,
        });
      }
      parsed.push({
        paragraph: numbered.paragraph,
        text: textParts
          .map((x) => x.trim())
          .filter((x) => x !== "")
          .join(" "),
        response: position.response,
        ...tagsOf(cellAt(row, columns.themes), cellAt(row, columns.sdgs)),
        documentSymbol,
        where,
      });
    });
  });

  let documentSymbol: string | null = null;
  for (const [symbol, n] of symbols)
    if (documentSymbol === null || n > (symbols.get(documentSymbol) ?? 0)) documentSymbol = symbol;
  const meta: DocumentMeta = { kind: "ohchr-matrix", ...headerMeta, documentSymbol };
  if (parsed.length === 0) {
    return { ...documentProblem("ohchr-matrix", "The matrix's tables hold no recommendations.", meta), warnings };
  }
  return finishDocument(meta, parsed, options, WHAT, HINT, { warnings });
}

/**
 * Parse an OHCHR matrix (.docx). Never throws for bad input: a file that is not a readable .docx
 * (damaged, password-protected, not a zip) comes back as one problem.
 */
export function parseMatrixDocx(bytes: Uint8Array, options: DocumentOptions = {}): DocumentParse {
  let doc: DocxDocument;
  try {
    doc = docxDocument(bytes);
  } catch (error) {
    if (error instanceof DocxError) return documentProblem("ohchr-matrix", error.message);
    throw error;
  }
  return parseMatrixDocument(doc, options);
}
