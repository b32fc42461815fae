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

/** A calendar date 'YYYY-MM-DD' that exists (not 2026-02-30), between the years 1900 and 2999. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^(19|2\d)\d{2}-\d{2}-\d{2}$/)
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, "is not a date");
