// What an editor enters for a submission and its asks (docs/domain.md, "The advocacy loop"), parsed at the edge.
import type { TFunction } from "i18next";
import { z } from "zod";
import { SUBMISSION_KINDS } from "../../db/schema";

const trimmed = (max: number, message: string) => z.string().trim().max(max, message);

/** The longest texts of the submission form, in characters (the server bounds the form's bytes by them). */
export const SUBMISSION_MAX_CHARS = { title: 300, organisations: 20_000, body: 400_000, footnotes: 200_000 } as const;

export const SubmissionFields = z.object({
  title: trimmed(SUBMISSION_MAX_CHARS.title, "At most 300 characters").min(1, "Give the submission's title"),
  kind: z.enum(SUBMISSION_KINDS, { message: "Choose joint or individual" }),
  state: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "Choose the state under review")
    .transform((s) => s.toUpperCase()),
  cycle: z.coerce
    .number({ message: "Give the cycle (1 to 20)" })
    .int("Give the cycle (1 to 20)")
    .min(1, "Give the cycle (1 to 20)")
    .max(20, "Give the cycle (1 to 20)"),
  /** One organisation a line. */
  organisations: z
    .string()
    .max(SUBMISSION_MAX_CHARS.organisations, "At most 20,000 characters")
    .transform((s) =>
      s
        .split(/\r?\n/)
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(300, "An organisation's name is at most 300 characters"))
        .max(200, "At most 200 organisations"),
    ),
  body: z
    .string()
    .max(SUBMISSION_MAX_CHARS.body, "At most 400,000 characters: paste the submission's text without images")
    .default(""),
  footnotes: z.string().max(SUBMISSION_MAX_CHARS.footnotes, "At most 200,000 characters").default(""),
  isPublic: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});
export type SubmissionFields = z.infer<typeof SubmissionFields>;

/** The submission form's fields as typed (kept to show them again beside the errors). */
export interface SubmissionFormValues {
  title: string;
  kind: string;
  state: string;
  cycle: string;
  organisations: string;
  body: string;
  footnotes: string;
  isPublic: boolean;
}

/** The form's fields from a request, each cut a little above its limit (the schema then says so). */
export function submissionFormValues(form: FormData): SubmissionFormValues {
  const text = (key: string, max = 400_001) => {
    const v = form.get(key);
    return typeof v === "string" ? v.slice(0, max) : "";
  };
  return {
    title: text("title", 400),
    kind: text("kind", 20),
    state: text("state", 10),
    cycle: text("cycle", 10),
    organisations: text("organisations", 20_001),
    body: text("body"),
    footnotes: text("footnotes", 200_001),
    isPublic: form.get("isPublic") === "on",
  };
}

export const AskFields = z.object({
  text: trimmed(5000, "At most 5,000 characters").min(1, "Write the recommendation the submission asks for"),
  issueId: z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? null : v),
    z.coerce.number().int().positive().nullable(),
  ),
});
export type AskFields = z.infer<typeof AskFields>;

export const UptakeDecision = z.object({
  askId: z.coerce.number().int().positive(),
  recommendationId: z.coerce.number().int().positive(),
  decision: z.enum(["confirmed", "rejected"]),
});

/**
 * The messages of the schemas above, of the submission routes and of the model, in the reader's words: the
 * schemas and the model say them in English (as tests and logs read them); the forms show them in the page's
 * language. A message that is not one of these is shown as it is.
 */
export function submissionErrorText(t: TFunction, message: string, number: (n: number) => string = String): string {
  const atMost = (max: number) => () => t("submissions.error.atMostCharacters", { max: number(max) });
  const known: Record<string, () => string> = {
    "At most 300 characters": atMost(300),
    "At most 5,000 characters": atMost(5_000),
    "At most 20,000 characters": atMost(20_000),
    "At most 200,000 characters": atMost(200_000),
    "Give the submission's title": () => t("submissions.error.titleRequired"),
    "Choose joint or individual": () => t("submissions.error.kind"),
    "Choose the state under review": () => t("submissions.error.state"),
    "Give the cycle (1 to 20)": () => t("submissions.error.cycle"),
    "An organisation's name is at most 300 characters": () =>
      t("submissions.error.organisationName", { max: number(300) }),
    "At most 200 organisations": () => t("submissions.error.organisations", { max: number(200) }),
    "At most 400,000 characters: paste the submission's text without images": () =>
      t("submissions.error.body", { max: number(400_000) }),
    "Write the recommendation the submission asks for": () => t("submissions.error.askText"),
    "Choose one of the issues": () => t("submissions.error.issue"),
    "No such submission": () => t("submissions.error.notFound"),
    "No state has that code": () => t("submissions.error.noSuchState"),
    "Its asks have uptake recorded for the review it names: the review cannot change": () =>
      t("submissions.error.reviewFixed"),
  };
  return known[message]?.() ?? message;
}
