/**
 * Recognise a CSV header: which format (our template or a UPR Info export) and which column holds
 * which field.
 *
 * Header names are compared by a key that ignores case, spaces, "_" and "-" ("To-Rgrp" = "to rgrp"
 * = "TORGRP"). UPR Info's original header repeats "Rgrp" and "Org"; each one belongs to the state
 * column before it (SuR or RS), so they are mapped by position. Any other repeated name is an
 * error. Columns that the recognised format does not use are ignored and listed.
 */
import type { ImportProblem } from "../types";

export type CsvFormat = "native" | "upr-info";

/** Fields a CSV column can hold, across both CSV formats. */
export type CsvField =
  | "stateUnderReview"
  | "stateUnderReviewGroup"
  | "cycle"
  | "session"
  | "documentSymbol"
  | "paragraph"
  | "recommendingStates"
  | "recommendingStateGroup"
  | "text"
  | "response"
  | "actionCategory"
  | "themes"
  | "sdgs"
  | "affectedPersons"
  | "issues";

export type CsvLayout = {
  format: CsvFormat;
  /** Column index of each field present. */
  index: Partial<Record<CsvField, number>>;
  /** Header as in the file. */
  columns: string[];
  ignoredColumns: string[];
};

export function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[\s_\-.]+/g, "");
}

// Our template (docs/domain.md, "Import formats"). Keys are headerKey()s.
const NATIVE_COLUMNS: Record<string, CsvField> = {
  stateunderreview: "stateUnderReview",
  cycle: "cycle",
  session: "session",
  documentsymbol: "documentSymbol",
  paragraph: "paragraph",
  recommendingstates: "recommendingStates",
  recommendation: "text",
  response: "response",
  actioncategory: "actionCategory",
  themes: "themes",
  sdgs: "sdgs",
  affectedpersons: "affectedPersons",
  issues: "issues",
};
const NATIVE_REQUIRED: readonly CsvField[] = [
  "stateUnderReview",
  "cycle",
  "session",
  "paragraph",
  "recommendingStates",
  "text",
  "response",
];
const NATIVE_LABELS: Record<CsvField, string> = {
  stateUnderReview: "state_under_review",
  stateUnderReviewGroup: "",
  cycle: "cycle",
  session: "session",
  documentSymbol: "document_symbol",
  paragraph: "paragraph",
  recommendingStates: "recommending_states",
  recommendingStateGroup: "",
  text: "recommendation",
  response: "response",
  actionCategory: "action_category",
  themes: "themes",
  sdgs: "sdgs",
  affectedPersons: "affected_persons",
  issues: "issues",
};

// UPR Info, both header variants. "rgrp" and "org" are contextual (see above); "org" columns
// (organisations a state belongs to) are recognised but not imported.
const UPR_INFO_COLUMNS: Record<string, CsvField | "ignored" | "group"> = {
  to: "stateUnderReview",
  sur: "stateUnderReview",
  torgrp: "stateUnderReviewGroup",
  toorg: "ignored",
  text: "text",
  recommendation: "text",
  from: "recommendingStates",
  rs: "recommendingStates",
  fromrgrp: "recommendingStateGroup",
  fromorg: "ignored",
  rgrp: "group",
  org: "ignored",
  response: "response",
  action: "actionCategory",
  issue: "themes",
  session: "session",
};
const UPR_INFO_REQUIRED: readonly CsvField[] = [
  "stateUnderReview",
  "text",
  "recommendingStates",
  "response",
  "session",
];
const UPR_INFO_LABELS_TO: Partial<Record<CsvField, string>> = {
  stateUnderReview: "To",
  text: "Text",
  recommendingStates: "From",
  response: "Response",
  session: "Session",
};
const UPR_INFO_LABELS_ORIGINAL: Partial<Record<CsvField, string>> = {
  stateUnderReview: "SuR",
  text: "Recommendation",
  recommendingStates: "RS",
  response: "Response",
  session: "Session",
};

// Keys that only one format uses: they decide which format a header is.
const NATIVE_ONLY = new Set(Object.keys(NATIVE_COLUMNS).filter((k) => !(k in UPR_INFO_COLUMNS)));
const UPR_INFO_ONLY = new Set(Object.keys(UPR_INFO_COLUMNS).filter((k) => !(k in NATIVE_COLUMNS)));

const TEMPLATE_HINT =
  "Expected the UPR Monitor template (state_under_review, cycle, session, document_symbol, paragraph, " +
  "recommending_states, recommendation, response, action_category, themes, issues) or a UPR Info export " +
  "(To, To-Rgrp, To-Org, Text, From, From-Rgrp, From-Org, Response, Action, Issue, Session; or SuR, Rgrp, Org, " +
  "Recommendation, RS, Rgrp, Org, Response, Action, Issue, Session).";

function list(names: string[]): string {
  return names.map((n) => JSON.stringify(n)).join(", ");
}

