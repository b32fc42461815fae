import { describe, expect, it } from "vitest";
import { docxDocument } from "../../../app/lib/text/docx-text";
import { parseMatrixDocument } from "../../../app/import/readers/formats/ohchr-matrix";
import { recommendingStatesIn } from "../../../app/import/readers/formats/un-document";
import {
  NO_PARAGRAPH_NUMBERS_MESSAGE,
  parseReportDocx,
  parseReportText,
  reportMeta,
  responseOfSection,
} from "../../../app/import/readers/formats/wg-report";
import { detectDocxKind } from "../../../app/import/readers/formats/word-document";
import { resolveState } from "../../../app/lib/states/resolve-state";
import { buildDocx, p } from "../../helpers/docx";
import { fixture } from "./helpers";
import {
  CLOSING,
  HEADING,
  INTRODUCTION,
  kenyaSeed,
  paragraphLine,
  REPORT_RESPONSE,
  SECTION_SENTENCES,
  sectionLines,
  TITLE,
  wrap,
  type SeedRecommendation,
} from "../../helpers/kenya-report";

const seed = kenyaSeed();
const byParagraph = (paragraph: string) => seed.find((r) => r.paragraph === paragraph) as SeedRecommendation;
const seedStates = (r: SeedRecommendation) => r.recommending_states.split("; ").map((name) => resolveState(name).iso3);
const KENYA = { state: "KEN", session: 8 };

describe("parseReportText: Kenya's 150 cycle-1 recommendations", () => {
  const text = [
    ...TITLE,
    "A/HRC/15/8",
    INTRODUCTION,
    HEADING,
    ...sectionLines(seed),
    "Annex",
    "Composition of the delegation",
  ].join("\n");

  it("reads all 150 with their texts, recommending states and the report's responses", () => {
    expect(seed).toHaveLength(150);
    const result = parseReportText(text);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.meta).toEqual({
      kind: "wg-report",
      state: resolveState("Kenya"),
      cycle: null,
      session: 8,
      documentSymbol: "A/HRC/15/8",
    });
    expect(result.records).toHaveLength(150);
    result.records.forEach((record, i) => {
      const row = seed[i];
      expect(record).toMatchObject({
        row: i + 1,
        stateUnderReview: { name: "Kenya", iso3: "KEN" },
        cycle: 1,
        session: 8,
        documentSymbol: "A/HRC/15/8",
        paragraph: row.paragraph,
        text: row.recommendation,
        response: REPORT_RESPONSE[row.paragraph.split(".")[0]],
        actionCategory: null,
        themes: [],
        issues: [],
        kind: "recommendation",
        sourceFormat: "wg-report",
        sourceKey: `KEN:1:${row.paragraph}`,
      });
      expect(record.recommendingStates.map((s) => s.iso3)).toEqual(seedStates(row));
    });
  });

  it("responses match the seed where the report gives them (101 supported, 103 noted); 102 was deferred", () => {
    const result = parseReportText(text);
    const counts: Record<string, number> = {};
    for (const r of result.records) counts[r.response] = (counts[r.response] ?? 0) + 1;
    expect(counts).toEqual({ supported: 128, pending: 15, noted: 7 });
    for (const [i, r] of result.records.entries()) {
      if (!r.paragraph?.startsWith("102.")) expect(r.response).toBe(seed[i].response);
    }
  });

  it("without section sentences every recommendation is pending", () => {
    const result = parseReportText(sectionLines(seed, false).join("\n"), KENYA);
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(150);
    expect(new Set(result.records.map((r) => r.response))).toEqual(new Set(["pending"]));
  });

  it("section sentences alone name the state; the Human Rights Council's session is not the Working Group's", () => {
    const result = parseReportText(sectionLines(seed).join("\n"), { session: "8" });
    expect(result.meta.state?.iso3).toBe("KEN");
    expect(result.meta.session).toBeNull();
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(150);
  });

  it("the whole section as copied from a PDF: every paragraph wrapped, page furniture between lines", () => {
    const wrapped = sectionLines(seed).flatMap((line) => wrap(line, 95));
    const lines: string[] = [];
    wrapped.forEach((line, i) => {
      if (i > 0 && i % 45 === 0) lines.push("GE.10-13891", "A/HRC/15/8", String(20 + i / 45));
      lines.push(line);
    });
    expect(lines.length).toBeGreaterThan(350);
    const result = parseReportText([...TITLE, INTRODUCTION, HEADING, ...lines].join("\n"));
    expect(result.problems).toEqual([]);
    const spaces = (s: string) => s.replace(/\s+/g, " ");
    expect(result.records.map((r) => [r.paragraph, spaces(r.text)])).toEqual(
      seed.map((r) => [r.paragraph, spaces(r.recommendation)]),
    );
    expect(result.records.map((r) => r.recommendingStates.map((s) => s.iso3))).toEqual(seed.map(seedStates));
    expect(result.meta.documentSymbol).toBe("A/HRC/15/8");
  });

  it("the whole section pasted as one line (line breaks lost)", () => {
    const result = parseReportText(sectionLines(seed).join(" "), { session: 8 });
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.paragraph, r.text, r.response])).toEqual(
      seed.map((r) => [r.paragraph, r.recommendation, REPORT_RESPONSE[r.paragraph.split(".")[0]]]),
    );
  });

  it("the table of contents' heading (with dot leaders) is not the section", () => {
    const contents = `${HEADING} ........................................ 101–104 21`;
    const result = parseReportText([...TITLE, contents, INTRODUCTION, HEADING, ...sectionLines(seed)].join("\n"));
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(150);
  });
});

