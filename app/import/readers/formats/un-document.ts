/**
 * What the two UN document parsers share (OHCHR matrix, ohchr-matrix.ts; Working Group report,
 * wg-report.ts): the recommending states at the end of a recommendation text, the paragraph
 * number, the state / session / symbol a document gives of itself reconciled with what the user
 * gives, and building the records. Pure code, no Node imports.
 */
import { affectedPersonLabels, normaliseSdgs } from "../../../lib/sdgs";
import { resolveState, type ResolvedState } from "../../../lib/states/resolve-state";
import { cycleForSession, FIRST_SESSION, LAST_SESSION } from "../sessions";
import type {
  DocumentFormat,
  DocumentOptions,
  DocumentParse,
  ImportProblem,
  ImportRecord,
  ImportState,
  RecommendationResponse,
  SkippedRow,
} from "../types";
import { looksLikeFormula, MAX_TEXT_LENGTH } from "./fields";

// ---------------------------------------------------------------------------------------------
// Paragraph numbers

/**
 * "121.1 Ratify ...", "101.110. Develop ...", "142.56\tText": a recommendation paragraph number
 * (a report paragraph and its sub-paragraph) and the text after it.
 */
const PARAGRAPH_NUMBER_RE = /^\s*(\d{1,3})\.(\d{1,3})\.?(?:\s+|(?=\p{Lu}))(?=\S)/u;

export type NumberedText = { paragraph: string; section: number; item: number; text: string };

export function splitRecommendationNumber(text: string): NumberedText | null {
  const m = PARAGRAPH_NUMBER_RE.exec(text);
  if (!m) return null;
  return {
    paragraph: `${Number(m[1])}.${Number(m[2])}`,
    section: Number(m[1]),
    item: Number(m[2]),
    text: text.slice(m[0].length),
  };
}

/** Whitespace runs (line breaks, tabs, no-break spaces) to one space, trimmed. Not for recommendation texts, which are kept as written. */
export function collapseSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u2007\u202f]+/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// Recommending states: the parenthesised names at the end of each part of a recommendation

type Group = { start: number; end: number; content: string };

/** Top-level parenthesised groups of a text (nested parentheses stay inside their group). */
function topLevelGroups(text: string): Group[] {
  const groups: Group[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === ")" && depth > 0) {
      depth--;
      if (depth === 0) groups.push({ start, end: i + 1, content: text.slice(start + 1, i) });
    }
  }
  return groups;
}

/** Split on commas outside parentheses: "Bolivia (Plurinational State of), Spain" -> two names. */
function splitNames(content: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      names.push(content.slice(from, i));
      from = i + 1;
    }
  }
  names.push(content.slice(from));
  return names.map(collapseSpaces).filter((n) => n !== "");
}

/**
 * A known state for a name as written in a recommendation. Acronyms ("ICRMW", "CAT", "MDG") are
 * never states here, even those that are ISO3 codes: UN documents write states' names.
 */
function knownState(name: string): ResolvedState | null {
  if (!/\p{Ll}/u.test(name)) return null;
  const state = resolveState(name);
  return state.iso3 ? state : null;
}

/** The states of a group's content, when all of its names are known states. */
function knownStates(content: string): ResolvedState[] | null {
  const whole = knownState(collapseSpaces(content));
  if (whole) return [whole];
  const names = splitNames(content);
  if (names.length < 2) return null;
  const states = names.map(knownState);
  return states.every((s) => s !== null) ? (states as ResolvedState[]) : null;
}

export type StatesInText = {
  states: ImportState[];
  /** Names taken as recommending states that are not known states (kept as written). */
  unknown: string[];
};

/**
 * The recommending states of a recommendation text: the parenthesised groups that end each of its
 * parts, "... (France) (Lithuania);", "... (Spain); establish ... (Ireland, Austria, Germany);",
 * "... (Bolivia (Plurinational State of))." Groups that are not states ("(No. 29)", "(ICRMW)")
 * are left in the text. The last group of the text is always taken as a state (an unknown name
 * is reported in `unknown`); groups before it in the same run, and runs that end an earlier part
 * (followed by ";" or "."), only when they name known states.
 */
