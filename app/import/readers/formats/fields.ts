/**
 * Validation shared by all formats: each format maps its row to `RawFields` (strings, already
 * trimmed and HTML-decoded), and one Zod schema checks and converts them.
 */
import { z } from "zod";
import { affectedPersonLabels, normaliseSdgs } from "../../../lib/sdgs";
import { cycleForSession, FIRST_SESSION, LAST_SESSION } from "../sessions";
import { isNoStateName } from "../../../lib/states/resolve-state";
import type { ActionCategory, ImportProblem, ImportRecord, RecommendationResponse } from "../types";

/**
 * What mapping one row (or UHRI record) gives: a record (with warnings: values left out, such as an SDG
 * that names no goal), problems, or a reason to skip it.
 */
export type RowResult =
  { record: ImportRecord; warnings?: ImportProblem[] } | { problems: ImportProblem[] } | { skipped: string };

export const MAX_TEXT_LENGTH = 10_000;
/** Other cells are short; this only guards against broken files (a whole file in one cell). */
export const MAX_CELL_LENGTH = 1_000;

export type RawFields = {
  stateUnderReview: string;
  /** "" when the format has no cycle (derived from the session). */
  cycle: string;
  session: string;
  documentSymbol: string;
  paragraph: string;
  text: string;
  response: string;
  actionCategory: string;
  recommendingStates: string[];
  themes: string[];
  /** SDGs as written ("- 16 - PEACE, ...", "16.3", "Goal 16"): read into codes by validateFields. */
  sdgs: string[];
  affectedPersons: string[];
  issues: string[];
};
export type FieldName = keyof RawFields;

/** Response values as found in UPR sources, lower-cased, to our three responses. */
const RESPONSES: ReadonlyMap<string, RecommendationResponse> = new Map([
  ["supported", "supported"],
  ["accepted", "supported"],
  ["noted", "noted"],
  ["rejected", "noted"],
  ["not supported", "noted"],
  ["not accepted", "noted"],
  ["pending", "pending"],
  ["", "pending"],
]);

/** UPR Info marks voluntary pledges in the Response or the recommending-state ("From") column. */
export function isPledgeMarker(value: string): boolean {
  return /^voluntary pledges?$/i.test(value.trim());
}

export function parseResponse(value: string): RecommendationResponse | null {
  return RESPONSES.get(value.trim().replace(/\s+/g, " ").toLowerCase()) ?? null;
}

/**
 * Spreadsheet formula check for the recommendation text. A recommendation text never starts with
 * "=" or "@", nor with "+" or "-" followed by a number, a parenthesis or a function call
 * ("-1+1", "+SUM(A1)", "-HYPERLINK("): such a cell was typed as a formula (or is a CSV injection
 * attempt) and the row is rejected. A text such as "- Ratify the convention" is not a formula.
 * Other cells are never evaluated by us and are kept as plain text.
 */
