// An uploaded draft submission to text, for the word count (/tools/word-count): a Word .docx file
// (main text, and footnotes and endnotes apart) or a plain-text .txt file (UTF-8, UTF-16 or a legacy
// Windows/Mac encoding, detected as for imports). Nothing is stored.
import { docxText, DocxError } from "./text/docx-text";
import { binaryFileReason, createDecoder, detectEncoding } from "./text/decode";
import { MAX_DRAFT_BYTES } from "./word-count";

export type DraftText =
  { ok: true; kind: "docx" | "txt"; body: string; footnotes: string | null } | { ok: false; message: string };

const OTHER_TYPES: Record<string, string> = {
  doc: "an old Word 97-2003 document (.doc)",
  odt: "an OpenDocument text (.odt)",
  pdf: "a PDF",
  rtf: "a rich text file (.rtf)",
  pages: "a Pages document",
};

function extension(fileName: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName.trim());
  return m ? m[1]!.toLowerCase() : "";
}

export function readDraftFile(fileName: string, bytes: Uint8Array): DraftText {
  const ext = extension(fileName);
  const advice =
    "Only Word (.docx) and plain-text (.txt) files can be counted: save the draft as .docx, or paste its text.";
  if (bytes.length === 0) return { ok: false, message: "The file is empty." };
  if (bytes.length > MAX_DRAFT_BYTES)
    return { ok: false, message: `The file is larger than ${MAX_DRAFT_BYTES / 1024 / 1024} MB.` };
  if (ext === "docx") {
    try {
      const { body, footnotes } = docxText(bytes);
      return { ok: true, kind: "docx", body, footnotes };
    } catch (error) {
      if (error instanceof DocxError) return { ok: false, message: error.message };
      throw error;
    }
  }
  if (ext === "txt" || ext === "text") {
    const binary = binaryFileReason(bytes.subarray(0, 64 * 1024));
    if (binary)
      return {
        ok: false,
        message: `This .txt file is really ${binary.replace(/: save it as CSV first$/, "")}. ${advice}`,
      };
    const decoder = createDecoder(detectEncoding(bytes, true).encoding);
    return { ok: true, kind: "txt", body: decoder.write(bytes) + decoder.end(), footnotes: null };
  }
  const what = OTHER_TYPES[ext] ?? (ext ? `a .${ext} file` : "a file without an extension");
  return { ok: false, message: `This is ${what}. ${advice}` };
}
