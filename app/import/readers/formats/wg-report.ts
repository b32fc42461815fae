/**
 * The recommendations of a UPR Working Group report (A/HRC/<session>/<n>), from its text (pasted,
 * or a .txt) or its Word file. docs/domain.md, "Import formats".
 *
 * - The recommendations are the numbered sub-paragraphs of the "Conclusions and/or
 *   recommendations" section: "142.56 Text (State);", the last one ending in ".". When the text
 *   holds that heading, only what follows its last occurrence is read (the table of contents
 *   names it too, with dot leaders, and is not taken for it).
 * - A paragraph may be broken over several lines (text copied from a PDF), and two may share a
 *   line ("... (Algeria); 101.3 Consider ..."). A number only starts a paragraph where it can:
 *   at the start of a line (in order, or followed by a capital: "10.5 per cent" at the start of a
 *   line inside 101.7 is text), or after ";", "." or ":" within a line when it is the next number
 *   (101.3 after 101.2, or 102.1 after 101.128).
 * - Top-level paragraphs ("101. The recommendations ... enjoy the support of Kenya:") are the
 *   sections: older (cycle-1) reports give the response there. "enjoy the support of" ->
 *   supported, "will be examined by" -> pending, "did not enjoy the support of" -> noted; without
 *   such a sentence a recommendation is pending.
 * - The state under review, session and symbol are read where the text says them ("Report of the
 *   Working Group on the Universal Periodic Review* Kenya", "A/HRC/WG.6/8/KEN/1" or "held its
 *   eighth session", "A/HRC/15/8"), else taken from the options.
 */
import { docxDocument, DocxError, type DocxDocument } from "../../../lib/text/docx-text";
import { resolveState } from "../../../lib/states/resolve-state";
import type { DocumentOptions, DocumentParse, ImportState, RecommendationResponse } from "../types";
import {
  collapseSpaces,
  documentProblem,
  finishDocument,
  ordinalNumber,
  reportSymbol,
  type DocumentMeta,
  type ParsedRecommendation,
} from "./un-document";

export type ReportOptions = DocumentOptions;

const WHAT = "report";
const HINT =
  'e.g. "Report of the Working Group on the Universal Periodic Review: Kenya" and "A/HRC/WG.6/8/KEN/1" at the top of the report';

export const NO_PARAGRAPH_NUMBERS_MESSAGE =
  'No paragraph numbers such as 101.1 were found: paste the recommendations of the report\'s "Conclusions and/or recommendations" section, each starting with its paragraph number as in the report ("101.1 Ratify ... (State);").';

// ---------------------------------------------------------------------------------------------
// What the report says of itself

// These read untrusted text (a pasted report), so none of them may try a run of the text again from
// each of its characters: a run of spaces or blank lines that can be matched in several ways (\s*\n\s*,
// [\s*]*...[^\n]+) or a lazy capture followed by \s* takes time that grows with the square of the run.

/** The title, footnote marks and blank lines, then the state under review: the first character that is none of those, to the end of its line. */
const TITLE_RE =
  /Report of the Working Group on the Universal Periodic Review[\s*\d\u2020:\u2013-]*([^\s*\d\u2020:\u2013-][^\n]*)/i;
const WG_DOCUMENT_RE = /\bA\/HRC\/WG\.6\/(\d{1,2})\//i;
const HELD_SESSION_RE =
  /Working Group on the Universal Periodic Review[^.]{0,200}?\bheld its\s+(\w+(?:[- ]\w+)?)\s+session\b/i;
/** The name of the Working Group, a line break (the lookahead) and the session on the next line. */
const WG_SESSION_HEADING_RE =
  /Working Group on the Universal Periodic Review(?=[^\S\n]*\n)\s*(\w+(?:[- ]\w+)?)\s+session\b/i;
const SYMBOL_RE = /\bA\/HRC\/\d{1,2}\/\d{1,3}(?:\/Add\.\d{1,2})?\b/;
/**
 * "... enjoy the support of Kenya:": the words after the phrase, up to ":", ";", ",", ".", "and",
 * "which" or the end of the line. The name starts and ends with a non-space (so spaces before and
 * within it are each read once).
 */
