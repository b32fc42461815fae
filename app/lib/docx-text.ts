// The text of a Word (.docx) document, for counting its words: the main text (word/document.xml) and,
// apart, its footnotes and endnotes (word/footnotes.xml, word/endnotes.xml). Pure: bytes in, text out.
// Unzipped with fflate (docs/decisions/2026-11-26-fflate.md); only those three parts are inflated,
// each at most MAX_PART_BYTES (fflate never writes past a part's declared size, so a "zip bomb"
// cannot grow beyond it).
import { unzipSync } from "fflate";

export const MAX_PART_BYTES = 50 * 1024 * 1024;

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
 * The visible text of a WordprocessingML part: the contents of <w:t> elements, runs joined as they
 * are (a word split across runs stays one word), a line break after each paragraph, a space for each
 * tab or line break (not for the tab stops of a paragraph's layout, <w:tabs>). Deleted text (<w:delText>) and field codes (<w:instrText>) are not text. The
 * fallback copy of a text box (<mc:Fallback>, an older drawing of the same box) is skipped so a text
 * box counts once.
 */
export function wordXmlText(xml: string): string {
  const withoutFallbacks = xml.replace(/<mc:Fallback\b[^>]*>[\s\S]*?<\/mc:Fallback>/g, "").replace(/<w:tabs\b[^>]*>[\s\S]*?<\/w:tabs>/g, "");
  const out: string[] = [];
  const re = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(?:tab|br|cr)\b[^>]*\/>|<\/w:p>|<w:noBreakHyphen\b[^>]*\/>/g;
  for (let m = re.exec(withoutFallbacks); m !== null; m = re.exec(withoutFallbacks)) {
    const tag = m[0];
    if (m[1] !== undefined) out.push(decodeXml(m[1]));
    else if (tag === "</w:p>") out.push("\n");
    else if (tag.startsWith("<w:noBreakHyphen")) out.push("-");
    else out.push(" ");
  }
  return out.join("");
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The text of a .docx file; DocxError with a message for the user when it is not one. */
export function docxText(bytes: Uint8Array): DocxText {
  if (!isZip(bytes)) throw new DocxError("This is not a Word .docx file (a .docx file is a zip archive). Save the draft as Word (.docx) or plain text (.txt), or paste its text.");
  let parts: Record<string, Uint8Array>;
  let tooLarge: string | null = null;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        if (file.name !== BODY && !NOTES.includes(file.name)) return false;
        if (file.originalSize > MAX_PART_BYTES) {
          tooLarge = file.name;
          return false;
        }
        return true;
      },
    });
  } catch {
    throw new DocxError("The .docx file could not be opened: it seems damaged. Open it in Word or LibreOffice, save it again, and upload it again.");
  }
  if (tooLarge) throw new DocxError(`The .docx file's part ${tooLarge} is larger than ${MAX_PART_BYTES / 1024 / 1024} MB unpacked: too large to count.`);
  const body = parts[BODY];
  if (!body) throw new DocxError("This zip file has no word/document.xml: it is not a Word .docx document (an .odt, .xlsx or .pptx file?). Save the draft as Word (.docx) or plain text (.txt).");
  const decoder = new TextDecoder("utf-8");
  const text = (name: string) => (parts[name] ? wordXmlText(decoder.decode(parts[name])) : "");
  return { body: text(BODY), footnotes: NOTES.map(text).filter((t) => t.trim() !== "").join("\n") };
}