function fileProblem(message: string, column: string | null = null): ImportProblem {
  return { row: null, column, message };
}

/** Which CSV format a header belongs to, or null if it cannot tell. */
export function detectCsvFormat(header: string[]): CsvFormat | null {
  let native = 0;
  let uprInfo = 0;
  for (const name of header) {
    const key = headerKey(name);
    if (NATIVE_ONLY.has(key)) native++;
    if (UPR_INFO_ONLY.has(key)) uprInfo++;
  }
  if (native > uprInfo) return "native";
  if (uprInfo > native) return "upr-info";
  return null;
}

/**
 * `format` is null when the header matches no format; `layout` is null when there are problems
 * (unknown header, missing required column, duplicate column).
 */
export type HeaderAnalysis =
  | { format: CsvFormat; layout: CsvLayout; problems: [] }
  | { format: CsvFormat | null; layout: null; problems: ImportProblem[] };

export function analyseCsvHeader(header: string[], format: "auto" | CsvFormat): HeaderAnalysis {
  const columns = header.map((name) => name.replace(/^\uFEFF/, "").trim());
  if (columns.every((c) => c === "")) {
    return { format: null, layout: null, problems: [fileProblem(`The header row is empty. ${TEMPLATE_HINT}`)] };
  }

  const chosen = format === "auto" ? detectCsvFormat(columns) : format;
  if (chosen === null) {
    const known = new Set([...Object.keys(NATIVE_COLUMNS), ...Object.keys(UPR_INFO_COLUMNS)]);
    const unknown = columns.filter((c) => c !== "" && !known.has(headerKey(c)));
    const what = unknown.length > 0 ? `Unrecognised columns: ${list(unknown)}.` : `Columns found: ${list(columns)}.`;
    return {
      format: null,
      layout: null,
      problems: [fileProblem(`Unrecognised header: this is not a file format we know. ${what} ${TEMPLATE_HINT}`)],
    };
  }

  const index: Partial<Record<CsvField, number>> = {};
  const ignoredColumns: string[] = [];
  const problems: ImportProblem[] = [];
  const firstPosition = new Map<string, number>(); // key (with context for rgrp/org) -> column
  // A repeated Rgrp/Org is only reported when no state column is missing: without RS, the
  // second Rgrp/Org pair lands in the SuR context and the missing column is the real problem.
  const contextualDuplicates: ImportProblem[] = [];
  let context: "sur" | "rs" = "sur";

  columns.forEach((name, i) => {
    const key = headerKey(name);
    if (key === "") return; // an empty header cell (e.g. a trailing delimiter): ignored
    let field: CsvField | "ignored" | "group" | undefined;
    let seenKey = key;
    if (chosen === "native") {
      field = NATIVE_COLUMNS[key];
    } else {
      field = UPR_INFO_COLUMNS[key];
      if (field === "stateUnderReview") context = "sur";
      if (field === "recommendingStates") context = "rs";
      if (key === "rgrp" || key === "org") seenKey = `${context}:${key}`;
      if (field === "group") field = context === "sur" ? "stateUnderReviewGroup" : "recommendingStateGroup";
    }

    const previous = firstPosition.get(seenKey);
    if (previous !== undefined) {
      const duplicate = fileProblem(
        `Duplicate column ${JSON.stringify(name)} (columns ${previous + 1} and ${i + 1}): each column may appear once.`,
        name,
      );
      (seenKey === key ? problems : contextualDuplicates).push(duplicate);
      return;
    }
    firstPosition.set(seenKey, i);

    if (field === undefined) ignoredColumns.push(name);
    else if (field !== "ignored") {
      if (index[field] !== undefined) {
        // Two names for one field, e.g. "To" and "SuR" in one header.
        problems.push(
          fileProblem(
            `Columns ${JSON.stringify(columns[index[field] as number])} and ${JSON.stringify(name)} hold the same field.`,
            name,
          ),
        );
      } else index[field] = i;
    }
  });

  const required = chosen === "native" ? NATIVE_REQUIRED : UPR_INFO_REQUIRED;
  const uprLabels = columns.some((c) => ["to", "from", "text"].includes(headerKey(c)))
    ? UPR_INFO_LABELS_TO
    : UPR_INFO_LABELS_ORIGINAL;
  for (const field of required) {
    if (index[field] === undefined) {
      const label = chosen === "native" ? NATIVE_LABELS[field] : (uprLabels[field] as string);
      const what = chosen === "native" ? "the UPR Monitor template" : "a UPR Info export";
      problems.push(fileProblem(`Missing required column ${JSON.stringify(label)} (this looks like ${what}).`, label));
    }
  }

  const stateColumnMissing = index.stateUnderReview === undefined || index.recommendingStates === undefined;
  if (!stateColumnMissing) problems.push(...contextualDuplicates);
  if (problems.length > 0) return { format: chosen, layout: null, problems };
  return { format: chosen, layout: { format: chosen, index, columns, ignoredColumns }, problems: [] };
}
