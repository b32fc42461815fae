/**
 * Matching the rows of a second source to the recommendations already held for a review, so that
 * importing the OHCHR matrix or a UPR Info export after the Working Group report enriches what is
 * held instead of adding each recommendation again. Pure.
 *
 * - Where both have a paragraph number, the paragraph decides (a certain match, or none).
 * - Otherwise (UPR Info rows have no paragraph): recommending state and text. UPR Info splits one
 *   report paragraph into a row per recommending state (and sometimes per part), in shortened words
 *   ("Consider ratifying ICRMW" for "Consider ratifying ICRMW (Algeria);"). The texts are compared
 *   without the states' attributions and punctuation, as trigram sets: the score is the mean of their
 *   Jaccard similarity and of how much of the row's text is contained in the held text (a part of a
 *   paragraph is contained in it whole). A held recommendation that names the row's recommending
 *   state is preferred.
 * - A match is certain when its score is high, it names the row's state, and no other held
 *   recommendation comes close; a plausible match that is not certain is listed for the user to
 *   decide; anything else is new.
 */

export interface HeldRecommendation {
  id: number;
  paragraph: string | null;
  text: string;
  /** Ids of its recommending states. */
  stateIds: readonly number[];
}

export interface IncomingRow {
  paragraph: string | null;
  text: string;
  stateIds: readonly number[];
}

export type MatchResult =
  | { kind: "certain"; id: number; score: number; by: "paragraph" | "text" }
  | { kind: "uncertain"; candidates: { id: number; score: number }[] }
  | { kind: "none" };

/** Score at or above which a text match that names the row's state is certain. */
export const CERTAIN_SCORE = 0.5;
/** Score at or above which a text match is offered to the user (one of another state: OTHER_STATE_SCORE). */
export const CANDIDATE_SCORE = 0.4;
const OTHER_STATE_SCORE = 0.5;
/** A certain match must lead the next candidate of the same state by this much... */
const MARGIN = 0.1;
/** ...and no candidate of another state may lead it by more than this. */
const OTHER_STATE_LEAD = 0.2;

const SPACE_RE = /\s/;
const END_PUNCTUATION_RE = /[;.,\s]/;

/**
 * Where the attribution that ends text[0, end) starts, the spaces before it included: "(France)",
 * "(Bolivia (Plurinational State of))"; -1 when it does not end in one. A group with a digit ("(No. 29)")
 * or nested deeper is the text's own, not a state's name. Read backwards from the end, so that a text
 * of many groups is read once, not once for each group.
 */
function attributionStart(text: string, end: number): number {
  if (text[end - 1] !== ")") return -1;
  let nested = false;
  for (let i = end - 2; i >= 0; i--) {
    const c = text[i];
    if (c >= "0" && c <= "9") return -1;
    if (c === ")") {
      if (nested) return -1;
      nested = true;
    } else if (c === "(" && nested) nested = false;
    else if (c === "(") {
      let start = i;
      while (start > 0 && SPACE_RE.test(text[start - 1])) start--;
      return start;
    }
  }
  return -1;
}

/** The text as compared: no attribution "(State) (State);", lower case, letters and digits only. */
export function comparableText(text: string): string {
  const t = text.trim();
  // Trailing attributions and the final ";" or "." (repeated: "(France) (Lithuania);").
  let end = t.length;
  for (;;) {
    while (end > 0 && END_PUNCTUATION_RE.test(t[end - 1])) end--;
    const start = attributionStart(t, end);
    if (start === -1) break;
    end = start;
  }
  return t
    .slice(0, end)
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Trigrams of each word, padded as PostgreSQL's pg_trgm pads them ("  w", " wo", "wor", "ord", "rd "). */
export function trigrams(comparable: string): Set<string> {
  const set = new Set<string>();
  for (const word of comparable.split(" ")) {
    if (word === "") continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  return set;
}

export function textScore(row: Set<string>, held: Set<string>): number {
  if (row.size === 0 || held.size === 0) return 0;
  let common = 0;
  for (const t of row) if (held.has(t)) common++;
  const jaccard = common / (row.size + held.size - common);
  const contained = common / row.size;
  return (jaccard + contained) / 2;
}

/** Matches rows against the held recommendations of one review. */
export class ReviewMatcher {
  private readonly byParagraph = new Map<string, HeldRecommendation>();
  private readonly grams: { held: HeldRecommendation; grams: Set<string> }[];
  /** Rows of the same text and states get the same answer: a file that repeats rows is matched once per kind. */
  private readonly memo = new Map<string, MatchResult>();

  constructor(held: readonly HeldRecommendation[]) {
    for (const h of held)
      if (h.paragraph !== null && !this.byParagraph.has(h.paragraph)) this.byParagraph.set(h.paragraph, h);
    this.grams = held.map((h) => ({ held: h, grams: trigrams(comparableText(h.text)) }));
  }

  get size(): number {
    return this.grams.length;
  }

  match(row: IncomingRow): MatchResult {
    if (this.grams.length === 0) return { kind: "none" };
    if (row.paragraph !== null && this.byParagraph.size > 0) {
      const held = this.byParagraph.get(row.paragraph);
      return held ? { kind: "certain", id: held.id, score: 1, by: "paragraph" } : { kind: "none" };
    }
    const key = `${row.stateIds.join(",")}|${row.text}`;
    const known = this.memo.get(key);
    if (known) return known;
    const result = this.matchText(row);
    if (this.memo.size < 10_000) this.memo.set(key, result);
    return result;
  }

  private matchText(row: IncomingRow): MatchResult {
    const rowGrams = trigrams(comparableText(row.text));
    const scored = this.grams
      .map(({ held, grams }) => ({
        id: held.id,
        score: textScore(rowGrams, grams),
        sameState: row.stateIds.length > 0 && row.stateIds.some((s) => held.stateIds.includes(s)),
      }))
      .filter((c) => c.score >= (c.sameState ? CANDIDATE_SCORE : OTHER_STATE_SCORE))
      .sort((a, b) => Number(b.sameState) - Number(a.sameState) || b.score - a.score);
    if (scored.length === 0) return { kind: "none" };
    const best = scored[0];
    // A rival: another held recommendation of the same state that scores nearly as well, or one of
    // another state that scores much better (the same text recommended by several states in
    // separate paragraphs is common: then the state decides).
    const rival = scored
      .slice(1)
      .find(
        (c) =>
          (c.sameState === best.sameState && best.score - c.score < MARGIN) || c.score > best.score + OTHER_STATE_LEAD,
      );
    if (best.sameState && best.score >= CERTAIN_SCORE && !rival) {
      return { kind: "certain", id: best.id, score: round(best.score), by: "text" };
    }
    const candidates = scored.slice(0, 3);
    return { kind: "uncertain", candidates: candidates.map((c) => ({ id: c.id, score: round(c.score) })) };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
