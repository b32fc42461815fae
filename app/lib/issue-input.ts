// What an editor may submit for a coalition issue, checked at the edge (pure: no database).
import type { TFunction } from "i18next";
import { z } from "zod";

export const MAX_TITLE = 300;
export const MAX_DESCRIPTION = 5000;
export const MAX_KEYWORDS = 30;
export const MAX_KEYWORD_LENGTH = 80;
export const MAX_SLUG = 80;
export const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Keywords arrive as one text field, separated by commas, semicolons or line breaks; repeats (any case) are dropped. */
export function splitKeywords(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of value.split(/[,;\n\r]+/)) {
    const k = raw.replace(/\s+/g, " ").trim();
    if (!k || seen.has(k.toLowerCase())) continue;
    seen.add(k.toLowerCase());
    out.push(k);
  }
  return out;
}

export const keywordsField = z
  .string()
  .default("")
  .transform(splitKeywords)
  .pipe(
    z
      .array(z.string().max(MAX_KEYWORD_LENGTH, `A keyword may have at most ${MAX_KEYWORD_LENGTH} characters`))
      .max(MAX_KEYWORDS, `At most ${MAX_KEYWORDS} keywords`),
  );

export const IssueFields = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give the issue a title")
    .max(MAX_TITLE, `A title may have at most ${MAX_TITLE} characters`),
  description: z
    .string()
    .trim()
    .max(MAX_DESCRIPTION, `A description may have at most ${MAX_DESCRIPTION.toLocaleString("en")} characters`)
    .default(""),
  keywords: keywordsField,
});
export type IssueFields = z.infer<typeof IssueFields>;

/** A new issue: the same fields and, optionally, the slug of its address (made from the title when left empty). */
export const NewIssueFields = IssueFields.extend({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(MAX_SLUG, `At most ${MAX_SLUG} characters`)
    .refine(
      (v) => v === "" || SLUG_RE.test(v),
      "Use lower-case letters, digits and single hyphens, such as victim-protection",
    )
    .default(""),
});
export type NewIssueFields = z.infer<typeof NewIssueFields>;

/** "Delay in the Trust Fund’s operationalization" -> "delay-in-the-trust-fund-s-operationalization" (at most 80 characters). */
export function slugify(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (base.length <= MAX_SLUG) return base || "issue";
  const cut = base.slice(0, MAX_SLUG);
  const lastHyphen = cut.lastIndexOf("-");
  return (lastHyphen > 20 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/g, "");
}

/** Keywords as the edit form shows them. */
export function joinKeywords(keywords: readonly string[]): string {
  return keywords.join(", ");
}

/** A slug another issue already has (the model's answer to a new issue's address). */
const SLUG_TAKEN = "Another issue already has this address; choose another";

/**
 * The messages above (and the model's SLUG_TAKEN) in the reader's words: the schema and the model say them
 * in English, as the tests and the audit read them; the form shows them in the page's language. A message
 * that is not one of ours is shown as it is.
 */
export function issueErrorText(t: TFunction, message: string, number: (n: number) => string = String): string {
  const known: Record<string, () => string> = {
    [`A keyword may have at most ${MAX_KEYWORD_LENGTH} characters`]: () =>
      t("issues.error.keywordLength", { max: number(MAX_KEYWORD_LENGTH) }),
    [`At most ${MAX_KEYWORDS} keywords`]: () => t("issues.error.keywordsMax", { max: number(MAX_KEYWORDS) }),
    "Give the issue a title": () => t("issues.error.titleRequired"),
    [`A title may have at most ${MAX_TITLE} characters`]: () => t("issues.error.titleMax", { max: number(MAX_TITLE) }),
    [`A description may have at most ${MAX_DESCRIPTION.toLocaleString("en")} characters`]: () =>
      t("issues.error.descriptionMax", { max: number(MAX_DESCRIPTION) }),
    [`At most ${MAX_SLUG} characters`]: () => t("issues.error.slugMax", { max: number(MAX_SLUG) }),
    "Use lower-case letters, digits and single hyphens, such as victim-protection": () => t("issues.error.slugFormat"),
    [SLUG_TAKEN]: () => t("issues.error.slugTaken"),
  };
  return known[message]?.() ?? message;
}
