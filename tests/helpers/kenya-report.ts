/**
 * Kenya's first Working Group report (A/HRC/15/8) rebuilt for the report-parser tests (not a test
 * file itself). The 150 recommendation texts, paragraph numbers and recommending states are
 * verbatim from seed-data/kenya-cycle1-recommendations.csv (the report's own words). The section
 * sentences (101 enjoyed support, 102 deferred, 103 did not enjoy support: seed-data/kenya-reviews.csv)
 * are written for the test in the standard form of cycle-1 reports, not copied from the report;
 * they are not recommendations and are never imported. The title and paragraph 1 are the report's.
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { dataFilePath } from "../unit/import/helpers";

export type SeedRecommendation = {
  state_under_review: string;
  cycle: string;
  session: string;
  document_symbol: string;
  paragraph: string;
  recommending_states: string;
  recommendation: string;
  response: string;
};

export function kenyaSeed(): SeedRecommendation[] {
  const text = readFileSync(dataFilePath("kenya-cycle1-recommendations.csv"), "utf8");
  return Papa.parse<SeedRecommendation>(text, { header: true, skipEmptyLines: true }).data;
}

export const TITLE = ["Report of the Working Group on the Universal Periodic Review*", "Kenya"];
/** Paragraph 1 of A/HRC/15/8: it names the Working Group session ("its eighth session"). */
export const INTRODUCTION =
  "1. The Working Group on the Universal Periodic Review, established in accordance with Human Rights Council resolution 5/1, held its eighth session from 3 to 14 May 2010. The review of Kenya was held at the 7th meeting, on 6 May 2010.";
export const HEADING = "II. Conclusions and/or recommendations";

export const SECTION_SENTENCES: Record<string, string> = {
  "101":
    "101. The recommendations formulated during the interactive dialogue have been examined by Kenya and the recommendations listed below enjoy the support of Kenya:",
  "102":
    "102. The following recommendations will be examined by Kenya, which will provide responses in due time, but no later than the fifteenth session of the Human Rights Council:",
  "103": "103. The following recommendations did not enjoy the support of Kenya:",
};
export const CLOSING =
  "104. All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s) and/or the State under review. They should not be construed as endorsed by the Working Group as a whole.";

/** The response the report itself gives each section (102's responses came later, in Add.1). */
export const REPORT_RESPONSE: Record<string, string> = { "101": "supported", "102": "pending", "103": "noted" };

/** "101.1 Ratify ... (Burkina Faso);" */
export const paragraphLine = (r: SeedRecommendation) => `${r.paragraph} ${r.recommendation}`;

/**
 * The recommendations section as lines: each section sentence before its paragraphs, one
 * paragraph a line; `withSentences` false leaves the sentences (and the closing paragraph) out.
 */
export function sectionLines(rows: readonly SeedRecommendation[], withSentences = true): string[] {
  const lines: string[] = [];
  let section = "";
  for (const r of rows) {
    const s = r.paragraph.split(".")[0];
    if (s !== section && withSentences) lines.push(SECTION_SENTENCES[s]);
    section = s;
    lines.push(paragraphLine(r));
  }
  if (withSentences) lines.push(CLOSING);
  return lines;
}

/** Break a line into lines of at most `width` characters at spaces, as a PDF copy does. */
export function wrap(line: string, width: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  if (current !== "") out.push(current);
  return out;
}