const SUPPORT_SENTENCE_RE =
  /\b(?:enjoy(?:s|ed)? the support of|will be examined by)\s+(?=\S)([^\n]*?\S)\s*(?:[:;,.]|\band\b|\bwhich\b|$)/gim;
/** Spaces and punctuation at the end of a name; the lookbehind starts a match only where such a run starts, so each run is read once. */
const NAME_END_RE = /(?<![\s:.,;])[\s:.,;]+$/;

function knownState(name: string | undefined): ImportState | null {
  if (!name) return null;
  const cleaned = collapseSpaces(name.replace(/[*\u2020]+/g, " ")).replace(NAME_END_RE, "");
  if (cleaned === "" || cleaned.length > 80) return null;
  const state = resolveState(cleaned);
  return state.iso3 ? state : null;
}

/** State, session and symbol as the report states them (null where it does not). */
export function reportMeta(text: string): DocumentMeta {
  const normal = text.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ");
  let state = knownState(TITLE_RE.exec(normal)?.[1]);
  // Else the section sentences: "... enjoy the support of Kenya:", "... will be examined by Kenya, ...".
  for (const m of state ? [] : normal.matchAll(SUPPORT_SENTENCE_RE)) {
    state = knownState(m[1]);
    if (state) break;
  }
  const wg = WG_DOCUMENT_RE.exec(normal);
  const word = HELD_SESSION_RE.exec(normal)?.[1] ?? WG_SESSION_HEADING_RE.exec(normal)?.[1];
  let session = wg ? Number(wg[1]) : word ? ordinalNumber(word) : null;
  if (session !== null && !(session >= 1 && session <= 54)) session = null;
  const symbol = SYMBOL_RE.exec(normal);
  return { kind: "wg-report", state, cycle: null, session, documentSymbol: symbol ? reportSymbol(symbol[0]) : null };
}

/** The response a section sentence gives its sub-paragraphs; null when it gives none. */
export function responseOfSection(sentence: string): RecommendationResponse | null {
  const s = collapseSpaces(sentence).toLowerCase();
  if (
    /\b(?:did|does|do) not (?:enjoy|have|receive) (?:the|its) support\b|\bnot (?:been )?(?:accepted|supported)\b|\b(?:will be|were|are|have been|has been) noted\b|\brejected\b/.test(
      s,
    )
  )
    return "noted";
  if (
    /\benjoy(?:s|ed)? (?:the|its) support\b|\b(?:are|is|were|have been|has been) (?:accepted|supported)\b|\balready (?:been )?implemented\b|\bin the process of (?:being )?implement/.test(
      s,
    )
  )
    return "supported";
  if (/\bwill (?:be )?examine|\bwill be considered\b|\bwill consider\b|\bwill provide (?:its )?responses?\b/.test(s))
    return "pending";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

/** One line of the text, or one paragraph of a Word file; `where` names it in messages. */
type Line = { text: string; where: string };

const HEADING_RE = /^\s*(?:[IVX]+\.\s*)?Conclusions and(?:\/or)? recommendations\s*$/i;
/** PDF page furniture copied with the text: "GE.10-13891", a symbol or a page number alone on a line. */
const FURNITURE_RE =
  /^\s*(?:GE\.\d{2}-\d+(?:\s*\(E\))?(?:\s+\d{6})*|A\/HRC\/[\w./]+|\d{1,3}|Page \d{1,3}(?: of \d{1,3})?)\s*$/;
/** The end of the last recommendation of a list: ")." (footnote marks may stand between). */
const LIST_END_RE = /\)[\s*\u2020\d]*\.\s*$/;
const NUMBER_RE = /(\d{1,3})\.(?:(\d{1,3})\.?)?(?=[\s\u00a0]+\S|\p{Lu}|[\s\u00a0]*$)/gu;

type Candidate = { index: number; end: number; section: number; item: number | null; atLineStart: boolean };

/**
 * Where paragraph numbers may start in a line: at its start, or after ";", "." or ":" and a space
 * ("(Algeria); 101.3 Consider"), not after "No." or "para.". Whether a candidate is taken
 * depends on the paragraphs before it (readParagraphs).
 */
