// Every parser of untrusted text takes time linear in its input (issue #25: "A stranger cannot freeze
// or swell the server"). Each case builds a hostile input of a shape that once froze the server (a
// regular expression reading on to the end of the text from every one of its characters), finds a size
// n at which parsing takes a few milliseconds, times the parse at n and 8n, and fails when the time
// grows faster than linearly: linear gives about 8, quadratic 64. Sizing by time keeps the file quick
// both ways: linear code reaches tens of milliseconds at 8n, quadratic code fails within a second.
//
// Time is the process's CPU time (process.cpuUsage), not the clock: on a busy two-core machine the
// clock also counts the time other processes hold the CPU, which made a quadratic parser look linear.
import { describe, expect, it } from "vitest";
import { jsonArrayElements } from "../../../app/import/readers/json-array";
import { comparableText } from "../../../app/import/readers/match";
import { looksLikeReportText, TEXT_BASE } from "../../../app/import/readers/read-document";
import { readImportFile } from "../../../app/import/readers/read-import";
import { parseRoundTrip } from "../../../app/import/readers/roundtrip";
import { createTableReader } from "../../../app/import/readers/table-rows";
import type { ImportSummary } from "../../../app/import/readers/types";
import { matrixHeaderMeta } from "../../../app/import/readers/formats/ohchr-matrix";
import { parseReportText, reportMeta } from "../../../app/import/readers/formats/wg-report";
import { wordXmlBlocks, wordXmlText } from "../../../app/lib/text/docx-text";
import { decodeHtmlEntities, htmlToText } from "../../../app/lib/text/html";
import { sdgCode } from "../../../app/lib/sdgs";
import { isNoStateName } from "../../../app/lib/states";
import { topicOfLabel } from "../../../app/lib/themes/theme-vocabulary";

/** Time at 8n over time at n above which the growth is not linear (linear: 8, quadratic: 64). */
const MAX_RATIO = 24;
/** The size n is doubled until a parse takes this long (ms of CPU time), so that the time at n is not noise. */
const TARGET_MS = 4;
/** Times under this are noise: the time at n counts as at least this. */
const FLOOR_MS = 1;
/** The input at n is at most this long (characters): 8n stays a few megabytes. */
const MAX_CHARS = 1_000_000;
/** A run longer than this (ms) already shows the parser is not linear: it is not repeated. */
const STOP_MS = 1_000;

type Case = {
  name: string;
  input: (n: number) => string;
  parse: (input: string) => unknown;
  /** A smaller MAX_CHARS for this case. */
  maxChars?: number;
  /** The first n tried (else 1,000): where the work that grows with n^2 would not yet show at 1,000. */
  from?: number;
};

const TITLE = "Report of the Working Group on the Universal Periodic Review";
const WORDS = "and ensure the protection of all";

