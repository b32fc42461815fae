// The languages of the interface, and how a reader's language is chosen. Pure: the server, the browser and
// the page cache (server/page-cache.ts) all use it. Adding a language: README.md, "Adding a language".

export const LANGUAGES = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "fr", name: "Français", dir: "ltr" },
  { code: "es", name: "Español", dir: "ltr" },
  { code: "sw", name: "Kiswahili", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
] as const;

export type Language = (typeof LANGUAGES)[number]["code"];
export const LANGUAGE_CODES: readonly Language[] = LANGUAGES.map((l) => l.code);
/** The language of a reader who says none (no address, cookie or Accept-Language we speak). */
export const DEFAULT_LANGUAGE: Language = "en";
/** The address parameter that chooses the language (`?lang=fr`), remembered in the cookie below. */
export const LANGUAGE_PARAM = "lang";
export const LANGUAGE_COOKIE = "upr_lang";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGE_CODES as readonly string[]).includes(value);
}

export function languageDir(lng: Language): "ltr" | "rtl" {
  return LANGUAGES.find((l) => l.code === lng)?.dir ?? "ltr";
}

/**
 * The locale given to Intl for dates and numbers. English is British English ("6 May 2010", as the UN
 * writes dates). Arabic keeps the digits 0-9, as the UN's Arabic documents do (paragraph numbers such as
 * 121.17 and document symbols are written with them), with Arabic words and separators.
 */
export function intlLocale(lng: Language): string {
  return lng === "en" ? "en-GB" : lng === "ar" ? "ar-u-nu-latn" : lng;
}

/** The direction of a text in any language (ISO 639-1), such as a UN text's: right to left for Arabic script. */
export function textDirection(code: string): "ltr" | "rtl" {
  return ["ar", "fa", "he", "ur"].includes(code) ? "rtl" : "ltr";
}
