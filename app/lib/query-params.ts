// Text read from a URL query (or another edge of the app): what counts as an odd character, a Zod
// schema for plain text without them, and a safe way to show a refused value back to the reader.
// Pure: no database.
import { z } from "zod";

/**
 * Control characters (NUL included: PostgreSQL refuses it in text) and U+FFFD, which is what
 * URL decoding makes of bytes that are not UTF-8 (overlong forms such as %C0%AF, lone surrogates
 * such as %ED%A0%80, stray continuation bytes).
 */
/* eslint-disable no-control-regex -- control characters are what these find */
const ODD = /[\u0000-\u001f\u007f-\u009f\ufffd]/;
const ODD_ALL = /[\u0000-\u001f\u007f-\u009f\ufffd]/g;
/* eslint-enable no-control-regex */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE_ALL = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** True when the text holds no control character, no undecodable byte and no lone surrogate. */
export function isPlainText(text: string): boolean {
  return !ODD.test(text) && !LONE_SURROGATE.test(text);
}

/** Trimmed plain text of 1 to `max` characters. */
export function plainText(max: number) {
  return z.string().trim().min(1).max(max).refine(isPlainText, { message: "holds characters that are not text" });
}

/** A refused value as "name=value" for the "ignored" notice: odd characters shown as U+FFFD, at most 40 characters. */
export function ignoredParameter(name: string, raw: string): string {
  const clean = (text: string) => text.replace(LONE_SURROGATE_ALL, "\ufffd").replace(ODD_ALL, "\ufffd");
  const cut = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return `${clean(cut(name))}=${clean(cut(raw))}`;
}

/**
 * A reader of URL parameters by the given schemas: an absent or blank parameter is undefined; one that does not
 * parse is undefined too and is listed in `ignored` (as ignoredParameter writes it), never an error.
 */
export function paramReader<F extends Record<string, z.ZodType>>(
  params: URLSearchParams,
  fields: F,
  ignored: string[],
) {
  return <K extends keyof F & string>(key: K): z.infer<F[K]> | undefined => {
    const raw = params.get(key);
    if (raw === null || raw.trim() === "") return undefined;
    const parsed = fields[key]!.safeParse(raw);
    if (!parsed.success) {
      ignored.push(ignoredParameter(key, raw));
      return undefined;
    }
    return parsed.data as z.infer<F[K]>;
  };
}

/** An ISO 3166 alpha-3 code in any case, read as upper case ("ken" -> "KEN"). */
export const iso3Code = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .transform((s) => s.toUpperCase());

/** The `?state=` of an address: a state's ISO code in upper case, or undefined when absent or not a code. */
export function stateParam(url: URL): string | undefined {
  const parsed = iso3Code.safeParse(url.searchParams.get("state"));
  return parsed.success ? parsed.data : undefined;
}

/** A calendar date 'YYYY-MM-DD' that exists (not 2026-02-30), between the years 1900 and 2999. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^(19|2\d)\d{2}-\d{2}-\d{2}$/)
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, "is not a date");
