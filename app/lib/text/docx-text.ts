// The text of a Word (.docx) document, for counting its words: the main text (word/document.xml) and,
// apart, its footnotes and endnotes (word/footnotes.xml, word/endnotes.xml). Pure: bytes in, text out.
// Unzipped with fflate (docs/decisions/2026-11-26-fflate.md) through app/lib/text/zip.ts: only those
// three parts are inflated, each stopped at MAX_PART_BYTES of real output whatever the zip claims, so a
// "zip bomb" costs neither memory nor time beyond that.
//
// `docxDocument` reads the same body as paragraphs and tables (rows of cells of paragraphs), in
// document order, and the text of the page headers (word/header*.xml), for the import parsers of
// OHCHR matrices and Working Group reports (app/import/readers/formats/).
import { indexFinder, replaceTags, wordEnd } from "./scan";
import { readZipEntries, ZipError } from "./zip";

export const MAX_PART_BYTES = 50 * 1024 * 1024;
/** All the parts read of one file, together, unpacked. */
const MAX_TOTAL_BYTES = 2 * MAX_PART_BYTES;

const BODY = "word/document.xml";
const NOTES = ["word/footnotes.xml", "word/endnotes.xml"];

export class DocxError extends Error {
  override name = "DocxError";
}

export interface DocxText {
  body: string;
  /** Footnotes, then endnotes. */
  footnotes: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

/**
 * `xml` without its elements `name`: from each opening tag `<name ...>` to the first `</name>` after it
 * (such elements do not nest in WordprocessingML). An opening tag with no closing tag after it stays.
 */
function withoutElements(xml: string, name: string): string {
  const nextGt = indexFinder(xml, ">");
  const nextClose = indexFinder(xml, `</${name}>`);
  return replaceTags(xml, "", (at) => {
    const nameEnd = at + 1 + name.length;
    // "<w:tabs" or "<w:tabs ...", not "<w:tabsX".
    if (!xml.startsWith(name, at + 1) || wordEnd(xml, nameEnd) !== nameEnd) return -1;
    const gt = nextGt(nameEnd);
    const close = gt === -1 ? -1 : nextClose(gt + 1);
    return close === -1 ? -1 : close + name.length + 3;
  });
}

/** A WordprocessingML tag: `<w:name attributes>`, `</w:name>` or `<w:name attributes/>`. */
interface WordTag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attributes: string;
}

const SPACE_RE = /\s/;

/**
 * The runs of text (`<w:t ...>text</w:t>`, decoded) and the tags that `wanted` takes of a
 * WordprocessingML part, in order. At each "<" a run of text, else a wanted tag, is read whole;
 * anything else (other elements, a "<" that starts no tag) is passed by. Scanned by hand rather than
 * with a regular expression: on a part of unclosed tags ("<w:t <w:t <w:t ...") a regular expression
 * reads on to the end from every "<", a scan remembers where the next ">" is.
 */
function* wordTokens(xml: string, wanted: (tag: WordTag) => boolean): Generator<string | WordTag> {
  const nextGt = indexFinder(xml, ">");
  const nextLt = indexFinder(xml, "<");
  for (let at = xml.indexOf("<"); at !== -1;) {
    let end = -1;
    // <w:t>text</w:t>, <w:t xml:space="preserve">text</w:t>
    if (xml.startsWith("<w:t", at) && (xml[at + 4] === ">" || SPACE_RE.test(xml[at + 4] ?? ""))) {
      const gt = nextGt(at + 4);
      const lt = gt === -1 ? -1 : nextLt(gt + 1);
      if (lt !== -1 && xml.startsWith("</w:t>", lt)) {
        yield decodeXml(xml.slice(gt + 1, lt));
        end = lt + "</w:t>".length;
      }
    }
    const closing = xml[at + 1] === "/";
    const nameStart = at + (closing ? 4 : 3);
    const nameEnd = end === -1 && xml.startsWith("w:", nameStart - 2) ? wordEnd(xml, nameStart) : -1;
    const gt = nameEnd === -1 ? -1 : nextGt(nameEnd);
    if (gt !== -1) {
      const selfClosing = gt > nameEnd && xml[gt - 1] === "/";
      const attributes = xml.slice(nameEnd, selfClosing ? gt - 1 : gt);
      const tag = { name: xml.slice(nameStart, nameEnd), closing, selfClosing, attributes };
      if (wanted(tag)) {
        yield tag;
        end = gt + 1;
      }
    }
    at = xml.indexOf("<", end === -1 ? at + 1 : end);
  }
}

