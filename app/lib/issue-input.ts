// What an editor may submit for a coalition issue, checked at the edge (pure: no database).
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
