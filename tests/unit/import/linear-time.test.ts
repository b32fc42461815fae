// Every parser of untrusted text takes time linear in its input (issue #25: "A stranger cannot freeze
// or swell the server"). Each case builds a hostile input of the shape that once froze the server (a
// regular expression reading on to the end of the text from every one of its characters), times it at
// size n and 8n, and fails when the time grows faster than linearly: linear gives about 8, quadratic
// 64. The sizes make the larger input take tens of milliseconds with linear code; a quadratic parser
// gives itself away within a few hundred (a case stops timing it after STOP_MS).
import { describe, expect, it } from "vitest";
import { jsonArrayElements } from "../../../app/import/readers/json-array";
import { comparableText } from "../../../app/import/readers/match";
import { looksLikeReportText, TEXT_BASE } from "../../../app/import/readers/read-document";
import { parseRoundTrip } from "../../../app/import/readers/roundtrip";
import { createTableReader } from "../../../app/import/readers/table-rows";
import type { ImportSummary } from "../../../app/import/readers/types";
import { matrixHeaderMeta } from "../../../app/import/readers/formats/ohchr-matrix";
import { parseReportText, reportMeta } from "../../../app/import/readers/formats/wg-report";
import { wordXmlBlocks, wordXmlText } from "../../../app/lib/text/docx-text";
import { decodeHtmlEntities, htmlToText } from "../../../app/lib/text/html";

/** Time at 8n over time at n above which the growth is not linear (linear: 8, quadratic: 64). */
const MAX_RATIO = 24;
/** Times under this are noise on a busy machine: the time at n counts as at least this. */
const FLOOR_MS = 2;
/** A run at 8n longer than this already shows the parser is not linear: it is not repeated. */
const STOP_MS = 1_500;

type Case = { name: string; n: number; input: (n: number) => string; parse: (input: string) => unknown };

const TITLE = "Report of the Working Group on the Universal Periodic Review";
const WORDS = "and ensure the protection of all";

const cases: Case[] = [
  // The word count (/tools/word-count) and the import of .docx files: WordprocessingML.
  {
    name: "word count: unclosed <mc:Fallback>",
    n: 25_000,
    input: (n) => "<mc:Fallback>".repeat(n),
    parse: wordXmlText,
  },
  { name: "word count: unclosed <w:tabs>", n: 25_000, input: (n) => "<w:tabs>".repeat(n), parse: wordXmlText },
  { name: "word count: <w:t without >", n: 25_000, input: (n) => "<w:t ".repeat(n), parse: wordXmlText },
  { name: "word count: <w:br without >", n: 25_000, input: (n) => "<w:br ".repeat(n), parse: wordXmlText },
  {
    name: ".docx import: unclosed <mc:Fallback>",
    n: 25_000,
    input: (n) => "<mc:Fallback>".repeat(n),
    parse: wordXmlBlocks,
  },
  {
    name: ".docx import: unclosed <w:moveFrom>",
    n: 25_000,
    input: (n) => "<w:moveFrom>".repeat(n),
    parse: wordXmlBlocks,
  },
  { name: ".docx import: <w:p without >", n: 25_000, input: (n) => "<w:p ".repeat(n), parse: wordXmlBlocks },
  // Pasted report text: detection, then the Working Group report parser.
  {
    name: "looksLikeReportText: blank lines",
    n: 800_000,
    input: (n) => `${"\n".repeat(n)}x`,
    parse: looksLikeReportText,
  },
  {
    name: "report: title then blank lines",
    n: 25_000,
    input: (n) => `${TITLE}${"\n".repeat(n)}`,
    parse: (text) => parseReportText(text),
  },
  {
    name: "report: a long recommendation then many lines",
    n: 2_000,
    input: (n) => `101.1 ${"a".repeat(100 * n)}\n${`${WORDS}\n`.repeat(n)}`,
    parse: (text) => parseReportText(text),
  },
  {
    name: "report: the last recommendation then many lines",
    n: 2_000,
    input: (n) => `101.1 Ratify (France)${" ".repeat(100 * n)}.\n${`${WORDS}\n`.repeat(n)}`,
    parse: (text) => parseReportText(text),
  },
  {
    name: "report: a section sentence with spaces",
    n: 400_000,
    input: (n) => `enjoy the support of x${" ".repeat(n)}x`,
    parse: reportMeta,
  },
  {
    name: "report: a title's state with colons",
    n: 400_000,
    input: (n) => `${TITLE}\na${":".repeat(n)}x`,
    parse: reportMeta,
  },
  {
    name: "report: the session heading after blank lines",
    n: 400_000,
    input: (n) => `Working Group on the Universal Periodic Review${"\n".repeat(n)}x`,
    parse: reportMeta,
  },
  // HTML in UHRI texts and UPR Info cells. (Under 150,000 spaces: above that, V8's replace of each run
  // of spaces by one, which htmlToText ends with, becomes several times slower at once.)
  { name: "htmlToText: <p without >", n: 15_000, input: (n) => "<p ".repeat(n), parse: htmlToText },
  { name: "htmlToText: <a without >", n: 15_000, input: (n) => "<a ".repeat(n), parse: htmlToText },
  { name: "htmlToText: unclosed comments", n: 50_000, input: (n) => "<!--".repeat(n), parse: htmlToText },
  {
    name: "decodeHtmlEntities: no semicolons",
    n: 200_000,
    input: (n) => "&amp&#1".repeat(n),
    parse: decodeHtmlEntities,
  },
  // OHCHR matrix page headers.
  {
    name: "matrix header: many 'UPR of' on a line",
    n: 20_000,
    input: (n) => "UPR of\t".repeat(n),
    parse: (header) => matrixHeaderMeta([header]),
  },
  {
    name: "matrix header: spaces in a name",
    n: 200_000,
    input: (n) => `UPR of x${"\u2003".repeat(n)}y`,
    parse: (header) => matrixHeaderMeta([header]),
  },
  // Matching a row to what is held, a UHRI workbook's list cell, a round-trip file's addresses.
  { name: "comparableText: many attributions", n: 50_000, input: (n) => `x${" (a)".repeat(n)}`, parse: comparableText },
  { name: "comparableText: spaces", n: 400_000, input: (n) => `a${" ".repeat(n)}x`, parse: comparableText },
  {
    name: "UHRI workbook: spaces in a list cell",
    n: 400_000,
    input: (n) => `a${" ".repeat(n)}b`,
    parse: (cell) => {
      const summary: ImportSummary = { detected: null, rows: 0, records: 0, problems: 0, skipped: 0, aborted: false };
      const table = createTableReader(summary, {}, { ...TEXT_BASE, container: "xlsx", encoding: null });
      table.header(["AnnotationId", "Text", "Themes"]);
      return table.row(["1", "Ratify", cell], 2);
    },
  },
  {
    name: "round trip: spaces in source_urls",
    n: 200_000,
    input: (n) => `a${" ".repeat(n)}b`,
    parse: (urls) =>
      parseRoundTrip(
        `upr_monitor_id,recommendation,current_status,current_as_of,evidence,source_urls\n1,x,not_started,,,"${urls}"\n`,
      ),
  },
];

