/**
 * Bytes to text for imported files: binary-file check, encoding detection, a streaming decoder,
 * and detection of line ending and delimiter from the first text of a CSV file.
 *
 * Spreadsheets save CSV files as UTF-8 (with or without BOM), Windows-1252 (Excel for Windows) or
 * Mac Roman (Excel for Mac "CSV"), and sometimes UTF-16 with a BOM ("Unicode text").
 */
import iconv from "iconv-lite";

export type TextEncoding = "utf-8" | "windows-1252" | "macintosh" | "utf-16le" | "utf-16be";
/** What a user may choose; 'auto' detects. */
export type EncodingOption = "auto" | "utf-8" | "windows-1252" | "macintosh";
export const ENCODING_OPTIONS: readonly EncodingOption[] = ["auto", "utf-8", "windows-1252", "macintosh"];

export type Delimiter = "," | ";" | "\t";
export type DelimiterOption = "auto" | Delimiter;
export type LineEnding = "CRLF" | "LF" | "CR";

/** How many bytes of the file we look at before deciding anything. */
export const SNIFF_BYTES = 64 * 1024;

export type EncodingDetection = {
  encoding: TextEncoding;
  /** The file starts with a byte order mark (removed by the decoder). */
  bom: boolean;
};

// ---------------------------------------------------------------------------------------------
// Binary files

const MAGIC_NUMBERS: ReadonlyArray<{ bytes: readonly number[]; what: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "an Excel workbook (.xlsx) or another zip archive: save it as CSV first" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an Excel 97-2003 workbook (.xls): save it as CSV first" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

function hasUtf16Bom(head: Uint8Array): boolean {
  return startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);
}

/**
 * Returns why the bytes are not a text file ("a PNG image", "binary data"), or null for text.
 * Rule: known magic numbers; otherwise any NUL byte (outside UTF-16), or more than 1% of control
 * bytes other than tab, CR, LF, form feed and ESC.
 */
export function binaryFileReason(head: Uint8Array): string | null {
  for (const { bytes, what } of MAGIC_NUMBERS) if (startsWith(head, bytes)) return what;
  if (hasUtf16Bom(head)) return null;
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) return "binary data (it contains NUL bytes)";
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls++;
  }
  if (controls > head.length / 100) return "binary data (it contains control characters)";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Encoding

function isValidUtf8(head: Uint8Array, complete: boolean): boolean {
  try {
    // stream: true tolerates a multi-byte character cut off at the end of the sniffed bytes.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

// Letters that occur in state names and texts in European languages.
const COMMON_LOWER = new Set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœšž");
const COMMON_UPPER = new Set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒŠŽŸ");
// Typography that Word and Excel put in texts (smart quotes, dashes, ellipsis...).
const COMMON_PUNCTUATION = new Set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00a0\u20ac\u00b0");

function isAsciiLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
}
function isLetter(c: string | undefined): boolean {
  return c !== undefined && (isAsciiLetter(c) || COMMON_LOWER.has(c) || COMMON_UPPER.has(c));
}

/**
 * Plausibility of a legacy (single-byte) decoding. Only non-ASCII characters are scored:
 * - a common accented lowercase letter: +2 inside a word (letters on both sides), +1 next to one
 *   letter, 0 alone;
 * - a common accented capital: +1 at the start of a word, -2 inside a word ("ChildrenÕs");
 * - smart quotes, dashes, ellipsis, guillemets, no-break space, euro, degree: +2;
 * - any other symbol (‡ ™ ∂ Ω ...): -2; control characters and U+FFFD (byte undefined): -5.
 *
 * Why this separates Windows-1252 from Mac Roman: in Windows-1252, bytes 0x80-0x9F are
 * punctuation (’ “ ” – —) and accented letters sit at 0xC0-0xFF; in Mac Roman, 0x80-0x9F are
 * accented lowercase letters (0x8E é, 0x87 á, 0x88 à, 0x92 í, 0x99 ô) and 0xD0-0xD5 are the
 * dashes and smart quotes, while 0xC0-0xFF are mostly symbols and capitals. Decoding with the
 * wrong table therefore produces symbols and capitals inside words, which score low.
 */
export function legacyDecodingScore(text: string): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c.charCodeAt(0) < 0x80) continue;
    const before = text[i - 1];
    const after = text[i + 1];
    if (COMMON_LOWER.has(c)) {
      score += (isLetter(before) ? 1 : 0) + (isLetter(after) ? 1 : 0);
    } else if (COMMON_UPPER.has(c)) {
      score += isLetter(before) ? -2 : 1;
    } else if (COMMON_PUNCTUATION.has(c)) {
      score += 2;
    } else if (c === "\ufffd" || c.charCodeAt(0) < 0xa0) {
      score -= 5;
    } else {
      score -= 2;
    }
  }
  return score;
}

/**
 * Detect the encoding from the first bytes of a file (`complete`: these are all its bytes).
 * Order: BOM (UTF-8, UTF-16), valid UTF-8 (pure ASCII is UTF-8), else the better-scoring of
 * Windows-1252 and Mac Roman (ties go to Windows-1252, the more common one).
 */
