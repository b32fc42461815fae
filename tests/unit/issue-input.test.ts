import { describe, expect, it } from "vitest";
import { IssueFields, joinKeywords, NewIssueFields, slugify, splitKeywords } from "~/lib/issue-input";

describe("issue input", () => {
  it("splits keywords on commas, semicolons and line breaks, trims, drops repeats in any case", () => {
    expect(splitKeywords(" trafficking, victims of  trafficking;Shelters\nlegal aid,, TRAFFICKING ")).toEqual([
      "trafficking",
      "victims of trafficking",
      "Shelters",
      "legal aid",
    ]);
    expect(splitKeywords("")).toEqual([]);
    expect(joinKeywords(["a", "b c"])).toBe("a, b c");
  });

  it("limits keywords", () => {
    expect(
      IssueFields.safeParse({ title: "x", keywords: Array.from({ length: 31 }, (_, i) => `k${i}`).join(",") }).success,
    ).toBe(false);
    expect(IssueFields.safeParse({ title: "x", keywords: "k".repeat(81) }).success).toBe(false);
    expect(IssueFields.parse({ title: "  A title  " })).toEqual({ title: "A title", description: "", keywords: [] });
  });

  it("makes an address from a title", () => {
    expect(slugify("Delay in the operationalization of the Trust Fund")).toBe(
      "delay-in-the-operationalization-of-the-trust-fund",
    );
    expect(slugify("Counter Trafficking in Persons (CTiP): Kenya’s secretariat")).toBe(
      "counter-trafficking-in-persons-ctip-kenya-s-secretariat",
    );
    expect(slugify("Égalité des victimes")).toBe("egalite-des-victimes");
    expect(slugify("!!!")).toBe("issue");
    const long = slugify("word ".repeat(40));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("accepts an empty or well-formed address for a new issue, lower-cased", () => {
    expect(NewIssueFields.parse({ title: "x", slug: "" }).slug).toBe("");
    expect(NewIssueFields.parse({ title: "x", slug: " Victim-Protection " }).slug).toBe("victim-protection");
    expect(NewIssueFields.safeParse({ title: "x", slug: "two--hyphens" }).success).toBe(false);
  });
});