function candidatesIn(line: string): Candidate[] {
  const out: Candidate[] = [];
  const first = line.search(/\S/);
  for (const m of line.matchAll(NUMBER_RE)) {
    const index = m.index ?? 0;
    const before = line.slice(Math.max(0, index - 40), index); // bounded: a pasted line may be very long
    const atLineStart = index === first;
    if (!atLineStart && !/[;.:][\s\u00a0]+$/.test(before)) continue;
    if (!atLineStart && /\b(?:No|para|paras|art|arts|p|pp|vol)\.[\s\u00a0]+$/i.test(before)) continue;
    const item = m[2] === undefined ? null : Number(m[2]);
    // A section paragraph ("101. The ...") is followed by a word, not by a figure.
    if (item === null && !/^[\s\u00a0]*(?:\p{L}|$)/u.test(line.slice(index + m[0].length, index + m[0].length + 40)))
      continue;
    out.push({ index, end: index + m[0].length, section: Number(m[1]), item, atLineStart });
  }
  return out;
}

type Open =
  | { kind: "recommendation"; paragraph: string; section: number; item: number; parts: string[]; where: string }
  | { kind: "section"; section: number; parts: string[] };

/**
 * Join the lines of a paragraph with one space (each trimmed; spaces within a line are kept as
 * written); a line ending in a hyphen ("follow-" / "up") joins without a space.
 */
function joinLines(parts: readonly string[]): string {
  const out: string[] = [];
  let last = "";
  for (const raw of parts) {
    const part = raw.trim();
    if (part === "") continue;
    // The text so far ends as its last line does: that line is tested, not the whole text again
    // (which would take time growing with the square of a long paragraph).
    if (last !== "") out.push(/\p{L}-$/u.test(last) && /^\p{Ll}/u.test(part) ? "" : " ");
    out.push(part);
    last = part;
  }
  return out.join("");
}

/** The recommendations of a report's lines, with the responses its section sentences give. */
function readParagraphs(lines: readonly Line[]): ParsedRecommendation[] {
  const sections = new Map<number, RecommendationResponse | null>();
  const recommendations: Array<{ paragraph: string; section: number; text: string; where: string }> = [];
  let open: Open | null = null;
  let last: { section: number; item: number } | null = null; // the last recommendation started
  let lastSection = 0; // the last section paragraph started
  let finished = false; // the open recommendation ends in ")." (the last of the list): it takes no more lines

  const close = () => {
    if (!open) return;
    const text = joinLines(open.parts);
    if (open.kind === "section") sections.set(open.section, responseOfSection(text));
    else recommendations.push({ paragraph: open.paragraph, section: open.section, text, where: open.where });
    open = null;
  };
  const append = (text: string) => {
    if (text.trim() === "") return;
    // Text before the first paragraph, or after the last one (an annex), is not read.
    if (!open || finished) return;
    open.parts.push(text);
    finished = open.kind === "recommendation" && LIST_END_RE.test(text);
  };

  for (const line of lines) {
    if (FURNITURE_RE.test(line.text)) continue;
    let from = 0;
    for (const c of candidatesIn(line.text)) {
      let accept: boolean;
      if (c.item !== null) {
        const inOrder = last === null || c.section > last.section || (c.section === last.section && c.item > last.item);
        const next =
          last === null
            ? c.item === 1 || c.atLineStart
            : (c.section === last.section && c.item === last.item + 1) || (c.section !== last.section && c.item === 1);
        // At the start of a line, a number followed by a capital starts a paragraph even out of
        // order (a paragraph pasted twice is then reported, not merged into the one before).
        const capital = /^[\s\u00a0]*\p{Lu}/u.test(line.text.slice(c.end, c.end + 40));
        accept = c.atLineStart ? inOrder || capital : inOrder && next;
      } else {
        const after = Math.max(lastSection, last?.section ?? 0);
        accept = c.section > after && (c.atLineStart || c.section === after + 1);
      }
      if (!accept) continue;
      append(line.text.slice(from, c.index));
      close();
      finished = false;
      if (c.item !== null) {
        open = {
          kind: "recommendation",
          paragraph: `${c.section}.${c.item}`,
          section: c.section,
          item: c.item,
          parts: [],
          where: line.where,
        };
        last = { section: c.section, item: c.item };
      } else {
        open = { kind: "section", section: c.section, parts: [] };
        lastSection = c.section;
      }
      from = c.end;
    }
    append(line.text.slice(from));
  }
  close();

  return recommendations.map((r) => ({
    paragraph: r.paragraph,
    text: r.text,
    response: sections.get(r.section) ?? "pending",
    themes: [],
    documentSymbol: null,
    where: r.where,
  }));
}

