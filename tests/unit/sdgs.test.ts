// app/lib/sdgs.ts: SDG values as the sources write them, to stable codes; labels; affected persons; the
// dashboard's rows per goal.
import { describe, expect, it } from "vitest";
import { tFor } from "~/i18n/catalogues.server";
import {
  affectedPersonLabels,
  normaliseSdgs,
  SDG_CODES,
  SDG_GOALS,
  sdgCode,
  sdgLabel,
  sdgResponseRows,
} from "~/lib/sdgs";

describe("sdgCode", () => {
  it("reads a goal as the matrices, the UHRI export and people write it", () => {
    for (const value of [
      "- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS", // OHCHR's matrices (Slovenia, cycle 3)
      "16 - peace, justice and strong institutions",
      "Goal 16",
      "SDG 16",
      "SDG16",
      "Goal 16: Peace, justice and strong institutions",
      "16. Peace, justice and strong institutions",
      "16",
      "Peace, Justice and Strong Institutions",
    ])
      expect(sdgCode(value), value).toBe("16");
    expect(sdgCode("- 8 - DECENT WORK AND ECONOMIC GROWTH")).toBe("8");
    expect(sdgCode("Industry, Innovation, and Infrastructure")).toBe("9");
  });

  it("reads a target, numbered or lettered", () => {
    expect(sdgCode("16.3 Promote the rule of law at the national and international levels")).toBe("16.3");
    expect(sdgCode("Target 16.a")).toBe("16.a");
    expect(sdgCode("8.10")).toBe("8.10");
    expect(sdgCode("17.19")).toBe("17.19");
  });

  it("is null for what names no goal or target", () => {
    for (const value of ["", "18", "0", "123", "17.20", "16.c", "3.e", "Goals", "Peace", "16.3x"])
      expect(sdgCode(value), value).toBeNull();
  });
});

describe("the goals and targets", () => {
  it("17 goals, 169 targets", () => {
    expect(Object.keys(SDG_GOALS)).toHaveLength(17);
    expect(SDG_CODES.filter((c) => c.includes("."))).toHaveLength(169);
    expect(SDG_CODES.slice(0, 9)).toEqual(["1", "1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b", "2"]);
  });

  it("labels", () => {
    expect(sdgLabel("16")).toBe("SDG 16: Peace, justice and strong institutions");
    expect(sdgLabel("5")).toBe("SDG 5: Gender equality");
    expect(sdgLabel("16.3")).toBe("SDG target 16.3");
    expect(sdgLabel("99")).toBe("99");
    // In the reader's language: the UN's short names of the goals.
    expect(sdgLabel("16", tFor("en"))).toBe("SDG 16: Peace, justice and strong institutions");
    expect(sdgLabel("16", tFor("fr"))).toBe("ODD 16 : Paix, justice et institutions efficaces");
    expect(sdgLabel("5", tFor("es"))).toBe("ODS 5: Igualdad de género");
    expect(sdgLabel("16.3", tFor("ar"))).toBe("الغاية 16.3 من أهداف التنمية المستدامة");
  });
});

describe("normaliseSdgs", () => {
  it("codes once each, a target's goal added, in the codes' order; what names nothing apart", () => {
    expect(
      normaliseSdgs([
        "- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS",
        "16.3",
        "- 10 - REDUCED INEQUALITIES",
        "Goal 16",
        "",
        "SDG 42",
      ]),
    ).toEqual({ codes: ["10", "16", "16.3"], unknown: ["SDG 42"] });
    expect(normaliseSdgs(["8.10", "8.2", "8.a"]).codes).toEqual(["8", "8.2", "8.10", "8.a"]);
  });
});

describe("affectedPersonLabels", () => {
  it("as written, trimmed, each once", () => {
    expect(affectedPersonLabels(["  Women ", "Women", "women", "Migrants &  domestic workers", "", " "])).toEqual([
      "Women",
      "women",
      "Migrants & domestic workers",
    ]);
  });
});

describe("sdgResponseRows", () => {
  it("one row per goal, in the goals' order, labelled; targets and unknown codes left out", () => {
    expect(
      sdgResponseRows([
        { goal: "16", supported: 3, noted: 1, pending: 0 },
        { goal: "5", supported: 2, noted: 0, pending: 1 },
        { goal: "16.3", supported: 1, noted: 0, pending: 0 },
        { goal: "42", supported: 1, noted: 0, pending: 0 },
      ]),
    ).toEqual([
      { key: "5", label: "SDG 5: Gender equality", supported: 2, noted: 0, pending: 1 },
      { key: "16", label: "SDG 16: Peace, justice and strong institutions", supported: 3, noted: 1, pending: 0 },
    ]);
  });
});