export function recommendingStatesIn(text: string): StatesInText {
  const groups = topLevelGroups(text);
  // Runs of groups separated only by spaces; a run "ends a part" when ";", "." or the end follows.
  const runs: Group[][] = [];
  for (const g of groups) {
    const last = runs[runs.length - 1];
    if (last && /^\s*$/.test(text.slice(last[last.length - 1].end, g.start))) last.push(g);
    else runs.push([g]);
  }
  const found: ImportState[] = [];
  const unknown: string[] = [];
  runs.forEach((run, r) => {
    const after = text.slice(run[run.length - 1].end);
    const atEnd = r === runs.length - 1 && /^[\s;.,:*]*$/.test(after);
    if (!atEnd && !/^\s*[;.]/.test(after)) return;
    const taken: ImportState[] = [];
    for (let i = run.length - 1; i >= 0; i--) {
      const states = knownStates(run[i].content);
      if (states) taken.unshift(...states);
      else if (atEnd && i === run.length - 1) {
        for (const name of splitNames(run[i].content)) {
          const state = knownState(name);
          if (!state) unknown.push(name);
          taken.push(state ?? { name, iso3: null, regionalGroup: null });
        }
      } else break;
    }
    found.push(...taken);
  });
  // One state named twice in a paragraph ("... (Spain); ... (Spain);") recommends once.
  const seen = new Set<string>();
  const states = found.filter((s) => {
    const key = s.iso3 ?? `name:${s.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { states, unknown };
}

// ---------------------------------------------------------------------------------------------
// Sessions and cycles in words

const UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const TEENS = [
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
];
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50 };
const TENTHS: Record<string, number> = { twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50 };

/** "8", "8th", "34th", "eighth", "thirty-fourth", "Forty Ninth" -> the number; else null. */
export function ordinalNumber(word: string): number | null {
  const w = word.trim().toLowerCase().replace(/\s+/g, "-");
  const digits = /^(\d{1,3})(?:st|nd|rd|th)?$/.exec(w);
  if (digits) return Number(digits[1]);
  if (UNITS.includes(w) && w !== "") return UNITS.indexOf(w);
  if (TEENS.includes(w)) return 10 + TEENS.indexOf(w);
  if (w in TENTHS) return TENTHS[w];
  const compound = /^(twenty|thirty|forty|fifty)-(\w+)$/.exec(w);
  if (compound && UNITS.includes(compound[2]) && compound[2] !== "")
    return TENS[compound[1]] + UNITS.indexOf(compound[2]);
  return null;
}

/** "A/HRC/43/15/Add.1" -> "A/HRC/43/15": the report that holds the recommendations. */
export function reportSymbol(symbol: string): string {
  return symbol.replace(/\s+/g, "").replace(/\/Add\.\s*\d+$/i, "");
}

// ---------------------------------------------------------------------------------------------
// The review: what the document says, what the user says

export type DocumentMeta = DocumentParse["meta"];

export type Review = { state: ImportState; session: number; cycle: number; documentSymbol: string | null };

function sessionOption(value: number | string | undefined): { session: number | null; problem: string | null } {
  if (value === undefined || value === null || String(value).trim() === "") return { session: null, problem: null };
  const text = String(value).trim();
  const session = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(session >= FIRST_SESSION && session <= LAST_SESSION)) {
    return {
      session: null,
      problem: `Session ${JSON.stringify(text)} is not valid: UPR Working Group sessions are numbered ${FIRST_SESSION} to ${LAST_SESSION}.`,
    };
  }
  return { session, problem: null };
}

const wholeDocument = (message: string): ImportProblem => ({ row: null, column: null, message });

/**
 * The review the records belong to: the document's own state, session and symbol, else the
 * user's. Problems when neither gives the state or the session, when a given value is not valid,
 * or when the document and the user disagree. `what` names the document in messages; `hint`
 * says where the document would name its review.
 */
export function resolveReview(
  meta: DocumentMeta,
  options: DocumentOptions,
  what: string,
  hint: string,
  found: number,
): { review: Review | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const some = found === 1 ? "1 recommendation was read" : `${found.toLocaleString("en")} recommendations were read`;

  let state: ImportState | null = meta.state;
  const stateText = options.state?.trim() ?? "";
  if (stateText !== "") {
    const given = resolveState(stateText);
    if (!given.iso3)
      problems.push(
        wholeDocument(
          `State ${JSON.stringify(stateText)} is not a known state: give the state under review by its name or its ISO 3166 code (e.g. KEN).`,
        ),
      );
    else if (state && state.iso3 !== given.iso3) {
      problems.push(
        wholeDocument(
          `The ${what} is about ${state.name}, but the state given is ${given.name}. Check the file, or leave the state empty to take the file's.`,
        ),
      );
    } else state = given;
  }
  if (!state) {
    problems.push(
      wholeDocument(
        `The state under review is not known: the ${what} does not name it (${hint}). Give the state under review (its name or ISO code) and import again. ${some}.`,
      ),
    );
  }

  let session = meta.session;
  const option = sessionOption(options.session);
  if (option.problem) problems.push(wholeDocument(option.problem));
  else if (option.session !== null) {
    if (session !== null && session !== option.session) {
      problems.push(
        wholeDocument(
          `The ${what} is of session ${session}, but the session given is ${option.session}. Check the file, or leave the session empty to take the file's.`,
        ),
      );
    } else session = option.session;
  }
  if (session === null && !option.problem) {
    problems.push(
      wholeDocument(
        `The session is not known: the ${what} does not say it (${hint}). Give the Working Group session (${FIRST_SESSION} to ${LAST_SESSION}) and import again. ${some}.`,
      ),
    );
  }

  const cycle = session === null ? null : cycleForSession(session);
  if (cycle !== null && meta.cycle !== null && meta.cycle !== cycle) {
    problems.push(
      wholeDocument(
        `The ${what} says cycle ${meta.cycle} and session ${session}, but session ${session} belongs to cycle ${cycle}.`,
      ),
    );
  }

  const symbolText = options.documentSymbol?.trim() ?? "";
  const documentSymbol = meta.documentSymbol ?? (symbolText === "" ? null : symbolText);
  if (problems.length > 0 || !state || session === null || cycle === null) return { review: null, problems };
  return { review: { state, session, cycle, documentSymbol }, problems };
}