const cases: Case[] = [
  // The values of a matrix's themes cell and UHRI's lists (issue #27): SDGs, state names, theme labels.
  { name: "an SDG value of repeated 'goal' words", input: (n) => "goal ".repeat(n), parse: sdgCode, maxChars: 200_000 },
  { name: "an SDG value of dashes before its number", input: (n) => "- ".repeat(n) + "16", parse: sdgCode },
  { name: "an SDG target of endless digits", input: (n) => "16." + "1".repeat(n) + "a", parse: sdgCode },
  { name: "a 'no state' value of spaces", input: (n) => " ".repeat(n) + "x", parse: isNoStateName },
  { name: "a theme label of ampersands", input: (n) => "& ".repeat(n), parse: topicOfLabel, maxChars: 200_000 },
  // A file of whitespace: the sniff reads it chunk by chunk (64 KiB) looking for its first text.
  {
    name: "import: a file of spaces",
    input: (n) => " ".repeat(n),
    parse: async (text) => {
      for await (const _ of readImportFile(Buffer.from(text)));
    },
    // Many 64 KiB chunks are needed before re-reading the prefix shows: 2 MB against 16 MB.
    from: 2_000_000,
    maxChars: 2_000_000,
  },
  // The word count (/tools/word-count) and the import of .docx files: WordprocessingML.
  {
    name: "word count: unclosed <mc:Fallback>",
    input: (n) => "<mc:Fallback>".repeat(n),
    parse: wordXmlText,
  },
  { name: "word count: unclosed <w:tabs>", input: (n) => "<w:tabs>".repeat(n), parse: wordXmlText },
  { name: "word count: <w:t without >", input: (n) => "<w:t ".repeat(n), parse: wordXmlText },
  { name: "word count: <w:br without >", input: (n) => "<w:br ".repeat(n), parse: wordXmlText },
  {
    name: ".docx import: unclosed <mc:Fallback>",
    input: (n) => "<mc:Fallback>".repeat(n),
    parse: wordXmlBlocks,
  },
  {
    name: ".docx import: unclosed <w:moveFrom>",
    input: (n) => "<w:moveFrom>".repeat(n),
    parse: wordXmlBlocks,
  },
  { name: ".docx import: <w:p without >", input: (n) => "<w:p ".repeat(n), parse: wordXmlBlocks },
  // Pasted report text: detection, then the Working Group report parser.
  {
    name: "looksLikeReportText: blank lines",
    input: (n) => `${"\n".repeat(n)}x`,
    parse: looksLikeReportText,
  },
  {
    name: "report: title then blank lines",
    input: (n) => `${TITLE}${"\n".repeat(n)}`,
    parse: (text) => parseReportText(text),
    from: 8_000,
  },
  {
    name: "report: a long recommendation then many lines",
    input: (n) => `101.1 ${"a".repeat(100 * n)}\n${`${WORDS}\n`.repeat(n)}`,
    parse: (text) => parseReportText(text),
  },
  {
    name: "report: the last recommendation then many lines",
    input: (n) => `101.1 Ratify (France)${" ".repeat(100 * n)}.\n${`${WORDS}\n`.repeat(n)}`,
    parse: (text) => parseReportText(text),
  },
  {
    name: "report: a section sentence with spaces",
    input: (n) => `enjoy the support of x${" ".repeat(n)}x`,
    parse: reportMeta,
  },
  {
    name: "report: a title's state with colons",
    input: (n) => `${TITLE}\na${":".repeat(n)}x`,
    parse: reportMeta,
  },
  {
    name: "report: the session heading after blank lines",
    input: (n) => `Working Group on the Universal Periodic Review${"\n".repeat(n)}x`,
    parse: reportMeta,
  },
  // HTML in UHRI texts and UPR Info cells. At most 150,000 spaces at 8n: above that V8's replace of
  // each run of spaces by one, which htmlToText ends with, becomes several times slower at once.
  { name: "htmlToText: <p without >", input: (n) => "<p ".repeat(n), parse: htmlToText, maxChars: 55_000 },
  { name: "htmlToText: <a without >", input: (n) => "<a ".repeat(n), parse: htmlToText, maxChars: 55_000 },
  { name: "htmlToText: unclosed comments", input: (n) => "<!--".repeat(n), parse: htmlToText },
  {
    name: "decodeHtmlEntities: no semicolons",
    input: (n) => "&amp&#1".repeat(n),
    parse: decodeHtmlEntities,
  },
  // OHCHR matrix page headers.
  {
    name: "matrix header: many 'UPR of' on a line",
    input: (n) => "UPR of\t".repeat(n),
    parse: (header) => matrixHeaderMeta([header]),
  },
  {
    name: "matrix header: spaces in a name",
    input: (n) => `UPR of x${"\u2003".repeat(n)}y`,
    parse: (header) => matrixHeaderMeta([header]),
  },
  // Matching a row to what is held, a UHRI workbook's list cell, a round-trip file's addresses.
  { name: "comparableText: many attributions", input: (n) => `x${" (a)".repeat(n)}`, parse: comparableText },
  { name: "comparableText: spaces", input: (n) => `a${" ".repeat(n)}x`, parse: comparableText },
  {
    name: "UHRI workbook: spaces in a list cell",
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
    input: (n) => `a${" ".repeat(n)}b`,
    parse: (urls) =>
      parseRoundTrip(
        `upr_monitor_id,recommendation,current_status,current_as_of,evidence,source_urls\n1,x,not_started,,,"${urls}"\n`,
      ),
  },
  {
    // The delimiter is read from the first line: one endless line of delimiters and quotes.
    name: "round trip: a first line without end",
    input: (n) => `upr_monitor_id${';"'.repeat(n / 2)}`,
    parse: (text) => parseRoundTrip(text),
  },
  {
    // Spreadsheets leave empty rows: a file of nothing but line breaks and delimiters.
    name: "round trip: empty rows",
    input: (n) => `upr_monitor_id;recommendation;current_status;current_as_of;evidence\r${";;\r".repeat(n / 3)}`,
    parse: (text) => parseRoundTrip(text),
  },
];