describe("parseReportText: layout of pasted text", () => {
  const rows = (...paragraphs: string[]) => paragraphs.map(byParagraph);

  it("two paragraphs on one line", () => {
    const [a, b, c] = rows("101.2", "101.3", "101.4");
    const result = parseReportText(`${paragraphLine(a)} ${paragraphLine(b)}\n${paragraphLine(c)}`, KENYA);
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => [r.paragraph, r.text])).toEqual(
      [a, b, c].map((r) => [r.paragraph, r.recommendation]),
    );
  });

  it("a paragraph broken over several lines, a part ending a line with its state (103.1)", () => {
    const long = byParagraph("103.1");
    const lines = wrap(paragraphLine(long), 60);
    expect(lines.length).toBeGreaterThan(5);
    // A break right after "(Spain);": the next part ("establish a de jure moratorium ...") continues it.
    const [before, after] = paragraphLine(long).split(/(?<=\(Spain\);) /);
    const result = parseReportText(
      [...lines, "", before, after, ...wrap(paragraphLine(byParagraph("103.2")), 45)].join("\n"),
      { ...KENYA, documentSymbol: "A/HRC/15/8" },
    );
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Paragraph 103\.1 appears twice \(recommendations 1 and 2, line \d+\)\.$/),
    ]);
    const once = parseReportText([...lines, ...wrap(paragraphLine(byParagraph("103.2")), 45)].join("\r\n"), KENYA);
    expect(once.problems).toEqual([]);
    expect(once.records.map((r) => r.text)).toEqual([long.recommendation, byParagraph("103.2").recommendation]);
    expect(once.records[0].recommendingStates.map((s) => s.iso3)).toEqual([
      "ESP",
      "BEL",
      "URY",
      "IRL",
      "AUT",
      "DEU",
      "ARG",
    ]);
    const split = parseReportText([before, after].join("\n"), KENYA);
    expect(split.records.map((r) => r.text)).toEqual([long.recommendation]);
  });

  it("a number inside a broken paragraph is not a paragraph ('No. 169' at the start of a line)", () => {
    const r = byParagraph("102.5"); // "... as well as ratify ILO Convention No. 169 (Denmark);"
    const [head, tail] = paragraphLine(r).split(/ (?=No\. 169)/);
    const result = parseReportText([head, tail, paragraphLine(byParagraph("102.6"))].join("\n"), KENYA);
    expect(result.records.map((x) => x.text)).toEqual([r.recommendation, byParagraph("102.6").recommendation]);
  });

  it('"101.110." with a dot after the number, and PDF page furniture between lines', () => {
    const [a, b] = rows("101.109", "101.110");
    const text = [paragraphLine(a), "GE.10-13891", "21", `${b.paragraph}. ${b.recommendation}`].join("\n");
    const result = parseReportText(text, KENYA);
    expect(result.records.map((r) => [r.paragraph, r.text])).toEqual(
      [a, b].map((r) => [r.paragraph, r.recommendation]),
    );
  });

  it('several states: "(Ireland, Austria, Germany)", "(France) (Lithuania)"', () => {
    const result = parseReportText(paragraphLine(byParagraph("103.1")), KENYA);
    expect(result.records[0].recommendingStates.map((s) => s.name)).toEqual([
      "Spain",
      "Belgium",
      "Uruguay",
      "Ireland",
      "Austria",
      "Germany",
      "Argentina",
    ]);
    // 121.1 of Slovenia's report (A/HRC/43/15), as the matrix quotes it.
    const matrix = parseMatrixDocument(docxDocument(fixture("ohchr-matrix-slovenia-excerpt.docx")));
    const slovenia = matrix.records.filter((r) => ["121.1", "121.3", "122.7"].includes(r.paragraph ?? ""));
    const report = parseReportText(slovenia.map((r) => `${r.paragraph} ${r.text}`).join("\n"), {
      state: "Slovenia",
      session: 34,
    });
    expect(report.problems).toEqual([]);
    expect(report.records.map((r) => r.recommendingStates.map((s) => s.iso3))).toEqual([
      ["FRA", "LTU"],
      ["GBR"],
      ["SVK", "ESP", "MKD"],
    ]);
    expect(report.records.map((r) => r.text)).toEqual(slovenia.map((r) => r.text));
  });

  it('parentheses that are not states stay in the text: "(ICRMW)", "(No. 29)", "(OP-CRC-SC)"', () => {
    const result = parseReportText(
      ["101.1", "102.7", "102.12"].map((x) => paragraphLine(byParagraph(x))).join("\n"),
      KENYA,
    );
    expect(result.records.map((r) => r.recommendingStates.map((s) => s.iso3))).toEqual([["BFA"], ["ESP"], ["CZE"]]);
    expect(result.records[0].text).toContain("(ICRMW) (Burkina Faso);");
    expect(result.warnings).toEqual([]);
  });

  it("a paragraph whose state is unknown is kept, with a warning; one with no state too", () => {
    // The paste stops before "(Burkina Faso);": the last group, "(ICRMW)", is taken for the state.
    const cut = paragraphLine(byParagraph("101.1")).replace(/ \(Burkina Faso\);$/, "");
    const noState = wrap(paragraphLine(byParagraph("101.4")), 50)[0]; // the first line of a wrapped paragraph
    const result = parseReportText([paragraphLine(byParagraph("101.2")), noState, cut].join("\n"), KENYA);
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => r.paragraph)).toEqual(["101.2", "101.4", "101.1"]);
    expect(result.records[1].recommendingStates).toEqual([]);
    expect(result.records[2].recommendingStates).toEqual([{ name: "ICRMW", iso3: null, regionalGroup: null }]);
    expect(result.warnings).toEqual([
      {
        row: 2,
        column: "recommendingStates",
        message:
          "Paragraph 101.4 names no recommending state in parentheses at its end (line 2); it is imported without one.",
      },
      {
        row: 3,
        column: "recommendingStates",
        message: 'Paragraph 101.1: recommending state "ICRMW" is not a known state (line 3); it is kept as written.',
      },
    ]);
  });

  it("text with no paragraph numbers: one clear problem", () => {
    for (const text of [
      INTRODUCTION.replace(/^1\. /, ""),
      `${TITLE.join("\n")}\n${SECTION_SENTENCES["101"]}\n${CLOSING}`,
    ]) {
      const result = parseReportText(text, KENYA);
      expect(result.records).toEqual([]);
      expect(result.problems).toEqual([{ row: null, column: null, message: NO_PARAGRAPH_NUMBERS_MESSAGE }]);
      expect(result.problems[0].message).toMatch(/^No paragraph numbers such as 101\.1 were found/);
    }
    expect(parseReportText(" \n\r\n").problems).toEqual([{ row: null, column: null, message: "The text is empty." }]);
  });

  it("neither the text nor the options give the state or the session: a problem for each", () => {
    const result = parseReportText(sectionLines(seed, false).join("\n"));
    expect(result.records).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^The state under review is not known: the report does not name it .*150 recommendations were read\.$/,
      ),
      expect.stringMatching(
        /^The session is not known: the report does not say it .*Give the Working Group session \(1 to 54\)/,
      ),
    ]);
    expect(result.problems.every((p) => p.row === null)).toBe(true);
    const onlyState = parseReportText(sectionLines(seed, false).join("\n"), { state: "Kenya" });
    expect(onlyState.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^The session is not known/)]);
  });

  it("options that are not valid, or that contradict the text, are problems", () => {
    const text = [...TITLE, INTRODUCTION, HEADING, ...sectionLines(seed)].join("\n");
    expect(parseReportText(text, { state: "Slovenia" }).problems.map((p) => p.message)).toEqual([
      "The report is about Kenya, but the state given is Slovenia. Check the file, or leave the state empty to take the file's.",
    ]);
    expect(parseReportText(text, { session: 21 }).problems.map((p) => p.message)).toEqual([
      "The report is of session 8, but the session given is 21. Check the file, or leave the session empty to take the file's.",
    ]);
    expect(parseReportText(text, { state: "Atlantis", session: "99" }).problems.map((p) => p.message)).toEqual([
      'State "Atlantis" is not a known state: give the state under review by its name or its ISO 3166 code (e.g. KEN).',
      'Session "99" is not valid: UPR Working Group sessions are numbered 1 to 54.',
    ]);
    // Agreeing options are fine; a symbol given is used where the text has none.
    expect(parseReportText(text, { state: "Kenya", session: 8 }).problems).toEqual([]);
    const given = parseReportText(sectionLines(seed).join("\n"), { ...KENYA, documentSymbol: "A/HRC/15/8" });
    expect(given.records[0].documentSymbol).toBe("A/HRC/15/8");
    expect(given.meta.documentSymbol).toBeNull();
  });

  it("a session in a later cycle gives that cycle", () => {
    const result = parseReportText(paragraphLine(byParagraph("101.2")), { state: "KEN", session: 35 });
    expect(result.records[0]).toMatchObject({ cycle: 3, session: 35, sourceKey: "KEN:3:101.2" });
  });
});

