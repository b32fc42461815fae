// The language a file's recommendation texts are written in (issue #29: UHRI exports in English, French and
// Spanish; OHCHR matrices in other languages), by franc (trigram statistics) on a bounded sample of the
// first texts: the UN's six languages, Swahili and Portuguese. Pure; linear in the sample, never the file.
import { franc } from "franc-min";

/** The languages a text may be stored in (ISO 639-1). */
export const TEXT_LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh", "sw", "pt"] as const;

/** ISO 639-3 (franc) -> ISO 639-1 (what we store), for the languages a UPR file may be written in. */
const CODES: Record<string, (typeof TEXT_LANGUAGES)[number]> = {
  eng: "en",
  fra: "fr",
  spa: "es",
  arb: "ar",
  rus: "ru",
  cmn: "zh",
  swh: "sw",
  por: "pt",
};

const SAMPLE_CHARACTERS = 6_000;
/**
 * Below this much text the answer is no answer: one short English recommendation ("Consider ratifying OP-CAT
 * (Denmark);") is taken for French. Measured on the 150 recommendations of Kenya's first review: one at a
 * time, 2 of 150 were taken for another language; two at a time (about 200 characters), none of 75.
 */
const MIN_CHARACTERS = 200;

/** The language most of these texts are in, or null when they are too few or too short to tell. */
export function detectTextLanguage(texts: readonly string[]): string | null {
  let sample = "";
  for (const text of texts) {
    if (sample.length >= SAMPLE_CHARACTERS) break;
    sample += `${text.slice(0, 600)}\n`;
  }
  sample = sample.slice(0, SAMPLE_CHARACTERS);
  if (sample.trim().length < MIN_CHARACTERS) return null;
  const code = franc(sample, { minLength: 20, only: Object.keys(CODES) });
  return CODES[code] ?? null;
}