const FORMULA_RE = /^(?:[=@]|[+-]\s*[\d(.]|[+-][A-Za-z_][A-Za-z0-9_.]*\s*\()/;
export function looksLikeFormula(value: string): boolean {
  return FORMULA_RE.test(value);
}

/** Split a list cell ("a; b;c") on semicolons; empty items dropped. */
export function splitSemicolonList(value: string): string[] {
  if (value === "") return [];
  return value
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Split a comma-joined list cell (UPR Info issues); empty items dropped. */
export function splitCommaList(value: string): string[] {
  if (value === "") return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

const INTEGER_RE = /^\d{1,4}$/;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

const stateSchema = z.string().superRefine((value, ctx) => {
  if (value === "") ctx.addIssue({ code: "custom", message: "The state under review is missing." });
  else if (value.length > MAX_CELL_LENGTH)
    ctx.addIssue({ code: "custom", message: "The state under review is too long." });
});

const sessionSchema = z.string().transform((value, ctx) => {
  if (value === "") {
    ctx.addIssue({ code: "custom", message: "The session is missing." });
    return z.NEVER;
  }
  const session = INTEGER_RE.test(value) ? Number(value) : Number.NaN;
  if (!(session >= FIRST_SESSION && session <= LAST_SESSION)) {
    ctx.addIssue({
      code: "custom",
      message: `Session ${quoted(value)} is not valid: UPR sessions are numbered ${FIRST_SESSION} to ${LAST_SESSION}.`,
    });
    return z.NEVER;
  }
  return session;
});

const cycleSchema = z.string().transform((value, ctx) => {
  if (value === "") return null;
  const cycle = INTEGER_RE.test(value) ? Number(value) : Number.NaN;
  if (!(cycle >= 1 && cycle <= 4)) {
    ctx.addIssue({ code: "custom", message: `Cycle ${quoted(value)} is not valid: UPR cycles are 1 to 4.` });
    return z.NEVER;
  }
  return cycle;
});

const optionalShortText = z.string().transform((value, ctx) => {
  if (value.length > MAX_CELL_LENGTH) {
    ctx.addIssue({ code: "custom", message: `The value is longer than ${MAX_CELL_LENGTH} characters.` });
    return z.NEVER;
  }
  return value === "" ? null : value;
});

const textSchema = z.string().superRefine((value, ctx) => {
  if (value === "") ctx.addIssue({ code: "custom", message: "The recommendation text is empty." });
  else if (value.length > MAX_TEXT_LENGTH)
    ctx.addIssue({
      code: "custom",
      message: `The recommendation text is ${value.length.toLocaleString("en")} characters long; the limit is ${MAX_TEXT_LENGTH.toLocaleString("en")}.`,
    });
  else if (looksLikeFormula(value))
    ctx.addIssue({
      code: "custom",
      message: `The recommendation text looks like a spreadsheet formula (${quoted(value)}); a recommendation text never starts with "=", "+", "-" or "@". Fix the cell and import again.`,
    });
});

const responseSchema = z.string().transform((value, ctx) => {
  const response = parseResponse(value);
  if (response === null) {
    ctx.addIssue({
      code: "custom",
      message: `Response ${quoted(value)} is not known: use supported, noted or pending (Accepted, Rejected and Not supported are also understood).`,
    });
    return z.NEVER;
  }
  return response;
});

const actionCategorySchema = z.string().transform((value, ctx) => {
  if (value === "") return null;
  if (!/^[1-5]$/.test(value)) {
    ctx.addIssue({
      code: "custom",
      message: `Action category ${quoted(value)} is not valid: use 1 to 5, or leave it empty.`,
    });
    return z.NEVER;
  }
  return Number(value) as ActionCategory;
});

const listSchema = z.array(z.string()).superRefine((values, ctx) => {
  if (values.some((v) => v.length > MAX_CELL_LENGTH))
    ctx.addIssue({ code: "custom", message: `A list item is longer than ${MAX_CELL_LENGTH} characters.` });
});

const issuesSchema = z.array(z.string()).superRefine((values, ctx) => {
  const bad = values.filter((v) => !SLUG_RE.test(v));
  if (bad.length > 0)
    ctx.addIssue({
      code: "custom",
      message: `Issue ${bad.map(quoted).join(", ")} is not an issue slug (lower-case words joined by "-", e.g. "trafficking-data").`,
    });
});

export const fieldsSchema = z
  .object({
    stateUnderReview: stateSchema,
    cycle: cycleSchema,
    session: sessionSchema,
    documentSymbol: optionalShortText,
    paragraph: optionalShortText,
    text: textSchema,
    response: responseSchema,
    actionCategory: actionCategorySchema,
    // "(Unknown)" and the like name no state: such a row is held with no recommending state.
    recommendingStates: listSchema.transform((names) => names.filter((name) => !isNoStateName(name))),
    themes: listSchema,
    sdgs: listSchema,
    affectedPersons: listSchema,
    issues: issuesSchema,
  })
  .transform((row, ctx) => {
    // The cycle comes from the session; a cycle given in the file must agree with it.
    const cycle = cycleForSession(row.session) as number;
    if (row.cycle !== null && row.cycle !== cycle) {
      ctx.addIssue({
        code: "custom",
        path: ["cycle"],
        message: `Cycle ${row.cycle} does not match session ${row.session}, which belongs to cycle ${cycle}.`,
      });
      return z.NEVER;
    }
    return { ...row, cycle };
  });

export type ValidFields = z.output<typeof fieldsSchema>;

/**
 * Validate one row. `columnFor` names the column (as the user's file names it) of a field, for
 * the problems' `column`. SDGs become codes (app/lib/sdgs.ts); one that names no goal or target is left
 * out with a warning. Affected persons are kept as written, trimmed, each once.
 */
export function validateFields(
  raw: RawFields,
  row: number,
  columnFor: (field: FieldName) => string | null,
): { ok: true; value: ValidFields; warnings: ImportProblem[] } | { ok: false; problems: ImportProblem[] } {
  const result = fieldsSchema.safeParse(raw);
  if (result.success) {
    const { codes, unknown } = normaliseSdgs(result.data.sdgs);
    const warnings = unknown.map((value) => ({
      row,
      column: columnFor("sdgs"),
      message: `SDG ${quoted(value)} names no Sustainable Development Goal or target (such as "16" or "16.3"); it is left out.`,
    }));
    return {
      ok: true,
      value: { ...result.data, sdgs: codes, affectedPersons: affectedPersonLabels(result.data.affectedPersons) },
      warnings,
    };
  }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      row,
      column: typeof issue.path[0] === "string" ? columnFor(issue.path[0] as FieldName) : null,
      message: issue.message,
    })),
  };
}
