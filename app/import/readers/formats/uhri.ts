/**
 * OHCHR Universal Human Rights Index (UHRI) export records to ImportRecords.
 *
 * A full export holds every annotation of every UN human rights body (treaty bodies, special
 * procedures, UPR). Only UPR records are imported: `Body` must be UPR ("- UPR" in the export:
 * leading dashes and spaces are ignored), and `AnnotationType` must name a recommendation (or a
 * voluntary pledge). Other records are skipped with the reason, not reported as problems.
 */
import { z } from "zod";
import { resolveState } from "../../../lib/states/resolve-state";
import { decodeHtmlEntities, htmlToText } from "../../../lib/text/html";
import type { ImportProblem, ImportRecord } from "../types";
import { parseResponse, validateFields, type FieldName, type RawFields, type RowResult } from "./fields";

const stringOrNumber = z.union([z.string(), z.number()]);
const stringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

const uhriRecordSchema = z.looseObject({
  AnnotationId: stringOrNumber.transform(String),
  AnnotationType: z.string().nullish(),
  Body: z.string().nullish(),
  Countries: stringList,
  Symbol: z.string().nullish(),
  Text: z.string().nullish(),
  Themes: stringList,
  Sdgs: stringList,
  AffectedPersons: stringList,
  UprCycle: stringOrNumber.nullish(),
  UprSession: z.union([z.array(stringOrNumber), stringOrNumber]).nullish(),
  UprPositions: stringList,
  UprRecommendingCountry: stringList,
  PublicationDate: z.string().nullish(),
});

/** Which UHRI field a validated field came from, for problems. */
const UHRI_FIELD: Partial<Record<FieldName, string>> = {
  stateUnderReview: "Countries",
  cycle: "UprCycle",
  session: "UprSession",
  documentSymbol: "Symbol",
  paragraph: "Text",
  text: "Text",
  response: "UprPositions",
  recommendingStates: "UprRecommendingCountry",
  themes: "Themes",
  sdgs: "Sdgs",
  affectedPersons: "AffectedPersons",
};

/** "- UPR" -> "UPR", "- Recommendation" -> "Recommendation". */
function label(value: string | null | undefined): string {
  return decodeHtmlEntities(value ?? "")
    .replace(/^[\s-]+/, "")
    .trim();
}

const ORDINALS: Record<string, string> = { first: "1", second: "2", third: "3", fourth: "4" };

/** First whole number in a value ("Cycle 3", "3rd", 3, "Third cycle" -> "3"); else the value. */
function numberIn(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value).trim();
  const digits = /\d+/.exec(text);
  if (digits) return digits[0];
  const word = /^(first|second|third|fourth)\b/i.exec(text);
  return word ? ORDINALS[word[1].toLowerCase()] : text;
}

// "142.56 Ratify ..." / "142.56. Ratify ..." / "4.The Committee ..." -> paragraph + text.
const PARAGRAPH_RE = /^(\d{1,4}(?:\.\d{1,4})*)(?:\.?\s+|\.(?=\p{Lu}))/u;

export function splitParagraph(text: string): { paragraph: string; text: string } {
  const match = PARAGRAPH_RE.exec(text);
  if (!match) return { paragraph: "", text };
  return { paragraph: match[1], text: text.slice(match[0].length).trim() };
}

export type UhriRecordMapper = (value: unknown, row: number) => RowResult;

export function createUhriRecordMapper(): UhriRecordMapper {
  const seenIds = new Map<string, number>(); // AnnotationId -> first row

  return (value, row) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { problems: [{ row, column: null, message: "This record is not a JSON object." }] };
    }
    const parsed = uhriRecordSchema.safeParse(value);
    if (!parsed.success) {
      const problems: ImportProblem[] = parsed.error.issues.map((issue) => {
        const field = typeof issue.path[0] === "string" ? issue.path[0] : null;
        const message =
          field === "AnnotationId" && issue.code === "invalid_union"
            ? "The record has no AnnotationId."
            : `Field ${JSON.stringify(field)} has an unexpected value: ${issue.message}.`;
        return { row, column: field, message };
      });
      return { problems };
    }
    const r = parsed.data;

    const body = label(r.Body);
    if (!/^(upr|universal periodic review)\b/i.test(body)) {
      return { skipped: `Not a UPR record (Body: ${JSON.stringify(body || "none")}).` };
    }
    const type = label(r.AnnotationType);
    const pledge = /pledge/i.test(type);
    if (!pledge && !/recommendation/i.test(type)) {
      return { skipped: `Not a UPR recommendation (AnnotationType: ${JSON.stringify(type || "none")}).` };
    }

    const positions = [...new Set(r.UprPositions.map((p) => label(p)).filter((p) => p !== ""))];
    const responses = [...new Set(positions.map((p) => parseResponse(p) ?? p))];
    if (!pledge && responses.length > 1) {
      return {
        problems: [
          {
            row,
            column: "UprPositions",
            message: `The record has several positions (${positions.join(", ")}); expected one.`,
          },
        ],
      };
    }

    const { paragraph, text } = splitParagraph(htmlToText(r.Text ?? ""));
    const sessions = r.UprSession === null || r.UprSession === undefined ? [] : [r.UprSession].flat();
    const raw: RawFields = {
      stateUnderReview: label(r.Countries[0]),
      cycle: numberIn(r.UprCycle),
      session: numberIn(sessions[0]),
      documentSymbol: label(r.Symbol),
      paragraph,
      text,
      response: pledge ? "supported" : (positions[0] ?? ""),
      actionCategory: "",
      recommendingStates: pledge ? [] : r.UprRecommendingCountry.map(label).filter((s) => s !== ""),
      themes: r.Themes.map(label).filter((s) => s !== ""),
      sdgs: r.Sdgs.map(label).filter((s) => s !== ""),
      affectedPersons: r.AffectedPersons.map(label).filter((s) => s !== ""),
      issues: [],
    };
    const valid = validateFields(raw, row, (field) => UHRI_FIELD[field] ?? null);
    if (!valid.ok) return { problems: valid.problems };
    const v = valid.value;

    const firstRow = seenIds.get(r.AnnotationId);
    if (firstRow !== undefined) {
      return {
        problems: [
          {
            row,
            column: "AnnotationId",
            message: `AnnotationId ${r.AnnotationId} appears twice (records ${firstRow} and ${row}).`,
          },
        ],
      };
    }
    seenIds.set(r.AnnotationId, row);

    const record: ImportRecord = {
      row,
      stateUnderReview: resolveState(v.stateUnderReview),
      cycle: v.cycle,
      session: v.session,
      documentSymbol: v.documentSymbol,
      paragraph: v.paragraph,
      recommendingStates: v.recommendingStates.map((name) => resolveState(name)),
      text: v.text,
      response: v.response,
      actionCategory: null,
      themes: v.themes,
      sdgs: v.sdgs,
      affectedPersons: v.affectedPersons,
      issues: [],
      kind: pledge ? "pledge" : "recommendation",
      sourceFormat: "uhri",
      sourceKey: r.AnnotationId,
    };
    return { record, warnings: valid.warnings };
  };
}