const TEXT_BREAKS = new Set(["tab", "br", "cr", "noBreakHyphen"]);
/** What `wordXmlText` reads besides text: a paragraph's end (`</w:p>`), tabs, breaks and no-break hyphens (`<w:tab/>`). */
const isTextBreak = (tag: WordTag) =>
  tag.closing
    ? tag.name === "p" && tag.attributes === "" && !tag.selfClosing
    : tag.selfClosing && TEXT_BREAKS.has(tag.name);

/**
 * The visible text of a WordprocessingML part: the contents of <w:t> elements, runs joined as they
 * are (a word split across runs stays one word), a line break after each paragraph, a space for each
 * tab or line break (not for the tab stops of a paragraph's layout, <w:tabs>). Deleted text (<w:delText>) and field codes (<w:instrText>) are not text. The
 * fallback copy of a text box (<mc:Fallback>, an older drawing of the same box) is skipped so a text
 * box counts once.
 */
export function wordXmlText(xml: string): string {
  const out: string[] = [];
  for (const token of wordTokens(withoutElements(withoutElements(xml, "mc:Fallback"), "w:tabs"), isTextBreak)) {
    if (typeof token === "string") out.push(token);
    else out.push(token.name === "p" ? "\n" : token.name === "noBreakHyphen" ? "-" : " ");
  }
  return out.join("");
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The parts of a .docx (a zip) that `wanted` names, inflated (app/lib/text/zip.ts: only those, each
 * counted as it inflates, whatever the zip claims). DocxError when the zip is damaged, or when a part
 * is larger than MAX_PART_BYTES or all of them together larger than `maxTotal` unpacked (`tooLarge` says so).
 */
function unzipDocxParts(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  maxTotal: number,
  tooLarge: (part: string) => string,
): Record<string, Uint8Array> {
  try {
    return Object.fromEntries(
      readZipEntries(bytes, wanted, {
        maxEntryBytes: MAX_PART_BYTES,
        maxTotalBytes: Math.min(maxTotal, MAX_TOTAL_BYTES),
      }),
    );
  } catch (error) {
    if (error instanceof ZipError && error.kind === "too-large") throw new DocxError(tooLarge(error.entry ?? "?"));
    if (error instanceof ZipError && error.kind === "encrypted")
      throw new DocxError(
        "The .docx file is protected with a password: remove the password, save it and upload it again.",
      );
    throw new DocxError(
      "The .docx file could not be opened: it seems damaged. Open it in Word or LibreOffice, save it again, and upload it again.",
    );
  }
}

/** The text of a .docx file; DocxError with a message for the user when it is not one. */
export function docxText(bytes: Uint8Array): DocxText {
  if (!isZip(bytes))
    throw new DocxError(
      "This is not a Word .docx file (a .docx file is a zip archive). Save the draft as Word (.docx) or plain text (.txt), or paste its text.",
    );
  const parts = unzipDocxParts(
    bytes,
    (name) => name === BODY || NOTES.includes(name),
    Infinity,
    (part) =>
      `The .docx file's part ${part} is larger than ${MAX_PART_BYTES / 1024 / 1024} MB unpacked: too large to count.`,
  );
  const body = parts[BODY];
  if (!body)
    throw new DocxError(
      "This zip file has no word/document.xml: it is not a Word .docx document (an .odt, .xlsx or .pptx file?). Save the draft as Word (.docx) or plain text (.txt).",
    );
  const decoder = new TextDecoder("utf-8");
  const text = (name: string) => (parts[name] ? wordXmlText(decoder.decode(parts[name])) : "");
  return {
    body: text(BODY),
    footnotes: NOTES.map(text)
      .filter((t) => t.trim() !== "")
      .join("\n"),
  };
}

// ---------------------------------------------------------------------------------------------
// Structure: paragraphs and tables, and the page headers.

/** One table cell: its paragraphs' text in order; `span` is the number of grid columns it covers. */
export interface DocxCell {
  paragraphs: string[];
  /** The paragraphs joined by "\n". */
  text: string;
  span: number;
}

export type DocxBlock = { kind: "paragraph"; text: string } | { kind: "table"; rows: DocxCell[][] };

export interface DocxDocument {
  /** The body in document order: paragraphs, and tables (a table nested in a cell is flattened into the cell's paragraphs). */
  blocks: DocxBlock[];
  /** The text of each page header part (word/header1.xml, header2.xml, ...), in part-name order. */
  headers: string[];
}

/** The first bytes of an OLE compound file: an old .doc, or a password-protected (encrypted) .docx. */
function isCompoundFile(bytes: Uint8Array): boolean {
  const magic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= 8 && magic.every((b, i) => bytes[i] === b);
}

/** An encrypted Office file is a compound file holding an "EncryptedPackage" stream (its name in UTF-16LE). */
function holdsEncryptedPackage(bytes: Uint8Array): boolean {
  const name = "EncryptedPackage";
  const limit = Math.min(bytes.length, 4 * 1024 * 1024) - name.length * 2;
  outer: for (let i = 0; i <= limit; i++) {
    for (let j = 0; j < name.length; j++) {
      if (bytes[i + 2 * j] !== name.charCodeAt(j) || bytes[i + 2 * j + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

const HEADER_PART_RE = /^word\/header\d*\.xml$/;
/** All parts read by `docxDocument` together are bounded too (a body and a few headers). */
export const MAX_DOCUMENT_BYTES = 2 * MAX_PART_BYTES;

/**
 * Inflate the body and the header parts of a .docx. DocxError (a message for the user, about an
 * imported document) when the bytes are not a readable .docx.
 */
function openDocxForImport(bytes: Uint8Array): { body: string; headers: string[] } {
  if (isCompoundFile(bytes)) {
    throw new DocxError(
      holdsEncryptedPackage(bytes)
        ? "This Word file is password-protected (encrypted), so it cannot be read. Open it in Word, remove the password (File > Info > Protect Document), save it as .docx and upload it again."
        : "This is an old Word 97-2003 document (.doc), not a .docx. Open it in Word or LibreOffice, save it as Word (.docx), and upload it again.",
    );
  }
  if (!isZip(bytes))
    throw new DocxError(
      "This is not a Word .docx file (a .docx file is a zip archive). Save the document as Word (.docx), or paste its text.",
    );
  const parts = unzipDocxParts(
    bytes,
    (name) => name === BODY || HEADER_PART_RE.test(name),
    MAX_DOCUMENT_BYTES,
    (part) =>
      `The .docx file's part ${part} is too large unpacked (the limit is ${MAX_PART_BYTES / 1024 / 1024} MB a part): it is not a UPR document.`,
  );
  const body = parts[BODY];
  if (!body)
    throw new DocxError(
      "This zip file has no word/document.xml: it is not a Word .docx document (an .odt, .xlsx or .pptx file?). Save it as Word (.docx).",
    );
  const decoder = new TextDecoder("utf-8");
  const headers = Object.keys(parts)
    .filter((name) => HEADER_PART_RE.test(name))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((name) => decoder.decode(parts[name]));
  return { body: decoder.decode(body), headers };
}

/** The tags `wordXmlBlocks` reads: tables, rows, cells and their spans, paragraphs, and the breaks within text. */
const BLOCK_TAGS = new Set(["tbl", "tr", "tc", "p", "tab", "br", "cr", "noBreakHyphen", "gridSpan"]);

/**
 * The paragraphs and tables of a WordprocessingML body, in order. Text as `wordXmlText` reads it
 * (runs joined, a space for a tab or line break, deleted text and field codes left out, a text
 * box's fallback copy skipped); text moved away in tracked changes (<w:moveFrom>) is left out.
 */
export function wordXmlBlocks(xml: string): DocxBlock[] {
  const cleaned = withoutElements(withoutElements(withoutElements(xml, "mc:Fallback"), "w:tabs"), "w:moveFrom");
  const blocks: DocxBlock[] = [];
  const paragraphs: string[][] = []; // open paragraphs (a text box's paragraphs nest in one)
  type OpenTable = { rows: DocxCell[][]; row: DocxCell[] | null; cell: { paragraphs: string[]; span: number } | null };
  const tables: OpenTable[] = [];

  const emit = (text: string) => {
    const table = tables[tables.length - 1];
    if (table?.cell) table.cell.paragraphs.push(text);
    else if (!table) blocks.push({ kind: "paragraph", text });
    // (text directly in a table or row, outside any cell, is not valid WordprocessingML: dropped)
  };

  for (const token of wordTokens(cleaned, (tag) => BLOCK_TAGS.has(tag.name))) {
    if (typeof token === "string") {
      paragraphs[paragraphs.length - 1]?.push(token);
      continue;
    }
    const { closing, selfClosing } = token;
    const table = tables[tables.length - 1];
    switch (token.name) {
      case "p":
        if (selfClosing) emit("");
        else if (!closing) paragraphs.push([]);
        else {
          const parts = paragraphs.pop();
          if (parts) emit(parts.join(""));
        }
        break;
      case "tbl":
        if (!closing) tables.push({ rows: [], row: null, cell: null });
        else {
          const done = tables.pop();
          if (!done) break;
          const outer = tables[tables.length - 1];
          if (outer?.cell)
            for (const row of done.rows) for (const cell of row) outer.cell.paragraphs.push(...cell.paragraphs);
          else if (!outer) blocks.push({ kind: "table", rows: done.rows });
        }
        break;
      case "tr":
        if (!table) break;
        if (!closing) table.row = [];
        else if (table.row) {
          table.rows.push(table.row);
          table.row = null;
        }
        break;
      case "tc":
        if (!table) break;
        if (!closing && !selfClosing) table.cell = { paragraphs: [], span: 1 };
        else if (table.cell || selfClosing) {
          const cell = table.cell ?? { paragraphs: [], span: 1 };
          (table.row ??= []).push({ paragraphs: cell.paragraphs, text: cell.paragraphs.join("\n"), span: cell.span });
          table.cell = null;
        }
        break;
      case "gridSpan": {
        const span = /w:val="(\d+)"/.exec(token.attributes);
        if (table?.cell && span) table.cell.span = Math.max(1, Number(span[1]));
        break;
      }
      case "noBreakHyphen":
        paragraphs[paragraphs.length - 1]?.push("-");
        break;
      default: // tab, br, cr
        if (!closing) paragraphs[paragraphs.length - 1]?.push(" ");
    }
  }
  return blocks;
}

/**
 * A .docx as paragraphs and tables, and its page headers' text (for importing UPR documents).
 * DocxError with a message for the user when the file is not a readable .docx: not a zip, damaged,
 * an old .doc, password-protected, or too large unpacked.
 */
export function docxDocument(bytes: Uint8Array): DocxDocument {
  const { body, headers } = openDocxForImport(bytes);
  return { blocks: wordXmlBlocks(body), headers: headers.map(wordXmlText) };
}
