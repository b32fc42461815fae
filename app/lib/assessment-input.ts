// What an editor may submit as an assessment, checked at the edge (pure: no database). The messages are
// English (the API answers with them); pages say them in the reader's language (translateFieldError).
import type { TFunction } from "i18next";
import { tLanguage } from "../i18n/i18n";
import { localNumber } from "../i18n/format";
import { z } from "zod";
import { STATUSES } from "../../db/schema";

export const MAX_EVIDENCE = 20_000;
export const MAX_URLS = 20;

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, "This is not a calendar date");

/** One source link: http or https only (never javascript:, data:, file: ...). */
const sourceUrl = z
  .string()
  .max(2000, "A link may have at most 2,000 characters")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
    } catch {
      return false;
    }
  }, "Links must be web addresses starting with http:// or https://");

/** Source links arrive as one text area, one link per line. */
export const sourceUrlsField = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(sourceUrl).max(MAX_URLS, `At most ${MAX_URLS} links`));

export const AssessmentFields = z.object({
  status: z.enum(STATUSES, { message: "Choose a status from the list" }),
  asOf: isoDate,
  evidence: z
    .string()
    .trim()
    .max(MAX_EVIDENCE, `Evidence may have at most ${MAX_EVIDENCE.toLocaleString("en")} characters`)
    .default(""),
  sourceUrls: sourceUrlsField,
  organisationId: z.coerce.number().int().positive("Choose an organisation"),
});
export type AssessmentFields = z.infer<typeof AssessmentFields>;

export type FieldErrors = Partial<Record<string, string>>;

/** The as-of date may be neither in the future nor before the review it follows. */
export function asOfProblem(asOf: string, reviewDate: string | null, today: string): string | null {
  if (asOf > today) return `The date cannot be in the future (today is ${today})`;
  if (reviewDate && asOf < reviewDate) return `The date cannot be before the review (${reviewDate})`;
  return null;
}

/** Zod issues -> one message per field, for showing beside the field (in the reader's language with `t`). */
export function fieldErrorsOf(error: z.ZodError, t?: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return t ? translateFieldErrors(errors, t) : errors;
}

/** The messages above, as patterns, and their words in the catalogues (section assess.error). */
const MESSAGES: [RegExp, (t: TFunction, m: RegExpExecArray) => string][] = [
  [/^Enter the date as YYYY-MM-DD$/, (t) => t("assess.error.dateFormat")],
  [/^This is not a calendar date$/, (t) => t("assess.error.notADate")],
  [
    /^A link may have at most 2,000 characters$/,
    (t) => t("assess.error.linkTooLong", { max: localNumber(tLanguage(t), 2000) }),
  ],
  [/^Links must be web addresses starting with http:\/\/ or https:\/\/$/, (t) => t("assess.error.linkScheme")],
  [/^At most (\d+) links$/, (t, m) => t("assess.error.tooManyLinks", { max: Number(m[1]) })],
  [/^Choose a status from the list$/, (t) => t("assess.error.status")],
  [
    /^Evidence may have at most [\d,]+ characters$/,
    (t) => t("assess.error.evidenceTooLong", { max: localNumber(tLanguage(t), MAX_EVIDENCE) }),
  ],
  [/^Choose an organisation$/, (t) => t("assess.error.organisation")],
  [/^The date cannot be in the future \(today is (.+)\)$/, (t, m) => t("assess.error.future", { today: m[1] })],
  [/^The date cannot be before the review \((.+)\)$/, (t, m) => t("assess.error.beforeReview", { review: m[1] })],
];

/** One of the messages above in the reader's language; another message as it is. */
export function translateFieldError(message: string, t: TFunction): string {
  for (const [pattern, say] of MESSAGES) {
    const m = pattern.exec(message);
    if (m) return say(t, m);
  }
  return message;
}

export function translateFieldErrors(errors: FieldErrors, t: TFunction): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k, v === undefined ? v : translateFieldError(v, t)]),
  );
}