describe("what a report says of itself", () => {
  it("state from the title, session from the Working Group documents or 'held its ... session', symbol", () => {
    expect(reportMeta("Report of the Working Group on the Universal Periodic Review* Kenya\nA/HRC/15/8")).toMatchObject(
      { state: { iso3: "KEN" }, documentSymbol: "A/HRC/15/8", session: null },
    );
    expect(reportMeta("(a) A national report (A/HRC/WG.6/8/KEN/1);").session).toBe(8);
    expect(reportMeta(INTRODUCTION).session).toBe(8);
    expect(
      reportMeta(
        "The Working Group on the Universal Periodic Review, established in accordance with Human Rights Council resolution 5/1, held its thirty-fourth session",
      ).session,
    ).toBe(34);
    expect(
      reportMeta("Human Rights Council\nWorking Group on the Universal Periodic Review\nForty-ninth session").session,
    ).toBe(49);
    expect(reportMeta("A/HRC/43/15/Add.1").documentSymbol).toBe("A/HRC/43/15");
  });

  it("section sentences to responses", () => {
    expect(SECTION_SENTENCES["101"]).toMatch(/have been examined by Kenya/);
    expect(responseOfSection(SECTION_SENTENCES["101"])).toBe("supported");
    expect(responseOfSection(SECTION_SENTENCES["102"])).toBe("pending");
    expect(responseOfSection(SECTION_SENTENCES["103"])).toBe("noted");
    expect(responseOfSection(CLOSING)).toBeNull();
    // Later cycles' wording.
    expect(
      responseOfSection("The following recommendations have been examined by Slovenia and enjoy its support:"),
    ).toBe("supported");
    expect(
      responseOfSection(
        "The following recommendations will be examined by Slovenia, which will provide responses in due time:",
      ),
    ).toBe("pending");
    expect(responseOfSection("The following recommendations will be noted by Slovenia:")).toBe("noted");
    expect(
      responseOfSection("The following recommendations did not enjoy the support of Kenya and would thus be noted:"),
    ).toBe("noted");
  });
});

