// app/import/readers/record-checks.ts: the bounds a record must keep for the database to take it, each
// at its edge, with the message the preview and the import show; and the report symbol taken from a
// document symbol only when it is one.
import { describe, expect, it } from "vitest";
import {
  DbRecord,
  MAX_THEMES_BYTES,
  reportSymbol,
  themesBytes,
  themesProblem,
} from "../../../app/import/readers/record-checks";

const record = (over: Record<string, unknown> = {}) => ({
  paragraph: "101.2",
  sourceKey: "KEN:1:101.2",
  text: "Consider ratifying ICRMW",
  stateUnderReview: { name: "Kenya" },
  recommendingStates: [{ name: "Algeria" }],
  themes: ["Migrants"],
  affectedPersons: ["Migrants & domestic workers"],
  ...over,
});
const messages = (over: Record<string, unknown>) => {
  const parsed = DbRecord.safeParse(record(over));
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("themes", () => {
  it("at most 100, each at most 200 characters, at most 2,400 bytes together", () => {
    const sixteen = (i: number) => `theme ${String(i).padStart(10, "0")}`; // 16 letters: 24 bytes each
    const hundred = Array.from({ length: 100 }, (_, i) => sixteen(i));
    expect(themesBytes(hundred)).toBe(MAX_THEMES_BYTES);
    expect(themesProblem(hundred)).toBeNull();
    expect(themesProblem([...hundred, "x"])).toBe("This row has 101 themes; at most 100 are allowed.");
    expect(themesProblem(Array.from({ length: 110_000 }, (_, i) => `T${i}`))).toBe(
      "This row has 110,000 themes; at most 100 are allowed.",
    );
    expect(themesProblem(hundred.map((t, i) => (i === 0 ? `${t}x` : t)))).toBe(
      "The themes are too long together: 2,401 bytes where at most 2,400 fit (each theme's characters in UTF-8, and 8 a theme); use fewer or shorter themes.",
    );
    expect(themesProblem(["漢".repeat(200)])).toBeNull(); // 600 bytes
    expect(themesProblem(["漢".repeat(201)])).toBe(
      `A theme is 201 characters long ("${"漢".repeat(40)}..."); at most 200 are allowed.`,
    );
    expect(
      themesProblem(
        Array.from({ length: 120 }, (_, i) => `T${i}`),
        "Merged, it would have",
      ),
    ).toBe("Merged, it would have 120 themes; at most 100 are allowed.");
  });
});

describe("a record the database takes", () => {
  it("passes as it is", () => {
    expect(messages({})).toEqual([]);
  });

  it("is refused with a message per field at each bound", () => {
    expect(messages({ themes: Array.from({ length: 101 }, (_, i) => `T${i}`) })).toEqual([
      "themes: This row has 101 themes; at most 100 are allowed.",
    ]);
    expect(messages({ recommendingStates: Array.from({ length: 200 }, () => ({ name: "Algeria" })) })).toEqual([]);
    expect(messages({ recommendingStates: Array.from({ length: 201 }, () => ({ name: "Algeria" })) })).toEqual([
      "recommendingStates: This row names 201 recommending states; at most 200 are allowed.",
    ]);
    expect(messages({ text: "x".repeat(10_000) })).toEqual([]);
    expect(messages({ text: "x".repeat(10_001) })).toEqual([
      "text: The recommendation text is 10,001 characters long; the limit is 10,000.",
    ]);
    expect(messages({ text: "  " })).toEqual(["text: The recommendation text is empty."]);
    expect(messages({ affectedPersons: Array.from({ length: 100 }, (_, i) => `Group ${i}`) })).toEqual([]);
    expect(messages({ affectedPersons: Array.from({ length: 101 }, (_, i) => `Group ${i}`) })).toEqual([
      "affectedPersons: This row names 101 affected persons or groups; at most 100 are allowed.",
    ]);
    expect(messages({ affectedPersons: ["x".repeat(200)] })).toEqual([]);
    expect(messages({ affectedPersons: ["x".repeat(201)] })).toEqual([
      `affectedPersons: An affected person or group is 201 characters long ("${"x".repeat(40)}..."); at most 200 are allowed.`,
    ]);
  });
});

describe("the report symbol of a document symbol", () => {
  it("only a short A/HRC symbol (the review's column holds 100 characters)", () => {
    expect(reportSymbol("A/HRC/15/8/Add.1")).toBe("A/HRC/15/8");
    expect(reportSymbol("A/HRC/43/15")).toBe("A/HRC/43/15");
    expect(reportSymbol(`A/HRC/15/${"8".repeat(500)}`)).toBeNull();
    expect(reportSymbol("A/HRC/1500/8")).toBeNull();
    expect(reportSymbol("E/CN.4/2005/1")).toBeNull();
  });
});
