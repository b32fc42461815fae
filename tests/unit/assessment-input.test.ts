import { describe, expect, it } from "vitest";
import { AssessmentFields, asOfProblem, fieldErrorsOf, translateFieldError } from "~/lib/assessment-input";
import { tFor } from "~/i18n/catalogues.server";

const valid = {
  status: "in_progress",
  asOf: "2012-03-01",
  evidence: " Act passed. ",
  sourceUrls: "https://a.example/x\r\n\r\nhttp://b.example/y ",
  organisationId: "3",
};

describe("AssessmentFields", () => {
  it("parses a valid form", () => {
    expect(AssessmentFields.parse(valid)).toEqual({
      status: "in_progress",
      asOf: "2012-03-01",
      evidence: "Act passed.",
      sourceUrls: ["https://a.example/x", "http://b.example/y"],
      organisationId: 3,
    });
  });
  it.each([
    [{ status: "done" }, "status"],
    [{ asOf: "2012-02-30" }, "asOf"],
    [{ asOf: "1 March 2012" }, "asOf"],
    [{ sourceUrls: "javascript:alert(1)" }, "sourceUrls"],
    [{ sourceUrls: "data:text/html,<script>alert(1)</script>" }, "sourceUrls"],
    [{ sourceUrls: "ftp://example.org/file" }, "sourceUrls"],
    [{ sourceUrls: "https://ok.example\nJaVaScRiPt:alert(1)" }, "sourceUrls"],
    [{ evidence: "x".repeat(20_001) }, "evidence"],
    [{ sourceUrls: `https://example.org/${"a".repeat(2000)}` }, "sourceUrls"],
    [{ sourceUrls: Array.from({ length: 21 }, (_, i) => `https://e.example/${i}`).join("\n") }, "sourceUrls"],
    [{ organisationId: "" }, "organisationId"],
  ])("rejects %o beside the field %s", (over, field) => {
    const result = AssessmentFields.safeParse({ ...valid, ...over });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrorsOf(result.error))).toContain(field);
  });
});

describe("asOfProblem", () => {
  it("accepts today and the review day", () => {
    expect(asOfProblem("2026-11-26", "2010-05-06", "2026-11-26")).toBeNull();
    expect(asOfProblem("2010-05-06", "2010-05-06", "2026-11-26")).toBeNull();
  });
  it("refuses the future and the time before the review", () => {
    expect(asOfProblem("2026-11-27", "2010-05-06", "2026-11-26")).toMatch(/future/);
    expect(asOfProblem("2010-05-05", "2010-05-06", "2026-11-26")).toMatch(/before the review/);
  });
});

describe("the messages in the reader's language", () => {
  it("are English for the API and said in French or Arabic on pages; an unknown message stays as it is", () => {
    const parsed = AssessmentFields.safeParse({ status: "nope", asOf: "2020-02-30", organisationId: "1" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldErrorsOf(parsed.error)).toMatchObject({ status: "Choose a status from the list" });
    expect(fieldErrorsOf(parsed.error, tFor("fr"))).toMatchObject({
      status: "Choisissez un statut dans la liste",
      asOf: "Ce n’est pas une date du calendrier",
    });
    const future = asOfProblem("2031-01-01", null, "2030-06-01")!;
    expect(translateFieldError(future, tFor("ar"))).toBe("لا يمكن أن يكون التاريخ في المستقبل (اليوم هو 2030-06-01)");
    expect(translateFieldError(future, tFor("en"))).toBe(future);
    expect(translateFieldError("Something else", tFor("fr"))).toBe("Something else");
  });
});