/** The lines after the last "Conclusions and/or recommendations" heading, or all of them. */
function recommendationSection(lines: readonly Line[]): Line[] {
  let start = -1;
  lines.forEach((line, i) => {
    if (HEADING_RE.test(line.text)) start = i;
  });
  return start === -1 ? [...lines] : lines.slice(start + 1);
}

function parseReportLines(lines: readonly Line[], metaText: string, options: ReportOptions): DocumentParse {
  const meta = reportMeta(metaText);
  let parsed = readParagraphs(recommendationSection(lines));
  if (parsed.length === 0) parsed = readParagraphs(lines);
  if (parsed.length === 0) return documentProblem("wg-report", NO_PARAGRAPH_NUMBERS_MESSAGE, meta);
  return finishDocument(meta, parsed, options, WHAT, HINT);
}

// ---------------------------------------------------------------------------------------------

/** The recommendations of a Working Group report's text (pasted, or read from a .txt file). */
export function parseReportText(text: string, options: ReportOptions = {}): DocumentParse {
  const lines: Line[] = [];
  text
    .replace(/^\ufeff/, "")
    .split(/\r\n|\r|\n|\u2028|\u2029|\f/)
    .forEach((t, i) => {
      const line = t.replace(/\u00ad/g, "");
      // A blank line says nothing (nor starts nor ends a paragraph): not kept, so that a text of
      // many line breaks does not become as many objects.
      if (line.trim() !== "") lines.push({ text: line, where: `line ${i + 1}` });
    });
  if (lines.length === 0) return documentProblem("wg-report", "The text is empty.");
  return parseReportLines(lines, text, options);
}

/** Whether a Word document looks like a Working Group report (its title, or numbered recommendations). */
export function isReportDocument(doc: DocxDocument): boolean {
  const paragraphs = reportLines(doc);
  if (paragraphs.some((p) => /Report of the Working Group on the Universal Periodic Review/i.test(p.text))) return true;
  return readParagraphs(recommendationSection(paragraphs)).length > 0;
}

/** The body paragraphs of a Word file in order (those of tables included, cell by cell). */
function reportLines(doc: DocxDocument): Line[] {
  const lines: Line[] = [];
  for (const block of doc.blocks) {
    if (block.kind === "paragraph") lines.push({ text: block.text, where: `paragraph ${lines.length + 1}` });
    else
      for (const row of block.rows)
        for (const cell of row)
          for (const p of cell.paragraphs) lines.push({ text: p, where: `paragraph ${lines.length + 1}` });
  }
  return lines;
}

/** Parse a Working Group report already read as a Word document. */
export function parseReportDocument(doc: DocxDocument, options: ReportOptions = {}): DocumentParse {
  const lines = reportLines(doc);
  const metaText = [...doc.headers, ...lines.map((l) => l.text)].join("\n");
  return parseReportLines(lines, metaText, options);
}

/**
 * The recommendations of a Working Group report's Word file (.docx). Never throws for bad input:
 * a file that is not a readable .docx comes back as one problem.
 */
export function parseReportDocx(bytes: Uint8Array, options: ReportOptions = {}): DocumentParse {
  let doc: DocxDocument;
  try {
    doc = docxDocument(bytes);
  } catch (error) {
    if (error instanceof DocxError) return documentProblem("wg-report", error.message);
    throw error;
  }
  return parseReportDocument(doc, options);
}