describe("recommending states whose names hold parentheses", () => {
  // State lists only (no recommendation text), in the UN's spelling of these names.
  it.each([
    ["(Bolivia (Plurinational State of));", ["BOL"]],
    ["(Iran (Islamic Republic of)) (Venezuela (Bolivarian Republic of)).", ["IRN", "VEN"]],
    ["(Bolivia (Plurinational State of), Spain, Tunisia);", ["BOL", "ESP", "TUN"]],
    ["(Spain, Tunisia);", ["ESP", "TUN"]],
    ["(Argentina) (Côte d’Ivoire);", ["ARG", "CIV"]],
    ["(Micronesia (Federated States of))", ["FSM"]],
  ])("%s", (states, iso3) => {
    expect(recommendingStatesIn(states)).toEqual({ states: iso3.map((code) => resolveState(code)), unknown: [] });
  });

  it("acronyms that are ISO codes are not states; an unknown last name is kept and reported", () => {
    const r = byParagraph("101.3"); // "Consider ratifying OP-CAT (Denmark);"
    expect(recommendingStatesIn(r.recommendation).states.map((s) => s.iso3)).toEqual(["DNK"]);
    expect(recommendingStatesIn("(CAF) (MDG);")).toEqual({
      states: [{ name: "MDG", iso3: null, regionalGroup: null }],
      unknown: ["MDG"],
    });
  });
});