// ---------------------------------------------------------------------------------------------
// Records

/** One recommendation as a parser read it, before the review is known. */
export type ParsedRecommendation = {
  paragraph: string;
  /** Verbatim, without the paragraph number (lines or paragraphs joined by one space, trimmed). */
  text: string;
  response: RecommendationResponse;
  themes: string[];
  /** SDGs as the document writes them ("- 16 - PEACE, ..."): read into codes with the records. */
  sdgs?: string[];
  /** Affected persons or groups of persons, as written. */
  affectedPersons?: string[];
  /** Symbol of the report that holds it, when the document says it per recommendation. */
  documentSymbol: string | null;
  /** Where the recommendation is, for messages ("table row 12", "line 40"). */
  where: string;
};

/**
 * Records of the parsed recommendations of one review, with the problems (a paragraph twice, an
 * empty or too long text) and warnings (unknown or missing recommending states) they give.
 */
export function buildRecords(
  parsed: readonly ParsedRecommendation[],
  review: Review,
  format: DocumentFormat,
): { records: ImportRecord[]; problems: ImportProblem[]; warnings: ImportProblem[] } {
  const records: ImportRecord[] = [];
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const firstRow = new Map<string, number>();
  const stateKey = review.state.iso3 ?? review.state.name;
  parsed.forEach((p, index) => {
    const row = index + 1;
    const before = firstRow.get(p.paragraph);
    if (before !== undefined) {
      problems.push({
        row,
        column: "paragraph",
        message: `Paragraph ${p.paragraph} appears twice (recommendations ${before} and ${row}, ${p.where}).`,
      });
      return;
    }
    firstRow.set(p.paragraph, row);
    if (p.text === "") {
      problems.push({ row, column: "text", message: `Paragraph ${p.paragraph} has no text (${p.where}).` });
      return;
    }
    if (p.text.length > MAX_TEXT_LENGTH) {
      problems.push({
        row,
        column: "text",
        message: `Paragraph ${p.paragraph} is ${p.text.length.toLocaleString("en")} characters long; the limit is ${MAX_TEXT_LENGTH.toLocaleString("en")} (${p.where}): is the next paragraph number missing?`,
      });
      return;
    }
    if (looksLikeFormula(p.text)) {
      problems.push({
        row,
        column: "text",
        message: `Paragraph ${p.paragraph} starts like a spreadsheet formula (${p.where}); a recommendation text never starts with "=", "+", "-" or "@".`,
      });
      return;
    }
    const { states, unknown } = recommendingStatesIn(p.text);
    if (states.length === 0) {
      warnings.push({
        row,
        column: "recommendingStates",
        message: `Paragraph ${p.paragraph} names no recommending state in parentheses at its end (${p.where}); it is imported without one.`,
      });
    }
    for (const name of unknown) {
      warnings.push({
        row,
        column: "recommendingStates",
        message: `Paragraph ${p.paragraph}: recommending state ${JSON.stringify(name)} is not a known state (${p.where}); it is kept as written.`,
      });
    }
    const sdgs = normaliseSdgs(p.sdgs ?? []);
    for (const value of sdgs.unknown) {
      warnings.push({
        row,
        column: "sdgs",
        message: `Paragraph ${p.paragraph}: SDG ${JSON.stringify(value)} names no Sustainable Development Goal or target (${p.where}); it is left out.`,
      });
    }
    records.push({
      row,
      stateUnderReview: review.state,
      cycle: review.cycle,
      session: review.session,
      documentSymbol: p.documentSymbol ?? review.documentSymbol,
      paragraph: p.paragraph,
      recommendingStates: states,
      text: p.text,
      response: p.response,
      actionCategory: null,
      themes: p.themes,
      sdgs: sdgs.codes,
      affectedPersons: affectedPersonLabels(p.affectedPersons ?? []),
      issues: [],
      kind: "recommendation",
      sourceFormat: format,
      sourceKey: `${stateKey}:${review.cycle}:${p.paragraph}`,
    });
  });
  return { records, problems, warnings };
}

/** The DocumentParse of a document's parsed recommendations (review resolved, records built). */
export function finishDocument(
  meta: DocumentMeta,
  parsed: readonly ParsedRecommendation[],
  options: DocumentOptions,
  what: string,
  hint: string,
  extra: { warnings?: ImportProblem[]; skipped?: SkippedRow[] } = {},
): DocumentParse {
  const warnings = [...(extra.warnings ?? [])];
  const skipped = extra.skipped ?? [];
  const { review, problems } = resolveReview(meta, options, what, hint, parsed.length);
  if (!review) return { meta, records: [], problems, warnings, skipped };
  const built = buildRecords(parsed, review, meta.kind);
  return {
    meta,
    records: built.records,
    problems: built.problems,
    warnings: [...warnings, ...built.warnings],
    skipped,
  };
}

/** A DocumentParse holding one problem with the whole document. */
export function documentProblem(kind: DocumentFormat, message: string, meta?: Partial<DocumentMeta>): DocumentParse {
  return {
    meta: { kind, state: null, cycle: null, session: null, documentSymbol: null, ...meta },
    records: [],
    problems: [wholeDocument(message)],
    warnings: [],
    skipped: [],
  };
}
