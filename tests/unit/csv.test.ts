import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { BOM, csvLine, neutraliseFormula, toCsv } from "~/lib/csv";

describe("neutraliseFormula", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+254 700", "'+254 700"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=cmd", "'\t=cmd"],
    ["\r=cmd", "'\r=cmd"],
    ["Consider ratifying OP-CAT (Denmark);", "Consider ratifying OP-CAT (Denmark);"],
    ["", ""],
  ])("%j -> %j", (input, output) => expect(neutraliseFormula(input)).toBe(output));
  it("keeps numbers, joins lists, blanks nulls", () => {
    expect(neutraliseFormula(-5)).toBe("-5");
    expect(neutraliseFormula(["Norway", "Sweden"])).toBe("Norway; Sweden");
    expect(neutraliseFormula(null)).toBe("");
  });
});

describe("toCsv", () => {
  it("writes a BOM, CRLF, quotes where needed, and parses back", () => {
    const text = toCsv(
      ["a", "b"],
      [
        ["x, y", 'say "hi"'],
        ["line\nbreak", "Côte d'Ivoire"],
      ],
    );
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toContain("\r\n");
    expect(text.split("\r\n")[0]).toBe(`${BOM}a,b`);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.data).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["line\nbreak", "Côte d'Ivoire"],
    ]);
  });
  it("one line at a time, for streaming", () => {
    expect(csvLine(['=HYPERLINK("http://x")', 3])).toBe(`"'=HYPERLINK(""http://x"")",3\r\n`);
  });
});

describe("csvLine writes what papaparse's unparse (quotes: false) writes", () => {
  const cells = [
    "",
    " ",
    "plain",
    " leading space",
    "trailing space ",
    "a, b",
    'say "hi"',
    '"',
    "line\nbreak",
    "carriage\rreturn",
    "crlf\r\nend",
    "\uFEFFbom",
    "inner\uFEFFbom",
    "Côte d'Ivoire",
    "=1+1",
    "-5",
    "'quoted'",
    "\t=cmd",
    "; ",
  ];
  const values: unknown[] = [...cells, 0, -5, 3.25, null, undefined, ["Norway", "Sweden"], [], ["=x", "y"]];
  const papa = (row: unknown[]) =>
    Papa.unparse([row.map(neutraliseFormula)], { newline: "\r\n", quotes: false }) + "\r\n";
  it.each(values.map((v) => [v]))("%j", (value) => {
    expect(csvLine([value])).toBe(papa([value]));
    expect(csvLine(["x", value, "y"])).toBe(papa(["x", value, "y"]));
  });
  it("a whole row of them, and an empty row", () => {
    expect(csvLine(values)).toBe(papa(values));
    expect(csvLine([])).toBe(papa([]));
  });
});