describe("parseReportDocx", () => {
  const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const body = [
    ...TITLE,
    "A/HRC/15/8",
    INTRODUCTION,
    HEADING,
    ...sectionLines(seed),
    "Annex",
    "Composition of the delegation",
  ]
    .map((line) => p(xml(line)))
    .join("");

  it("reads the report's Word file: 150 recommendations, state and session from the text", () => {
    const docx = buildDocx(body);
    expect(detectDocxKind(docx)).toBe("wg-report");
    const result = parseReportDocx(docx);
    expect(result.problems).toEqual([]);
    expect(result.meta).toMatchObject({
      kind: "wg-report",
      state: { iso3: "KEN" },
      session: 8,
      documentSymbol: "A/HRC/15/8",
    });
    expect(result.records).toHaveLength(150);
    expect(result.records.map((r) => [r.paragraph, r.text, r.response])).toEqual(
      seed.map((r) => [r.paragraph, r.recommendation, REPORT_RESPONSE[r.paragraph.split(".")[0]]]),
    );
    expect(result.records.map((r) => r.recommendingStates.map((s) => s.iso3))).toEqual(seed.map(seedStates));
    expect(result.records[0].sourceFormat).toBe("wg-report");
  });

  it("a paragraph split into runs, and one with its number in its own run", () => {
    const r = byParagraph("101.5");
    const docx = buildDocx(p(r.paragraph, " ", r.recommendation.slice(0, 20), r.recommendation.slice(20)));
    const result = parseReportDocx(docx, KENYA);
    expect(result.records.map((x) => x.text)).toEqual([r.recommendation]);
  });

  it("a damaged file is a problem, not a throw", () => {
    const result = parseReportDocx(buildDocx(body).slice(0, 200), KENYA);
    expect(result.records).toEqual([]);
    expect(result.problems).toEqual([
      { row: null, column: null, message: expect.stringMatching(/could not be opened: it seems damaged/) },
    ]);
  });
});
