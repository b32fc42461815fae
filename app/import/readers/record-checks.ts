// Checks the database makes that the import parsers do not, as row errors instead of a failed
// statement, and the names of the user's columns for messages about a record. Pure.
import { z } from "zod";
import { headerKey } from "./formats/csv-header";
import type { DetectedInput, ImportFormat } from "./types";

const PARAGRAPH_RE = /^[0-9]+(\.[0-9]+)*$/;

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
    .refine((t) => !t.includes("\u0000"), "The text holds a NUL character: the file is damaged or not a text file."),
  stateUnderReview: z.object({ name: z.string().max(200, "The state name is longer than 200 characters.") }),
  recommendingStates: z.array(z.object({ name: z.string().max(200, "A state name is longer than 200 characters.") })),
});

// Columns, as the user's file names them, for messages about a record.
export type RecordField = "stateUnderReview" | "recommendingStates" | "paragraph" | "sourceKey" | "issues" | "text";

const CSV_COLUMN_KEYS: Partial<Record<ImportFormat, Record<RecordField, string[]>>> = {
  native: {
    stateUnderReview: ["stateunderreview"],
    recommendingStates: ["recommendingstates"],
    paragraph: ["paragraph"],
    sourceKey: ["paragraph"],
    issues: ["issues"],
    text: ["recommendation"],
  },
  "upr-info": {
    stateUnderReview: ["to", "sur"],
    recommendingStates: ["from", "rs"],
    paragraph: [],
    sourceKey: ["text", "recommendation"],
    issues: [],
    text: ["text", "recommendation"],
  },
};
const UHRI_FIELDS: Record<RecordField, string | null> = {
  stateUnderReview: "Countries",
  recommendingStates: "UprRecommendingCountry",
  paragraph: "Text",
  sourceKey: "AnnotationId",
  issues: null,
  text: "Text",
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
  return /^A\/HRC\/\d+\/\d+$/.test(symbol) ? symbol : null;
}
