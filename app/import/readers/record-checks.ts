// Checks the database makes that the import parsers do not, as row errors instead of a failed
// statement, and the names of the user's columns for messages about a record. Pure. The preview (a dry
// run) and the import run the same checks on every record (import-writer.server.ts), so a preview never
// counts as new a row that the database would refuse.
import { z } from "zod";
import { headerKey } from "./formats/csv-header";
import { MAX_TEXT_LENGTH } from "./formats/fields";
import type { DetectedInput, ImportFormat } from "./types";

const PARAGRAPH_RE = /^[0-9]+(\.[0-9]+)*$/;

/**
 * The themes of one recommendation. The database indexes each theme (a GIN index and the counts'
 * B-tree: an entry is at most 2,712 bytes) and the themes together, whole, in the index of
 * recommendations by review (migration 2026-12-02T0700: an entry is at most 2,704 bytes with the
 * row's other columns). 150 themes of 20 letters, or one theme of 900 Chinese characters, already
 * fail there; a row of 110,000 themes made a whole import fail after its preview had counted it.
 */
export const MAX_THEMES = 100;
export const MAX_THEME_LENGTH = 200;
/** The themes together as the index stores them: each theme's UTF-8 bytes and 8 (its length and padding). */
export const MAX_THEMES_BYTES = 2_400;
/** Affected persons of one recommendation: each is an entry of a GIN index and of the counts' B-tree (see above). */
export const MAX_AFFECTED_PERSONS = 100;
export const MAX_AFFECTED_PERSON_LENGTH = 200;
/** A joint recommendation names its recommending states; there are 193 UN member states. */
export const MAX_RECOMMENDING_STATES = 200;

const n = (x: number) => x.toLocaleString("en");

/** The size of the themes in the index (see MAX_THEMES_BYTES). */
export function themesBytes(themes: readonly string[]): number {
  return themes.reduce((sum, theme) => sum + new TextEncoder().encode(theme).length + 8, 0);
}

/** Why the database would refuse these themes on one recommendation, or null. `has`: the count's subject. */
export function themesProblem(themes: readonly string[], has = "This row has"): string | null {
  if (themes.length > MAX_THEMES) return `${has} ${n(themes.length)} themes; at most ${MAX_THEMES} are allowed.`;
  const long = themes.find((t) => t.length > MAX_THEME_LENGTH);
  if (long)
    return `A theme is ${n(long.length)} characters long ("${long.slice(0, 40)}..."); at most ${MAX_THEME_LENGTH} are allowed.`;
  const bytes = themesBytes(themes);
  if (bytes > MAX_THEMES_BYTES)
    return `The themes are too long together: ${n(bytes)} bytes where at most ${n(MAX_THEMES_BYTES)} fit (each theme's characters in UTF-8, and 8 a theme); use fewer or shorter themes.`;
  return null;
}

export const DbRecord = z.object({
  paragraph: z
    .string()
    .nullable()
    .refine((p) => p === null || (p.length <= 50 && PARAGRAPH_RE.test(p)), {
      message: 'The paragraph must be a report paragraph number such as "101.12" (numbers separated by dots).',
    }),
  sourceKey: z.string().max(200, "This identifier is longer than 200 characters."),
  text: z
    .string()
    .refine((t) => !t.includes("\u0000"), "The text holds a NUL character: the file is damaged or not a text file.")
    .superRefine((t, ctx) => {
      if (t.trim() === "") ctx.addIssue({ code: "custom", message: "The recommendation text is empty." });
      else if (t.length > MAX_TEXT_LENGTH)
        ctx.addIssue({
          code: "custom",
          message: `The recommendation text is ${n(t.length)} characters long; the limit is ${n(MAX_TEXT_LENGTH)}.`,
        });
    }),
  stateUnderReview: z.object({ name: z.string().max(200, "The state name is longer than 200 characters.") }),
  recommendingStates: z
    .array(z.object({ name: z.string().max(200, "A state name is longer than 200 characters.") }))
    .superRefine((states, ctx) => {
      if (states.length > MAX_RECOMMENDING_STATES)
        ctx.addIssue({
          code: "custom",
          message: `This row names ${n(states.length)} recommending states; at most ${MAX_RECOMMENDING_STATES} are allowed.`,
        });
    }),
  themes: z.array(z.string()).superRefine((themes, ctx) => {
    const problem = themesProblem(themes);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  affectedPersons: z.array(z.string()).superRefine((labels, ctx) => {
    const long = labels.find((l) => l.length > MAX_AFFECTED_PERSON_LENGTH);
    if (labels.length > MAX_AFFECTED_PERSONS)
      ctx.addIssue({
        code: "custom",
        message: `This row names ${n(labels.length)} affected persons or groups; at most ${MAX_AFFECTED_PERSONS} are allowed.`,
      });
    else if (long)
      ctx.addIssue({
        code: "custom",
        message: `An affected person or group is ${n(long.length)} characters long ("${long.slice(0, 40)}..."); at most ${MAX_AFFECTED_PERSON_LENGTH} are allowed.`,
      });
  }),
});

// Columns, as the user's file names them, for messages about a record.
export type RecordField =
  | "stateUnderReview"
  | "recommendingStates"
  | "paragraph"
  | "sourceKey"
  | "issues"
  | "text"
  | "themes"
  | "affectedPersons";

const CSV_COLUMN_KEYS: Partial<Record<ImportFormat, Record<RecordField, string[]>>> = {
  native: {
    stateUnderReview: ["stateunderreview"],
    recommendingStates: ["recommendingstates"],
    paragraph: ["paragraph"],
    sourceKey: ["paragraph"],
    issues: ["issues"],
    text: ["recommendation"],
    themes: ["themes"],
    affectedPersons: ["affectedpersons"],
  },
  "upr-info": {
    stateUnderReview: ["to", "sur"],
    recommendingStates: ["from", "rs"],
    paragraph: [],
    sourceKey: ["text", "recommendation"],
    issues: [],
    text: ["text", "recommendation"],
    themes: ["issue"],
    affectedPersons: [],
  },
};
const UHRI_FIELDS: Record<RecordField, string | null> = {
  stateUnderReview: "Countries",
  recommendingStates: "UprRecommendingCountry",
  paragraph: "Text",
  sourceKey: "AnnotationId",
  issues: null,
  text: "Text",
  themes: "Themes",
  affectedPersons: "AffectedPersons",
};

export function columnOf(detected: DetectedInput | null, field: RecordField): string | null {
  if (!detected) return null;
  if (detected.format === "uhri") return UHRI_FIELDS[field];
  const keys = CSV_COLUMN_KEYS[detected.format]?.[field];
  if (!keys) return null;
  return detected.columns.find((c) => keys.includes(headerKey(c))) ?? null;
}

/** The Working Group report's symbol from a row's document symbol (a matrix cites the addendum: ".../Add.1"). */
export function reportSymbol(documentSymbol: string | null): string | null {
  if (!documentSymbol) return null;
  const symbol = documentSymbol.trim().replace(/\/Add\.\d+$/i, "");
  return /^A\/HRC\/\d{1,3}\/\d{1,4}$/.test(symbol) ? symbol : null; // short: the review's column holds 100 characters
}
