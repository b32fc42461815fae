/**
 * The choices a user has when importing, with their names as people read them: one list for the
 * import page and the command line. Client-safe.
 */
import type { ImportFormat } from "./types";

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  native: "UPR Monitor template (CSV or Excel)",
  "upr-info": "UPR Info database export (CSV or Excel)",
  uhri: "OHCHR UHRI export (JSON or Excel)",
  "ohchr-matrix": "OHCHR matrix of recommendations (Word .docx)",
  "wg-report": "Working Group report recommendations (Word .docx or text)",
};
export const FORMAT_CHOICES = { auto: "Detect", ...FORMAT_LABELS } as const;

export const ENCODING_CHOICES = {
  auto: "Detect",
  "utf-8": "UTF-8",
  "windows-1252": "Windows-1252 (Excel for Windows)",
  macintosh: "Mac Roman (Excel for Mac)",
} as const;

export const DELIMITER_CHOICES = { auto: "Detect", comma: "Comma", semicolon: "Semicolon", tab: "Tab" } as const;
export const DELIMITER_CHARS = { auto: "auto", comma: ",", semicolon: ";", tab: "\t" } as const;
export const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };

export type Choice<T extends Record<string, string>> = keyof T & string;
export const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [Choice<T>, ...Choice<T>[]];