export function detectEncoding(head: Uint8Array, complete = false): EncodingDetection {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: "utf-8", bom: true };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: "utf-16le", bom: true };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: "utf-16be", bom: true };
  if (isValidUtf8(head, complete)) return { encoding: "utf-8", bom: false };
  const windows = legacyDecodingScore(iconv.decode(Buffer.from(head), "windows-1252"));
  const mac = legacyDecodingScore(iconv.decode(Buffer.from(head), "macintosh"));
  return { encoding: mac > windows ? "macintosh" : "windows-1252", bom: false };
}

/**
 * Detect the encoding from the whole file, not only its first bytes: a UPR Info export can be plain
 * ASCII for its first 64 KiB and hold its first accented letter much further down. Reads every chunk
 * once: a byte order mark decides at once; otherwise the bytes are checked as UTF-8 (streaming, so a
 * character cut between chunks is fine), and every chunk holding a byte over 0x7F is scored in
 * Windows-1252 and Mac Roman. Valid UTF-8 wins; else the better-scoring legacy encoding (ties:
 * Windows-1252).
 */
export async function detectEncodingOfStream(chunks: AsyncIterable<Uint8Array>): Promise<EncodingDetection> {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let validUtf8 = true;
  let start: number[] | null = []; // the first bytes, for a byte order mark
  let windows = 0;
  let mac = 0;
  for await (const chunk of chunks) {
    if (start !== null) {
      for (let i = 0; i < chunk.length && start.length < 3; i++) start.push(chunk[i]);
      if (start.length >= 3 || start.length >= 2) {
        const bom = detectEncoding(Uint8Array.from(start), false);
        if (bom.bom) return bom;
        if (start.length >= 3) start = null;
      }
    }
    if (validUtf8) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
    if (!chunk.some((b) => b > 0x7f)) continue;
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    windows += legacyDecodingScore(iconv.decode(buffer, "windows-1252"));
    mac += legacyDecodingScore(iconv.decode(buffer, "macintosh"));
  }
  if (validUtf8) {
    try {
      utf8.decode(new Uint8Array(0), { stream: false }); // a character cut off at the very end
    } catch {
      validUtf8 = false;
    }
  }
  if (validUtf8) return { encoding: "utf-8", bom: false };
  return { encoding: mac > windows ? "macintosh" : "windows-1252", bom: false };
}

/**
 * The encoding to use: the user's choice, or the detected one for 'auto'. A UTF-8 BOM is still
 * honoured (removed) when the user chose UTF-8.
 */
export function resolveEncoding(
  head: Uint8Array,
  option: EncodingOption = "auto",
  complete = false,
): EncodingDetection {
  if (option === "auto") return detectEncoding(head, complete);
  return { encoding: option, bom: option === "utf-8" && startsWith(head, [0xef, 0xbb, 0xbf]) };
}

/**
 * Incremental decoder: feed byte chunks in order, get text. Multi-byte characters cut between
 * chunks are handled; a BOM is removed.
 */
export function createDecoder(encoding: TextEncoding): { write(chunk: Uint8Array): string; end(): string } {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  return {
    write: (chunk) =>
      decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    end: () => decoder.end() ?? "",
  };
}

/** Decode a stream of byte chunks to a stream of text chunks, never holding more than a chunk. */
export async function* decodeChunks(source: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = createDecoder(encoding);
  for await (const chunk of source) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

// ---------------------------------------------------------------------------------------------
// Line ending and delimiter (CSV)

/**
 * Line ending of a CSV text from its start: the first CR or LF outside double quotes decides
 * (CR LF → CRLF, CR alone → CR, LF → LF). Returns null if none was found, or if the text ends
 * with a CR and more text may follow (`complete` false), since a LF might come next.
 *
 * We pass the result to papaparse explicitly instead of letting it guess: its guess only sees
 * the first chunk it is given and falls back to LF, which breaks CR-only files (Excel for Mac)
 * when they are streamed in chunks.
 */
export function detectLineEnding(text: string, complete: boolean): LineEnding | null {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === "\n") return "LF";
    else if (!inQuotes && c === "\r") {
      if (i + 1 < text.length) return text[i + 1] === "\n" ? "CRLF" : "CR";
      return complete ? "CR" : null;
    }
  }
  return null;
}

export function lineEndingChars(lineEnding: LineEnding): "\r\n" | "\n" | "\r" {
  return lineEnding === "CRLF" ? "\r\n" : lineEnding === "CR" ? "\r" : "\n";
}

/**
 * Delimiter of a CSV file from its header line: whichever of comma, semicolon and tab occurs
 * most often outside quotes (ties: comma, then semicolon). A header with none of them is
 * comma-separated (one column).
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let inQuotes = false;
  for (const c of headerLine) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "," || c === ";" || c === "\t")) counts[c]++;
  }
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  if (counts[";"] > counts[","]) return ";";
  return ",";
}
