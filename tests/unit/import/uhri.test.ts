import { describe, expect, it } from "vitest";
import { parseImportBuffer, splitParagraph } from "../../../app/import/readers";
import { jsonArrayElements } from "../../../app/import/readers/json-array";
import { chunked, fixture, parse } from "./helpers";

const UHRI_FIXTURE = "uhri-kenya-cycle1-excerpt.json";

type UhriRecord = Record<string, unknown>;
function fixtureRecords(): UhriRecord[] {
  return JSON.parse(fixture(UHRI_FIXTURE).toString("utf8")) as UhriRecord[];
}
function json(records: unknown[]): string {
  return JSON.stringify(records);
}

describe("UHRI export", () => {
  it("reads UPR recommendations and skips other records with the reason", async () => {
    const result = await parseImportBuffer(fixture(UHRI_FIXTURE));
    expect(result.problems).toEqual([]);
    expect(result.detected).toEqual({
      format: "uhri",
      container: "json",
      sheet: null,
      sheets: [],
      encoding: "utf-8",
      delimiter: null,
      lineEnding: null,
      columns: [],
      ignoredColumns: [],
    });
    expect(result.rows).toBe(6);
    expect(result.records.map((r) => r.row)).toEqual([1, 2, 3, 4, 6]);
    expect(result.skipped).toEqual([{ row: 5, reason: 'Not a UPR record (Body: "CRC").' }]);
    expect(result.records.map((r) => [r.paragraph, r.response])).toEqual([
      ["101.1", "supported"],
      ["101.12", "supported"],
      ["102.1", "noted"],
      ["102.3", "pending"],
      ["103.5", "noted"],
    ]);
    expect(result.records[0]).toEqual({
      row: 1,
      stateUnderReview: { name: "Kenya", iso3: "KEN", regionalGroup: "African" },
      cycle: 1,
      session: 8,
      documentSymbol: "A/HRC/15/8",
      paragraph: "101.1",
      recommendingStates: [{ name: "Burkina Faso", iso3: "BFA", regionalGroup: "African" }],
      text: "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (ICRMW) (Burkina Faso);",
      response: "supported",
      actionCategory: null,
      themes: [],
      sdgs: [],
      affectedPersons: [],
      issues: [],
      kind: "recommendation",
      sourceFormat: "uhri",
      sourceKey: "0b6f3c1e-0000-4000-8000-000000000001",
    });
  });

  it("SDGs as codes and affected persons as written (an excerpt of Slovenia's cycle-3 matrix in UHRI's form)", async () => {
    const result = await parseImportBuffer(fixture("uhri-slovenia-cycle3-excerpt.json"));
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.records.map((r) => [r.paragraph, r.response, r.themes, r.sdgs, r.affectedPersons])).toEqual([
      [
        "121.1",
        "supported",
        ["Acceptance of international norms", "Enforced disappearances"],
        ["16"],
        ["Disappeared persons"],
      ],
      [
        "121.23",
        "supported",
        ["Prohibition of slavery, trafficking"],
        ["5", "8", "10", "16"],
        [
          "refugees & asylum seekers",
          "Women",
          "minorities/ racial, ethnic, linguistic, religious or descent-based groups",
        ],
      ],
      [
        "122.10",
        "noted",
        [
          "Acceptance of international norms",
          "Right to work and to just & favorable conditions of work & labour rights",
        ],
        ["8"],
        ["Migrants & domestic workers", "Women"],
      ],
    ]);
  });

  it("an SDG that names no goal or target is left out with a warning; other ways of writing one are read", async () => {
    const [record] = JSON.parse(fixture("uhri-slovenia-cycle3-excerpt.json").toString("utf8")) as UhriRecord[];
    const result = await parseImportBuffer(
      Buffer.from(
        json([{ ...record, Sdgs: ["Goal 10", "16.3 ", "- 18 - NOT A GOAL"], AffectedPersons: ["- Women", "Women "] }]),
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.records[0]).toMatchObject({ sdgs: ["10", "16", "16.3"], affectedPersons: ["Women"] });
    expect(result.warnings).toEqual([
      {
        row: 1,
        column: "Sdgs",
        message:
          'SDG "18 - NOT A GOAL" names no Sustainable Development Goal or target (such as "16" or "16.3"); it is left out.',
      },
    ]);
  });

  it("removes HTML from the text and decodes entities", async () => {
    const { records } = await parseImportBuffer(fixture(UHRI_FIXTURE));
    expect(records[1].text).toBe(
      "Continue to implement the core elements of the Children\u2019s Act, which is a great step forwards in the achievement of the Millennium Development Goals (Angola);",
    );
    expect(records[1].themes).toEqual(["Rights of the child"]);
    expect(records[4].recommendingStates.map((s) => s.iso3)).toEqual(["NLD", "CZE", "USA", "FRA"]);
  });

  it("gives the same result whatever the chunk size", async () => {
    const bytes = fixture(UHRI_FIXTURE);
    const whole = await parseImportBuffer(bytes);
    for (const size of [1, 3, 17, 256]) {
      expect(await parseImportBuffer(chunked(bytes, size)), `chunk size ${size}`).toEqual(whole);
    }
    const compact = Buffer.from(json(fixtureRecords()), "utf8");
    expect((await parseImportBuffer(chunked(compact, 5))).records).toEqual(whole.records);
  });

  it("skips records that are not UPR recommendations", async () => {
    const [record] = fixtureRecords();
    const result = await parse(
      json([
        { ...record, AnnotationId: "a", AnnotationType: "- Concerns/Observations" },
        { ...record, AnnotationId: "b", Body: "- CRC" },
        { ...record, AnnotationId: "c", Body: null },
        { ...record, AnnotationId: "d", AnnotationType: "- Voluntary pledge", UprPositions: [] },
      ]),
    );
    expect(result.problems).toEqual([]);
    expect(result.skipped).toEqual([
      { row: 1, reason: 'Not a UPR recommendation (AnnotationType: "Concerns/Observations").' },
      { row: 2, reason: 'Not a UPR record (Body: "CRC").' },
      { row: 3, reason: 'Not a UPR record (Body: "none").' },
    ]);
    expect(result.records.map((r) => [r.sourceKey, r.kind, r.response, r.recommendingStates.length])).toEqual([
      ["d", "pledge", "supported", 0],
    ]);
  });

  it("reports record problems with the field name, and keeps reading", async () => {
    const [record] = fixtureRecords();
    const result = await parse(
      json([
        { ...record, AnnotationId: "a", UprSession: ["60"] },
        { ...record, AnnotationId: "b", UprPositions: ["Supported", "Noted"] },
        { ...record, AnnotationId: "c", Countries: "Kenya" },
        { ...record, AnnotationId: undefined },
        { ...record, AnnotationId: "e", UprCycle: 2 },
        "not a record",
        { ...record, AnnotationId: "g", Text: '<p>101.1 =HYPERLINK("x")</p>' },
        { ...record, AnnotationId: "h" },
        { ...record, AnnotationId: "h" },
      ]),
    );
    expect(result.problems).toEqual([
      { row: 1, column: "UprSession", message: 'Session "60" is not valid: UPR sessions are numbered 1 to 54.' },
      { row: 2, column: "UprPositions", message: "The record has several positions (Supported, Noted); expected one." },
      { row: 3, column: "Countries", message: expect.stringMatching(/^Field "Countries" has an unexpected value/) },
      { row: 4, column: "AnnotationId", message: "The record has no AnnotationId." },
      { row: 5, column: "UprCycle", message: "Cycle 2 does not match session 8, which belongs to cycle 1." },
      { row: 6, column: null, message: "This record is not a JSON object." },
      { row: 7, column: "Text", message: expect.stringMatching(/looks like a spreadsheet formula/) },
      { row: 9, column: "AnnotationId", message: "AnnotationId h appears twice (records 8 and 9)." },
    ]);
    expect(result.records.map((r) => r.sourceKey)).toEqual(["h"]);
    expect(result.rows).toBe(9);
    expect(result.aborted).toBe(false);
  });

  it("reads cycle and session written as text", async () => {
    const [record] = fixtureRecords();
    const result = await parse(json([{ ...record, UprCycle: "Third cycle", UprSession: "Session 27" }]));
    expect(result.records[0]).toMatchObject({ cycle: 3, session: 27 });
  });

  it.each([
    ["truncated", (text: string) => text.slice(0, text.length - 40), /ends before its array is closed/],
    ["garbage after the array", (text: string) => `${text} x`, /Unexpected content after the end of the JSON array/],
    ["a missing comma", (text: string) => text.replace("},\n  {", "}\n  {"), /after record 1: expected "," or "\]"/],
    ["a trailing comma", (text: string) => text.replace(/\}\s*\]\s*$/, "},]"), /after record 6: a "," is followed by/],
    [
      "a broken record",
      (text: string) => text.replace('"Body": "- UPR"', '"Body": - UPR'),
      /^Malformed JSON in record 1: /,
    ],
  ])("reports malformed JSON: %s", async (_name, damage, message) => {
    const result = await parse(damage(fixture(UHRI_FIXTURE).toString("utf8")));
    expect(result.aborted).toBe(true);
    expect(result.problems.at(-1)?.message).toMatch(message);
  });

  it("an empty array has no rows", async () => {
    const result = await parse("[ ]");
    expect(result.problems).toEqual([
      { row: null, column: null, message: "The file has no rows: its JSON array is empty." },
    ]);
  });

  it("can be forced with format 'uhri'", async () => {
    const result = await parse("To,From\n", { format: "uhri" });
    expect(result.problems[0].message).toMatch(/^Expected a JSON array/);
  });
});

