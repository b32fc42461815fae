import { describe, expect, it } from "vitest";
import { parseRecommendationFilter } from "~/lib/recommendation-filter";
import { ignoredParameter, isPlainText } from "~/lib/query-params";

describe("odd characters in query parameters", () => {
  it("tells plain text from NUL, control characters, undecodable bytes and lone surrogates", () => {
    for (const ok of ["trafficking", "Côte d'Ivoire", "女性", "emoji 🙂", "a & b; c=d"])
      expect(isPlainText(ok), ok).toBe(true);
    for (const odd of ["a\u0000b", "tab\there", "line\nbreak", "\u007f", "\u0085", "\ufffd", "\ud800", "x\udc00"])
      expect(isPlainText(odd), JSON.stringify(odd)).toBe(false);
  });

  it("drops odd values of q and theme with a notice that does not repeat the odd bytes", () => {
    for (const query of ["q=a%00b", "theme=a%00b", "q=%ED%A0%80", "q=%C0%AF", "theme=a%0d%0aSet-Cookie:x"]) {
      const parsed = parseRecommendationFilter(new URLSearchParams(query));
      expect(parsed.filter.q, query).toBeUndefined();
      expect(parsed.filter.theme, query).toBeUndefined();
      expect(parsed.ignored, query).toHaveLength(1);
      expect(isPlainText(parsed.ignored[0]!.replace(/\ufffd/g, "")), query).toBe(true);
    }
    expect(parseRecommendationFilter(new URLSearchParams("q=trafficking")).filter.q).toBe("trafficking");
  });

  it("cuts long values in the notice", () => {
    expect(ignoredParameter("q", "x".repeat(5000))).toBe(`q=${"x".repeat(40)}…`);
  });
});
