// Matching a second source's rows to held recommendations, and what a match adds (pure).
// Texts are verbatim: Kenya's Working Group report A/HRC/15/8 (seed-data) and UPR Info's rows of it.
import { describe, expect, it } from "vitest";
import { comparableText, ReviewMatcher, textScore, trigrams } from "../../../app/import/readers/match";
import { planMerge } from "../../../app/import/readers/merge";

const ALGERIA = 1;
const DENMARK = 2;
const SPAIN = 3;
const AUSTRIA = 4;
const held = [
  { id: 10, paragraph: "101.2", text: "Consider ratifying ICRMW (Algeria);", stateIds: [ALGERIA] },
  { id: 11, paragraph: "101.3", text: "Consider ratifying OP-CAT (Denmark);", stateIds: [DENMARK] },
  {
    id: 12,
    paragraph: "103.1",
    text: "Amend national legislation to abolish the death penalty so it is completely prohibited, and sign and ratify the Second Optional Protocol to the International Covenant on Civil and Political Rights (Spain); establish a de jure moratorium on capital punishment, with a view to abolishing the death penalty (Belgium); take all measures to abolish the use of the death penalty (Uruguay); abolish the death penalty (Ireland, Austria, Germany); suspend the application of the death penalty and definitely abolish it (Argentina);",
    stateIds: [SPAIN, AUSTRIA],
  },
];

describe("matching rows to held recommendations", () => {
  const matcher = new ReviewMatcher(held);

  it("compares texts without the attribution and punctuation", () => {
    expect(comparableText("Consider ratifying ICRMW (Algeria);")).toBe("consider ratifying icrmw");
    expect(comparableText("Ratify ... (France) (Lithuania);")).toBe("ratify");
    expect(comparableText("Ratify ILO Convention (No. 29) (Bolivia (Plurinational State of));")).toBe(
      "ratify ilo convention no 29",
    );
    expect(textScore(trigrams("abc"), trigrams("abc"))).toBe(1);
    expect(textScore(trigrams("abc"), trigrams("xyz"))).toBe(0);
  });

  it("a paragraph decides where both have one; an unknown paragraph is new", () => {
    expect(matcher.match({ paragraph: "101.3", text: "anything", stateIds: [] })).toEqual({
      kind: "certain",
      id: 11,
      score: 1,
      by: "paragraph",
    });
    expect(matcher.match({ paragraph: "104.1", text: "Consider ratifying OP-CAT", stateIds: [DENMARK] })).toEqual({
      kind: "none",
    });
  });

  it("UPR Info's shortened row of its recommending state is certain; a part of a long paragraph too", () => {
    expect(matcher.match({ paragraph: null, text: "Consider ratifying ICRMW ", stateIds: [ALGERIA] })).toMatchObject({
      kind: "certain",
      id: 10,
      by: "text",
    });
    expect(matcher.match({ paragraph: null, text: "Abolish the death penalty", stateIds: [AUSTRIA] })).toMatchObject({
      kind: "certain",
      id: 12,
    });
  });

  it("the same words from a state that made neither recommendation are not certain", () => {
    const other = matcher.match({ paragraph: null, text: "Consider ratifying ICRMW", stateIds: [99] });
    expect(other.kind).toBe("uncertain");
    if (other.kind === "uncertain") expect(other.candidates[0].id).toBe(10);
    expect(
      matcher.match({
        paragraph: null,
        text: "Improve access to reproductive health services for pregnant women",
        stateIds: [ALGERIA],
      }),
    ).toEqual({ kind: "none" });
  });
});

describe("what a match adds", () => {
  const heldValues = {
    paragraph: "101.2",
    response: "supported" as const,
    actionCategory: null,
    themes: ["Migrants"],
    sdgs: ["16"],
    affectedPersons: ["Women"],
  };
  const noTags = { sdgs: [], affectedPersons: [] };

  it("adds themes and a missing action category; fills in a pending response", () => {
    expect(
      planMerge(
        heldValues,
        {
          paragraph: null,
          response: "supported",
          actionCategory: 3,
          themes: ["International instruments", "Migrants"],
          ...noTags,
        },
        false,
      ),
    ).toEqual({
      after: {
        paragraph: "101.2",
        response: "supported",
        actionCategory: 3,
        themes: ["Migrants", "International instruments"],
        sdgs: ["16"],
        affectedPersons: ["Women"],
      },
      changed: true,
      conflicts: [],
    });
    expect(
      planMerge(
        { ...heldValues, response: "pending" },
        { paragraph: null, response: "noted", actionCategory: null, themes: [], ...noTags },
        false,
      ).after.response,
    ).toBe("noted");
  });

  it("a different value is a conflict: the held one stays unless the file's is preferred", () => {
    const row = { paragraph: null, response: "noted" as const, actionCategory: null, themes: [], ...noTags };
    expect(planMerge(heldValues, row, false)).toEqual({
      after: heldValues,
      changed: false,
      conflicts: [{ field: "response", held: "supported", file: "noted" }],
    });
    expect(planMerge(heldValues, row, true).after.response).toBe("noted");
  });

  it("nothing new: unchanged", () => {
    expect(
      planMerge(
        heldValues,
        {
          paragraph: "101.2",
          response: "pending",
          actionCategory: null,
          themes: ["Migrants"],
          sdgs: ["16"],
          affectedPersons: [],
        },
        false,
      ),
    ).toMatchObject({ changed: false, conflicts: [] });
  });

  it("adds SDGs (in the codes' order) and affected persons not held", () => {
    const plan = planMerge(
      heldValues,
      {
        paragraph: null,
        response: "pending",
        actionCategory: null,
        themes: [],
        sdgs: ["10", "16", "16.3"],
        affectedPersons: ["Women", "girls"],
      },
      false,
    );
    expect(plan).toMatchObject({ changed: true, conflicts: [] });
    expect(plan.after.sdgs).toEqual(["10", "16", "16.3"]);
    expect(plan.after.affectedPersons).toEqual(["Women", "girls"]);
  });
});