describe("splitParagraph", () => {
  it.each([
    ["142.56 Ratify ICCPR-OP2", "142.56", "Ratify ICCPR-OP2"],
    ["142.56. Ratify ICCPR-OP2", "142.56", "Ratify ICCPR-OP2"],
    ["4.The Committee reminds", "4", "The Committee reminds"],
    ["Ratify ICCPR-OP2", "", "Ratify ICCPR-OP2"],
  ])("%j", (text, paragraph, rest) => {
    expect(splitParagraph(text)).toEqual({ paragraph, text: rest });
  });
});

describe("jsonArrayElements", () => {
  async function all(text: string, size: number): Promise<unknown[]> {
    async function* chunks() {
      for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
    }
    const out: unknown[] = [];
    for await (const value of jsonArrayElements(chunks())) out.push(value);
    return out;
  }

  it("handles strings with escapes, brackets and quotes, nested values and scalars, at any chunk size", async () => {
    const values = [
      { a: 'quote " and backslash \\', b: "} ] { [", c: [1, { d: '\\"' }] },
      "a string, with ] and }",
      42,
      -1.5e3,
      true,
      null,
      [],
      {},
      { e: "\u00e9\u2019" },
    ];
    const text = JSON.stringify(values, null, 1);
    for (const size of [1, 2, 3, 5, 1000]) expect(await all(text, size), `chunk size ${size}`).toEqual(values);
    expect(await all(JSON.stringify(values), 4)).toEqual(values);
  });
});
