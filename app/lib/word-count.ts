// Word counts of a UPR stakeholder submission against the limits (docs/domain.md, "The review timeline"). Pure.
//
// The rule (as OHCHR counts for the UPR: every word of the document counts, headings, footnotes,
// endnotes and annexes included):
//   - a word is a run of characters between whitespace (spaces, tabs, line breaks, non-breaking
//     spaces) that holds at least one letter or digit;
//   - so a number ("2,815", "2019", "101.3"), a hyphenated word ("counter-trafficking"), a document
//     symbol ("A/HRC/15/8"), a web address or an abbreviation ("e.g.") is one word, and a dash or a
//     bullet standing alone ("–", "•") is none.
// Sources of uncertainty (why a count may differ from the Secretariat's by a few words):
//   - OHCHR's guidelines give the limits but not the counting algorithm; we assume Microsoft Word's
//     "Words" count with "Include textboxes, footnotes and endnotes" ticked, which splits on whitespace.
//     Word may count a symbol standing alone ("–", "&") as a word; we do not (nor does LibreOffice).
//   - Words joined by an em or en dash without spaces ("rights—including") are one word here, as in
//     Microsoft Word; LibreOffice counts two.
//   - Text in headers, footers and comments of a .docx file is not counted (Word does not count it);
//     text boxes are counted once. Pasted text is counted as it is: paste the footnotes and annexes too.

export interface WordLimit {
  key: "joint" | "individual" | "national";
  /** In English; pages say it in the reader's language: t(`wordCount.limits.${key}`). */
  label: string;
  limit: number;
}

export const WORD_LIMITS: readonly WordLimit[] = [
  { key: "joint", label: "Joint submission (coalition of stakeholders)", limit: 5_630 },
  { key: "individual", label: "Individual stakeholder submission", limit: 2_815 },
  { key: "national", label: "National report (for reference)", limit: 10_700 },
];

/** Uploaded drafts (.docx, .txt) are at most this large. */
export const MAX_DRAFT_BYTES = 10 * 1024 * 1024;

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The number of words in a text, by the rule above. */
export function countWords(text: string): number {
  let n = 0;
  for (const token of text.split(/\s+/u)) if (token !== "" && HAS_LETTER_OR_DIGIT.test(token)) n++;
  return n;
}

export interface WordCount {
  total: number;
  /** Words of footnotes and endnotes (known for .docx files only; null for pasted or plain text). */
  footnotes: number | null;
}

/** Counts a document's main text and, where they are known apart, its footnotes and endnotes. */
export function countDocument(parts: { body: string; footnotes?: string | null }): WordCount {
  const body = countWords(parts.body);
  const footnotes = parts.footnotes === undefined || parts.footnotes === null ? null : countWords(parts.footnotes);
  return { total: body + (footnotes ?? 0), footnotes };
}

export interface LimitCheck extends WordLimit {
  /** Words over the limit (0 when within). */
  over: number;
  /** Words left before the limit (0 when over). */
  left: number;
  within: boolean;
}

export function checkLimits(total: number, limits: readonly WordLimit[] = WORD_LIMITS): LimitCheck[] {
  return limits.map((l) => ({
    ...l,
    within: total <= l.limit,
    over: Math.max(0, total - l.limit),
    left: Math.max(0, l.limit - total),
  }));
}