/** CPU time of this process, in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The shortest of `tries` runs, in ms of CPU time; one run when it already takes longer than STOP_MS. */
async function bestTime(parse: () => unknown, tries: number): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tries; i++) {
    const start = cpuMs();
    await parse();
    best = Math.min(best, cpuMs() - start);
    if (best > STOP_MS) break;
  }
  return best;
}

/**
 * Time at 8n over time at n (at least FLOOR_MS), n doubled from 1,000 (or `from`) until a parse takes TARGET_MS
 * or the input reaches the case's maxChars (the first runs also warm the code up).
 */
async function growth(c: Case) {
  let n = c.from ?? 1_000;
  let small = c.input(n);
  let smallMs = await bestTime(() => c.parse(small), 3);
  while (smallMs < TARGET_MS && c.input(2 * n).length <= (c.maxChars ?? MAX_CHARS)) {
    n *= 2;
    small = c.input(n);
    smallMs = await bestTime(() => c.parse(small), 3);
  }
  const large = c.input(8 * n);
  const largeMs = await bestTime(() => c.parse(large), 3);
  return { smallMs, largeMs, ratio: largeMs / Math.max(smallMs, FLOOR_MS), chars: large.length };
}

async function expectLinear(c: Case) {
  let g = await growth(c);
  // A garbage collection at the larger size only can slow one measure: measure up to twice again
  // before failing. A parser that is not linear fails each time.
  for (let again = 0; again < 2 && g.ratio > MAX_RATIO && g.largeMs < STOP_MS; again++) g = await growth(c);
  console.info(
    `${c.name}: n ${g.smallMs.toFixed(1)} ms, 8n (${(g.chars / 1024).toFixed(0)} KB) ${g.largeMs.toFixed(1)} ms, ratio ${g.ratio.toFixed(1)}`,
  );
  expect(g.ratio, `${c.name}: time at 8n over time at n`).toBeLessThanOrEqual(MAX_RATIO);
}

describe("parsers of untrusted text take time linear in their input", () => {
  // Each case parses up to 16 MB several times: on a busy two-core machine that took 8 s (the measure is
  // a ratio, not a time, so a slow machine only needs the time to finish).
  for (const c of cases) it(c.name, () => expectLinear(c), 60_000);

  it("jsonArrayElements: a large record in small chunks", async () => {
    const chunks = (text: string) =>
      (async function* () {
        for (let i = 0; i < text.length; i += 4096) yield text.slice(i, i + 4096);
      })();
    const read = async (text: string) => {
      for await (const record of jsonArrayElements(chunks(text))) expect(record).toHaveProperty("Text");
    };
    await expectLinear({ name: "jsonArrayElements", parse: read, input: (n) => `[{"Text":"${"a\\\\".repeat(n)}"}]` });
  });
});