/** The shortest of `tries` runs, in ms; one run when it already takes longer than STOP_MS. */
async function bestTime(parse: () => unknown, tries: number): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tries; i++) {
    const start = performance.now();
    await parse();
    best = Math.min(best, performance.now() - start);
    if (best > STOP_MS) break;
  }
  return best;
}

/** Time at 8n over time at n (at least FLOOR_MS), after a run to warm the code up. */
async function growth(parse: (input: string) => unknown, input: (n: number) => string, n: number) {
  const small = input(n);
  const large = input(8 * n);
  await parse(small);
  const smallMs = await bestTime(() => parse(small), 3);
  const largeMs = await bestTime(() => parse(large), 3);
  return { smallMs, largeMs, ratio: largeMs / Math.max(smallMs, FLOOR_MS), chars: large.length };
}

async function expectLinear(name: string, parse: (input: string) => unknown, input: (n: number) => string, n: number) {
  let g = await growth(parse, input, n);
  // A pause of the machine (another process, a garbage collection at the larger size only) can slow
  // one measure: measure up to twice again before failing. A parser that is not linear fails each time.
  for (let again = 0; again < 2 && g.ratio > MAX_RATIO && g.largeMs < STOP_MS; again++)
    g = await growth(parse, input, n);
  console.info(
    `${name}: n ${g.smallMs.toFixed(1)} ms, 8n (${(g.chars / 1024).toFixed(0)} KB) ${g.largeMs.toFixed(1)} ms, ratio ${g.ratio.toFixed(1)}`,
  );
  expect(g.ratio, `${name}: time at 8n over time at n`).toBeLessThanOrEqual(MAX_RATIO);
}

describe("parsers of untrusted text take time linear in their input", () => {
  for (const c of cases) it(c.name, () => expectLinear(c.name, c.parse, c.input, c.n));

  it("jsonArrayElements: a large record in small chunks", async () => {
    const chunks = (text: string) =>
      (async function* () {
        for (let i = 0; i < text.length; i += 4096) yield text.slice(i, i + 4096);
      })();
    const read = async (text: string) => {
      for await (const record of jsonArrayElements(chunks(text))) expect(record).toHaveProperty("Text");
    };
    await expectLinear("jsonArrayElements", read, (n) => `[{"Text":"${"a\\\\".repeat(n)}"}]`, 100_000);
  });
});
