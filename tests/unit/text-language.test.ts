// The language of a file's texts (app/import/readers/text-language.ts), on prose that is not recommendation
// text (we never invent UN text): the seeded Working Group report's English, and our own catalogue's
// sentences in French, Spanish, Swahili and Arabic.
import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { detectTextLanguage } from "~/import/readers/text-language";
import { CATALOGUES } from "~/i18n/catalogues.server";
import type en from "~/locales/en.json";

const sentences = (lng: keyof typeof CATALOGUES) => {
  const c = CATALOGUES[lng] as typeof en;
  return [c.layout.footer, c.errors.noPageHere, c.errors.tryAgain, c.common.siteDescription];
};

describe("the language of a file's texts", () => {
  it("is English for the Working Group report's recommendations", () => {
    const csv = fs.readFileSync(
      path.resolve(import.meta.dirname, "../../seed-data/kenya-cycle1-recommendations.csv"),
      "utf8",
    );
    const rows = Papa.parse<{ recommendation: string }>(csv, { header: true }).data;
    expect(detectTextLanguage(rows.map((r) => r.recommendation).filter(Boolean))).toBe("en");
  });

  it.each(["fr", "es", "sw", "ar"] as const)("is %s for prose in it", (lng) => {
    expect(detectTextLanguage(sentences(lng))).toBe(lng);
  });

  it("is not told from too little text, and reads a bounded sample of a long file", () => {
    expect(detectTextLanguage(["OK"])).toBeNull();
    // One short recommendation reads as French nearly as well as English: no answer (the import takes English).
    expect(detectTextLanguage(["Consider ratifying OP-CAT (Denmark);"])).toBeNull();
    expect(detectTextLanguage([])).toBeNull();
    const many = Array.from({ length: 100_000 }, () => sentences("fr")[0]!);
    expect(detectTextLanguage(many)).toBe("fr");
  });
});
